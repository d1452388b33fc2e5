import CatalogModel
import CatalogStorage
import ConcordConfig
import Reconcile

extension StockRouting {
    /// Where a store's shipments are booked, from its `[stores.<id>.locations]`: each store
    /// location fed by one catalog location books there; units whose order names no location (or
    /// one fed by several) book at the store's highest-priority feeding location.
    public init(configuration: StoreConfiguration) {
        var single = configuration.locations
        for (id, feeds) in configuration.locationFeeds {
            single[id] = feeds.count == 1 ? feeds[0] : nil
        }
        let priority = configuration.allocation.rule.locations
        let fed =
            configuration.locations.keys.sorted().compactMap { configuration.locations[$0] }
            + configuration.locationFeeds.keys.sorted().flatMap { configuration.locationFeeds[$0]! }
        let fallback = priority?.first(where: fed.contains) ?? fed.first
        self.init(locations: single, fallback: fallback)
    }

    /// The routing of every configured store.
    public static func routing(for stores: [StoreConfiguration]) -> [StoreID: StockRouting] {
        Dictionary(stores.map { ($0.id, StockRouting(configuration: $0)) }, uniquingKeysWith: { first, _ in first })
    }
}

extension StockAdjustment {
    /// The ledger adjustment for an edit a store's stock policy adopts
    /// (``FindingCode/stockEditAdopted``): the difference, at the catalog location that store
    /// location's stock comes from (the first of its feeds), with the store's value as its base.
    /// `nil` for any other finding.
    public init?(adopting finding: Finding, policy: StorePolicy?) {
        guard finding.code == .stockEditAdopted, let sku = finding.sku, let units = finding.units, units != 0,
            case .stock(let storeLocation)? = finding.field, case .quantity(let shown)? = finding.storeValue,
            let location = policy?.effectiveLocationFeeds[storeLocation]?.first
        else { return nil }
        self.init(
            sku: sku, location: location, units: units, store: finding.store,
            note: "edit in \(finding.store)'s admin adopted (stock policy adopt)", baseField: finding.field, baseQuantity: shown)
    }
}
