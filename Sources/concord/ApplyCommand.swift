import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import StorefrontAdapter
import Sync

/// `concord apply plan.json`: write a saved plan to the stores through the journal, or finish an
/// interrupted apply with `--resume`.
struct ApplyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "apply",
        abstract: "Write a saved plan to the stores (or finish an interrupted apply with --resume).",
        discussion: """
            Applies a plan made by `concord plan --out FILE`. The plan is refused when the catalog \
            has changed since it was made (make a new plan), and each store's part is skipped when \
            the mass-change guard refused it. Every change is written to the journal in the catalog \
            database before anything is sent, marked sent just before its request, and confirmed with \
            the store's answer; each write checks the value the plan saw (compare-and-set on Shopify, \
            re-read-then-write elsewhere), so a sale or an edit made since the plan is never \
            overwritten: that item is re-planned from a fresh read, or reported.

            If the apply is interrupted (killed, a store down, the machine restarted), \
            `concord apply --resume` finishes it: changes whose outcome is unknown are looked up in a \
            fresh read of the store first, so every change is applied exactly once.

            SIGTERM or SIGINT (Ctrl-C) stops gracefully: the write call in flight finishes and is \
            journaled, the rest stays queued, and --resume finishes the run later.

            One apply or sync runs at a time per catalog (a lock file beside the database; a lock left \
            by a crashed run is detected and taken over).

            Exit status: 0 the plan is settled (applied, or reported stale/rejected), 1 an error \
            (a refused plan, a store that failed; resumable with --resume).
            """
    )

    @Argument(help: ArgumentHelp("The plan file written by concord plan --out.", valueName: "plan.json"))
    var planFile: String?

    @Flag(help: "Finish the most recent interrupted apply or sync instead of applying a plan file.")
    var resume = false

    @Option(
        name: .customLong("run"),
        help: ArgumentHelp("With --resume: the run to finish (default the most recent unfinished one).", valueName: "id"))
    var resumeRun: Int64?

    @Option(
        help: ArgumentHelp(
            "With --resume: a journal older than this is planned again from a fresh read instead of sent (30m, 1h, 2h30m).",
            valueName: "duration"))
    var maxJournalAge = "1h"

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if resume, planFile != nil { throw ValidationError("give a plan file or --resume, not both") }
        if !resume, planFile == nil { throw ValidationError("give the plan file to apply (concord plan --out plan.json), or --resume") }
        if resumeRun != nil, !resume { throw ValidationError("--run goes with --resume") }
    }

    func run() async throws {
        guard let maxAge = ServiceDuration.parse(maxJournalAge) else {
            throw CLIError("--max-journal-age \(maxJournalAge) is not a duration; write it as 30m, 1h or 2h30m")
        }
        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let database = global.database(configuration: configuration)
        let catalog = try await database.open()
        let command = resume ? "concord apply --resume" : "concord apply \(planFile ?? "")"
        // SQLite: the catalog's lock file, held from here. PostgreSQL: the leases of the stores
        // the run writes, taken once they are known (below).
        var lock = database.isPostgres ? nil : try await CatalogSyncLock.take(database, store: catalog, command: command, stores: [])

        // Whatever happens below, the lock file or the leases are given back before this returns.
        do {
            try await apply(
                catalog: catalog, database: database, configuration: configuration, command: command, maxAge: maxAge, lock: &lock)
        } catch {
            await lock?.release()
            throw error
        }
        await lock?.release()
    }

    /// Reads the plan (or the run to resume), takes the PostgreSQL leases of its stores into
    /// `lock`, and applies it.
    func apply(
        catalog: any CatalogStore, database: CatalogDatabase, configuration: ConcordConfiguration, command: String, maxAge: Duration,
        lock: inout CatalogSyncLock?
    ) async throws {
        let runID: Int64
        var stores: [StoreConfiguration] = []
        var changesByStore: [StoreID: [Change]] = [:]
        var skipped: [String] = []
        var appliedSignature: String?
        if resume {
            let candidates = try await catalog.resumableRuns()
            guard let chosen = resumeRun.flatMap({ id in candidates.first { $0.id == id } }) ?? (resumeRun == nil ? candidates.first : nil)
            else {
                if let resumeRun { throw CLIError("run \(resumeRun) has nothing left to resume") }
                // Nothing to finish is the good outcome for a cron job that resumes first.
                print(output.json ? #"{"nothing_to_resume":true}"# : "concord: nothing to resume; every run is settled")
                return
            }
            runID = chosen.id
            let storeIDs = Set(try await catalog.journalEntries(runID: runID).filter(\.state.isOpen).map(\.change.store))
            for id in storeIDs.sorted() {
                guard let store = configuration.stores.first(where: { $0.id == id }) else {
                    throw CLIError(
                        "run \(runID) has changes for store \(id), which is no longer in \(configuration.path ?? "concord.toml"); add it back to resume"
                    )
                }
                stores.append(store)
            }
            if database.isPostgres {
                lock = try await CatalogSyncLock.take(database, store: catalog, command: command, stores: stores.map(\.id))
            }
        } else {
            let document = try PlanDocument.read(path: planFile!)
            let admitted: AdmittedPlan
            do {
                admitted = try await AdmittedPlan.admit(
                    document, path: planFile!, catalog: catalog, stores: Set(configuration.stores.map(\.id)),
                    configurationName: configuration.path ?? "concord.toml")
            } catch let error as PlanFileError {
                throw CLIError(error.description)
            }
            appliedSignature = admitted.signature
            for (store, reasons) in admitted.refused {
                skipped.append(
                    "\(store): refused by the mass-change guard (\(reasons.joined(separator: "; "))); plan again with --allow-mass-change if intended"
                )
            }
            for (id, changes) in admitted.changes {
                guard let store = configuration.stores.first(where: { $0.id == id }) else { continue }
                stores.append(store)
                changesByStore[id] = changes
            }
            if database.isPostgres {
                lock = try await CatalogSyncLock.take(database, store: catalog, command: command, stores: stores.map(\.id))
            }
            runID = try await catalog.startRun(kind: .apply, startedAt: Date())
            if let appliedSignature { try await catalog.recordAppliedPlan(signature: appliedSignature, runID: runID) }
        }

        let connections = StoreConnections(stores: stores, configuration: configuration, global: global)
        defer { connections.shutdown() }
        let setupErrors = connections.failures.map { "\($0.configuration.id): \($0.error)" }
        // A stale change is planned again with every channel's open orders, as a sync plans it.
        var stalePlanner = SyncPlanner(catalog: catalog)
        stalePlanner.committed = try await CommittedStock.load(from: catalog, stores: configuration.stores)
        let planner = stalePlanner
        let since = Date()
        // Orders are read again before anything is re-planned, so a sale since the plan counts.
        let ordersFirst = SyncRunner(catalog: catalog, stores: connections.entries, options: SyncOptions(apply: true))
        let work = connections.entries.map { entry in
            StoreWork(
                adapter: entry.adapter, changes: changesByStore[entry.configuration.id] ?? [],
                replan: ordersFirst.replanner(for: entry, planner: planner, since: since))
        }
        let stop = StopSignal()
        let traps = stop.trap { name in
            Terminal.printError(
                "concord: \(name) received; stopping after the write call in flight (the rest stays queued for concord apply --resume)")
        }
        defer { withExtendedLifetime(traps) {} }
        var executor = PlanExecutor(catalog: catalog, progress: Progress.lineReporter(), stop: stop)
        executor.maxJournalAge = maxAge
        executor.writeRefusal = lock?.writeRefusal
        let reports = resume ? try await executor.resume(runID: runID, work: work) : try await executor.apply(work, runID: runID)

        let failed = !setupErrors.isEmpty || reports.contains { !$0.isSettled }
        let summary = ApplySummary(runID: runID, resumed: resume, stores: reports, skipped: skipped, errors: setupErrors)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        try await catalog.finishRun(
            runID, status: failed ? .interrupted : .succeeded, finishedAt: Date(),
            summaryJSON: String(decoding: try encoder.encode(summary), as: UTF8.self))
        if output.json {
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            ApplyPrinter.print(summary)
        }
        if failed { throw ExitCode.failure }
    }
}

/// What `concord apply` reports.
struct ApplySummary: Codable {
    var runID: Int64
    var resumed: Bool
    var stores: [StoreApplyReport]
    /// Stores of the plan that were not applied, with why.
    var skipped: [String]
    /// Stores that could not be reached or set up.
    var errors: [String]
}

enum ApplyPrinter {
    static func print(_ summary: ApplySummary) {
        for report in summary.stores {
            Swift.print(Terminal.styled("\(report.store)", .bold))
            var parts = ["\(report.applied) applied"]
            if report.confirmedOnResume > 0 { parts.append("\(report.confirmedOnResume) confirmed already applied") }
            if report.replanned > 0 { parts.append("\(report.replanned) re-planned") }
            if report.stale > 0 { parts.append("\(report.stale) stale") }
            if report.rejected > 0 { parts.append("\(report.rejected) rejected") }
            if report.unknown > 0 { parts.append("\(report.unknown) unknown") }
            if report.notSent > 0 { parts.append("\(report.notSent) not sent") }
            Swift.print(
                "  " + parts.joined(separator: ", ")
                    + String(format: " in %d write call%@, %.1f s", report.writeCalls, report.writeCalls == 1 ? "" : "s", report.seconds))
            for problem in report.problems.prefix(5) { Swift.print(Terminal.styled("  \(problem)", .dim)) }
            if let error = report.error { Swift.print("  " + Terminal.styled("error", .red) + "  \(error)") }
            if let signal = report.stoppedBy {
                Swift.print("  " + Terminal.styled("stopped", .yellow) + "  by \(signal); \(report.notSent) change(s) left queued")
            }
        }
        for line in summary.skipped { Swift.print(Terminal.styled("skipped", .yellow) + "  \(line)") }
        for line in summary.errors { Swift.print(Terminal.styled("error", .red) + "  \(line)") }
        let unsettled = summary.stores.contains { !$0.isSettled } || !summary.errors.isEmpty
        Swift.print("")
        Swift.print(
            unsettled
                ? "Run \(summary.runID) is not finished; fix the cause and run concord apply --resume."
                : "Run \(summary.runID) \(summary.resumed ? "resumed and " : "")finished.")
    }
}

/// Progress lines on standard error, only when a person is watching (a TTY).
enum Progress {
    static func lineReporter() -> (@Sendable (StoreID, String) -> Void)? {
        guard isatty(STDERR_FILENO) == 1 else { return nil }
        return { store, line in
            FileHandle.standardError.write(Data("\(store): \(line)\n".utf8))
        }
    }
}
