import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import MagentoSimulator
import SimulatorCore
import Testing

/// An order's life on Magento with MSI, and the two stock numbers after each step: the source
/// item's quantity (on hand at the source) and the salable quantity (source quantity less the
/// reservations of open orders). A shipment deducts the source and compensates the reservation;
/// a cancel releases the reservation of what did not ship; a credit memo returns the units in
/// `return_to_stock_items` to the source and compensates the reservation of unshipped units.
@Suite("Magento order stock: ship, cancel, refund")
struct OrderStockLifecycleTests {
    struct Stock: Equatable {
        var source: Int
        var salable: Int
    }

    static func stock(_ store: MagentoTestStore, sku: String, source: String) async throws -> Stock {
        let items = try await store.get(
            "inventory/source-items?" + criteria(filter(group: 0, "sku", sku, "eq") + filter(group: 1, "source_code", source, "eq")))
        let quantity = try #require(items["items"]?[0]?["quantity"]?.intValue)
        let salable = try #require(try await store.get("inventory/get-product-salable-quantity/\(sku)/1").intValue)
        return Stock(source: quantity, salable: salable)
    }

    /// A simple product's SKU with at least `units` at one source, and that source's code.
    static func stocked(_ store: MagentoTestStore, units: Int) throws -> (sku: String, source: String) {
        try #require(
            store.shop.read { state -> (String, String)? in
                for product in state.allProducts where product.isSimple {
                    let variant = product.variants[0]
                    if !variant.sku.isEmpty, let location = state.locations.first(where: { (variant.available[$0.id] ?? 0) >= units }) {
                        return (variant.sku, location.code)
                    }
                }
                return nil
            })
    }

    static func place(_ store: MagentoTestStore, sku: String, source: String, quantity: Int, paid: Bool) async throws -> (
        order: Int64, item: Int64
    ) {
        let reply = try await store.send(
            .post, "/_sim/orders",
            json: ["sku": .string(sku), "quantity": .int(Int64(quantity)), "location": .string(source), "paid": .bool(paid)])
        #expect(reply.status == 201)
        return (try #require(reply.json["order_id"]?.int64Value), try #require(reply.json["line_ids"]?[0]?.int64Value))
    }

    @Test(
        "an uninvoiced order: part shipped (source falls, salable stays), the rest cancelled (salable back); qty_shipped and qty_canceled")
    func shipAndCancel() async throws {
        try await withMagentoStore(products: 12) { store in
            let (sku, source) = try Self.stocked(store, units: 5)
            let start = try await Self.stock(store, sku: sku, source: source)
            let (order, item) = try await Self.place(store, sku: sku, source: source, quantity: 4, paid: false)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source, salable: start.salable - 4))

            let shipment = try await store.send(.post, "order/\(order)/ship", json: ["items": [["order_item_id": .int(item), "qty": 1]]])
            #expect(shipment.status == 200)
            #expect(shipment.json.int64Value != nil)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 1, salable: start.salable - 4))

            let tooMany = try await store.send(.post, "order/\(order)/ship", json: ["items": [["order_item_id": .int(item), "qty": 9]]])
            #expect(tooMany.status == 400)

            let cancelled = try await store.send(.post, "orders/\(order)/cancel")
            #expect(cancelled.json == true)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 1, salable: start.salable - 1))
            #expect(try await store.send(.post, "orders/\(order)/cancel").json == false)

            let read = try await store.get("orders/\(order)")
            #expect(read["items"]?[0]?["qty_shipped"] == 1)
            #expect(read["items"]?[0]?["qty_canceled"] == 3)
            #expect(read["items"]?[0]?["qty_refunded"] == 0)
        }
    }

    @Test("an invoiced order is not cancelled but refunded: returned units back on the source, unshipped ones salable again, the rest gone")
    func refunds() async throws {
        try await withMagentoStore(products: 12) { store in
            let (sku, source) = try Self.stocked(store, units: 5)
            let start = try await Self.stock(store, sku: sku, source: source)
            let (order, item) = try await Self.place(store, sku: sku, source: source, quantity: 4, paid: true)
            #expect(try await store.send(.post, "orders/\(order)/cancel").json == false)
            #expect(
                try await store.send(.post, "order/\(order)/ship", json: ["items": [["order_item_id": .int(item), "qty": 2]]]).status == 200
            )
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 2, salable: start.salable - 4))

            // One unit back to stock: open units are refunded first and their reservation is
            // compensated, so refund the two unshipped ones without return first.
            let unshipped = try await store.send(
                .post, "order/\(order)/refund", json: ["items": [["order_item_id": .int(item), "qty": 2]]])
            #expect(unshipped.status == 200)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 2, salable: start.salable - 2))

            let returned = try await store.send(
                .post, "order/\(order)/refund",
                json: [
                    "items": [["order_item_id": .int(item), "qty": 1]],
                    "arguments": ["extension_attributes": ["return_to_stock_items": [.int(item)]]],
                ])
            #expect(returned.status == 200)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 1, salable: start.salable - 1))

            let kept = try await store.send(.post, "order/\(order)/refund", json: ["items": [["order_item_id": .int(item), "qty": 1]]])
            #expect(kept.status == 200)
            #expect(try await Self.stock(store, sku: sku, source: source) == Stock(source: start.source - 1, salable: start.salable - 1))

            let read = try await store.get("orders/\(order)")
            #expect(read["items"]?[0]?["qty_shipped"] == 2)
            #expect(read["items"]?[0]?["qty_refunded"] == 4)
            #expect(read["items"]?[0]?["qty_canceled"] == 0)
            #expect(read["state"] == "closed")
            #expect(
                try await store.send(.post, "order/\(order)/refund", json: ["items": [["order_item_id": .int(item), "qty": 1]]]).status
                    == 400)
        }
    }
}
