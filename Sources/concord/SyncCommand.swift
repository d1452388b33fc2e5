import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Sync

/// `concord sync`: plan and (with `--apply`) apply in one step, for cron.
struct SyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Read orders and stores, plan, and with --apply write the plan (dry run by default).",
        discussion: """
            A sync reads new and updated orders from every store first (so sellable stock leaves out \
            units already sold anywhere), then reads each store — only what changed since the last \
            sync when neither the catalog nor the committed units moved since, the whole store \
            otherwise or with --full — reconciles it and plans. Without --apply nothing is written \
            to any store; Concord only remembers what it saw (fields in sync, matched listings).

            With --apply the plan is written through the journal exactly as `concord apply` does \
            (preconditions checked, stale items re-planned once from a fresh read, resumable with \
            `concord apply --resume`); the mass-change guard still refuses a store's plan unless \
            --allow-mass-change. A store that fails does not stop the others.

            Safe under cron: one sync at a time per catalog (a lock beside the database; a crashed \
            run's lock is detected by pid/host and age), a one-line summary per store, --json for \
            log shippers.

            SIGTERM or SIGINT (Ctrl-C) stops an --apply gracefully: the write call in flight \
            finishes and is journaled, nothing else is sent, the run is recorded interrupted and \
            `concord apply --resume` finishes it; the exit status is then 1.

            Exit status (Terraform's convention, for cron and systemd): 0 success, whether changes \
            were written or not; 1 an error (a store failed, a write's outcome is unknown); 3 \
            something waits for a person (items in concord review, or a plan the mass-change guard \
            refused). With --detailed-exitcode, 2 when changes were planned (dry run) or written.
            """
    )

    @Flag(help: "Write the plan to the stores (default: dry run).")
    var apply = false

    @Flag(help: "Only plan and report (the default, said explicitly).")
    var dryRun = false

    @Flag(help: "Exit 2 when changes were planned or written (0 otherwise on success), for scripts.")
    var detailedExitcode = false

    @Flag(help: "Also print the HTTP client's retries, rate-limit pauses and failures as they happen.")
    var verbose = false

    @Flag(help: "Read every store whole, even where an incremental read would do.")
    var full = false

    @Flag(help: "Apply even changes the mass-change guard would refuse (the reasons are still shown).")
    var allowMassChange = false

    @Option(name: .customLong("store"), help: "Sync only these stores (repeatable; default all in concord.toml).")
    var stores: [String] = []

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    func validate() throws {
        if apply && dryRun { throw ValidationError("--apply and --dry-run exclude each other; give one") }
    }

    func run() async throws {
        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let selected = try StoreSelection.select(stores, from: configuration)
        let database = global.database(configuration: configuration)
        let catalog = try await database.open()
        guard try await catalog.stats().variants > 0 else {
            throw CLIError("the catalog is empty; import it first (concord catalog import FILE)")
        }
        let lock = try await CatalogSyncLock.take(
            database, store: catalog, command: apply ? "concord sync --apply" : "concord sync", stores: selected.map(\.id))

        // SIGTERM/SIGINT stop between write calls: the call in flight is journaled, the rest stay
        // queued for `concord apply --resume`.
        let stop = StopSignal()
        let traps = stop.trap { name in
            Terminal.printError(
                "concord: \(name) received; stopping after the write call in flight (the rest stays queued for concord apply --resume)")
        }
        defer { withExtendedLifetime(traps) {} }

        let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
        defer { connections.shutdown() }
        var runner = SyncRunner(
            catalog: catalog, stores: connections.entries,
            options: SyncOptions(apply: apply, allowMassChange: allowMassChange, full: full))
        runner.statistics = { store in connections.statistics(of: store) }
        runner.stop = stop
        runner.writeRefusal = lock.writeRefusal
        if let reporter = Progress.lineReporter() {
            runner.progress = { line in reporter("sync", line) }
        }
        var report = try await lock.holding { try await runner.run() }
        for failure in connections.failures {
            report.stores.append(.failed(failure.configuration.id, platform: failure.configuration.platform, error: failure.error))
        }
        if output.json {
            FileHandle.standardOutput.write(try report.encoded(pretty: false))
            print()
        } else {
            SyncPrinter.print(report)
        }
        if let signal = report.stoppedBy {
            Terminal.printError(
                "concord: stopped by \(signal) before every change was written; run \(report.runID) is recorded interrupted. Finish it with concord apply --resume"
            )
            throw ExitCode.failure
        }
        let code = report.exitCode
        if code == 2 && !detailedExitcode { return }
        if code != 0 { throw ExitCode(code) }
    }
}

/// One line per store, then a total: what a person reads in a cron mail.
enum SyncPrinter {
    static func print(_ report: SyncReport) {
        for store in report.stores {
            var parts: [String] = []
            if let error = store.error {
                Swift.print(Terminal.styled(store.store, .bold) + "  " + Terminal.styled("error", .red) + "  " + Terminal.visible(error))
                continue
            }
            parts.append("read \(store.listingsRead)\(store.incremental ? " changed" : "") listings, \(store.ordersRead) orders")
            if let apply = store.apply {
                var applied = "\(apply.applied) applied"
                if apply.replanned > 0 { applied += " (\(apply.replanned) re-planned)" }
                if apply.stale > 0 { applied += ", \(apply.stale) skipped stale" }
                if apply.rejected > 0 { applied += ", \(apply.rejected) failed" }
                if apply.unknown + apply.notSent > 0 { applied += ", \(apply.unknown + apply.notSent) unfinished (concord apply --resume)" }
                parts.append(applied + " in \(apply.writeCalls) write call\(apply.writeCalls == 1 ? "" : "s")")
                if let error = apply.error { parts.append(Terminal.styled("error: \(error)", .red)) }
                if let signal = apply.stoppedBy { parts.append(Terminal.styled("stopped by \(signal)", .yellow)) }
            } else if store.changesPlanned > 0 {
                parts.append(
                    store.refused
                        ? Terminal.styled("\(store.changesPlanned) changes REFUSED", .red)
                            + " (\(store.guardReasons.joined(separator: "; ")))" : "\(store.changesPlanned) changes planned (dry run)")
            } else {
                parts.append(Terminal.styled("in sync", .green))
            }
            if store.reviews > 0 { parts.append(Terminal.styled("\(store.reviews) for review", .yellow)) }
            if let withheld = store.stockWithheld { parts.append(Terminal.styled(withheld, .yellow)) }
            let errors = store.listingErrors
            if errors > 0 { parts.append("\(errors) listing error\(errors == 1 ? "" : "s")") }
            let risks = store.risksByCode.values.reduce(0, +)
            if risks > 0 {
                parts.append(
                    "\(risks) risk\(risks == 1 ? "" : "s") ("
                        + store.risksByCode.keys.sorted().map { "\($0) ×\(store.risksByCode[$0]!)" }.joined(separator: ", ") + ")")
            }
            if store.waitingInReview > store.reviews {
                parts.append(Terminal.styled("\(store.waitingInReview) waiting in concord review", .yellow))
            }
            if store.acknowledged > 0 { parts.append(Terminal.styled("\(store.acknowledged) acknowledged (concord review)", .dim)) }
            if let http = store.http {
                parts.append(
                    "\(http.requests) API calls"
                        + (http.throttleWaitSeconds >= 0.1
                            ? String(format: ", %.1f s waiting on rate limits", http.throttleWaitSeconds) : ""))
            }
            Swift.print(Terminal.styled(store.store, .bold) + "  " + parts.joined(separator: "; "))
        }
        let applied = report.stores.reduce(0) { $0 + ($1.apply?.applied ?? 0) }
        let refused = report.stores.filter(\.refused).map(\.store)
        var verdict: String
        switch report.exitCode {
        case 0: verdict = "everything in sync"
        case 2:
            verdict =
                report.mode == "apply"
                ? "\(applied) change\(applied == 1 ? "" : "s") written"
                : "changes planned; run with --apply to write them"
        case 3:
            verdict = refused.isEmpty ? "items wait for a person (concord review)" : "items wait for a person"
            if !refused.isEmpty {
                verdict =
                    (applied > 0
                        ? "\(applied) change\(applied == 1 ? "" : "s") written; "
                        : "nothing written to \(refused.joined(separator: ", ")): ")
                    + "the mass-change guard refused \(refused.count == 1 ? "its plan" : "their plans") (see above; --allow-mass-change writes \(refused.count == 1 ? "it" : "them"))"
                if report.stores.contains(where: { $0.reviews > 0 || $0.waitingInReview > 0 }) {
                    verdict += "; items wait in concord review"
                }
            }
        default: verdict = "errors; see above"
        }
        if report.mode == "apply", report.exitCode == 3, refused.isEmpty, applied > 0 {
            verdict = "\(applied) change\(applied == 1 ? "" : "s") written; items wait for a person (concord review)"
        }
        Swift.print(String(format: "Sync run %lld (%@) in %.1f s: %@.", report.runID, report.mode, report.seconds, verdict))
    }
}
