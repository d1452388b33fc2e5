import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore
import Testing

@Suite("Shopify Admin GraphQL: cost, throttling, errors, auth")
struct ShopifyCostAndErrorTests {
    @Test("extensions.cost reports requested and actual cost and the bucket")
    func costExtension() async throws {
        try await withShopifyStore(products: 6, options: .init(bucketSize: 1000, restoreRate: 0)) { store in
            let (_, body) = try await store.graphql("{ products(first: 10) { nodes { id title } pageInfo { hasNextPage } } }")
            let cost = try #require(body["extensions"]?["cost"])
            #expect(cost["requestedQueryCost"] == 12)
            #expect(cost["actualQueryCost"] == 8)
            #expect(cost["throttleStatus"]?["maximumAvailable"] == .number("1000.0"))
            #expect(cost["throttleStatus"]?["currentlyAvailable"] == 992)
            #expect(cost["throttleStatus"]?["restoreRate"] == .number("0.0"))

            let (_, nested) = try await store.graphql(
                "{ shop { name } products(first: 2) { edges { node { variants(first: 3) { nodes { id inventoryItem { id } } } } } } }")
            // shop 1 + products 2 + 2 × (node 1 + variants 2 + 3 × (variant 1 + item 1))
            #expect(nested["extensions"]?["cost"]?["requestedQueryCost"] == 21)
        }
    }

    @Test("a drained bucket answers THROTTLED with HTTP 200 and the cost extension")
    func throttled() async throws {
        try await withShopifyStore(options: .init(bucketSize: 30, restoreRate: 0)) { store in
            let query = "{ products(first: 10) { nodes { id } } }"
            let (_, first) = try await store.graphql(query)
            #expect(first["extensions"]?["cost"]?["throttleStatus"]?["currentlyAvailable"] == 18)
            let (_, second) = try await store.graphql(query)
            #expect(second["extensions"]?["cost"]?["throttleStatus"]?["currentlyAvailable"] == 6)
            let (status, third) = try await store.graphql(query)
            #expect(status == 200)
            #expect(third["data"] == nil)
            #expect(third["errors"]?[0]?["message"] == "Throttled")
            #expect(third["errors"]?[0]?["extensions"]?["code"] == "THROTTLED")
            #expect(third["extensions"]?["cost"]?["requestedQueryCost"] == 12)
            #expect(third["extensions"]?["cost"]?["actualQueryCost"] == .null)
            #expect(third["extensions"]?["cost"]?["throttleStatus"]?["currentlyAvailable"] == 6)
        }
    }

    @Test("a query costing more than the bucket is refused with MAX_COST_EXCEEDED")
    func maxCost() async throws {
        try await withShopifyStore { store in
            let (status, body) = try await store.graphql("{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }")
            #expect(status == 200)
            let error = try #require(body["errors"]?[0])
            #expect(error["extensions"]?["code"] == "MAX_COST_EXCEEDED")
            #expect(
                error["message"]?.stringValue?.hasPrefix("Query cost is 63252, which exceeds the single query max cost limit (1000).")
                    == true)
        }
    }

    @Test("an unknown field is a validation error shaped like Shopify's")
    func unknownField() async throws {
        try await withShopifyStore { store in
            let (status, body) = try await store.graphql("query Probe { products(first: 1) { nodes { id bogus } } }")
            #expect(status == 200)
            #expect(body["data"] == nil)
            let error = try #require(body["errors"]?[0])
            #expect(error["message"] == "Field 'bogus' doesn't exist on type 'Product'")
            #expect(error["extensions"] == ["code": "undefinedField", "typeName": "Product", "fieldName": "bogus"])
            #expect(error["path"] == ["query Probe", "products", "nodes", "bogus"])
            #expect(error["locations"] == [["line": 1, "column": 47]])
        }
    }

    @Test("no token or a wrong token is answered 401 with Shopify's body")
    func unauthorized() async throws {
        try await withShopifyStore { store in
            let expected: JSONValue = ["errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"]
            let (status, body) = try await store.graphql("{ shop { name } }", token: "shpat_wrong")
            #expect(status == 401)
            #expect(body == expected)
            let missing = try await store.get("/admin/api/2025-07/shop.json")
            #expect(missing.status == 401)
            #expect(try JSONValue.parse(missing.body) == expected)
        }
    }

    @Test("REST shop.json and access_scopes.json answer with the token; versions other than YYYY-MM do not")
    func restEndpoints() async throws {
        try await withShopifyStore { store in
            let shop = try await store.get("/admin/api/2025-07/shop.json", token: store.token)
            #expect(shop.status == 200)
            #expect(try JSONValue.parse(shop.body)["shop"]?["name"] == "test-shop")
            #expect(shop.headers["X-Shopify-API-Version"] == "2025-07")
            let scopes = try await store.get("/admin/oauth/access_scopes.json", token: store.token)
            #expect(try JSONValue.parse(scopes.body)["access_scopes"]?.arrayValue?.isEmpty == false)
            let unstable = try await store.get("/admin/api/unstable/shop.json", token: store.token)
            #expect(unstable.status == 200)
            let bogus = try await store.get("/admin/api/latest/shop.json", token: store.token)
            #expect(bogus.status == 404)
        }
    }

    @Test("the request log keeps each call's query and variables")
    func requestLog() async throws {
        try await withShopifyStore { store in
            let query = "query($n: Int!) { products(first: $n) { nodes { id } } }"
            _ = try await store.graphql(query, variables: ["n": 2])
            let log = try JSONValue.parse(try await store.get("/_sim/log").body)
            let entry = try #require(log.arrayValue?.last)
            #expect(entry["query"] == .string(query))
            #expect(entry["variables"] == ["n": 2])
            #expect(entry["path"] == "/admin/api/2025-07/graphql.json")
        }
    }
}
