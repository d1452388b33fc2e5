import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

@Suite("WooCommerce variations")
struct VariationTests {
    @Test("a variable product lists its variations with paging headers; each carries its options and own stock")
    func listAndGet() async throws {
        try await withWooStore(products: 12) { store in
            let product = try #require(store.shop.read { $0.allProducts.first { !$0.isSimple && $0.variants.count >= 3 } })
            let parent = try store.json(try await store.send(.get, "/products/\(product.id)"))
            #expect(parent["type"] == "variable")
            #expect(parent["sku"] == "")
            #expect(Set(parent["variations"]?.arrayValue?.compactMap(\.int64Value) ?? []) == Set(product.variants.map(\.id)))
            #expect(parent["attributes"]?.arrayValue?.compactMap { $0["name"]?.stringValue } == product.optionNames)

            let page = try await store.send(.get, "/products/\(product.id)/variations", query: [("per_page", "2")])
            #expect(page.status == 200)
            #expect(page.headers["X-WP-Total"] == String(product.variants.count))
            #expect(page.headers["X-WP-TotalPages"] == String((product.variants.count + 1) / 2))
            #expect(page.headers["Link"]?.contains("rel=\"next\"") == true)

            let variant = product.variants[1]
            let body = try store.json(try await store.send(.get, "/products/\(product.id)/variations/\(variant.id)"))
            #expect(body["sku"]?.stringValue == variant.sku)
            #expect(body["stock_quantity"]?.intValue == variant.totalAvailable)
            #expect(body["attributes"]?[0]?["option"]?.stringValue == variant.options.first)
            #expect(body["price"]?.stringValue == variant.price.amountString)

            let simple = try #require(store.shop.read { $0.allProducts.first { $0.isSimple } })
            #expect(try store.json(try await store.send(.get, "/products/\(simple.id)/variations")).ids == [])
            let wrongParent = try await store.send(.get, "/products/\(simple.id)/variations/\(variant.id)")
            #expect(wrongParent.status == 404)
            #expect(try store.json(wrongParent)["code"] == "woocommerce_rest_product_variation_invalid_id")
        }
    }

    @Test("create, update, batch and delete variations; delete needs force")
    func writes() async throws {
        try await withWooStore(products: 12) { store in
            let product = try #require(store.shop.read { $0.allProducts.first { !$0.isSimple && $0.variants.count >= 2 } })
            let option = product.optionNames[0]
            let created = try await store.send(
                .post, "/products/\(product.id)/variations",
                json: [
                    "sku": "VAR-NEW-1", "regular_price": "30.00", "manage_stock": true, "stock_quantity": 4,
                    "attributes": [["name": .string(option), "option": "Special"]],
                ])
            #expect(created.status == 201)
            let variation = try store.json(created)
            let id = try #require(variation["id"]?.int64Value)
            #expect(variation["attributes"]?[0]?["option"] == "Special")
            #expect(variation["stock_quantity"] == 4)

            let updated = try store.json(
                try await store.send(
                    .put, "/products/\(product.id)/variations/\(id)", json: ["regular_price": "31.00", "stock_quantity": 9]))
            #expect(updated["regular_price"] == "31.00")
            #expect(updated["stock_quantity"] == 9)
            #expect(store.shop.read { $0.variant(id: id)?.variant.price.minorUnits } == 3100)

            let other = product.variants[0]
            let batch = try store.json(
                try await store.send(
                    .post, "/products/\(product.id)/variations/batch",
                    json: [
                        "update": [["id": .int(other.id), "sale_price": "1.00"], ["id": 777_777, "regular_price": "2.00"]]
                    ]))
            #expect(batch["update"]?[0]?["sale_price"] == "1.00")
            #expect(batch["update"]?[0]?["on_sale"] == true)
            #expect(batch["update"]?[1]?["error"]?["code"] == "woocommerce_rest_product_variation_invalid_id")

            let notForced = try await store.send(.delete, "/products/\(product.id)/variations/\(id)")
            #expect(notForced.status == 501)
            #expect(try store.json(notForced)["code"] == "woocommerce_rest_trash_not_supported")
            let forced = try await store.send(.delete, "/products/\(product.id)/variations/\(id)", query: [("force", "true")])
            #expect(forced.status == 200)
            #expect(store.shop.read { $0.variant(id: id) } == nil)
        }
    }
}
