import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

/// An order's life on WooCommerce through REST v3, with `stock_quantity` after each step as
/// `includes/wc-stock-functions.php` moves it: reduced once on processing, on-hold or completed
/// (`_reduced_stock` on the line), untouched by completing (shipping), put back by a refund only
/// with `api_restock`, restored on cancelled only as far as it was reduced, not on failed.
@Suite("WooCommerce order stock: statuses, refunds, trash")
struct OrderStockLifecycleTests {
    static func stock(_ store: WooTestStore, _ productID: Int64) async throws -> Int {
        try #require(try store.json(try await store.send(.get, "/products/\(productID)"))["stock_quantity"]?.intValue)
    }

    static func meta(_ order: JSONValue, _ key: String) -> String? {
        order["line_items"]?[0]?["meta_data"]?.arrayValue?.first { $0["key"]?.stringValue == key }?["value"]?.stringValue
    }

    static func put(_ store: WooTestStore, _ id: Int64, status: String) async throws -> JSONValue {
        try store.json(try await store.send(.put, "/orders/\(id)", json: ["status": .string(status)]))
    }

    @Test(
        "pending takes no stock; processing reduces once; refunds restock only with api_restock; completed ships; cancelled restores what was reduced"
    )
    func lifecycle() async throws {
        try await withWooStore(products: 10) { store in
            let simple = try #require(
                store.shop.read {
                    $0.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable > 5 && $0.variants[0].tracksInventory }
                })
            let start = try await Self.stock(store, simple.id)
            let created = try store.json(
                try await store.send(.post, "/orders", json: ["line_items": [["product_id": .int(simple.id), "quantity": 4]]]))
            let id = try #require(created["id"]?.int64Value)
            let line = try #require(created["line_items"]?[0]?["id"]?.int64Value)
            #expect(created["status"] == "pending")
            #expect(Self.meta(created, "_reduced_stock") == nil)
            #expect(try await Self.stock(store, simple.id) == start)

            let processing = try await Self.put(store, id, status: "processing")
            #expect(Self.meta(processing, "_reduced_stock") == "4")
            #expect(try await Self.stock(store, simple.id) == start - 4)
            _ = try await Self.put(store, id, status: "on-hold")
            let again = try await Self.put(store, id, status: "processing")
            #expect(again["status"] == "processing")
            #expect(try await Self.stock(store, simple.id) == start - 4)

            let unit = simple.variants[0].price.amountString
            func refund(restock: Bool) async throws -> HTTPResponse {
                try await store.send(
                    .post, "/orders/\(id)/refunds",
                    json: [
                        "api_refund": false, "api_restock": .bool(restock),
                        "line_items": [["id": .int(line), "quantity": 1, "refund_total": .string(unit)]],
                    ])
            }
            #expect(try await refund(restock: true).status == 201)
            #expect(try await Self.stock(store, simple.id) == start - 3)
            #expect(try await refund(restock: false).status == 201)
            #expect(try await Self.stock(store, simple.id) == start - 3)
            let refunded = try store.json(try await store.send(.get, "/orders/\(id)"))
            #expect(Self.meta(refunded, "_reduced_stock") == "3")
            #expect(Self.meta(refunded, "_restock_refunded_items") == "1")

            let completed = try await Self.put(store, id, status: "completed")
            #expect(completed["status"] == "completed")
            #expect(try await Self.stock(store, simple.id) == start - 3)

            // wc_increase_stock_levels puts each line's _reduced_stock back, shipped or not.
            let cancelled = try await Self.put(store, id, status: "cancelled")
            #expect(cancelled["status"] == "cancelled")
            #expect(Self.meta(cancelled, "_reduced_stock") == nil)
            #expect(try await Self.stock(store, simple.id) == start)
            // Cancelled again: nothing more comes back.
            _ = try await Self.put(store, id, status: "pending")
            #expect(try await Self.stock(store, simple.id) == start)
        }
    }

    @Test("failed keeps stock reduced; a pending order cancelled restores nothing; the control endpoints ship and cancel by the same rules")
    func failedAndPending() async throws {
        try await withWooStore(products: 10) { store in
            let simple = try #require(
                store.shop.read {
                    $0.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable > 5 && $0.variants[0].tracksInventory }
                })
            let sku = simple.variants[0].sku
            let start = try await Self.stock(store, simple.id)
            let paid = try store.json(
                try await store.send(
                    .post, "/orders", json: ["set_paid": true, "line_items": [["product_id": .int(simple.id), "quantity": 2]]]))
            let paidID = try #require(paid["id"]?.int64Value)
            #expect(try await Self.put(store, paidID, status: "failed")["status"] == "failed")
            #expect(try await Self.stock(store, simple.id) == start - 2)

            let control = { (path: String, body: JSONValue) async throws -> HTTPResponse in
                try await store.client.send(
                    HTTPRequest(
                        method: .post, url: store.server.baseURL + "/_sim" + path, headers: ["Content-Type": "application/json"],
                        body: body.bytes))
            }
            let unpaid = try store.json(try await control("/orders", ["sku": .string(sku), "quantity": 1, "paid": false]))
            let unpaidID = try #require(unpaid["order_id"]?.int64Value)
            #expect(try await Self.stock(store, simple.id) == start - 2)
            #expect(try store.json(try await store.send(.get, "/orders/\(unpaidID)"))["status"] == "pending")
            #expect(try await control("/orders/\(unpaidID)/cancel", [:]).status == 201)
            #expect(try await Self.stock(store, simple.id) == start - 2)

            // Partial shipments do not exist in core WooCommerce; shipping all is `completed`.
            let order = try store.json(try await control("/orders", ["sku": .string(sku), "quantity": 2]))
            let orderID = try #require(order["order_id"]?.int64Value)
            let lineID = try #require(order["line_ids"]?[0]?.int64Value)
            #expect(try await Self.stock(store, simple.id) == start - 4)
            #expect(try await control("/orders/\(orderID)/ship", ["lines": [String(lineID): 1]]).status == 422)
            let shipped = try await control("/orders/\(orderID)/ship", [:])
            #expect(shipped.status == 201)
            #expect(try store.json(shipped)["order"]?["lines"]?[0]?["shipped"] == 2)
            #expect(try store.json(try await store.send(.get, "/orders/\(orderID)"))["status"] == "completed")
            #expect(try await Self.stock(store, simple.id) == start - 4)
            let refund = try await control("/orders/\(orderID)/refund", ["lines": [String(lineID): 1], "restock": true])
            #expect(refund.status == 201)
            #expect(try store.json(refund)["order"]?["lines"]?[0]?["returned"] == 1)
            #expect(try await Self.stock(store, simple.id) == start - 3)
        }
    }

    @Test("DELETE trashes an order: no longer listed, read by id as trash, stock untouched; force deletes it")
    func trash() async throws {
        try await withWooStore(products: 10) { store in
            let simple = try #require(store.shop.read { $0.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable > 3 } })
            let created = try store.json(
                try await store.send(
                    .post, "/orders", json: ["set_paid": true, "line_items": [["product_id": .int(simple.id), "quantity": 1]]]))
            let id = try #require(created["id"]?.int64Value)
            let stock = try await Self.stock(store, simple.id)
            let trashed = try store.json(try await store.send(.delete, "/orders/\(id)"))
            #expect(trashed["status"] == "trash")
            #expect(try await Self.stock(store, simple.id) == stock)
            let listed = try store.json(try await store.send(.get, "/orders"))
            #expect(!(listed.arrayValue ?? []).contains { $0["id"]?.int64Value == id })
            let inTrash = try store.json(try await store.send(.get, "/orders", query: [("status", "trash")]))
            #expect((inTrash.arrayValue ?? []).map { $0["id"]?.int64Value } == [id])
            #expect(try store.json(try await store.send(.get, "/orders/\(id)"))["status"] == "trash")
            #expect(try await store.send(.delete, "/orders/\(id)", query: [("force", "true")]).status == 200)
            #expect(try await store.send(.get, "/orders/\(id)").status == 404)
        }
    }
}
