import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore
import Testing

@Suite("Shopify Admin GraphQL: connections and reads")
struct ShopifyReadTests {
    @Test("Concord's connection check query succeeds")
    func connectionCheck() async throws {
        try await withShopifyStore { store in
            let query =
                "query ConcordCheck { shop { name currencyCode myshopifyDomain } productsCount { count } locations(first: 50) { nodes { id name } } }"
            let (status, body) = try await store.graphql(query)
            #expect(status == 200)
            #expect(body["errors"] == nil, "\(body)")
            #expect(body["data"]?["shop"]?["name"] == "test-shop")
            #expect(body["data"]?["shop"]?["currencyCode"] == "EUR")
            #expect(body["data"]?["productsCount"]?["count"] == 30)
            #expect((body["data"]?["locations"]?["nodes"]?.arrayValue?.count ?? 0) > 0)
        }
    }

    @Test("paging forwards with first/after reaches the end with no duplicates and no gaps")
    func pagesForwards() async throws {
        try await withShopifyStore(products: 23) { store in
            let expected = store.shop.read { $0.productIDs.map { "gid://shopify/Product/\($0)" } }
            var seen: [String] = []
            var cursor: JSONValue = .null
            var pages = 0
            while true {
                let (_, body) = try await store.graphql(
                    "query($after: String) { products(first: 5, after: $after) { edges { cursor node { id } } pageInfo { hasNextPage endCursor } } }",
                    variables: ["after": cursor]
                )
                let connection = try #require(body["data"]?["products"], "\(body)")
                seen += (connection["edges"]?.arrayValue ?? []).compactMap { $0["node"]?["id"]?.stringValue }
                pages += 1
                guard connection["pageInfo"]?["hasNextPage"] == true else { break }
                cursor = try #require(connection["pageInfo"]?["endCursor"])
                #expect(pages < 10)
            }
            #expect(pages == 5)
            #expect(seen == expected)
        }
    }

    @Test("paging backwards with last/before mirrors paging forwards")
    func pagesBackwards() async throws {
        try await withShopifyStore(products: 12) { store in
            let (_, body) = try await store.graphql(
                "{ products(last: 4) { nodes { id } pageInfo { hasPreviousPage hasNextPage startCursor } } }")
            let last = try #require(body["data"]?["products"])
            let expected = store.shop.read { $0.productIDs.suffix(8).map { "gid://shopify/Product/\($0)" } }
            #expect(last["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(expected.suffix(4)))
            #expect(last["pageInfo"]?["hasPreviousPage"] == true)
            #expect(last["pageInfo"]?["hasNextPage"] == false)
            let before = try #require(last["pageInfo"]?["startCursor"])
            let (_, previous) = try await store.graphql(
                "query($before: String) { products(last: 4, before: $before) { nodes { id } } }", variables: ["before": before])
            #expect(previous["data"]?["products"]?["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue } == Array(expected.prefix(4)))
        }
    }

    @Test("nodes and edges give the same items; edges carry the cursors pageInfo names")
    func nodesAndEdges() async throws {
        try await withShopifyStore { store in
            let (_, body) = try await store.graphql(
                "{ products(first: 3) { nodes { id } edges { cursor node { id title } } pageInfo { startCursor endCursor hasPreviousPage } } }"
            )
            let products = try #require(body["data"]?["products"])
            let nodes = products["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            let edges = try #require(products["edges"]?.arrayValue)
            #expect(nodes == edges.compactMap { $0["node"]?["id"]?.stringValue })
            #expect(nodes?.count == 3)
            #expect(products["pageInfo"]?["startCursor"] == edges.first?["cursor"])
            #expect(products["pageInfo"]?["endCursor"] == edges.last?["cursor"])
            #expect(products["pageInfo"]?["hasPreviousPage"] == false)
        }
    }

    @Test("first: 251 and a missing page size are refused like Shopify refuses them")
    func pageSizeLimits() async throws {
        try await withShopifyStore { store in
            let (status, body) = try await store.graphql("{ products(first: 251) { nodes { id } } }")
            #expect(status == 200)
            #expect(body["data"] == .null)
            let error = try #require(body["errors"]?[0])
            #expect(
                error["message"] == "Argument 'first' on Field 'products' has an invalid value (251). Expected a page size from 0 to 250.")
            #expect(error["path"] == ["products"])
            let (_, missing) = try await store.graphql("{ products { nodes { id } } }")
            #expect(missing["errors"]?[0]?["message"] == "you must provide one of first or last")
        }
    }

    @Test("updated_at:>= finds exactly the products written since, in UPDATED_AT order")
    func updatedAtFilter() async throws {
        let clock = SimClock.stepping(from: Date(timeIntervalSince1970: 1_750_000_000), by: 60)
        try await withShopifyStore(clock: clock) { store in
            let ids = store.shop.read { Array($0.productIDs.prefix(8)) }
            var stamps: [String] = []
            for id in [ids[5], ids[2]] {
                let (_, body) = try await store.graphql(
                    "mutation($p: ProductUpdateInput!) { productUpdate(product: $p) { product { updatedAt } userErrors { message } } }",
                    variables: ["p": ["id": .string("gid://shopify/Product/\(id)"), "title": .string("Renamed \(id)")]]
                )
                stamps.append(try #require(body["data"]?["productUpdate"]?["product"]?["updatedAt"]?.stringValue, "\(body)"))
            }
            let (_, body) = try await store.graphql(
                "query($q: String) { products(first: 50, query: $q, sortKey: UPDATED_AT) { nodes { id updatedAt } } }",
                variables: ["q": .string("updated_at:>='\(stamps[0])'")]
            )
            let found = body["data"]?["products"]?["nodes"]?.arrayValue?.compactMap { $0["id"]?.stringValue }
            #expect(found == ["gid://shopify/Product/\(ids[5])", "gid://shopify/Product/\(ids[2])"])
            let (_, strict) = try await store.graphql(
                "query($q: String) { products(first: 50, query: $q) { nodes { id } } }",
                variables: ["q": .string("updated_at:>'\(stamps[0])'")])
            #expect(strict["data"]?["products"]?["nodes"]?.arrayValue?.count == 1)
        }
    }

    @Test("sku: and status: filter variants and products")
    func skuAndStatusFilters() async throws {
        try await withShopifyStore { store in
            let (sku, productID) = store.shop.read { state in (state.allProducts[3].variants[0].sku, state.allProducts[3].id) }
            let (_, body) = try await store.graphql(
                "query($q: String) { productVariants(first: 10, query: $q) { nodes { sku product { id } } } }",
                variables: ["q": .string("sku:\(sku)")])
            let nodes = try #require(body["data"]?["productVariants"]?["nodes"]?.arrayValue)
            #expect(nodes.count == 1)
            #expect(nodes.first?["product"]?["id"]?.stringValue == "gid://shopify/Product/\(productID)")
            let active = store.shop.read { $0.allProducts.filter { $0.status == .active }.count }
            let (_, statuses) = try await store.graphql("{ products(first: 250, query: \"status:active\") { nodes { status } } }")
            let returned = try #require(statuses["data"]?["products"]?["nodes"]?.arrayValue)
            #expect(returned.count == active)
            #expect(returned.allSatisfy { $0["status"] == "ACTIVE" })
        }
    }

    @Test("a variant reads its inventory levels with available, on_hand and committed")
    func variantInventoryLevels() async throws {
        try await withShopifyStore { store in
            let (variant, locationID) = store.shop.read { state -> (SimVariant, Int64) in
                let variant = state.allProducts[0].variants[0]
                return (variant, variant.available.keys.sorted()[0])
            }
            _ = store.shop.mutate { $0.updateVariant(id: variant.id) { _, v in v.committed[locationID] = 2 } }
            let query = """
                query($id: ID!) { productVariant(id: $id) { id sku price inventoryQuantity selectedOptions { name value } product { id }
                  inventoryItem { id sku tracked inventoryLevels(first: 10) { nodes { id location { id name } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } } }
                """
            let (_, body) = try await store.graphql(query, variables: ["id": .string("gid://shopify/ProductVariant/\(variant.id)")])
            let node = try #require(body["data"]?["productVariant"], "\(body)")
            #expect(node["sku"]?.stringValue == variant.sku)
            #expect(node["price"]?.stringValue == variant.price.amountString)
            #expect(node["inventoryItem"]?["id"]?.stringValue == "gid://shopify/InventoryItem/\(variant.inventoryItemID)")
            let levels = try #require(node["inventoryItem"]?["inventoryLevels"]?["nodes"]?.arrayValue)
            let level = try #require(levels.first { $0["location"]?["id"]?.stringValue == "gid://shopify/Location/\(locationID)" })
            let quantities = Dictionary(
                uniqueKeysWithValues: (level["quantities"]?.arrayValue ?? []).compactMap { q in
                    q["name"]?.stringValue.map { ($0, q["quantity"]?.intValue ?? -1) }
                })
            let available = variant.available[locationID] ?? 0
            #expect(quantities == ["available": available, "on_hand": available + 2, "committed": 2])
        }
    }

    @Test("node(id:) and nodes(ids:) resolve products, variants and locations")
    func nodeLookups() async throws {
        try await withShopifyStore { store in
            let (productID, variantID, locationID) = store.shop.read {
                ($0.allProducts[1].id, $0.allProducts[1].variants[0].id, $0.locations[0].id)
            }
            let (_, body) = try await store.graphql(
                """
                { node(id: "gid://shopify/Product/\(productID)") { id ... on Product { title } }
                  nodes(ids: ["gid://shopify/ProductVariant/\(variantID)", "gid://shopify/Location/\(locationID)", "gid://shopify/Product/1"]) {
                    __typename ... on ProductVariant { sku } ... on Location { name } } }
                """)
            #expect(body["errors"] == nil, "\(body)")
            #expect(body["data"]?["node"]?["id"]?.stringValue == "gid://shopify/Product/\(productID)")
            let nodes = try #require(body["data"]?["nodes"]?.arrayValue)
            #expect(nodes.count == 3)
            #expect(nodes[0]["__typename"] == "ProductVariant")
            #expect(nodes[1]["__typename"] == "Location")
            #expect(nodes[2] == .null)
        }
    }

    @Test("orders read line items and fulfillments without asking for the customer")
    func orders() async throws {
        try await withShopifyStore { store in
            let (product, variant) = store.shop.read { ($0.allProducts[0], $0.allProducts[0].variants[0]) }
            try store.shop.mutate { state in
                // SimOrder has no public memberwise initializer; it is Codable, so build it from JSON.
                let order: JSONValue = [
                    "id": .int(state.makeID()), "number": .int(state.makeOrderNumber()), "currency": "EUR",
                    "financial": "paid", "fulfillment": "fulfilled", "locationID": .int(state.locations[0].id),
                    "customer": [
                        "firstName": "Ada", "lastName": "Example", "email": "ada@example.com", "address": "1 Way",
                        "city": "Berlin", "postcode": "10115", "country": "DE",
                    ],
                    "lines": [
                        [
                            "id": .int(state.makeID()), "productID": .int(product.id), "variantID": .int(variant.id),
                            "sku": .string(variant.sku), "title": .string(product.title), "quantity": 3,
                            "price": ["amount": .string(variant.price.amountString), "currency": "EUR"],
                            "fulfilledQuantity": 3, "refundedQuantity": 0,
                        ]
                    ],
                    "createdAt": 772_000_000, "updatedAt": 772_000_100,
                ]
                state.upsert(try JSONDecoder().decode(SimOrder.self, from: Data(order.bytes)))
            }
            let (_, body) = try await store.graphql(
                """
                { orders(first: 10) { nodes { id name createdAt updatedAt processedAt cancelledAt displayFinancialStatus displayFulfillmentStatus
                  lineItems(first: 10) { nodes { sku quantity variant { id } } } fulfillments { createdAt } } } }
                """)
            let order = try #require(body["data"]?["orders"]?["nodes"]?[0], "\(body)")
            #expect(order["displayFinancialStatus"] == "PAID")
            #expect(order["displayFulfillmentStatus"] == "FULFILLED")
            #expect(order["cancelledAt"] == .null)
            #expect(order["lineItems"]?["nodes"]?[0]?["sku"]?.stringValue == variant.sku)
            #expect(order["lineItems"]?["nodes"]?[0]?["quantity"] == 3)
            #expect(order["fulfillments"]?.arrayValue?.count == 1)
            #expect(!body.serialized.contains("ada@example.com"))
        }
    }
}
