import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

@Suite("WooCommerce orders")
struct OrderTests {
    @Test("an order made through the API carries the shopper, takes stock when paid and returns it when cancelled")
    func lifecycle() async throws {
        try await withWooStore(products: 10) { store in
            let state = store.shop.snapshot
            let simple = try #require(state.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable > 3 })
            let variable = try #require(state.allProducts.first { !$0.isSimple })
            let variation = variable.variants[0]
            let created = try await store.send(
                .post, "/orders",
                json: [
                    "set_paid": true,
                    "billing": [
                        "first_name": "Ada", "last_name": "Meyer", "email": "ada@example.com", "address_1": "1 Example Street",
                        "city": "Berlin", "postcode": "10115", "country": "DE",
                    ],
                    "line_items": [
                        ["product_id": .int(simple.id), "quantity": 2],
                        ["product_id": .int(variable.id), "variation_id": .int(variation.id), "quantity": 1],
                    ],
                ])
            #expect(created.status == 201)
            let order = try store.json(created)
            let id = try #require(order["id"]?.int64Value)
            #expect(order["status"] == "processing")
            #expect(order["billing"]?["email"] == "ada@example.com")
            #expect(order["shipping"]?["first_name"] == "Ada")
            #expect(order["line_items"]?[0]?["sku"]?.stringValue == simple.variants[0].sku)
            #expect(order["line_items"]?[0]?["quantity"] == 2)
            #expect(order["line_items"]?[1]?["variation_id"]?.int64Value == variation.id)
            let expectedTotal = Money(
                minorUnits: simple.variants[0].price.minorUnits * 2 + variation.price.minorUnits, currency: state.currency)
            #expect(order["total"]?.stringValue == expectedTotal.amountString)
            #expect(store.shop.read { $0.product(id: simple.id)?.variants[0].totalAvailable } == simple.variants[0].totalAvailable - 2)

            let fetched = try store.json(try await store.send(.get, "/orders/\(id)"))
            #expect(fetched == order)

            let cancelled = try store.json(try await store.send(.put, "/orders/\(id)", json: ["status": "cancelled"]))
            #expect(cancelled["status"] == "cancelled")
            #expect(store.shop.read { $0.product(id: simple.id)?.variants[0].totalAvailable } == simple.variants[0].totalAvailable)

            let bad = try await store.send(.post, "/orders", json: ["line_items": [["product_id": 5]]])
            #expect(bad.status == 400)
            #expect(try store.json(bad)["code"] == "woocommerce_rest_invalid_product_id")

            let deleted = try await store.send(.delete, "/orders/\(id)", query: [("force", "true")])
            #expect(deleted.status == 200)
            let gone = try await store.send(.get, "/orders/\(id)")
            #expect(try store.json(gone)["code"] == "woocommerce_rest_shop_order_invalid_id")
        }
    }

    @Test("orders page with headers and filter by status and modified_after")
    func listing() async throws {
        let start = Date(timeIntervalSince1970: 1_750_000_000)
        try await withWooStore(products: 8, clock: .stepping(from: start, by: 1)) { store in
            let simple = try #require(store.shop.read { $0.allProducts.first { $0.isSimple } })
            var ids: [Int64] = []
            for index in 0..<5 {
                let body: JSONValue = [
                    "status": index < 3 ? "processing" : "pending", "line_items": [["product_id": .int(simple.id), "quantity": 1]],
                ]
                ids.append(try #require(try store.json(try await store.send(.post, "/orders", json: body))["id"]?.int64Value))
            }
            let first = try await store.send(.get, "/orders", query: [("per_page", "2")])
            #expect(first.headers["X-WP-Total"] == "5")
            #expect(first.headers["X-WP-TotalPages"] == "3")
            #expect(try store.json(first).ids == [ids[4], ids[3]])

            let pending = try store.json(try await store.send(.get, "/orders", query: [("status", "pending")]))
            #expect(Set(pending.ids) == [ids[3], ids[4]])

            let changed = try store.json(try await store.send(.put, "/orders/\(ids[0])", json: ["status": "completed"]))
            let modified = try #require(changed["date_modified_gmt"]?.stringValue)
            let before = WooCommerceDateText.format(try #require(WooCommerceDateText.parse(modified)).addingTimeInterval(-1))
            let recent = try store.json(
                try await store.send(.get, "/orders", query: [("modified_after", before), ("dates_are_gmt", "true")]))
            #expect(recent.ids == [ids[0]])
            #expect(recent[0]?["status"] == "completed")
        }
    }

    @Test("partial refunds: made manually (bank transfer has no automatic refunds), listed with the reference's shape, summed per line")
    func partialRefunds() async throws {
        try await withWooStore(products: 10) { store in
            let simple = try #require(
                store.shop.read { $0.allProducts.first { $0.isSimple && $0.variants[0].totalAvailable > 5 } })
            let order: JSONValue = ["set_paid": true, "line_items": [["product_id": .int(simple.id), "quantity": 4]]]
            let created = try store.json(try await store.send(.post, "/orders", json: order))
            let id = try #require(created["id"]?.int64Value)
            let line = try #require(created["line_items"]?[0]?["id"]?.int64Value)
            func refundBody(_ quantity: Int, _ total: Money, manual: Bool = true) -> JSONValue {
                let item: JSONValue = ["id": .int(line), "quantity": .int(Int64(quantity)), "refund_total": .string(total.amountString)]
                return manual ? ["api_refund": false, "reason": "damaged", "line_items": [item]] : ["line_items": [item]]
            }

            let unit = simple.variants[0].price
            let automatic = try await store.send(.post, "/orders/\(id)/refunds", json: refundBody(1, unit, manual: false))
            #expect(automatic.status == 500)
            #expect(try store.json(automatic)["code"] == "woocommerce_rest_cannot_create_order_refund")

            let first = try await store.send(.post, "/orders/\(id)/refunds", json: refundBody(1, unit))
            #expect(first.status == 201)
            let refund = try store.json(first)
            #expect(refund["amount"]?.stringValue == unit.amountString)
            #expect(refund["line_items"]?[0]?["quantity"] == -1)
            #expect(refund["line_items"]?[0]?["meta_data"]?[0]?["key"] == "_refunded_item_id")
            #expect(refund["line_items"]?[0]?["meta_data"]?[0]?["value"]?.stringValue == String(line))
            let twice = Money(minorUnits: unit.minorUnits * 2, currency: unit.currency)
            #expect(try await store.send(.post, "/orders/\(id)/refunds", json: refundBody(2, twice)).status == 201)

            let listed = try store.json(try await store.send(.get, "/orders/\(id)/refunds"))
            #expect(listed.arrayValue?.count == 2)
            // The reference's example with a refunded line (order-refunds--list-all-refunds.json).
            let example = try #require(try WooCommerceReferenceShape.example("order-refunds--list-all-refunds.json")[1])
            var issues: [String] = []
            WooCommerceReferenceShape.compare(fixture: example, actual: refund, path: "", nullable: [], ignored: [], issues: &issues)
            #expect(issues.isEmpty, "\(issues)")

            let after = try store.json(try await store.send(.get, "/orders/\(id)"))
            let totals = after["refunds"]?.arrayValue?.map { $0["total"]?.stringValue }
            #expect(totals == ["-" + twice.amountString, "-" + unit.amountString])
            #expect(after["status"] == "processing")
            #expect(store.shop.read { $0.orders[id]?.lines[0].refundedQuantity } == 3)

            let tooMuch: JSONValue = ["api_refund": false, "amount": "1000000.00"]
            let tooMany = try await store.send(.post, "/orders/\(id)/refunds", json: tooMuch)
            #expect(tooMany.status == 500)
        }
    }
}
