import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Planning
import Reconcile

extension SyncPlanner {
    /// Reconciles and plans each store's last saved snapshot instead of reading the store: what
    /// `concord audit --offline` measures. No adapter is involved, so no request is made.
    ///
    /// A store with no saved snapshot is reported with an error that says how to get one.
    public func plan(savedSnapshotsOf stores: [StoreConfiguration]) async throws -> [StorePlanReport] {
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
            let limits: PlanningLimits =
                switch configuration.platform {
                case .shopify: PlanningLimits(writeBatchSize: 250, perProductCalls: true, stockWriteBatchSize: 250, productsPerCall: 100)
                case .woocommerce: PlanningLimits(writeBatchSize: 100, variantsPerParentCall: true)
                case .magento: PlanningLimits(writeBatchSize: 100)
                }
            var offline = self
            offline.savesSnapshots = false
            reports.append(
                await offline.reconcile(
                    snapshot, fetchSeconds: 0, configuration: configuration, limits: limits, index: index,
                    catalogLocations: catalogLocations, kits: kits))
        }
        return reports
    }
}
