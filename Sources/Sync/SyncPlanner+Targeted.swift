import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Reconcile
import StorefrontAdapter

extension SyncPlanner {
    /// Plans only `skus` in each store, from a targeted read of those listings: what a webhook
    /// triggers. The snapshots are incomplete, so nothing else is judged missing, and no cursor
    /// moves (the scheduled sync still reads everything that changed).
    public func planTargeted(_ skus: Set<SKU>, stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]) async throws
        -> [StorePlanReport]
    {
        let index = CatalogIndex(products: try await catalog.allProducts())
        let catalogLocations = try await catalog.locations()
        let kits = KitTable(try await catalog.kits(), catalog: index)
        // Every store's few listings first, then the orders again (see `committedAfterReads`),
        // then the reconcile: a sale the read already shows is then among the committed units.
        var reads: [Result<(StoreSnapshot, Double, Date), any Error>] = []
        for entry in stores {
            let clock = ContinuousClock.now
            let startedAt = Date()
            do {
                var snapshot = try await entry.adapter.fetchListings(skus: skus)
                snapshot.isComplete = false
                snapshot.nextCursor = nil
                reads.append(.success((snapshot, (ContinuousClock.now - clock).seconds, startedAt)))
            } catch {
                reads.append(.failure(error))
            }
        }
        var planner = self
        if let refresh = committedAfterReads { planner.committed = try await refresh() }
        var reports: [StorePlanReport] = []
        for (entry, read) in zip(stores, reads) {
            do {
                let (snapshot, seconds, startedAt) = try read.get()
                var report = await planner.reconcile(
                    snapshot, fetchSeconds: seconds, configuration: entry.configuration,
                    limits: Self.limits(for: entry.adapter), index: index, catalogLocations: catalogLocations, kits: kits)
                report.fetchStartedAt = startedAt
                report.nextCursor = nil
                if var plan = report.plan {
                    plan.changes = plan.changes.filter { skus.contains($0.sku) }
                    plan.reviews = plan.reviews.filter { $0.sku.map(skus.contains) ?? false }
                    plan.pulls = plan.pulls.filter { $0.sku.map(skus.contains) ?? false }
                    report.plan = plan
                }
                report.findings = report.findings.filter { $0.sku.map(skus.contains) ?? false }
                reports.append(report)
            } catch {
                reports.append(.failed(entry.configuration.id, platform: entry.configuration.platform, error: error))
            }
        }
        return reports
    }
}
