import CatalogModel
import Foundation
import JSONValue
import SimulatorCore
import Testing

@testable import MagentoSimulator

@Suite("Magento products: the mapping, get, put, create, base prices")
struct ProductTests {
    @Test("a product with options is a configurable parent with one simple child per variant")
    func configurableMapping() async throws {
        try await withMagentoStore(products: 20) { store in
            let state = store.shop.snapshot
            let product = try #require(state.allProducts.first { !$0.optionNames.isEmpty && $0.variants.count > 1 })
            let parent = try await store.get("products/" + product.handle)
            #expect(parent["type_id"] == "configurable")
            #expect(parent["id"]?.int64Value == product.id)
            #expect(parent["extension_attributes"]?["configurable_product_links"] == .array(product.variants.map { .int($0.id) }))
            #expect(parent["extension_attributes"]?["configurable_product_options"]?[0]?["label"] == .string(product.optionNames[0]))
            let variant = product.variants[0]
            let child = try await store.get("products/" + variant.sku)
            #expect(child["type_id"] == "simple")
            #expect(child["visibility"] == 1)
            #expect(child["id"]?.int64Value == variant.id)
            let expectedPrice = (variant.compareAtPrice ?? variant.price).decimal
            #expect(child["price"]?.decimalValue == expectedPrice)
            let attributes = child["custom_attributes"]?.arrayValue ?? []
            #expect(attributes.contains { $0["attribute_code"] == "ean" && $0["value"] == .string(variant.barcode ?? "") })
            let special = attributes.first { $0["attribute_code"] == "special_price" }?["value"]?.decimalValue
            #expect(special == (variant.compareAtPrice == nil ? nil : variant.price.decimal))
        }
    }

    @Test("GET of an unknown SKU is Magento's 404")
    func notFound() async throws {
        try await withMagentoStore { store in
            let reply = try await store.send(.get, "products/NO-SUCH-SKU")
            #expect(reply.status == 404)
            #expect(reply.json == ["message": "The product that was requested doesn't exist. Verify the product and try again."])
        }
    }

    @Test("PUT updates name, price, status, special price, barcode and stock, and stamps updated_at")
    func partialUpdate() async throws {
        let start = Date(timeIntervalSince1970: 1_735_725_600)
        try await withMagentoStore(products: 20, clock: .stepping(from: start, by: 1)) { store in
            let entity = try #require(
                MagentoCatalog(store.shop.snapshot).entities.first { $0.kind == .simple && $0.variant?.compareAtPrice == nil })
            let body: JSONValue = [
                "product": [
                    "name": "New Name", "price": .number("49.5"), "status": 2,
                    "custom_attributes": [
                        ["attribute_code": "special_price", "value": "39.90"], ["attribute_code": "ean", "value": "4006381333931"],
                    ],
                    "extension_attributes": ["stock_item": ["qty": 17]],
                ]
            ]
            let reply = try await store.send(.put, "products/" + entity.sku, json: body)
            #expect(reply.status == 200)
            #expect(reply.json["name"] == "New Name")
            #expect(reply.json["price"]?.decimalValue == Decimal(string: "49.5"))
            #expect(reply.json["status"] == 2)
            #expect(reply.json["extension_attributes"]?["stock_item"]?["qty"] == 17)
            let product = try #require(store.shop.snapshot.product(id: entity.id))
            #expect(product.title == "New Name")
            #expect(product.status == .archived)
            #expect(product.variants[0].price.minorUnits == 3990)
            #expect(product.variants[0].compareAtPrice?.minorUnits == 4950)
            #expect(product.variants[0].barcode == "4006381333931")
            #expect(product.updatedAt > start)
            let again = try await store.get("products/" + entity.sku)
            #expect(again["updated_at"] == reply.json["updated_at"])
        }
    }

    @Test("POST creates a simple product with stock at the default source; its SKU is then found")
    func create() async throws {
        try await withMagentoStore { store in
            let body: JSONValue = [
                "product": [
                    "sku": "NEW-1", "name": "New One", "attribute_set_id": 4, "price": 25, "status": 1, "visibility": 4,
                    "type_id": "simple", "weight": "0.5", "extension_attributes": ["stock_item": ["qty": "10", "is_in_stock": true]],
                ]
            ]
            let reply = try await store.send(.post, "products", json: body)
            #expect(reply.status == 200)
            #expect(reply.json["sku"] == "NEW-1")
            #expect(reply.json["price"] == 25)
            #expect(reply.json["weight"]?.decimalValue == Decimal(string: "0.5"))
            #expect(reply.json["extension_attributes"]?["stock_item"]?["qty"] == 10)
            let found = try await store.get("products/NEW-1")
            #expect(found["id"] == reply.json["id"])
            let missingName = try await store.send(.post, "products", json: ["product": ["sku": "NEW-2"]])
            #expect(missingName.status == 400)
        }
    }

    @Test("base-prices saves the valid rows and answers Magento's per-row errors for the others")
    func basePrices() async throws {
        try await withMagentoStore(products: 20) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let plain = try #require(catalog.entities.first { $0.variant != nil && $0.variant?.compareAtPrice == nil })
            let parent = try #require(catalog.entities.first { $0.kind == .configurable })
            let reply = try await store.send(
                .post, "products/base-prices",
                json: [
                    "prices": [
                        ["sku": .string(plain.sku), "price": .number("12.34"), "store_id": 0],
                        ["sku": "NOPE", "price": 5, "store_id": 0],
                        ["sku": .string(plain.sku), "price": -1, "store_id": 0],
                        ["sku": .string(parent.sku), "price": 5, "store_id": 0],
                        ["sku": .string(plain.sku), "price": 5, "store_id": 7],
                    ]
                ])
            #expect(reply.status == 200)
            #expect(
                reply.json == [
                    ["message": "Invalid attribute %fieldName = %fieldValue.", "parameters": ["SKU", "NOPE"]],
                    ["message": "Invalid attribute %fieldName = %fieldValue.", "parameters": ["Price", "-1"]],
                    ["message": "Invalid attribute %fieldName = %fieldValue.", "parameters": ["SKU", .string(parent.sku)]],
                    [
                        "message": "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.",
                        "parameters": [.string(plain.sku), "7"],
                    ],
                ])
            #expect(store.shop.snapshot.variant(id: plain.variant!.id)?.variant.price.minorUnits == 1234)
            let info = try await store.send(.post, "products/base-prices-information", json: ["skus": [.string(plain.sku)]])
            #expect(info.json == [["price": .number("12.34"), "store_id": 0, "sku": .string(plain.sku)]])
            let clean = try await store.send(
                .post, "products/base-prices", json: ["prices": [["sku": .string(plain.sku), "price": 13, "store_id": 0]]])
            #expect(clean.json == [])
        }
    }
}
