import AdapterRegistry
import ArgumentParser
import Audit
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Sync

/// `concord audit`: how true each store is to the catalog, and how operations are going.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Measure each store's catalog accuracy, listing errors and operations KPIs (writes nothing to stores).",
        discussion: """
            Reads every configured store (or, with --offline, the snapshot the last online audit saved), \
            reconciles it against the catalog, and reports:
              • catalog accuracy per store and per field: the share of (listing, field) pairs equal to \
            the catalog's value, with the counts behind every percentage;
              • listing errors by rule and severity, with the SKUs; orphans and missing listings;
              • stock exposure (units that could oversell, SKUs out of stock in a store while the \
            catalog has units, stock read longer ago than --stale-after) and price deviation in money;
              • operations KPIs from ingested orders created in --since/--until (UTC): orders, units, \
            fulfilment cycle time (median, 90th percentile), on-time shipment rate against --sla, \
            cancellation rate, refund rate by units and the most refunded SKUs, stock-out rate \
            (per store: SKUs listed as active there with no stock there; and for the whole catalog), \
            sell-through (units sold ÷ units received in the period, from concord catalog receive);
              • the accuracy trend over past audits and syncs.
            Every audit is recorded in the run history, so the next one shows the trend. The README \
            defines every figure and lists the JSON and CSV field names.

            Thresholds come from the flags, else from the [audit] section of concord.toml, else the \
            defaults: --sla (sla = "48h", default 48h), --stale-after (stale_after = "24h", default 24h), \
            --fail-under (fail_under = "98.5", default none). A flag always wins over the file.

            Formats: text (a terminal summary, worst first), json, csv (one figure a row, for BI tools), \
            html (one self-contained page with charts; open it in a browser or print it).

            Exit status: 0 audited; 1 an error (bad option, a store could not be read or has no saved \
            snapshot); 4 --fail-under tripped: some store's accuracy is below the threshold.

            Examples:
              concord audit
              concord audit --since 2025-03-01 --until 2025-03-31 --format html --out march.html
              concord audit --offline --fail-under 99.5        # in cron: exit 4 when a store drifts
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, csv, html
    }

    /// The exit status for a tripped `--fail-under`, distinct from errors (1) and `plan`'s 2.
    static let failUnderExitCode: Int32 = 4

    @Option(name: .customLong("store"), help: "Audit only these stores (repeatable; default all in concord.toml).")
    var stores: [String] = []

    @Option(help: ArgumentHelp("KPIs count orders created at or after this time (YYYY-MM-DD in UTC, or ISO 8601).", valueName: "date"))
    var since: String?

    @Option(help: ArgumentHelp("KPIs count orders created before this time; a date includes that whole day.", valueName: "date"))
    var until: String?

    @Option(help: "Output format: text, json, csv or html.")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write the report to this file instead of standard output.", valueName: "file"))
    var out: String?

    @Option(
        name: .customLong("fail-under"),
        help: ArgumentHelp(
            "Exit 4 when any store's accuracy is below this percentage; default [audit] fail_under, else none.", valueName: "pct"))
    var failUnder: Double?

    @Flag(help: "Audit the snapshots the last online audit saved; make no request to any store.")
    var offline = false

    @Option(
        help: ArgumentHelp(
            "The shipment SLA for the on-time rate: hours (48h) or days (2d); default [audit] sla, else 48h.", valueName: "duration"))
    var sla: String?

    @Option(
        name: .customLong("stale-after"),
        help: ArgumentHelp(
            "Stock read longer ago than this is reported stale (hours or days); default [audit] stale_after, else 24h.",
            valueName: "duration"))
    var staleAfter: String?

    @Flag(name: .long, help: "Shorthand for --format json.")
    var json = false

    @OptionGroup var global: GlobalOptions

    func validate() throws {
        if let failUnder, !(0...100).contains(failUnder) {
            throw ValidationError("--fail-under \(failUnder) is not a percentage; give a number from 0 to 100, e.g. --fail-under 99.5")
        }
        if let sla { _ = try Self.hours(sla, option: "--sla") }
        if let staleAfter { _ = try Self.hours(staleAfter, option: "--stale-after") }
        do {
            _ = try AuditPeriod.parse(since: since, until: until)
        } catch {
            throw ValidationError("\(error)")
        }
    }

    func run() async throws {
        let period = try AuditPeriod.parse(since: since, until: until)
        guard let configuration = try global.loadConfiguration(required: true) else { return }
        let thresholds = try AuditThresholds(command: self, file: configuration.audit)
        let selected = try StoreSelection.select(stores, from: configuration)
        let catalog = try await global.openStore(configuration: configuration)
        guard try await catalog.stats().variants > 0 else {
            throw CLIError("the catalog is empty; import it first (concord catalog import FILE)")
        }
        let now = Date()
        let runID = try await catalog.startRun(kind: .audit, startedAt: now)
        let report: AuditReport
        do {
            report = try await audit(
                selected, catalog: catalog, configuration: configuration, period: period, thresholds: thresholds, now: now, runID: runID)
        } catch {
            try? await catalog.finishRun(runID, status: .failed, finishedAt: Date(), summaryJSON: RunSummary(stores: []).jsonText())
            throw error
        }
        let failed = report.stores.filter { $0.error != nil }
        try await catalog.finishRun(
            runID, status: failed.isEmpty ? .succeeded : .failed, finishedAt: Date(),
            summaryJSON: {
                var summary = report.runSummary(); summary.offline = offline ? true : nil; return summary.jsonText()
            }())

        try write(report)
        if !failed.isEmpty {
            for store in failed { Terminal.printError("concord audit: \(store.store): \(store.error ?? "not audited")") }
            throw ExitCode.failure
        }
        if let failUnder = thresholds.failUnder {
            let below = report.stores(below: failUnder)
            if !below.isEmpty {
                let names = below.map { "\($0.store) \($0.accuracy.overall)" }.joined(separator: ", ")
                Terminal.printError("concord audit: accuracy below \(Ratio.format(failUnder))% in \(names)")
                throw ExitCode(Self.failUnderExitCode)
            }
        }
    }

    /// Reads (or loads) the stores, reconciles them, and builds the report.
    func audit(
        _ selected: [StoreConfiguration], catalog: any CatalogStore, configuration: ConcordConfiguration, period: AuditPeriod,
        thresholds: AuditThresholds, now: Date, runID: Int64
    ) async throws -> AuditReport {
        var planner = SyncPlanner(catalog: catalog)
        // Sellable stock leaves out units on open orders Concord has ingested, as a sync does.
        planner.committed = try await SyncBasis.current(catalog, stores: configuration.stores).committed
        let reports: [StorePlanReport]
        if offline {
            reports = try await planner.plan(savedSnapshotsOf: selected, limits: AdapterRegistry.limits(for:))
        } else {
            planner.savesSnapshots = true
            let connections = StoreConnections(stores: selected, configuration: configuration, global: global)
            defer { connections.shutdown() }
            reports = try await planner.plan(connections.entries) + connections.failureReports
        }
        let inputs = try await Self.auditInputs(reports, catalog: catalog)
        let storeIDs = Set(selected.map(\.id))
        let orders = try await catalog.orders(store: nil).filter { stores.isEmpty || storeIDs.contains($0.store) }
        let options = AuditOptions(
            now: now, period: period, slaHours: thresholds.slaHours, staleAfterHours: thresholds.staleAfterHours,
            source: offline ? .offline : .online, runID: runID)
        return AuditBuilder.build(
            AuditInput(
                stores: inputs, catalog: try await catalog.allProducts(), orders: orders, history: try await catalog.runs(limit: 60),
                receipts: try await catalog.receipts(since: period.since, until: period.until), options: options))
    }

    func write(_ report: AuditReport) throws {
        let chosen: Format = json ? .json : format
        let data: Data
        switch chosen {
        case .text:
            let colors = out == nil && Terminal.colorEnabled
            data = Data(AuditTextRenderer.render(report, style: TextStyle(colors: colors)).utf8)
        case .json: data = try AuditJSONRenderer.render(report)
        case .csv: data = Data(AuditCSVRenderer.render(report).utf8)
        case .html: data = Data(AuditHTMLRenderer.render(report).utf8)
        }
        guard let out else {
            FileHandle.standardOutput.write(data)
            return
        }
        guard FileManager.default.createFile(atPath: out, contents: data) else {
            throw CLIError("cannot write the audit to \(out); check the folder exists and is writable")
        }
        print("Audit written to \(out) (\(chosen.rawValue)); overall accuracy \(report.overall.overall).")
    }

    /// Reads `48h`, `2d` or a bare number of hours (the same forms as the `[audit]` keys).
    static func hours(_ text: String, option: String) throws -> Int {
        guard let hours = AuditSettings.hours(text) else {
            throw ValidationError("\(option) \"\(text)\" is not a duration; write hours or days, e.g. \(option) 48h or \(option) 2d")
        }
        return hours
    }
}

/// The thresholds one audit runs with: each flag given, else the `[audit]` key, else the default.
struct AuditThresholds {
    static let defaultSLAHours = 48
    static let defaultStaleAfterHours = 24

    var slaHours: Int
    var staleAfterHours: Int
    var failUnder: Double?

    init(command: AuditCommand, file: AuditSettings) throws {
        slaHours = try command.sla.map { try AuditCommand.hours($0, option: "--sla") } ?? file.slaHours ?? Self.defaultSLAHours
        staleAfterHours =
            try command.staleAfter.map { try AuditCommand.hours($0, option: "--stale-after") } ?? file.staleAfterHours
            ?? Self.defaultStaleAfterHours
        failUnder = command.failUnder ?? file.failUnder.map { NSDecimalNumber(decimal: $0).doubleValue }
    }
}
