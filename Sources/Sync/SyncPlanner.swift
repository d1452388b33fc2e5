import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Planning
import Reconcile
import StorefrontAdapter

/// One store's part of a plan: what was read, what Concord would change and why, or why it could
/// not plan the store at all.
public struct StorePlanReport: Sendable {
    public var store: StoreID
    public var platform: Platform
    /// The plan; nil when the store could not be read.
    public var plan: StorePlan?
    /// Every finding that is not an in-sync field: pushes, pulls, conflicts, listing errors; not
    /// those in ``acknowledged``.
    public var findings: [Finding]
    /// Orphans a person ignored and listing errors a person acknowledged in `concord review`: still
    /// found, but kept out of ``findings`` so that counts and reports show only what is undecided.
    public var acknowledged: [Finding] = []
    public var listingsRead: Int
    public var fetchSeconds: Double
    public var reconcileSeconds: Double
    /// Why the store could not be planned (unreachable, refused credentials...).
    public var error: String?
    /// The adapter's own error, when the failure was one: its code (`unauthorized`,
    /// `unreachable`, ...) lets a caller act on the kind of failure without reading the text.
    public var failure: AdapterError?
    /// The policy the store was reconciled with (nil when it could not be read).
    public var policy: StorePolicy?
    /// Whether only what changed since the store's cursor was read.
    public var incremental = false
    /// Where the next incremental read of the store starts, once this run's changes are applied.
    public var nextCursor: SyncCursor?
    /// When the read started (a re-plan reads what changed since then).
    public var fetchStartedAt: Date?
    /// The reconciler's tallies (fields compared and in sync, per field): what audits measure.
    public var counts = ReconcileCounts()
    /// When the store was read (the snapshot's time; earlier than now for an offline audit).
    public var fetchedAt: Date?
    /// The SKUs read, when only part of the store was (an incremental read); `nil` for a whole read.
    public var readSKUs: Set<SKU>?
    /// The listings the review queue asks about (orphans, SKUs carried twice, ambiguous barcode
    /// matches), as read, so that a person can choose between them or adopt one offline.
    public var reviewListings: [Listing] = []
    /// The store's locations as read (adopting an orphan maps its stock through them).
    public var storeLocations: [Location] = []

    public init(
        store: StoreID, platform: Platform, plan: StorePlan? = nil, findings: [Finding] = [], listingsRead: Int = 0,
        fetchSeconds: Double = 0, reconcileSeconds: Double = 0, error: String? = nil,
        counts: ReconcileCounts = ReconcileCounts(), fetchedAt: Date? = nil
    ) {
        self.store = store
        self.platform = platform
        self.plan = plan
        self.findings = findings
        self.listingsRead = listingsRead
        self.fetchSeconds = fetchSeconds
        self.reconcileSeconds = reconcileSeconds
        self.error = error
        self.counts = counts
        self.fetchedAt = fetchedAt
    }

    /// A store that could not be planned.
    public static func failed(_ store: StoreID, platform: Platform, error: String) -> StorePlanReport {
        StorePlanReport(store: store, platform: platform, error: error)
    }

    /// A store that could not be planned because of `error`, kept as the adapter's value when it
    /// is one.
    public static func failed(_ store: StoreID, platform: Platform, error: any Error) -> StorePlanReport {
        var report = StorePlanReport(store: store, platform: platform, error: "\(error)")
        report.failure = error as? AdapterError
        return report
    }

    /// Whether this store has anything for a person or an apply to act on.
    public var hasWork: Bool {
        guard let plan else { return false }
        return !plan.changes.isEmpty || !plan.reviews.isEmpty || !plan.pulls.isEmpty
    }
}

/// Fetch → reconcile → plan for each configured store, reading nothing but the stores and the
/// catalog and writing nothing anywhere: `concord plan`.
///
/// Stores are read two at a time (the machine's cores; each store's API is the slow part), and
/// reconciled one at a time so only one store's snapshot is in memory at once.
public struct SyncPlanner: Sendable {
    public let catalog: any CatalogRecords & SyncStateStore & StockLedger & ReviewStore
    public var allowMassChange: Bool
    public var massChangeGuard: MassChangeGuard
    /// Units promised to open orders, per SKU and catalog location code ("*": not tied to a
    /// location), which the stores' sellable stock must leave out. See ``CommittedStock``.
    public var committed: [SKU: [String: Int]] = [:]
    /// Called once every store's listings are read and before any is reconciled, to read orders
    /// again and return the committed units then (`concord sync` sets it; see ``plan(_:)``).
    public var committedAfterReads: (@Sendable () async throws -> [SKU: [String: Int]])?
    /// Stores to read incrementally, from these cursors; the others are read whole.
    public var incrementalFrom: [StoreID: SyncCursor] = [:]
    /// Record, as each store is reconciled, the bases of fields found in sync and the listings
    /// newly matched (what `concord sync` remembers; `concord plan` records nothing).
    public var recordsInSyncState = false
    /// Keep each complete read as the store's latest snapshot (``CatalogStore/saveSnapshot(_:)``),
    /// for `concord audit --offline`.
    public var savesSnapshots = false

    public init(
        catalog: any CatalogRecords & SyncStateStore & StockLedger & ReviewStore, allowMassChange: Bool = false,
        massChangeGuard: MassChangeGuard = MassChangeGuard()
    ) {
        self.catalog = catalog
        self.allowMassChange = allowMassChange
        self.massChangeGuard = massChangeGuard
    }

    /// Plans every store; a store that fails is reported with its error, the others still planned.
    public func plan(_ stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]) async throws -> [StorePlanReport] {
        let products = try await catalog.allProducts()
        let catalogLocations = try await catalog.locations()
        let index = CatalogIndex(products: products)
        let kits = KitTable(try await catalog.kits(), catalog: index)
        var reports: [StorePlanReport] = []
        let incrementalFrom = self.incrementalFrom
        var planner = self
        var refreshError: (any Error)?
        // Read at most two stores at once, then reconcile each as it arrives.
        var pending = stores[...]
        await withTaskGroup(of: (Int, Result<(StoreSnapshot, Double, Date), any Error>).self) { group in
            var started = 0
            func startNext() {
                guard let next = pending.popFirst() else { return }
                let position = started
                started += 1
                group.addTask {
                    let clock = ContinuousClock.now
                    let startedAt = Date()
                    do {
                        let cursor = next.adapter.limits.incrementalReads ? incrementalFrom[next.configuration.id] : nil
                        let snapshot = try await next.adapter.fetchCatalog(since: cursor)
                        return (position, .success((snapshot, (ContinuousClock.now - clock).seconds, startedAt)))
                    } catch {
                        return (position, .failure(error))
                    }
                }
            }
            startNext()
            startNext()
            var results: [Int: Result<(StoreSnapshot, Double, Date), any Error>] = [:]
            for await (position, result) in group {
                results[position] = result
                startNext()
            }
            // A sale a store's read already shows must be among the committed units, or the plan
            // would set that store's stock back above it: orders are read again once every
            // listing read is done. Not when no read returned a listing (an idle incremental
            // sync): with no stock compared, there is nothing the second read could correct.
            let anyListing = results.values.contains { result in
                guard case .success(let (snapshot, _, _)) = result else { return false }
                return !snapshot.listings.isEmpty
            }
            if let refresh = committedAfterReads, anyListing {
                do {
                    planner.committed = try await refresh()
                } catch {
                    refreshError = error
                    return
                }
            }
            for (position, entry) in stores.enumerated() {
                switch results[position] {
                case .success(let (snapshot, seconds, startedAt))?:
                    var report = await planner.reconcile(
                        snapshot, fetchSeconds: seconds, configuration: entry.configuration, limits: Self.limits(for: entry.adapter),
                        index: index, catalogLocations: catalogLocations, kits: kits)
                    report.fetchStartedAt = startedAt
                    reports.append(report)
                case .failure(let error)?:
                    reports.append(.failed(entry.configuration.id, platform: entry.configuration.platform, error: error))
                case nil:
                    break
                }
            }
        }
        if let refreshError { throw refreshError }
        ChannelAllocationCheck.addFindings(to: &reports, catalog: index, kits: kits, committed: planner.committed)
        return reports
    }

    func reconcile(
        _ snapshot: StoreSnapshot, fetchSeconds: Double, configuration: StoreConfiguration, limits: PlanningLimits,
        index: CatalogIndex, catalogLocations: [Location], kits: KitTable = KitTable()
    ) async -> StorePlanReport {
        let store = configuration.id
        if savesSnapshots, snapshot.isComplete {
            do {
                try await catalog.saveSnapshot(snapshot)
            } catch {
                return .failed(store, platform: configuration.platform, error: error)
            }
        }
        let bases = (try? await catalog.baseTable(store: store)) ?? BaseTable()
        let mappings = Dictionary(
            ((try? await catalog.listingMappings(store: store)) ?? []).map { ($0.sku, $0.ref) }, uniquingKeysWith: { $1 })
        let started = ContinuousClock.now
        var policy = StorePolicy(configuration: configuration, storeLocations: snapshot.locations, catalogLocations: catalogLocations)
        let suppressions = (try? await catalog.reviewSuppressions(store: store)) ?? []
        policy.excludeNotSold(suppressions)
        var input = ReconcileInput(
            catalog: index, snapshot: snapshot, bases: bases, mappings: mappings, committed: committed, policy: policy, kits: kits)
        // What the store's own orders moved since its stock bases: stock is reconciled by cause.
        input.storeDebits = (try? await catalog.stockDebits(store: store)) ?? [:]
        let result = Reconciler.reconcile(input)
        let plan = Planner.plan(result, limits: limits, guard: massChangeGuard, allowMassChange: allowMassChange)
        let (findings, acknowledged) = ReviewSuppression.partition(result.findings, by: suppressions)
        var report = StorePlanReport(
            store: store, platform: configuration.platform, plan: plan, findings: findings, listingsRead: snapshot.listings.count,
            fetchSeconds: fetchSeconds, reconcileSeconds: (ContinuousClock.now - started).seconds, error: nil)
        report.acknowledged = acknowledged
        report.incremental = !snapshot.isComplete
        if !snapshot.isComplete { report.readSKUs = Set(snapshot.listings.compactMap(\.sku)) }
        report.nextCursor = snapshot.nextCursor
        report.counts = result.counts
        report.fetchedAt = snapshot.fetchedAt
        report.policy = policy
        report.reviewListings = ReviewQueueRecorder.listingsInQuestion(findings, snapshot: snapshot)
        report.storeLocations = snapshot.locations
        if recordsInSyncState {
            do {
                try await recordInSyncState(result, store: store, at: snapshot.fetchedAt)
            } catch {
                report.error = "could not record the fields found in sync: \(error)"
            }
        }
        return report
    }

    /// Base values recorded per transaction by ``recordInSyncState(_:store:at:)``.
    static let baseRecordChunk = 200_000

    /// Remembers what a reconcile established without writing anything to the store: the bases
    /// of fields found in sync and the listings matched by SKU or barcode.
    func recordInSyncState(_ result: ReconcileResult, store: StoreID, at date: Date) async throws {
        // In chunks: a first sync of a million listings finds ten million fields in sync, and a
        // dictionary of them all would hold over a gigabyte at once. A chunk is one transaction;
        // a run stopped between chunks only leaves bases to record again next time.
        var chunk: [BaseKey: FieldValue] = [:]
        for update in result.baseUpdates {
            chunk[update.key] = update.value
            if chunk.count >= Self.baseRecordChunk {
                try await catalog.recordBaseValues(chunk, store: store, runID: nil)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        if !chunk.isEmpty {
            try await catalog.recordBaseValues(chunk, store: store, runID: nil)
        }
        if !result.mappingUpdates.isEmpty {
            try await catalog.saveListingMappings(
                result.mappingUpdates.map { ListingMapping(store: store, sku: $0.sku, ref: $0.ref, lastSeen: date) })
        }
    }

    /// Re-plans some SKUs of one store from a read of what changed since `since` (the whole store
    /// when the platform cannot read incrementally): the fresh changes carry the store's current
    /// values as their preconditions. Used for changes found stale during an apply.
    public func replan(_ skus: Set<SKU>, configuration: StoreConfiguration, adapter: any StorefrontAdapter, since: Date?) async throws
        -> [Change]
    {
        let products = try await catalog.allProducts()
        let index = CatalogIndex(products: products)
        let kits = KitTable(try await catalog.kits(), catalog: index)
        let cursor = adapter.limits.incrementalReads ? since.map { SyncCursor(updatedAt: $0) } : nil
        var snapshot = try await adapter.fetchCatalog(since: cursor)
        snapshot.listings = snapshot.listings.filter { $0.sku.map(skus.contains) ?? false }
        snapshot.isComplete = false
        var planner = self
        planner.recordsInSyncState = false
        let report = await planner.reconcile(
            snapshot, fetchSeconds: 0, configuration: configuration, limits: Self.limits(for: adapter), index: index,
            catalogLocations: try await catalog.locations(), kits: kits)
        return (report.plan?.changes ?? []).filter { skus.contains($0.sku) }
    }

    /// The platform's write batching, as its adapter states it.
    static func limits(for adapter: any StorefrontAdapter) -> PlanningLimits { PlanningLimits(adapter.limits) }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

extension PlanningLimits {
    /// The plan's batching from what an adapter says of its platform's write calls.
    public init(_ limits: AdapterLimits) {
        self.init(
            writeBatchSize: limits.writeBatchSize, perProductCalls: limits.writesPerProduct,
            stockWriteBatchSize: limits.stockWriteBatchSize,
            variantsPerParentCall: limits.variationsPerParentCall, productsPerCall: limits.productsPerWriteCall)
    }
}
