import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing

@Suite("orders hold their units at the location they ship from")
struct OrderLocationTests {
    /// A Shopify store with two locations; a shopper's open order of 3 units is assigned to one
    /// of them (`fulfillmentOrders { assignedLocation }`). Concord must lower that location's
    /// planned stock, as the store itself does — not the other one, which a store-wide hold takes
    /// from when the assigned location has the higher priority.
    @Test("an open order assigned to one location lowers that location's planned stock, not the other's", arguments: [0, 1])
    func orderAtOneLocation(index: Int) async throws {
        try await withSyncScenario(platform: .shopify, products: 6, drift: DriftProfile()) { scenario in
            let placed = try #require(scenario.placeOpenOrder(atLocationIndex: index))
            let sku = try #require(SKU(placed.sku))
            let variant = try #require(scenario.products.flatMap(\.variants).first { $0.sku == sku })
            func onHand(_ code: String) -> Int { variant.stock.first { $0.location == code }?.onHand ?? 0 }

            // The order read carries the assigned location; the committed units are held there.
            let batch = try await scenario.adapter.fetchOrders(since: nil)
            let line = try #require(batch.orders.first?.lines.first)
            #expect(line.locationID == "gid://shopify/Location/\(placed.at.id)" && line.locationName == placed.at.name)
            _ = try await scenario.catalog.ingestOrders(batch.orders)
            let committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
            #expect(committed[sku] == [placed.at.code: 3])

            let planned = try await scenario.plannedStock(sku: sku, committed: committed)
            #expect(planned["gid://shopify/Location/\(placed.at.id)"] == onHand(placed.at.code) - 3, "\(planned)")
            #expect(planned["gid://shopify/Location/\(placed.other.id)"] == onHand(placed.other.code), "\(planned)")
        }
    }
}
