import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import StorefrontAdapter

/// How `concord run` schedules its syncs.
public struct ServiceOptions: Sendable {
    /// Time between incremental syncs.
    public var every: Duration
    /// Up to this much is added to each wait, at random, so many machines do not call at once.
    public var jitter: Duration
    /// Time between full reconciliations (every listing read, not only what changed); `nil` never.
    public var fullEvery: Duration?
    /// Stop after this many runs (tests, one-off catch-ups); `nil` runs until stopped.
    public var maxRuns: Int?
    /// Write the plans (what a service is for); `false` makes every run a dry run.
    public var apply: Bool
    public var allowMassChange: Bool
    /// The breaker every store starts with.
    public var breaker: CircuitBreaker

    public init(
        every: Duration = .seconds(900), jitter: Duration = .zero, fullEvery: Duration? = .seconds(86_400), maxRuns: Int? = nil,
        apply: Bool = true, allowMassChange: Bool = false, breaker: CircuitBreaker? = nil
    ) {
        self.every = every
        self.jitter = jitter
        self.fullEvery = fullEvery
        self.maxRuns = maxRuns
        self.apply = apply
        self.allowMassChange = allowMassChange
        self.breaker = breaker ?? CircuitBreaker(threshold: 3, baseBackoff: every, maxBackoff: .seconds(3600))
    }
}

/// What a service loop did before it stopped.
public struct ServiceSummary: Sendable {
    public var runs = 0
    public var fullRuns = 0
    public var resumedRuns = 0
    public var stoppedBy: String?
}

/// `concord run`: a long-lived loop of syncs.
///
/// It first finishes any run a crash or a signal left unfinished (as `concord apply --resume`),
/// then runs an incremental sync every ``ServiceOptions/every`` and a full one every
/// ``ServiceOptions/fullEvery``, each under the catalog's ``SyncLock``. Stores are independent:
/// one that keeps failing gets a ``CircuitBreaker`` and is skipped with growing backoff while
/// the others are synced; its outage and its recovery are logged as one line each. A stop
/// (SIGTERM) ends the loop at the next safe point: between write calls inside a run, at once
/// while waiting.
public struct SyncService: Sendable {
    public let catalog: any CatalogStore
    /// The database file, for the lock; `nil` runs without the file lock (tests with one process).
    public var databasePath: String?
    public let stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]
    public var options: ServiceOptions
    public var clock: ServiceClock
    public var stop: StopSignal
    public var events: @Sendable (ServiceEvent) -> Void
    /// Every finished sync, with whether it was a full one: metrics hang here.
    public var onReport: (@Sendable (SyncReport, _ kind: String) -> Void)?
    public var statistics: (@Sendable (StoreID) -> HTTPStatistics?)?
    /// SKUs webhooks reported since the last scheduled run, so its record can say how many
    /// changes webhooks missed (`nil`: no listener, nothing to compare).
    public var webhookLedger: WebhookLedger?
    /// Set when several agents share the catalog: each tick syncs only the stores whose lease
    /// this agent holds (and first finishes the journal of a store it just took over), while
    /// every store's orders are still read. `nil`: this agent syncs every store, under the lock
    /// file when there is one.
    public var leaseKeeper: LeaseKeeper?
    let gate = RunGate()

    public init(
        catalog: any CatalogStore, databasePath: String?, stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)],
        options: ServiceOptions, stop: StopSignal = StopSignal(), clock: ServiceClock? = nil,
        events: @escaping @Sendable (ServiceEvent) -> Void = { _ in }
    ) {
        self.catalog = catalog
        self.databasePath = databasePath
        self.stores = stores
        self.options = options
        self.stop = stop
        self.clock = clock ?? .system(stop: stop)
        self.events = events
    }

    /// Runs until stopped or ``ServiceOptions/maxRuns`` runs are done.
    public func run() async throws -> ServiceSummary {
        var summary = ServiceSummary()
        if leaseKeeper == nil { summary.resumedRuns = await resumeUnfinished() }
        var ticks = 0
        var breakers = Dictionary(uniqueKeysWithValues: stores.map { ($0.configuration.id, options.breaker) })
        var lastFull = clock.now()
        var generator = SystemRandomNumberGenerator()
        while !stop.isRequested {
            if let maxRuns = options.maxRuns, max(summary.runs, ticks) >= maxRuns { break }
            ticks += leaseKeeper == nil ? 0 : 1
            var leased: Set<StoreID>?
            if let leaseKeeper {
                let (held, resumed) = await claimLeases(leaseKeeper)
                leased = held
                summary.resumedRuns += resumed
            }
            let now = clock.now()
            let full = options.fullEvery.map { now.timeIntervalSince(lastFull) >= $0.seconds } ?? false
            var selected: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = []
            // Another agent's stores: not synced here, but their orders are read.
            var others: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = []
            for entry in stores {
                let id = entry.configuration.id
                if breakers[id]!.allows(at: now) {
                    if leased?.contains(id) ?? true { selected.append(entry) } else { others.append(entry) }
                } else if case .open(let until) = breakers[id]!.state {
                    events(
                        ServiceEvent(
                            kind: "store_skipped", level: .debug,
                            message:
                                "\(id): skipped, down; next try in \(ServiceDuration.format(.seconds(max(0, until.timeIntervalSince(now)))))",
                            store: id,
                            time: now))
                }
            }
            if !selected.isEmpty {
                summary.runs += 1
                if full {
                    summary.fullRuns += 1
                    lastFull = now
                }
                if let report = await scheduledRun(selected, full: full, ordersAlsoOf: others) {
                    for store in report.stores {
                        let id = StoreID(store.store)
                        guard breakers[id] != nil else { continue }
                        let failed = store.error != nil || store.apply?.error != nil
                        let transition =
                            failed ? breakers[id]!.recordFailure(at: clock.now()) : breakers[id]!.recordSuccess(at: clock.now())
                        if let transition { log(transition, store: id, error: store.error ?? store.apply?.error, runID: report.runID) }
                    }
                }
            }
            if stop.isRequested { break }
            if let maxRuns = options.maxRuns, max(summary.runs, ticks) >= maxRuns { break }
            var wait = options.every
            if options.jitter > .zero {
                let range = options.jitter.components.seconds * 1000 + options.jitter.components.attoseconds / 1_000_000_000_000_000
                wait += .milliseconds(Int64.random(in: 0...max(0, range), using: &generator))
            }
            await leaseKeeper?.setNextRun(clock.now().addingTimeInterval(wait.seconds))
            if !(await clock.sleep(wait)) { break }
        }
        summary.stoppedBy = stop.reason
        if let reason = stop.reason {
            events(ServiceEvent(kind: "stopped", message: "stopped by \(reason) after \(summary.runs) run(s)", time: clock.now()))
        }
        return summary
    }

    /// One scheduled sync of `selected` under the lock; `nil` when it could not run at all
    /// (logged).
    ///
    /// - Parameter others: Stores another agent syncs: their orders are read all the same.
    func scheduledRun(
        _ selected: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)], full: Bool,
        ordersAlsoOf others: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = []
    ) async -> SyncReport? {
        let kind = full ? "full" : "incremental"
        do {
            let webhookSKUs = await webhookLedger?.takeReported()
            let report = try await locked(command: "concord run (\(kind) sync)") {
                var runner = SyncRunner(
                    catalog: catalog, stores: selected,
                    options: SyncOptions(apply: options.apply, allowMassChange: options.allowMassChange, full: full))
                runner.stop = stop
                runner.statistics = statistics
                runner.webhookReportedSKUs = webhookSKUs
                runner.writeRefusal = leaseRefusal
                if !others.isEmpty { runner.orderStores = selected + others }
                // A store skipped while its breaker is open sells all the same: without its orders
                // nobody knows what can be sold, so this run writes no stock anywhere.
                let running = Set((selected + others).map(\.configuration.id))
                for entry in stores where !running.contains(entry.configuration.id) {
                    runner.unreadOrders[entry.configuration.id] = "skipped while it does not answer, so its orders were not read"
                }
                return try await runner.run()
            }
            guard let report else { return nil }
            onReport?(report, kind)
            events(
                ServiceEvent(
                    kind: "run_finished", level: report.exitCode == 1 ? .warning : .info, message: Self.line(report, kind: kind),
                    runID: report.runID, time: clock.now()))
            return report
        } catch {
            events(ServiceEvent(kind: "run_failed", level: .error, message: "\(kind) sync failed: \(error)", time: clock.now()))
            return nil
        }
    }

    /// A sync of only `skus` (a webhook said they moved), taking turns with the scheduled runs.
    ///
    /// - Parameters:
    ///   - ids: The stores to sync; default all. A sale in one channel moves every channel's
    ///     sellable stock, so webhooks sync the SKUs everywhere.
    ///   - stop: The stop this run honours, when not the service's own: webhook syncs answer to a
    ///     shutdown's time limit rather than to the signal, so what was gathered is still written
    ///     after SIGTERM.
    /// - Returns: The report; `nil` when it did not run (no SKU or store, the lock is held
    ///   elsewhere, or the stop was requested before its turn came).
    public func targetedRun(_ skus: Set<SKU>, stores ids: Set<StoreID>? = nil, stop: StopSignal? = nil) async -> SyncReport? {
        let leased = await leaseKeeper?.held
        let selected = stores.filter { (ids?.contains($0.configuration.id) ?? true) && (leased?.contains($0.configuration.id) ?? true) }
        let stop = stop ?? self.stop
        guard !skus.isEmpty, !selected.isEmpty else { return nil }
        do {
            let report: SyncReport?? = try await locked(command: "concord listen (targeted sync)") {
                guard !stop.isRequested else { return nil }
                var runner = SyncRunner(
                    catalog: catalog, stores: selected, options: SyncOptions(apply: options.apply, allowMassChange: options.allowMassChange)
                )
                runner.stop = stop
                runner.statistics = statistics
                runner.skus = skus
                runner.writeRefusal = leaseRefusal
                if leased != nil { runner.orderStores = self.stores }
                return try await runner.run()
            }
            guard let report = report ?? nil else { return nil }
            onReport?(report, "targeted")
            events(
                ServiceEvent(
                    kind: "webhook_sync", message: Self.line(report, kind: "targeted (\(skus.count) SKU\(skus.count == 1 ? "" : "s"))"),
                    runID: report.runID, time: clock.now()))
            return report
        } catch {
            events(ServiceEvent(kind: "run_failed", level: .error, message: "targeted sync failed: \(error)", time: clock.now()))
            return nil
        }
    }

    /// Returns once no run of this service is in progress (a targeted sync a webhook started
    /// finishes journaling before the process exits).
    public func waitForIdle() async {
        _ = try? await gate.run {}
    }

    /// Runs `body` under the in-process gate and the catalog's lock file; `nil` (logged) when
    /// another process holds the lock.
    func locked<T: Sendable>(command: String, _ body: @Sendable () async throws -> T) async throws -> T? {
        try await gate.run {
            var lock: SyncLock?
            if let databasePath {
                do {
                    lock = try SyncLock(databasePath: databasePath, command: command)
                } catch let error as SyncLockError {
                    events(
                        ServiceEvent(kind: "lock_busy", level: .warning, message: "\(error.message); skipping this run", time: clock.now()))
                    return nil
                }
            }
            defer { lock?.release() }
            return try await body()
        }
    }

    /// Claims this tick's leases (logging what changed hands) and finishes the journal of the
    /// stores just taken over. Returns the stores held (none when the database cannot be asked)
    /// and how many runs were resumed.
    func claimLeases(_ keeper: LeaseKeeper) async -> (held: Set<StoreID>, resumed: Int) {
        do {
            let claim = try await keeper.claim()
            if !claim.acquired.isEmpty || !claim.released.isEmpty {
                var parts = ["holding \(claim.held.isEmpty ? "no store" : claim.held.map(\.rawValue).joined(separator: ", "))"]
                if !claim.acquired.isEmpty { parts.append("took \(claim.acquired.map(\.rawValue).joined(separator: ", "))") }
                if !claim.released.isEmpty {
                    parts.append("gave back \(claim.released.map(\.rawValue).joined(separator: ", ")) for the other agents")
                }
                parts.append("\(claim.liveAgents) agent\(claim.liveAgents == 1 ? "" : "s") live")
                events(ServiceEvent(kind: "leases", message: parts.joined(separator: "; "), time: clock.now()))
            }
            let resumed = claim.acquired.isEmpty ? 0 : await resumeUnfinished(only: Set(claim.acquired))
            return (Set(claim.held), resumed)
        } catch {
            events(
                ServiceEvent(
                    kind: "lease_failed", level: .error, message: "could not claim store leases: \(error); no store synced this time",
                    time: clock.now()))
            return ([], 0)
        }
    }

    /// The lease check the executor makes before each write call, when there are leases.
    var leaseRefusal: (@Sendable (StoreID) async -> String?)? {
        guard let leaseKeeper else { return nil }
        return { store in await leaseKeeper.writeRefusal(store) }
    }

    /// Finishes runs left unfinished (a crash, a signal), as `concord apply --resume` would.
    /// Returns how many were resumed.
    ///
    /// - Parameter only: The stores to finish (those whose lease this agent just took); a run
    ///   is then marked finished only once no store of it has anything open, since the others
    ///   may still be in another agent's hands.
    func resumeUnfinished(only: Set<StoreID>? = nil) async -> Int {
        do {
            let runs = try await catalog.resumableRuns()
            var resumed = 0
            for run in runs.reversed() {
                guard !stop.isRequested else { break }
                if let only,
                    !(try await catalog.journalEntries(runID: run.id).contains { $0.state.isOpen && only.contains($0.change.store) })
                {
                    continue
                }
                let finished: Bool? = try await locked(command: "concord run (resume)") {
                    var resumePlanner = SyncPlanner(catalog: catalog)
                    resumePlanner.committed = try await CommittedStock.load(from: catalog, stores: stores.map(\.configuration))
                    let planner = resumePlanner
                    let since = Date()
                    let ordersFirst = SyncRunner(catalog: catalog, stores: stores, options: SyncOptions(apply: true))
                    let work = stores.map { entry in
                        StoreWork(
                            adapter: entry.adapter, changes: [], replan: ordersFirst.replanner(for: entry, planner: planner, since: since))
                    }
                    var executor = PlanExecutor(catalog: catalog, stop: stop)
                    executor.writeRefusal = leaseRefusal
                    let reports = try await executor.resume(runID: run.id, work: work, only: only)
                    let settled = reports.allSatisfy(\.isSettled)
                    if only != nil, try await catalog.journalEntries(runID: run.id).contains(where: { $0.state.isOpen }) {
                        events(
                            ServiceEvent(
                                kind: "resumed", level: settled ? .info : .warning,
                                message:
                                    "run \(run.id): finished \(only!.map(\.rawValue).sorted().joined(separator: ", ")) (\(reports.reduce(0) { $0 + $1.applied + $1.confirmedOnResume }) change(s) applied); other stores of it are still open",
                                runID: run.id, time: clock.now()))
                        return settled
                    }
                    let encoder = JSONEncoder()
                    encoder.outputFormatting = [.sortedKeys]
                    encoder.keyEncodingStrategy = .convertToSnakeCase
                    try await catalog.finishRun(
                        run.id, status: settled ? .succeeded : .interrupted, finishedAt: Date(),
                        summaryJSON: String(decoding: try encoder.encode(["resumed": reports]), as: UTF8.self))
                    let applied = reports.reduce(0) { $0 + $1.applied + $1.confirmedOnResume }
                    events(
                        ServiceEvent(
                            kind: "resumed", level: settled ? .info : .warning,
                            message:
                                "run \(run.id) \(settled ? "resumed and finished" : "resumed, still unfinished"): \(applied) change(s) applied",
                            runID: run.id,
                            time: clock.now()))
                    return settled
                }
                if finished != nil { resumed += 1 }
            }
            return resumed
        } catch {
            events(
                ServiceEvent(kind: "resume_failed", level: .error, message: "could not resume unfinished runs: \(error)", time: clock.now())
            )
            return 0
        }
    }

    func log(_ transition: CircuitBreaker.Transition, store: StoreID, error: String?, runID: Int64) {
        let now = clock.now()
        switch transition {
        case .opened(let failures, let backoff):
            events(
                ServiceEvent(
                    kind: "store_down", level: .error,
                    message:
                        "\(store): down after \(failures) failed runs (\(error ?? "unknown error")); skipping it for \(ServiceDuration.format(backoff)), the other stores carry on",
                    store: store, runID: runID, time: now))
        case .reopened(let failures, let backoff):
            events(
                ServiceEvent(
                    kind: "store_still_down", level: .warning,
                    message: "\(store): still down (\(failures) failed runs); next try in \(ServiceDuration.format(backoff))", store: store,
                    runID: runID, time: now))
        case .recovered(let failures, let downFor):
            events(
                ServiceEvent(
                    kind: "store_recovered", level: .info,
                    message:
                        "\(store): recovered after \(failures) failed runs, down for \(ServiceDuration.format(.seconds(Int64(downFor.rounded())))); caught up in this run",
                    store: store, runID: runID, time: now))
        }
    }

    /// The one line a run leaves in the log.
    static func line(_ report: SyncReport, kind: String) -> String {
        let applied = report.stores.reduce(0) { $0 + ($1.apply?.applied ?? 0) }
        let planned = report.stores.reduce(0) { $0 + $1.changesPlanned }
        let failed = report.stores.filter { $0.error != nil || $0.apply?.error != nil }.map(\.store)
        var text =
            "\(kind) sync run \(report.runID) of \(report.stores.map(\.store).joined(separator: ", ")): \(planned) planned, \(applied) applied"
        if let missed = report.missedByWebhooks { text += ", \(missed) missed by webhooks" }
        if !failed.isEmpty { text += "; failed: \(failed.joined(separator: ", "))" }
        if let signal = report.stoppedBy { text += "; stopped by \(signal)" }
        return text + String(format: " (%.1f s)", report.seconds)
    }
}

/// The SKUs webhooks reported between two scheduled runs, per process.
public actor WebhookLedger {
    private var reported: Set<SKU> = []

    public init() {}

    public func note(_ skus: Set<SKU>) { reported.formUnion(skus) }

    /// The SKUs reported since the last call, and forget them.
    public func takeReported() -> Set<SKU> {
        defer { reported = [] }
        return reported
    }
}
