import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

@Suite("WooCommerce products: create, update, delete and batch")
struct ProductWriteTests {
    @Test("create, read, update (PUT and PATCH) and delete a simple product, prices and stock mapped onto the store")
    func roundTrip() async throws {
        try await withWooStore(products: 3) { store in
            let created = try await store.send(
                .post, "/products",
                json: [
                    "name": "Linen Apron", "type": "simple", "sku": "APRON-1", "regular_price": "19.90", "sale_price": "14.50",
                    "manage_stock": true, "stock_quantity": 7, "weight": "0.25", "global_unique_id": "4006381333931",
                    "categories": [["name": "Kitchen"]], "images": [["src": "https://cdn.example.com/apron.jpg"]],
                ])
            #expect(created.status == 201)
            let product = try store.json(created)
            let id = try #require(product["id"]?.int64Value)
            #expect(product["type"] == "simple")
            #expect(product["price"] == "14.50")
            #expect(product["regular_price"] == "19.90")
            #expect(product["sale_price"] == "14.50")
            #expect(product["on_sale"] == true)
            #expect(product["stock_quantity"] == 7)
            #expect(product["stock_status"] == "instock")
            #expect(product["weight"] == "0.25")
            #expect(product["categories"]?[0]?["name"] == "Kitchen")

            // The store holds it as price 14.50 with compare-at 19.90, stock on the first location.
            let variant = try #require(store.shop.read { $0.product(id: id)?.variants.first })
            #expect(variant.price.minorUnits == 1450)
            #expect(variant.compareAtPrice?.minorUnits == 1990)
            let firstLocation = try #require(store.shop.read { $0.locations.first?.id })
            #expect(variant.available[firstLocation] == 7)
            #expect(variant.barcode == "4006381333931")

            let fetched = try store.json(try await store.send(.get, "/products/\(id)"))
            #expect(fetched == product)

            let put = try store.json(try await store.send(.put, "/products/\(id)", json: ["stock_quantity": 0, "sale_price": ""]))
            #expect(put["stock_quantity"] == 0)
            #expect(put["stock_status"] == "outofstock")
            #expect(put["price"] == "19.90")
            #expect(put["sale_price"] == "")
            let patch = try store.json(
                try await store.send(.patch, "/products/\(id)", json: ["name": "Linen Apron, Blue", "status": "draft"]))
            #expect(patch["name"] == "Linen Apron, Blue")
            #expect(patch["status"] == "draft")
            #expect(patch["sku"] == "APRON-1")

            let deleted = try await store.send(.delete, "/products/\(id)", query: [("force", "true")])
            #expect(deleted.status == 200)
            #expect(try store.json(deleted)["id"]?.int64Value == id)
            let gone = try await store.send(.get, "/products/\(id)")
            #expect(gone.status == 404)
            #expect(try store.json(gone)["code"] == "woocommerce_rest_product_invalid_id")
        }
    }

    @Test("stock written to a product with stock in several locations changes the first location by the difference")
    func stockAcrossLocations() async throws {
        try await withWooStore(products: 10) { store in
            let state = store.shop.snapshot
            let product = try #require(state.allProducts.first { $0.isSimple && $0.variants[0].available.count > 1 })
            let before = product.variants[0]
            let first = state.locations[0].id
            let target = before.totalAvailable + 5
            let body = try store.json(try await store.send(.put, "/products/\(product.id)", json: ["stock_quantity": .int(target)]))
            #expect(body["stock_quantity"]?.intValue == target)
            let after = try #require(store.shop.read { $0.product(id: product.id)?.variants[0] })
            #expect(after.available[first] == (before.available[first] ?? 0) + 5)
            for location in state.locations.dropFirst() { #expect(after.available[location.id] == before.available[location.id]) }
        }
    }

    @Test("a duplicate SKU is refused with product_invalid_sku and changes nothing")
    func duplicateSKU() async throws {
        try await withWooStore(products: 6) { store in
            let state = store.shop.snapshot
            let simple = try #require(state.allProducts.first { $0.isSimple })
            let other = try #require(state.allProducts.last { $0.id != simple.id })
            let response = try await store.send(
                .put, "/products/\(simple.id)", json: ["sku": .string(other.variants[0].sku), "name": "Changed"])
            #expect(response.status == 400)
            #expect(try store.json(response)["code"] == "product_invalid_sku")
            #expect(store.shop.read { $0.product(id: simple.id) } == simple)
        }
    }

    @Test("a batch of 101 objects is refused whole with 413 woocommerce_rest_request_entity_too_large")
    func batchTooLarge() async throws {
        try await withWooStore(products: 5) { store in
            let before = store.shop.snapshot
            let creates: [JSONValue] = (0..<50).map { ["name": .string("New \($0)"), "sku": .string("NEW-\($0)")] }
            let updates: [JSONValue] =
                before.productIDs.map { ["id": .int($0), "name": "Batch renamed"] }
                + (0..<(51 - before.productIDs.count)).map { _ in ["id": .int(before.productIDs[0]), "name": "Batch renamed"] }
            #expect(creates.count + updates.count == 101)
            let response = try await store.send(.post, "/products/batch", json: ["create": .array(creates), "update": .array(updates)])
            #expect(response.status == 413)
            let body = try store.json(response)
            #expect(body["code"] == "woocommerce_rest_request_entity_too_large")
            #expect(body["data"]?["status"] == 413)
            let after = store.shop.snapshot
            #expect(after.allProducts == before.allProducts)

            let exactly100 = try await store.send(
                .post, "/products/batch", json: ["create": .array(Array(creates.prefix(49))), "update": .array(updates)])
            #expect(exactly100.status == 200)
        }
    }

    @Test("a batch answers each failed item in place with {id, error} and applies the rest")
    func batchPartialFailure() async throws {
        try await withWooStore(products: 6) { store in
            let state = store.shop.snapshot
            let simple = try #require(state.allProducts.first { $0.isSimple })
            let takenSKU = simple.variants[0].sku
            let toUpdate = state.productIDs[1]
            let toDelete = state.productIDs[2]
            let response = try await store.send(
                .post, "/products/batch",
                json: [
                    "create": [
                        ["name": "Fresh", "sku": "FRESH-1", "regular_price": "5.00"], ["name": "Clash", "sku": .string(takenSKU)],
                    ],
                    "update": [["id": .int(toUpdate), "name": "Updated by batch"], ["id": 999_999, "name": "Nobody"]],
                    "delete": [.int(toDelete), 888_888],
                ])
            #expect(response.status == 200)
            let body = try store.json(response)
            let created = try #require(body["create"]?.arrayValue)
            #expect(created.count == 2)
            #expect(created[0]["sku"] == "FRESH-1")
            #expect(created[1]["id"] == 0)
            #expect(created[1]["error"]?["code"] == "product_invalid_sku")
            #expect(created[1]["error"]?["data"]?["status"] == 400)

            let updated = try #require(body["update"]?.arrayValue)
            #expect(updated[0]["name"] == "Updated by batch")
            #expect(updated[1]["id"] == 999_999)
            #expect(updated[1]["error"]?["code"] == "woocommerce_rest_product_invalid_id")
            #expect(updated[1]["error"]?["data"]?["status"] == 404)

            let deleted = try #require(body["delete"]?.arrayValue)
            #expect(deleted[0]["id"]?.int64Value == toDelete)
            #expect(deleted[1]["error"]?["code"] == "woocommerce_rest_product_invalid_id")

            let after = store.shop.snapshot
            #expect(after.product(id: toUpdate)?.title == "Updated by batch")
            #expect(after.product(id: toDelete) == nil)
            #expect(after.variants(sku: "FRESH-1").count == 1)
            #expect(after.allProducts.filter { $0.title == "Clash" }.isEmpty)
        }
    }

    @Test("unknown routes and methods are rest_no_route; an unknown product is woocommerce_rest_product_invalid_id")
    func notFound() async throws {
        try await withWooStore(products: 2) { store in
            let route = try await store.send(.get, "/coupons")
            #expect(route.status == 404)
            #expect(try store.json(route)["code"] == "rest_no_route")
            #expect(try store.json(try await store.send(.delete, "/products"))["code"] == "rest_no_route")
            let missing = try await store.send(.get, "/products/424242")
            #expect(missing.status == 404)
            #expect(try store.json(missing)["code"] == "woocommerce_rest_product_invalid_id")
        }
    }
}
