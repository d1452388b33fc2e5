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
        let scenario = try await SyncScenario(platform: .shopify, products: 6, drift: DriftProfile())
        defer { Task { await scenario.close() } }
        let placed = try #require(
            scenario.store.shop.mutate { state -> (sku: String, variantID: Int64, at: SimLocation, other: SimLocation)? in
                let locations = state.locations.sorted { $0.id < $1.id }
                guard locations.count >= 2 else { return nil }
                let at = locations[index]
                let other = locations[1 - index]
                guard
                    let product = state.allProducts.first(where: {
                        $0.variants.contains { ($0.available[at.id] ?? 0) >= 3 && ($0.available[other.id] ?? 0) >= 1 }
                    }),
                    let variant = product.variants.first(where: { ($0.available[at.id] ?? 0) >= 3 && ($0.available[other.id] ?? 0) >= 1 })
                else { return nil }
                let now = Date()
                state.updateVariant(id: variant.id) { _, variant in
                    variant.available[at.id, default: 0] -= 3
                    variant.committed[at.id, default: 0] += 3
                    // A colleague also recounted both locations (+5 each), so the plan writes both
                    // and shows the quantity Concord wants at each.
                    variant.available[at.id, default: 0] += 5
                    variant.available[other.id, default: 0] += 5
                    variant.updatedAt = now
                }
                let line = SimOrderLine(
                    id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku, title: product.title, quantity: 3,
                    price: variant.price)
                state.upsert(
                    SimOrder(
                        id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .paid,
                        fulfillment: .unfulfilled,
                        locationID: at.id,
                        customer: SimCustomer(
                            firstName: "A", lastName: "B", email: "a@example.com", address: "1 Street", city: "Berlin", postcode: "10115",
                            country: "DE"),
                        lines: [line], createdAt: now, updatedAt: now))
                return (variant.sku, variant.id, at, other)
            })
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

        var planner = SyncPlanner(catalog: scenario.catalog, allowMassChange: true)
        planner.committed = committed
        let changes = try await planner.plan(scenario.stores).first?.plan?.changes.filter { $0.sku == sku } ?? []
        var planned: [String: Int] = [:]
        for change in changes {
            if case .stock(let location) = change.field, case .quantity(let quantity) = change.new { planned[location] = quantity }
        }
        #expect(planned["gid://shopify/Location/\(placed.at.id)"] == onHand(placed.at.code) - 3, "\(changes.map(\.reason))")
        #expect(planned["gid://shopify/Location/\(placed.other.id)"] == onHand(placed.other.code), "\(changes.map(\.reason))")
    }
}
