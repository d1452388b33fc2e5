import CatalogModel
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce order reads against the simulator")
struct OrderReadTests {
    /// Places an order for the first variant of the store's first product.
    @discardableResult
    static func placeOrder(
        in store: SimulatedStore, quantity: Int, financial: SimOrder.Financial = .paid, fulfillment: SimOrder.Fulfillment = .unfulfilled,
        cancelled: Bool = false
    ) -> Int64 {
        let now = store.shop.now
        return store.shop.mutate { state in
            let product = state.allProducts[0]
            let variant = product.variants[0]
            let id = state.makeID()
            let line = SimOrderLine(
                id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku, title: product.title,
                quantity: quantity,
                price: variant.price, fulfilledQuantity: fulfillment == .fulfilled ? quantity : 0)
            state.upsert(
                SimOrder(
                    id: id, number: state.makeOrderNumber(), currency: state.currency, financial: financial, fulfillment: fulfillment,
                    locationID: state.locations[0].id, customer: ShopDay.customer, lines: [line], createdAt: now, updatedAt: now,
                    cancelledAt: cancelled ? now : nil))
            return id
        }
    }

    @Test("orders are read in 1 page without customer fields, their states mapped")
    func readsOrders() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 5), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let open = Self.placeOrder(in: store, quantity: 2)
            let shipped = Self.placeOrder(in: store, quantity: 1, fulfillment: .fulfilled)
            let cancelled = Self.placeOrder(in: store, quantity: 3, cancelled: true)
            let refunded = Self.placeOrder(in: store, quantity: 1, financial: .refunded)

            let batch = try await makeAdapter(endpoint, client).fetchOrders(since: nil)
            let orders = Dictionary(uniqueKeysWithValues: batch.orders.map { ($0.remoteID, $0) })
            #expect(orders.count == 4)
            let sku = store.shop.read { SKU($0.allProducts[0].variants[0].sku) }
            #expect(orders[String(open)]?.financialStatus == .paid)
            #expect(orders[String(open)]?.lines.map(\.openQuantity) == [2])
            #expect(orders[String(open)]?.lines.first?.sku == sku)
            #expect(orders[String(shipped)]?.fulfillmentStatus == .fulfilled)
            #expect(orders[String(shipped)]?.lines.map(\.openQuantity) == [0])
            #expect(orders[String(cancelled)]?.isCancelled == true)
            #expect(orders[String(cancelled)]?.lines.map(\.openQuantity) == [0])
            #expect(orders[String(refunded)]?.financialStatus == .refunded)
            #expect(batch.nextCursor?.updatedAt == batch.orders.compactMap(\.updatedAt).max())

            let request = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/orders" })
            let fields = request.params.first { $0.name == "_fields" }?.value ?? ""
            #expect(!fields.isEmpty && !fields.contains("billing") && !fields.contains("shipping") && !fields.contains("customer"))
            #expect(WooRequests(store).orderPages == 1 && WooRequests(store).total == 1)
        }
    }

    @Test("an incremental order read asks for orders modified since the cursor")
    func incrementalOrders() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 5), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            Self.placeOrder(in: store, quantity: 1)
            let first = try await adapter.fetchOrders(since: nil)
            let cursor = try #require(first.nextCursor)
            // Let the clock move past the cursor's second before the next order.
            _ = store.shop.now
            _ = store.shop.now
            let later = Self.placeOrder(in: store, quantity: 4)
            store.server.clearLog()
            let next = try await adapter.fetchOrders(since: cursor)
            // The cursor's own second is read again (WordPress compares whole seconds, strictly).
            #expect(next.orders.map(\.remoteID).last == String(later))
            #expect(next.orders.count == 2)
            #expect(store.server.log.first?.params.contains { $0.name == "modified_after" } == true)
        }
    }

    @Test("partial refunds fill each line's refunded units from the order's refunds, read only for orders that have them")
    func partialRefundsPerLine() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 5), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let plain = Self.placeOrder(in: store, quantity: 2)
            let now = store.shop.now
            let (refundedOrder, lines) = try store.shop.mutate { state throws -> (Int64, [Int64]) in
                let products = state.allProducts.prefix(2)
                let id = state.makeID()
                let lines = products.map { product in
                    SimOrderLine(
                        id: state.makeID(), productID: product.id, variantID: product.variants[0].id, sku: product.variants[0].sku,
                        title: product.title, quantity: 5, price: product.variants[0].price)
                }
                state.upsert(
                    SimOrder(
                        id: id, number: state.makeOrderNumber(), currency: state.currency, financial: .paid, fulfillment: .unfulfilled,
                        locationID: state.locations[0].id, customer: ShopDay.customer, lines: lines, createdAt: now, updatedAt: now))
                // Two partial refunds on the first line (1 unit, then 2), none on the second.
                try state.refund(order: id, quantities: [(lines[0].id, 1)], at: now)
                try state.refund(order: id, quantities: [(lines[0].id, 2)], at: now)
                return (id, lines.map(\.id))
            }

            let batch = try await makeAdapter(endpoint, client).fetchOrders(since: nil)
            let order = try #require(batch.orders.first { $0.remoteID == String(refundedOrder) })
            let refunded = Dictionary(uniqueKeysWithValues: order.lines.map { ($0.remoteLineID, $0.refundedQuantity) })
            #expect(refunded == [String(lines[0]): 3, String(lines[1]): 0])
            #expect(order.lines.map(\.openQuantity) == [2, 5])
            #expect(order.financialStatus == .partiallyRefunded)
            #expect(batch.orders.first { $0.remoteID == String(plain) }?.lines.map(\.refundedQuantity) == [0])

            // One order page, and one refunds page for the one order with refunds.
            let counts = store.server.counters.byEndpoint
            #expect(counts["GET /wp-json/wc/v3/orders"] == 1)
            #expect(counts["GET /wp-json/wc/v3/orders/{id}/refunds"] == 1)
            #expect(WooRequests(store).total == 2)
        }
    }
}
