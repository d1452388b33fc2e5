import CatalogModel
import Foundation
import JSONValue
import SimulatorCore
import Testing

@Suite("Shopify Admin GraphQL: mutations")
struct ShopifyMutationTests {
    static let setQuantities = """
        mutation($input: InventorySetQuantitiesInput!) { inventorySetQuantities(input: $input) {
          inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { field message code } } }
        """

    @Test("productVariantsBulkUpdate writes price, compare-at price, barcode and SKU and bumps updatedAt")
    func variantsBulkUpdate() async throws {
        let clock = SimClock.stepping(from: Date(timeIntervalSince1970: 1_750_000_000), by: 1)
        try await withShopifyStore(clock: clock) { store in
            let product = store.shop.read { $0.allProducts[0] }
            let variant = product.variants[0]
            let (_, body) = try await store.graphql(
                """
                mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) { productVariantsBulkUpdate(productId: $productId, variants: $variants) {
                  productVariants { id price compareAtPrice barcode sku updatedAt } userErrors { field message code } } }
                """,
                variables: [
                    "productId": .string("gid://shopify/Product/\(product.id)"),
                    "variants": [
                        [
                            "id": .string("gid://shopify/ProductVariant/\(variant.id)"), "price": "19.90", "compareAtPrice": "24.00",
                            "barcode": "4006381333931", "inventoryItem": ["sku": "NEW-SKU-1"],
                        ]
                    ],
                ])
            #expect(body["data"]?["productVariantsBulkUpdate"]?["userErrors"] == [], "\(body)")
            let updated = try #require(body["data"]?["productVariantsBulkUpdate"]?["productVariants"]?[0])
            #expect(updated["price"] == "19.90")
            #expect(updated["compareAtPrice"] == "24.00")
            #expect(updated["sku"] == "NEW-SKU-1")
            let stored = try #require(store.shop.read { $0.variant(id: variant.id) })
            #expect(stored.variant.price.amountString == "19.90")
            #expect(stored.variant.barcode == "4006381333931")
            #expect(stored.variant.updatedAt > variant.updatedAt)
            #expect(stored.product.updatedAt > product.updatedAt)
        }
    }

    @Test("productVariantsBulkUpdate with a foreign variant writes nothing unless partial updates are allowed")
    func variantsBulkUpdatePartial() async throws {
        try await withShopifyStore { store in
            let (product, other) = store.shop.read { ($0.allProducts[0], $0.allProducts[1]) }
            let variants: JSONValue = [
                ["id": .string("gid://shopify/ProductVariant/\(product.variants[0].id)"), "price": "7.00"],
                ["id": .string("gid://shopify/ProductVariant/\(other.variants[0].id)"), "price": "8.00"],
            ]
            let mutation = """
                mutation($p: ID!, $v: [ProductVariantsBulkInput!]!, $partial: Boolean) { productVariantsBulkUpdate(productId: $p, variants: $v, allowPartialUpdates: $partial) {
                  productVariants { id } userErrors { field message code } } }
                """
            let (_, refused) = try await store.graphql(
                mutation, variables: ["p": .string("gid://shopify/Product/\(product.id)"), "v": variants, "partial": false])
            let error = try #require(refused["data"]?["productVariantsBulkUpdate"]?["userErrors"]?[0])
            #expect(error["code"] == "PRODUCT_VARIANT_DOES_NOT_EXIST")
            #expect(error["field"] == ["variants", "1", "id"])
            #expect(store.shop.read { $0.variant(id: product.variants[0].id)?.variant.price } == product.variants[0].price)

            let (_, partial) = try await store.graphql(
                mutation, variables: ["p": .string("gid://shopify/Product/\(product.id)"), "v": variants, "partial": true])
            #expect(partial["data"]?["productVariantsBulkUpdate"]?["userErrors"]?.arrayValue?.count == 1)
            #expect(store.shop.read { $0.variant(id: product.variants[0].id)?.variant.price.amountString } == "7.00")
        }
    }

    @Test("inventorySetQuantities with a matching compareQuantity sets available")
    func setQuantities() async throws {
        try await withShopifyStore { store in
            let (variant, location) = store.shop.read { state in (state.allProducts[2].variants[0], state.locations[0].id) }
            let current = variant.available[location] ?? 0
            let (_, body) = try await store.graphql(
                Self.setQuantities,
                variables: [
                    "input": [
                        "name": "available", "reason": "correction", "referenceDocumentUri": "concord://sync/1",
                        "quantities": [
                            [
                                "inventoryItemId": .string("gid://shopify/InventoryItem/\(variant.inventoryItemID)"),
                                "locationId": .string("gid://shopify/Location/\(location)"), "quantity": .int(current + 5),
                                "compareQuantity": .int(current),
                            ]
                        ],
                    ]
                ])
            let payload = try #require(body["data"]?["inventorySetQuantities"], "\(body)")
            #expect(payload["userErrors"] == [])
            #expect(payload["inventoryAdjustmentGroup"]?["changes"]?[0]?["delta"] == 5)
            #expect(store.shop.read { $0.variant(id: variant.id)?.variant.available[location] } == current + 5)
        }
    }

    @Test("a stale compareQuantity is refused with COMPARE_QUANTITY_STALE and nothing of the call is written")
    func staleCompareQuantity() async throws {
        try await withShopifyStore { store in
            let (first, second, location) = store.shop.read { state in
                (state.allProducts[0].variants[0], state.allProducts[1].variants[0], state.locations[0].id)
            }
            let before = store.shop.read { state in
                [state.variant(id: first.id)!.variant.available, state.variant(id: second.id)!.variant.available]
            }
            let (_, body) = try await store.graphql(
                Self.setQuantities,
                variables: [
                    "input": [
                        "name": "available", "reason": "correction",
                        "quantities": [
                            [
                                "inventoryItemId": .string("gid://shopify/InventoryItem/\(first.inventoryItemID)"),
                                "locationId": .string("gid://shopify/Location/\(location)"),
                                "quantity": 40, "compareQuantity": .int(first.available[location] ?? 0),
                            ],
                            [
                                "inventoryItemId": .string("gid://shopify/InventoryItem/\(second.inventoryItemID)"),
                                "locationId": .string("gid://shopify/Location/\(location)"),
                                "quantity": 41, "compareQuantity": .int((second.available[location] ?? 0) + 3),
                            ],
                        ],
                    ]
                ])
            let payload = try #require(body["data"]?["inventorySetQuantities"], "\(body)")
            #expect(payload["inventoryAdjustmentGroup"] == .null)
            #expect(payload["userErrors"]?[0]?["code"] == "COMPARE_QUANTITY_STALE")
            #expect(payload["userErrors"]?[0]?["field"] == ["input", "quantities", "1", "compareQuantity"])
            let after = store.shop.read { state in
                [state.variant(id: first.id)!.variant.available, state.variant(id: second.id)!.variant.available]
            }
            #expect(after == before)
        }
    }

    @Test("inventoryAdjustQuantities applies deltas")
    func adjustQuantities() async throws {
        try await withShopifyStore { store in
            let (variant, location) = store.shop.read { state in (state.allProducts[4].variants[0], state.locations[0].id) }
            let current = variant.available[location] ?? 0
            let (_, body) = try await store.graphql(
                """
                mutation($input: InventoryAdjustQuantitiesInput!) { inventoryAdjustQuantities(input: $input) {
                  inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field message code } } }
                """,
                variables: [
                    "input": [
                        "name": "available", "reason": "received",
                        "changes": [
                            [
                                "delta": -2, "inventoryItemId": .string("gid://shopify/InventoryItem/\(variant.inventoryItemID)"),
                                "locationId": .string("gid://shopify/Location/\(location)"),
                            ]
                        ],
                    ]
                ])
            #expect(body["data"]?["inventoryAdjustQuantities"]?["userErrors"] == [], "\(body)")
            #expect(
                body["data"]?["inventoryAdjustQuantities"]?["inventoryAdjustmentGroup"]?["changes"]?[0]?["quantityAfterChange"]
                    == .int(current - 2))
            #expect(store.shop.read { $0.variant(id: variant.id)?.variant.available[location] } == current - 2)

            let (_, bad) = try await store.graphql(
                """
                mutation { inventoryAdjustQuantities(input: {name: "available", reason: "no-such-reason", changes: [{delta: 1, inventoryItemId: "gid://shopify/InventoryItem/1", locationId: "gid://shopify/Location/\(location)"}]}) {
                  userErrors { field code } } }
                """)
            let codes = bad["data"]?["inventoryAdjustQuantities"]?["userErrors"]?.arrayValue?.compactMap { $0["code"]?.stringValue }
            #expect(codes == ["INVALID_REASON", "INVALID_INVENTORY_ITEM"])
        }
    }

    @Test("productCreate makes a product with a default variant that reads back")
    func productCreate() async throws {
        try await withShopifyStore { store in
            let (_, body) = try await store.graphql(
                """
                mutation { productCreate(product: {title: "Sim Lamp", vendor: "Concord", productType: "Lamp", tags: ["a", "b"], status: DRAFT}) {
                  product { id handle status variants(first: 5) { nodes { title price } } } userErrors { field message } } }
                """)
            let product = try #require(body["data"]?["productCreate"]?["product"], "\(body)")
            #expect(product["handle"] == "sim-lamp")
            #expect(product["status"] == "DRAFT")
            #expect(product["variants"]?["nodes"]?[0]?["title"] == "Default Title")
            let id = try #require(product["id"])
            let (_, read) = try await store.graphql(
                "query($id: ID!) { product(id: $id) { title vendor productType tags } }", variables: ["id": id])
            #expect(read["data"]?["product"]?["vendor"] == "Concord")
            #expect(read["data"]?["product"]?["tags"] == ["a", "b"])

            let (_, blank) = try await store.graphql(
                "mutation { productCreate(product: {title: \"\"}) { product { id } userErrors { field message } } }")
            #expect(blank["data"]?["productCreate"]?["userErrors"]?[0]?["field"] == ["title"])
        }
    }

    @Test("productSet creates a product with options, variants and stock that reads back")
    func productSet() async throws {
        try await withShopifyStore { store in
            let location = store.shop.read { $0.locations[0].id }
            let input: JSONValue = [
                "title": "Sim Shirt", "status": "ACTIVE",
                "productOptions": [["name": "Size", "values": [["name": "S"], ["name": "M"]]]],
                "variants": [
                    [
                        "optionValues": [["optionName": "Size", "name": "S"]], "sku": "SHIRT-S", "price": "10.00",
                        "inventoryQuantities": [
                            ["locationId": .string("gid://shopify/Location/\(location)"), "name": "available", "quantity": 4]
                        ],
                    ],
                    ["optionValues": [["optionName": "Size", "name": "M"]], "sku": "SHIRT-M", "price": "11.00"],
                ],
            ]
            let (_, body) = try await store.graphql(
                """
                mutation($input: ProductSetInput!) { productSet(input: $input) { product { id options { name values }
                  variants(first: 10) { nodes { sku price selectedOptions { name value } inventoryQuantity } } } userErrors { field message code } } }
                """, variables: ["input": input])
            let product = try #require(body["data"]?["productSet"]?["product"], "\(body)")
            #expect(product["options"] == [["name": "Size", "values": ["S", "M"]]])
            let variants = try #require(product["variants"]?["nodes"]?.arrayValue)
            #expect(variants.map { $0["sku"] } == ["SHIRT-S", "SHIRT-M"])
            #expect(variants[0]["inventoryQuantity"] == 4)
            #expect(variants[1]["selectedOptions"] == [["name": "Size", "value": "M"]])
            #expect(store.shop.read { $0.variants(sku: "SHIRT-M").count } == 1)
        }
    }
}
