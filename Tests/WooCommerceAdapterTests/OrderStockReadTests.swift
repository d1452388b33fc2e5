import CatalogModel
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce order reads: stock held, restocked and returned units")
struct OrderStockReadTests {
    /// An order of `quantity` units of the store's first simple product, taken through the same
    /// operations the simulator's status changes run, then `steps`.
    static func order(
        in store: SimulatedStore, quantity: Int, paid: Bool = true,
        _ steps: (inout ShopState, SimOrder, Date) throws -> Void = { _, _, _ in }
    ) throws -> (id: Int64, productID: Int64) {
        let now = store.shop.now
        return try store.shop.mutate { state in
            let product = try #require(state.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable >= quantity })
            let placed = state.placeOrder(
                variantID: product.variants[0].id, locationID: state.locations[0].id, quantity: quantity,
                customer: ShopDay.customer, paid: paid, reducesStock: paid, now: now)
            let order = try #require(placed)
            try steps(&state, order, now)
            return (order.id, product.id)
        }
    }

    @Test(
        "pending holds no stock; refunds with restock; completed then returned; cancelled after shipping; failed with and without reduced stock"
    )
    func lifecycle() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 8), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let pending = try Self.order(in: store, quantity: 2, paid: false)
            let refundedOpen = try Self.order(in: store, quantity: 3) { state, order, now in
                let items = try state.refundItems(
                    order: order.id, quantities: [(order.lines[0].id, 1)], restock: true, platform: .woocommerce)
                try state.refund(order: order.id, items: items, at: now)
            }
            let returned = try Self.order(in: store, quantity: 2) { state, order, now in
                try state.ship(order: order.id, at: now)
                let items = try state.refundItems(
                    order: order.id, quantities: [(order.lines[0].id, 1)], restock: true, platform: .woocommerce)
                try state.refund(order: order.id, items: items, at: now)
            }
            let cancelledAfterShipping = try Self.order(in: store, quantity: 2) { state, order, now in
                try state.ship(order: order.id, at: now)
                try state.cancel(order: order.id, platform: .woocommerce, at: now)
            }
            let failedReduced = try Self.order(in: store, quantity: 1) { state, order, _ in
                var failed = state.orders[order.id]!
                failed.financial = .voided
                state.upsert(failed)
            }
            let failedUnreduced = try Self.order(in: store, quantity: 1, paid: false) { state, order, _ in
                var failed = state.orders[order.id]!
                failed.financial = .voided
                state.upsert(failed)
            }

            let batch = try await makeAdapter(endpoint, client).fetchOrders(since: nil)
            let orders = Dictionary(uniqueKeysWithValues: batch.orders.map { ($0.remoteID, $0) })
            let open = try #require(orders[String(pending.id)])
            #expect(open.holdsStock == false)
            #expect(open.lines[0].variantID == String(pending.productID))
            #expect(open.lines[0].storeDebit(holdsStock: open.holdsStock) == 0)

            let partly = try #require(orders[String(refundedOpen.id)]?.lines.first)
            #expect(partly.refundedQuantity == 1)
            #expect(partly.restockedQuantity == 1)
            #expect(partly.returnedQuantity == 0)
            #expect(partly.openQuantity == 2)
            #expect(partly.storeDebit(holdsStock: true) == 2)

            let back = try #require(orders[String(returned.id)]?.lines.first)
            #expect(back.fulfilledQuantity == 2)
            #expect(back.restockedQuantity == 1)
            #expect(back.returnedQuantity == 1)
            #expect(back.unitsOut == 1)

            let cancelled = try #require(orders[String(cancelledAfterShipping.id)])
            #expect(cancelled.isCancelled)
            #expect(cancelled.lines[0].shippedQuantity == 2)
            #expect(cancelled.lines[0].restockedQuantity == 2)
            #expect(cancelled.lines[0].returnedQuantity == 2)
            #expect(cancelled.lines[0].unitsOut == 0)
            #expect(cancelled.lines[0].storeDebit(holdsStock: cancelled.holdsStock) == 0)

            #expect(orders[String(failedReduced.id)]?.holdsStock == true)
            #expect(orders[String(failedUnreduced.id)]?.holdsStock == false)
        }
    }
}
