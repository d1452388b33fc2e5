import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Planning
import Reconcile
import StorefrontAdapter

extension SyncPlanner {
    /// Reconciles and plans each store's last saved snapshot instead of reading the store: what
    /// `concord audit --offline` measures. No adapter is involved, so no request is made.
    ///
    /// A store with no saved snapshot is reported with an error that says how to get one.
    /// - Parameter limits: each platform's write shape, as its adapter states it (the adapter
    ///   registry's `AdapterRegistry.limits`), so the offline plan batches as the online one does.
    public func plan(
        savedSnapshotsOf stores: [StoreConfiguration], limits: (Platform) -> AdapterLimits
    ) async throws -> [StorePlanReport] {
        let products = try await catalog.allProducts()
        let catalogLocations = try await catalog.locations()
        let index = CatalogIndex(products: products)
        let kits = KitTable(try await catalog.kits(), catalog: index)
        var reports: [StorePlanReport] = []
        for configuration in stores {
            guard let snapshot = try await catalog.latestSnapshot(store: configuration.id) else {
                reports.append(
                    .failed(
                        configuration.id, platform: configuration.platform,
                        error: "no saved snapshot of \(configuration.id); run `concord audit` online once to read the store"))
                continue
            }
            let planning = PlanningLimits(limits(configuration.platform))
            var offline = self
            offline.savesSnapshots = false
            reports.append(
                await offline.reconcile(
                    snapshot, fetchSeconds: 0, configuration: configuration, limits: planning, index: index,
                    catalogLocations: catalogLocations, kits: kits))
        }
        return reports
    }
}
