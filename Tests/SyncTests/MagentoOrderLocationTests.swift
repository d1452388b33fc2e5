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
    /// Places a paid, unshipped order of 3 units of a variant stocked at `index`'s source and at
    /// another: the units are committed at that source (the simulator's source item quantity stays
    /// on hand), and a colleague recounts both sources (+5 each) so the plan writes both.
    private static func placeOrder(
        in scenario: SyncScenario, atSourceIndex index: Int, pickup: Bool
    ) throws -> (sku: String, at: SimLocation, other: SimLocation)? {
        scenario.store.shop.mutate { state -> (sku: String, at: SimLocation, other: SimLocation)? in
            let locations = state.locations.sorted { $0.id < $1.id }
            guard locations.count >= 2 else { return nil }
            let at = locations[index]
            let other = locations[1 - index]
            func fits(_ variant: SimVariant) -> Bool { (variant.available[at.id] ?? 0) >= 3 && (variant.available[other.id] ?? 0) >= 1 }
            guard let product = state.allProducts.first(where: { $0.variants.contains(where: fits) }),
                let variant = product.variants.first(where: fits)
            else { return nil }
            let now = Date()
            state.updateVariant(id: variant.id) { _, variant in
                variant.available[at.id, default: 0] += 5 - 3
                variant.committed[at.id, default: 0] += 3
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
                    lines: [line], createdAt: now, updatedAt: now, isPickup: pickup))
            return (variant.sku, at, other)
        }
    }

    /// The stock quantities a fresh plan writes for `sku`, by source code.
    private static func plannedStock(_ scenario: SyncScenario, sku: SKU, committed: [SKU: [String: Int]]) async throws -> [String: Int] {
        var planner = SyncPlanner(catalog: scenario.catalog, allowMassChange: true)
        planner.committed = committed
        let changes = try await planner.plan(scenario.stores).first?.plan?.changes.filter { $0.sku == sku } ?? []
        var planned: [String: Int] = [:]
        for change in changes {
            if case .stock(let location) = change.field, case .quantity(let quantity) = change.new { planned[location] = quantity }
        }
        return planned
    }

    /// An in-store pickup order (`extension_attributes.pickup_location_code`) at either of two
    /// sources: Concord lowers that source's planned stock, not the other's. Before, the hold
    /// came off the store's total, which the first source gives up first — wrong for index 1.
    @Test("an open pickup order at one source lowers that source's planned stock, not the other's", arguments: [0, 1])
    func pickupOrderAtOneSource(index: Int) async throws {
        let scenario = try await SyncScenario(platform: .magento, products: 6, drift: DriftProfile())
        defer { Task { await scenario.close() } }
        let placed = try #require(try Self.placeOrder(in: scenario, atSourceIndex: index, pickup: true))
        let sku = try #require(SKU(placed.sku))
        let variant = try #require(scenario.products.flatMap(\.variants).first { $0.sku == sku })
        func onHand(_ code: String) -> Int { variant.stock.first { $0.location == code }?.onHand ?? 0 }

        let batch = try await scenario.adapter.fetchOrders(since: nil)
        let line = try #require(batch.orders.flatMap(\.lines).first { $0.sku == sku })
        #expect(line.locationID == placed.at.code && line.locationName == placed.at.name)
        _ = try await scenario.catalog.ingestOrders(batch.orders)
        let committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
        #expect(committed[sku] == [placed.at.code: 3])

        let planned = try await Self.plannedStock(scenario, sku: sku, committed: committed)
        #expect(planned[placed.at.code] == onHand(placed.at.code) - 3, "\(planned)")
        #expect(planned[placed.other.code] == onHand(placed.other.code), "\(planned)")

        // The store's own reading agrees: its reservation sits at the pickup source.
        let listing = try #require(try await scenario.adapter.fetchCatalog(since: nil).listings.first { $0.rawSKU == placed.sku })
        #expect(listing.stock.first { $0.location == placed.at.code }?.committed == 3)
        #expect(listing.stock.first { $0.location == placed.other.code }?.committed == 0)
    }

    /// A shipped (not picked up) order: Magento reserves against the whole stock and picks the
    /// source only when it ships, so Concord keeps the store-wide hold.
    @Test("an open order to be shipped has no source yet and is held store-wide")
    func shippedOrderIsHeldStoreWide() async throws {
        let scenario = try await SyncScenario(platform: .magento, products: 6, drift: DriftProfile())
        defer { Task { await scenario.close() } }
        let placed = try #require(try Self.placeOrder(in: scenario, atSourceIndex: 1, pickup: false))
        let sku = try #require(SKU(placed.sku))

        let batch = try await scenario.adapter.fetchOrders(since: nil)
        let line = try #require(batch.orders.flatMap(\.lines).first { $0.sku == sku })
        #expect(line.locationID == nil && line.locationName == nil)
        _ = try await scenario.catalog.ingestOrders(batch.orders)
        let committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
        #expect(committed[sku] == [CommittedStock.anyLocation: 3])
    }
}
