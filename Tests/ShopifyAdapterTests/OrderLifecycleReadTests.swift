import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Shopify adapter: an order's shipments, cancellation and refunds read back")
struct ShopifyOrderLifecycleReadTests {
    @Test(
        "shipped, returned and cancelled-with-restock units; a refund that cancels open units; a shipped unit refunded without restock; the variant sold"
    )
    func lifecycle() async throws {
        let spec = StoreSpec(
            platform: .shopify, name: "shop-orders", seed: 42, source: .generated(count: 10),
            api: ShopifyPlatform(options: .init(bucketSize: 100_000, restoreRate: 100_000, maxQueryCost: 1000)))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let (variant, location) = try #require(
                store.shop.read { state -> (SimVariant, Int64)? in
                    for variant in state.allProducts.flatMap(\.variants) where !variant.sku.isEmpty {
                        if let location = variant.available.first(where: { $0.value >= 7 })?.key { return (variant, location) }
                    }
                    return nil
                })
            let customer = SimCustomer(
                firstName: "A", lastName: "B", email: "a@example.com", address: "1 St", city: "X", postcode: "1", country: "DE")
            let made = try store.shop.mutate { state throws -> (SimOrder, SimOrder, SimOrder)? in
                let now = Date()
                guard let first = state.placeOrder(variantID: variant.id, locationID: location, quantity: 4, customer: customer, now: now),
                    let second = state.placeOrder(variantID: variant.id, locationID: location, quantity: 3, customer: customer, now: now),
                    let third = state.placeOrder(variantID: variant.id, locationID: location, quantity: 3, customer: customer, now: now)
                else { return nil }
                try state.ship(order: third.id, at: now)
                try state.refund(order: third.id, items: [SimRefundItem(line: third.lines[0].id, quantity: 1, restock: .none)], at: now)
                let line = first.lines[0].id
                try state.ship(order: first.id, quantities: [(line, 1)], at: now)
                try state.refund(order: first.id, items: [SimRefundItem(line: line, quantity: 1, restock: .return)], at: now)
                try state.cancel(order: first.id, restock: true, platform: .shopify, at: now)
                try state.ship(order: second.id, quantities: [(second.lines[0].id, 1)], at: now)
                try state.refund(order: second.id, items: [SimRefundItem(line: second.lines[0].id, quantity: 1, restock: .cancel)], at: now)
                return (first, second, third)
            }
            let (first, second, third) = try #require(made)
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let batch = try await adapter.fetchOrders(since: nil)
            let a = try #require(batch.orders.first { $0.remoteID == "gid://shopify/Order/\(first.id)" }?.lines.first)
            #expect(a.variantID == "gid://shopify/ProductVariant/\(variant.id)")
            #expect(a.shippedQuantity == 1)
            #expect(a.returnedQuantity == 1)
            #expect(a.restockedQuantity == 4)
            #expect(a.openQuantity == 0)
            #expect(a.unitsOut == 0)
            #expect(a.storeDebit(holdsStock: true) == 0)

            let b = try #require(batch.orders.first { $0.remoteID == "gid://shopify/Order/\(second.id)" }?.lines.first)
            #expect(b.fulfilledQuantity == 1)
            #expect(b.shippedQuantity == nil)
            #expect(b.refundedQuantity == 1)
            #expect(b.restockedQuantity == 1)
            #expect(b.returnedQuantity == 0)
            #expect(b.openQuantity == 1)
            #expect(b.storeDebit(holdsStock: true) == 2)
            // Refunded without restock after shipping: the unit is gone from the shelf for good.
            let c = try #require(batch.orders.first { $0.remoteID == "gid://shopify/Order/\(third.id)" }?.lines.first)
            #expect(c.fulfilledQuantity == 2)
            #expect(c.shippedQuantity == 3)
            #expect(c.restockedQuantity == 0)
            #expect(c.unitsOut == 3)
            #expect(c.storeDebit(holdsStock: true) == 3)
            #expect(batch.orders.allSatisfy { $0.holdsStock })
            // One extra request for the refunds' lines, one for the fulfilments of the order whose
            // NO_RESTOCK refund may be of shipped units; none for pages without refunds.
            let queries = store.server.log.compactMap(\.query)
            #expect(queries.filter { $0.contains("ConcordRefundLines") }.count == 1)
            #expect(queries.filter { $0.contains("ConcordOrderFulfillments") }.count == 1)
        }
    }
}
