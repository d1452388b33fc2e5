import CatalogModel
import ConcordConfig
import Reconcile

extension StorePolicy {
    /// The reconcile policy a store's `concord.toml` table describes.
    ///
    /// - Parameters:
    ///   - configuration: The store's table.
    ///   - storeLocations: The locations the store reported (ids and names).
    ///   - catalogLocations: The catalog's locations.
    /// - Returns: The policy. Store locations come from `[stores.<id>.locations]` when it is given;
    ///   otherwise each store location is matched to the catalog location of the same name, which
    ///   is how a store seeded from the catalog (and the simulator) names them. Field policies,
    ///   per-SKU buffers, rule levels and allocation rules come typed and checked from the
    ///   configuration loader.
    public init(configuration: StoreConfiguration, storeLocations: [Location], catalogLocations: [Location]) {
        var locationMap = configuration.locations
        if locationMap.isEmpty && configuration.locationFeeds.isEmpty {
            let codeByName = Dictionary(catalogLocations.map { ($0.name.lowercased(), $0.code) }, uniquingKeysWith: { first, _ in first })
            for location in storeLocations {
                if let code = codeByName[location.name.lowercased()] { locationMap[location.code] = code }
            }
        }
        self.init(
            store: configuration.id,
            managedFields: Set(configuration.managedFields),
            storeEditPolicy: configuration.storeEditPolicies,
            firstSyncPolicy: configuration.firstSyncPolicies,
            stockBuffer: configuration.stockBuffer,
            skuStockBuffers: configuration.stockBuffers,
            locationMap: locationMap,
            locationFeeds: configuration.locationFeeds,
            allocation: configuration.allocation,
            priceRule: configuration.priceRule ?? PriceRule(),
            ruleSettings: configuration.ruleSettings
        )
    }
}
