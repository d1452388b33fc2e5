import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing

@Suite("Magento orders hold their units at the source they leave from, when Magento knows it")
struct MagentoOrderLocationTests {
    /// An in-store pickup order (`extension_attributes.pickup_location_code`) at either of two
    /// sources: Concord lowers that source's planned stock, not the other's. Before, the hold
    /// came off the store's total, which the first source gives up first — wrong for index 1.
    @Test("an open pickup order at one source lowers that source's planned stock, not the other's", arguments: [0, 1])
    func pickupOrderAtOneSource(index: Int) async throws {
        try await withSyncScenario(platform: .magento, products: 6, drift: DriftProfile()) { scenario in
            let placed = try #require(scenario.placeOpenOrder(atLocationIndex: index, pickup: true))
            let sku = try #require(SKU(placed.sku))
            let variant = try #require(scenario.products.flatMap(\.variants).first { $0.sku == sku })
            func onHand(_ code: String) -> Int { variant.stock.first { $0.location == code }?.onHand ?? 0 }

            let batch = try await scenario.adapter.fetchOrders(since: nil)
            let line = try #require(batch.orders.flatMap(\.lines).first { $0.sku == sku })
            #expect(line.locationID == placed.at.code && line.locationName == placed.at.name)
            _ = try await scenario.catalog.ingestOrders(batch.orders)
            let committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
            #expect(committed[sku] == [placed.at.code: 3])

            let planned = try await scenario.plannedStock(sku: sku, committed: committed)
            #expect(planned[placed.at.code] == onHand(placed.at.code) - 3, "\(planned)")
            #expect(planned[placed.other.code] == onHand(placed.other.code), "\(planned)")

            // The store's own reading agrees: its reservation sits at the pickup source.
            let listing = try #require(try await scenario.adapter.fetchCatalog(since: nil).listings.first { $0.rawSKU == placed.sku })
            #expect(listing.stock.first { $0.location == placed.at.code }?.committed == 3)
            #expect(listing.stock.first { $0.location == placed.other.code }?.committed == 0)
            // The order read and the catalog read share one reading of the sources.
            let sourceReads = scenario.store.server.log.filter { $0.path.hasSuffix("/V1/inventory/sources") }
            #expect(sourceReads.count == 1, "\(sourceReads.map(\.path))")
        }
    }

    /// A shipped (not picked up) order: Magento reserves against the whole stock and picks the
    /// source only when it ships, so Concord keeps the store-wide hold.
    @Test("an open order to be shipped has no source yet and is held store-wide")
    func shippedOrderIsHeldStoreWide() async throws {
        try await withSyncScenario(platform: .magento, products: 6, drift: DriftProfile()) { scenario in
            let placed = try #require(scenario.placeOpenOrder(atLocationIndex: 1, pickup: false))
            let sku = try #require(SKU(placed.sku))

            let batch = try await scenario.adapter.fetchOrders(since: nil)
            let line = try #require(batch.orders.flatMap(\.lines).first { $0.sku == sku })
            #expect(line.locationID == nil && line.locationName == nil)
            _ = try await scenario.catalog.ingestOrders(batch.orders)
            let committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
            #expect(committed[sku] == [CommittedStock.anyLocation: 3])
        }
    }
}
