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
    /// Every finding that is not an in-sync field: pushes, pulls, conflicts, listing errors.
    public var findings: [Finding]
    public var listingsRead: Int
    public var fetchSeconds: Double
    public var reconcileSeconds: Double
    /// Why the store could not be planned (unreachable, refused credentials...).
    public var error: String?
    /// The reconciler's tallies (fields compared and in sync, per field): what audits measure.
    public var counts: ReconcileCounts
    /// When the store was read (the snapshot's time; earlier than now for an offline audit).
    public var fetchedAt: Date?

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
    public let catalog: any CatalogStore
    public var allowMassChange: Bool
    public var massChangeGuard: MassChangeGuard
    /// Keep each complete read as the store's latest snapshot (``CatalogStore/saveSnapshot(_:)``),
    /// for `concord audit --offline`.
    public var savesSnapshots = false

    public init(catalog: any CatalogStore, allowMassChange: Bool = false, massChangeGuard: MassChangeGuard = MassChangeGuard()) {
        self.catalog = catalog
        self.allowMassChange = allowMassChange
        self.massChangeGuard = massChangeGuard
    }

    /// Plans every store; a store that fails is reported with its error, the others still planned.
    public func plan(_ stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]) async throws -> [StorePlanReport] {
        let products = try await catalog.allProducts()
        let catalogLocations = try await catalog.locations()
        let index = CatalogIndex(products: products)
        var reports: [StorePlanReport] = []
        // Read at most two stores at once, then reconcile each as it arrives.
        var pending = stores[...]
        await withTaskGroup(of: (Int, Result<(StoreSnapshot, Double), any Error>).self) { group in
            var started = 0
            func startNext() {
                guard let next = pending.popFirst() else { return }
                let position = started
                started += 1
                group.addTask {
                    let clock = ContinuousClock.now
                    do {
                        let snapshot = try await next.adapter.fetchCatalog(since: nil)
                        return (position, .success((snapshot, (ContinuousClock.now - clock).seconds)))
                    } catch {
                        return (position, .failure(error))
                    }
                }
            }
            startNext()
            startNext()
            var results: [Int: Result<(StoreSnapshot, Double), any Error>] = [:]
            for await (position, result) in group {
                results[position] = result
                startNext()
            }
            for (position, entry) in stores.enumerated() {
                switch results[position] {
                case .success(let (snapshot, seconds))?:
                    reports.append(await reconcile(snapshot, fetchSeconds: seconds, configuration: entry.configuration, limits: Self.limits(for: entry.adapter), index: index, catalogLocations: catalogLocations))
                case .failure(let error)?:
                    reports.append(.failed(entry.configuration.id, platform: entry.configuration.platform, error: "\(error)"))
                case nil:
                    break
                }
            }
        }
        return reports
    }

    func reconcile(
        _ snapshot: StoreSnapshot, fetchSeconds: Double, configuration: StoreConfiguration, limits: PlanningLimits,
        index: CatalogIndex, catalogLocations: [Location]
    ) async -> StorePlanReport {
        let store = configuration.id
        if savesSnapshots, snapshot.isComplete {
            do {
                try await catalog.saveSnapshot(snapshot)
            } catch {
                return .failed(store, platform: configuration.platform, error: "\(error)")
            }
        }
        let bases = (try? await catalog.baseValues(store: store)) ?? [:]
        let mappings = Dictionary(((try? await catalog.listingMappings(store: store)) ?? []).map { ($0.sku, $0.ref) }, uniquingKeysWith: { $1 })
        let started = ContinuousClock.now
        let policy = StorePolicy(configuration: configuration, storeLocations: snapshot.locations, catalogLocations: catalogLocations)
        let result = Reconciler.reconcile(ReconcileInput(catalog: index, snapshot: snapshot, bases: bases, mappings: mappings, policy: policy))
        let plan = Planner.plan(result, limits: limits, guard: massChangeGuard, allowMassChange: allowMassChange)
        return StorePlanReport(
            store: store, platform: configuration.platform, plan: plan, findings: result.findings, listingsRead: snapshot.listings.count,
            fetchSeconds: fetchSeconds, reconcileSeconds: (ContinuousClock.now - started).seconds, error: nil,
            counts: result.counts, fetchedAt: snapshot.fetchedAt)
    }

    /// The platform's write batching: Shopify writes stock 250 quantities a call and variant fields
    /// one product a call; the REST platforms take their batch size.
    static func limits(for adapter: any StorefrontAdapter) -> PlanningLimits {
        switch adapter.platform {
        case .shopify: PlanningLimits(writeBatchSize: adapter.limits.writeBatchSize, perProductCalls: true, stockWriteBatchSize: adapter.limits.writeBatchSize)
        case .woocommerce, .magento: PlanningLimits(writeBatchSize: adapter.limits.writeBatchSize)
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
