import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import Planning
import Reconcile
import StorefrontAdapter
import Synchronization

/// How a sync runs.
public struct SyncOptions: Sendable {
    /// Write the plan to the stores; without it a sync is a dry run that only records what it saw.
    public var apply: Bool
    public var allowMassChange: Bool
    /// Read every store whole, even where an incremental read would do.
    public var full: Bool
    /// Read new and updated orders first, so sellable stock leaves out units already sold.
    public var ingestOrders: Bool

    public init(apply: Bool = false, allowMassChange: Bool = false, full: Bool = false, ingestOrders: Bool = true) {
        self.apply = apply
        self.allowMassChange = allowMassChange
        self.full = full
        self.ingestOrders = ingestOrders
    }
}

/// One store's part of a sync, for people (`concord sync`) and machines (`--json`, run records).
public struct StoreSyncSummary: Codable, Sendable {
    public var store: String
    public var platform: String
    public var incremental: Bool
    public var listingsRead: Int
    public var ordersRead: Int
    public var changesPlanned: Int
    public var writeCallsPlanned: Int
    /// Items waiting for a person (conflicts, reviewed edits, first-sync differences).
    public var reviews: Int
    public var pulls: Int
    public var fieldsCompared: Int
    public var fieldsInSync: Int
    /// Pairs compared and in sync per field kind (`stock`, `price`, ...), as audits count them.
    public var fields: [String: FieldTally] = [:]
    public var findingsByCode: [String: Int]
    /// Findings of the `listing.*` rules (``Finding/isListingError``), in all: the number an
    /// audit of the same read counts.
    public var listingErrors: Int = 0
    /// The same by rule code.
    public var listingErrorsByCode: [String: Int]
    /// Other findings for a person that no write settles (``Finding/isRisk``): oversell risks,
    /// matching doubts, kit gaps; by rule code.
    public var risksByCode: [String: Int] = [:]
    /// Why no stock was written to this store in this run (another store's orders could not be
    /// read), when that happened.
    public var stockWithheld: String?
    /// Items open in the review queue for this store after the run, including those found by
    /// earlier runs that this one (an incremental read) did not look at again.
    public var waitingInReview = 0
    public var refused: Bool
    public var guardReasons: [String]
    public var fetchSeconds: Double
    public var apply: StoreApplyReport?
    public var error: String?
    /// The kind of failure behind ``error`` when the store's adapter said it (`unauthorized`,
    /// `forbidden`, `unreachable`, `throttled`, `server-error`, ...): what a monitoring script
    /// branches on, where the text is for people. From the read, else from the apply.
    public var errorCode: String?
    /// API calls, retries and rate-limit waits this run cost in the store (when known).
    public var http: HTTPStatistics?
    /// Findings a person already answered in `concord review` (ignored orphans, acknowledged
    /// listing errors): found again, but not counted in ``findingsByCode`` or ``listingErrors``.
    public var acknowledged: Int = 0
    /// The same by rule code.
    public var acknowledgedByCode: [String: Int] = [:]
}

extension StoreSyncSummary {
    /// A store that could not be set up or read at all.
    public static func failed(_ store: StoreID, platform: Platform, error: String) -> StoreSyncSummary {
        StoreSyncSummary(
            store: store.rawValue, platform: platform.rawValue, incremental: false, listingsRead: 0, ordersRead: 0,
            changesPlanned: 0, writeCallsPlanned: 0, reviews: 0, pulls: 0, fieldsCompared: 0, fieldsInSync: 0,
            findingsByCode: [:], listingErrorsByCode: [:], refused: false, guardReasons: [], fetchSeconds: 0, apply: nil, error: error,
            http: nil)
    }
}

/// What a sync did, and the exit status a cron job acts on.
public struct SyncReport: Codable, Sendable {
    /// The shape's version: a run record's summary is also read as a ``RunSummary`` (audit trends).
    public var version = 1
    public var runID: Int64
    public var mode: String
    public var startedAt: Date
    public var seconds: Double
    public var stores: [StoreSyncSummary]
    /// The signal that stopped the run between write calls, leaving changes queued for
    /// `concord apply --resume`.
    public var stoppedBy: String?
    /// Changes this scheduled run applied for SKUs no webhook reported since the previous run:
    /// what webhooks missed (only when a webhook listener runs alongside).
    public var missedByWebhooks: Int?

    public init(runID: Int64, mode: String, startedAt: Date, seconds: Double, stores: [StoreSyncSummary], stoppedBy: String? = nil) {
        self.runID = runID
        self.mode = mode
        self.startedAt = startedAt
        self.seconds = seconds
        self.stores = stores
        self.stoppedBy = stoppedBy
    }

    /// The detailed status: 1 a store failed or a write's outcome is unknown; 3 something waits
    /// for a person (items in review, or a plan the mass-change guard refused); 2 changes were
    /// planned (dry run) or written; 0 everything was already in sync. `concord sync` reports 2
    /// as 0 unless asked for `--detailed-exitcode` (Terraform's convention).
    public var exitCode: Int32 {
        if stores.contains(where: { $0.error != nil || ($0.apply.map { !$0.isSettled } ?? false) }) { return 1 }
        if stores.contains(where: { $0.reviews > 0 || $0.waitingInReview > 0 || $0.refused }) { return 3 }
        if stores.contains(where: { $0.changesPlanned > 0 }) { return 2 }
        return 0
    }

    public func encoded(pretty: Bool = true) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .prettyPrinted] : [.sortedKeys]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        return try encoder.encode(self)
    }
}

/// `concord sync`: ingest orders, plan every store (incrementally where nothing else moved), and
/// with `apply` write the plan through the journal, remembering bases, mappings and cursors.
///
/// The caller holds the ``SyncLock``. Stores are independent: one that fails is reported and the
/// others carry on; its cursor does not move, so the next run reads it again.
public struct SyncRunner: Sendable {
    public let catalog: any CatalogStore
    public let stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]
    public var options: SyncOptions
    public var progress: (@Sendable (String) -> Void)?
    /// The store's HTTP client totals, read before and after the run for its record.
    public var statistics: (@Sendable (StoreID) -> HTTPStatistics?)?
    /// A graceful stop: checked between write calls (see ``PlanExecutor/stop``). A run stopped
    /// this way is recorded `interrupted` and finished by `concord apply --resume`.
    public var stop: StopSignal?
    /// Only these SKUs: the plan and the apply leave every other SKU alone (a targeted sync after
    /// a webhook). `nil`: every SKU.
    public var skus: Set<SKU>?
    /// Configured stores left out of this run whose orders were therefore not read (a store
    /// skipped while its circuit breaker is open), with why: no stock is written while any
    /// channel's sales are unknown.
    public var unreadOrders: [StoreID: String] = [:]
    /// SKUs webhooks reported since the previous scheduled run; when set, the report counts the
    /// changes this run applied to any other SKU (what webhooks missed).
    public var webhookReportedSKUs: Set<SKU>?
    /// Every store whose orders are read, when more than the stores synced: an agent of several
    /// syncs only the stores it holds the lease on, but sellable stock counts every channel's
    /// sales, so it reads every store's orders first. `nil`: the synced stores.
    public var orderStores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]?
    /// Asked before every write call (see ``PlanExecutor/writeRefusal``).
    public var writeRefusal: (@Sendable (StoreID) async -> String?)?

    /// The stores whose orders this run reads (``orderStores``, or the synced ones).
    var orderSources: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] { orderStores ?? stores }

    public init(
        catalog: any CatalogStore, stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)], options: SyncOptions,
        progress: (@Sendable (String) -> Void)? = nil
    ) {
        self.catalog = catalog
        self.stores = stores
        self.options = options
        self.progress = progress
    }

    public func run() async throws -> SyncReport {
        let startedAt = Date()
        let clock = ContinuousClock.now
        let runID = try await catalog.startRun(kind: options.apply ? .sync : .plan, startedAt: startedAt)
        do {
            let report = try await execute(runID: runID, startedAt: startedAt, clock: clock)
            let status: RunStatus =
                report.exitCode == 1 ? (report.stores.contains { $0.apply?.isSettled == false } ? .interrupted : .failed) : .succeeded
            try await catalog.finishRun(
                runID, status: status, finishedAt: Date(), summaryJSON: String(decoding: try report.encoded(pretty: false), as: UTF8.self))
            return report
        } catch {
            try? await catalog.finishRun(
                runID, status: .failed, finishedAt: Date(), summaryJSON: "{\"error\":\(Self.jsonString("\(error)"))}")
            throw error
        }
    }

    func execute(runID: Int64, startedAt: Date, clock: ContinuousClock.Instant) async throws -> SyncReport {
        var httpBefore: [StoreID: HTTPStatistics] = [:]
        if let statistics {
            for (configuration, _) in stores { httpBefore[configuration.id] = statistics(configuration.id) }
        }
        // 1. Orders first, so committed units include every sale up to now.
        var ordersRead: [StoreID: Int] = [:]
        var orderErrors: [StoreID: String] = [:]
        if options.ingestOrders {
            for (configuration, adapter) in orderSources {
                do {
                    // Open orders that left the store are looked up by id on scheduled runs; a
                    // targeted sync after a webhook skips that (its cost grows with the open
                    // orders, and a vanished order only holds units back until the next run).
                    ordersRead[configuration.id] = try await ingestOrders(adapter: adapter, checkVanished: skus == nil)
                } catch {
                    orderErrors[configuration.id] = "could not read orders: \(error)"
                }
            }
        }
        let basis = try await SyncBasis.current(catalog, stores: orderSources.map(\.configuration))

        // 2. Plan, incrementally where the store's last reconcile had the same basis.
        var planner = SyncPlanner(catalog: catalog, allowMassChange: options.allowMassChange)
        planner.committed = basis.committed
        // A store whose orders could not be read the second time is reported like the first.
        let refreshFailures = OrderReadFailures()
        if options.ingestOrders {
            // Orders again after the listing reads: a sale made between this run's first order
            // read and a store's listing read shows in the listing, and must be counted too, or
            // the plan would write that store's stock back up over it.
            let runner = self
            let failures = refreshFailures
            planner.committedAfterReads = {
                for (configuration, adapter) in runner.orderSources {
                    do {
                        _ = try await runner.ingestOrders(adapter: adapter)
                    } catch {
                        failures.messages.withLock { $0[configuration.id] = "could not read orders again after the listings: \(error)" }
                    }
                }
                return try await CommittedStock.load(from: runner.catalog, stores: runner.orderSources.map(\.configuration))
            }
        }
        planner.recordsInSyncState = true
        // A whole read is kept as the store's latest snapshot, for `concord audit --offline`.
        planner.savesSnapshots = true
        if !options.full && skus == nil {
            planner.incrementalFrom = try await basis.incrementalCursors(for: stores, in: catalog)
        }
        var reports: [StorePlanReport]
        if let skus {
            reports = try await planner.planTargeted(skus, stores: stores)
        } else {
            reports = try await planner.plan(stores)
        }
        for (store, message) in refreshFailures.messages.withLock({ $0 }) where orderErrors[store] == nil { orderErrors[store] = message }
        // Sellable stock is a sum over every channel: without one store's orders it is wrong for
        // every store, so no stock is written anywhere this run (prices and the rest still go).
        var stockWithheld: String?
        var unread = orderErrors
        for (store, reason) in unreadOrders where unread[store] == nil { unread[store] = reason }
        // Stores whose stock changes were held back: their cursors stay, so the next run reads
        // (and plans) them again instead of taking the held-back changes as done.
        var heldBack: Set<StoreID> = []
        if !unread.isEmpty {
            let names = unread.keys.map(\.rawValue).sorted().joined(separator: ", ")
            stockWithheld = "no stock written to any store: the orders of \(names) could not be read, so what can be sold is not known"
            for index in reports.indices {
                guard var plan = reports[index].plan else { continue }
                func isStock(_ change: Change) -> Bool { if case .stock = change.field { true } else { false } }
                if plan.changes.contains(where: isStock) { heldBack.insert(reports[index].store) }
                plan.changes.removeAll(where: isStock)
                plan.batches = plan.batches.compactMap { batch in
                    var batch = batch
                    batch.changes.removeAll(where: isStock)
                    return batch.changes.isEmpty ? nil : batch
                }
                reports[index].plan = plan
                reports[index].findings.removeAll { $0.code == FindingCode.stockEditAdopted }
            }
        }
        for report in reports {
            progress?(
                "\(report.store): read \(report.listingsRead) listings\(report.incremental ? " changed since the last sync" : ""), \(report.plan?.changes.count ?? 0) changes planned"
            )
        }
        // What needs a person becomes the review queue (`concord review`); a targeted sync looked
        // at its SKUs only, so only their items can have been settled.
        var queued = reports
        if let skus { for index in queued.indices { queued[index].readSKUs = skus } }
        _ = try await ReviewQueueRecorder(catalog: catalog).record(
            queued, configuration: ConcordConfiguration(stores: stores.map(\.configuration)), runID: runID)

        // 3. Apply.
        var applied: [StoreID: StoreApplyReport] = [:]
        if options.apply {
            var work: [StoreWork] = []
            for report in reports {
                guard report.error == nil, let plan = report.plan, !plan.isRefused, !plan.changes.isEmpty,
                    let entry = stores.first(where: { $0.configuration.id == report.store })
                else { continue }
                let since = report.fetchStartedAt
                let replanner = self.replanner(for: entry, planner: planner, since: since)
                work.append(StoreWork(adapter: entry.adapter, changes: plan.changes, replan: replanner))
            }
            var executor = PlanExecutor(catalog: catalog, stop: stop)
            executor.writeRefusal = writeRefusal
            if let progress = self.progress {
                executor.progress = { store, line in progress("\(store): \(line)") }
            }
            for result in try await executor.apply(work, runID: runID) { applied[result.store] = result }
            // Edits in a store's admin its stock policy adopts become ledger adjustments, each
            // with the store's base, so the next run sees them as accounted for.
            let adjustments = reports.flatMap { report in
                report.findings.compactMap { StockAdjustment(adopting: $0, policy: report.policy) }
            }
            try await catalog.recordStockAdjustments(adjustments, at: Date())
        }

        // 4. Cursors move only for stores whose plan is fully settled.
        for report in reports where report.error == nil && !heldBack.contains(report.store) {
            guard let cursor = report.nextCursor else { continue }
            let nothingLeft = (report.plan?.changes.isEmpty ?? true) && !(report.plan?.isRefused ?? false)
            let settled: Bool
            if options.apply, let result = applied[report.store] {
                settled = result.isSettled && result.stale == 0
            } else {
                settled = nothingLeft
            }
            guard settled else { continue }
            try await catalog.saveCursor(cursor, store: report.store, stream: .catalog)
            try await catalog.saveCursor(SyncCursor(updatedAt: startedAt, token: basis.token), store: report.store, stream: .basis)
        }

        var summaries: [StoreSyncSummary] = []
        for report in reports {
            var summary = Self.summary(
                of: report, ordersRead: ordersRead[report.store] ?? 0, orderError: orderErrors[report.store], applied: applied[report.store]
            )
            summary.stockWithheld = stockWithheld
            if let before = httpBefore[report.store], let after = statistics?(report.store) { summary.http = after.since(before) }
            // What waits for a person, whether this run saw it again or not: an incremental read
            // must not make a cron job believe the conflicts are gone.
            summary.waitingInReview = try await catalog.reviewQueue(store: report.store).filter { $0.state == .open }.count
            summaries.append(summary)
        }
        var report = SyncReport(
            runID: runID, mode: options.apply ? "apply" : "dry-run", startedAt: startedAt,
            seconds: (ContinuousClock.now - clock).seconds, stores: summaries)
        report.stoppedBy = applied.values.compactMap(\.stoppedBy).first
        if let reported = webhookReportedSKUs, options.apply {
            let entries = try await catalog.journalEntries(runID: runID)
            report.missedByWebhooks = entries.filter { $0.state == .applied && !reported.contains($0.change.sku) }.count
        }
        return report
    }

    static func summary(of report: StorePlanReport, ordersRead: Int, orderError: String?, applied: StoreApplyReport?) -> StoreSyncSummary {
        let listingErrors = report.findings.filter(\.isListingError)
        var error = report.error
        if let orderError { error = error.map { "\($0); \(orderError)" } ?? orderError }
        let plan = report.plan
        let findingsByCode: [String: Int] = Dictionary(grouping: report.findings, by: { $0.code.rawValue }).mapValues { $0.count }
        let errorsByCode: [String: Int] = Dictionary(grouping: listingErrors, by: { $0.code.rawValue }).mapValues { $0.count }
        var summary = StoreSyncSummary(
            store: report.store.rawValue, platform: report.platform.rawValue, incremental: report.incremental,
            listingsRead: report.listingsRead, ordersRead: ordersRead,
            changesPlanned: plan?.changes.count ?? 0, writeCallsPlanned: plan?.estimatedWriteCalls ?? 0,
            reviews: plan?.reviews.count ?? 0, pulls: plan?.pulls.count ?? 0,
            fieldsCompared: report.counts.fieldsCompared, fieldsInSync: report.counts.fieldsInSync,
            findingsByCode: findingsByCode, listingErrorsByCode: errorsByCode,
            refused: plan?.isRefused ?? false, guardReasons: plan?.verdict.reasons.map { $0.message } ?? [],
            fetchSeconds: report.fetchSeconds, apply: applied, error: error, http: nil)
        summary.listingErrors = listingErrors.count
        summary.errorCode = (report.failure ?? applied?.failure)?.code.description
        summary.risksByCode = Dictionary(grouping: report.findings.filter(\.isRisk), by: { $0.code.rawValue }).mapValues { $0.count }
        summary.acknowledged = report.acknowledged.count
        summary.acknowledgedByCode = Dictionary(grouping: report.acknowledged, by: { $0.code.rawValue }).mapValues { $0.count }
        for field in ManagedField.allCases {
            let (compared, inSync) = report.counts.fieldCounts(field)
            if compared > 0 { summary.fields[field.rawValue] = FieldTally(compared: compared, inSync: inSync) }
        }
        return summary
    }

    /// Reads orders created or updated since the store's orders cursor and ingests them (each
    /// line exactly once; later reads update it in place). Returns how many orders were read.
    func ingestOrders(adapter: any StorefrontAdapter, checkVanished: Bool = false) async throws -> Int {
        // A targeted sync (after a webhook) reads from the newer of the scheduled reads' cursor and
        // its own, overlapping the last read by at most a minute rather than the adapter's whole
        // window: at a sale every few seconds, re-reading five minutes of orders on every webhook
        // is what made a sale take seconds to show elsewhere. It saves its own cursor only, so
        // the next scheduled read still covers the whole window and catches any order whose
        // commit lagged longer than that minute.
        var cursor = try await catalog.cursor(store: adapter.store, stream: .orders)
        let targeted = skus != nil
        if targeted, let scheduled = cursor {
            let recent = try await catalog.cursor(store: adapter.store, stream: .ordersTargeted)
            cursor = recent.map { $0.updatedAt > scheduled.updatedAt ? $0 : scheduled } ?? scheduled
            cursor?.overlapAtMost = Self.targetedOrderOverlap
        }
        let batch = try await adapter.fetchOrders(since: cursor)
        if !batch.orders.isEmpty {
            _ = try await catalog.ingestOrders(batch.orders, routing: StockRouting.routing(for: orderSources.map(\.configuration)))
        }
        // Open orders that left the store (trashed, deleted) never come back in a read since a
        // cursor: asked for by id, and released when gone, or their units would stay held forever.
        let open = checkVanished ? try await catalog.openOrderIDs(store: adapter.store) : []
        if !open.isEmpty {
            let gone = try await adapter.vanishedOrders(among: open)
            try await catalog.releaseVanishedOrders(store: adapter.store, ids: gone, at: Date())
        }
        if let next = batch.nextCursor {
            try await catalog.saveCursor(next, store: adapter.store, stream: targeted && cursor != nil ? .ordersTargeted : .orders)
        }
        return batch.orders.count
    }

    /// How far a targeted sync's order read overlaps the last one (see ``ingestOrders``).
    public static let targetedOrderOverlap: TimeInterval = 60

    /// The re-plan for stale changes: read the orders that arrived since (a sale during the sync
    /// is counted before any quantity is written again), then what changed in the store. Also
    /// what `concord apply --resume` and `concord run`'s start-up resume re-plan with.
    public func replanner(
        for entry: (configuration: StoreConfiguration, adapter: any StorefrontAdapter), planner: SyncPlanner, since: Date?
    ) -> @Sendable (Set<SKU>) async throws -> [Change] {
        let ingest = options.ingestOrders
        let catalog = self.catalog
        let runner = self
        return { skus in
            var planner = planner
            if ingest {
                for (_, adapter) in runner.orderSources { _ = try? await runner.ingestOrders(adapter: adapter) }
                planner.committed = try await CommittedStock.load(from: catalog, stores: runner.orderSources.map(\.configuration))
            }
            return try await planner.replan(skus, configuration: entry.configuration, adapter: entry.adapter, since: since)
        }
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONEncoder().encode(text)) ?? Data("\"\"".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}

/// Stores whose orders could not be read after the listing reads, from the planner's callback.
final class OrderReadFailures: Sendable {
    let messages = Mutex<[StoreID: String]>([:])
}
