import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Shopify Admin GraphQL: bulk operations")
struct ShopifyBulkOperationTests {
    static let poll = "{ currentBulkOperation { id status errorCode objectCount rootObjectCount url } }"

    @Test("a bulk query goes CREATED → RUNNING → COMPLETED and its JSONL lists children after their parent")
    func lifecycle() async throws {
        try await withShopifyStore(products: 12) { store in
            let bulkQuery = #"{ products { edges { node { id title variants { edges { node { id sku } } } } } } }"#
            let (_, started) = try await store.graphql(
                "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }",
                variables: ["q": .string(bulkQuery)]
            )
            let operation = try #require(started["data"]?["bulkOperationRunQuery"]?["bulkOperation"], "\(started)")
            #expect(operation["status"] == "CREATED")

            let (_, busy) = try await store.graphql(
                "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { code } } }",
                variables: ["q": .string(bulkQuery)])
            #expect(busy["data"]?["bulkOperationRunQuery"]?["userErrors"]?[0]?["code"] == "OPERATION_IN_PROGRESS")

            let (_, running) = try await store.graphql(Self.poll)
            #expect(running["data"]?["currentBulkOperation"]?["status"] == "RUNNING")
            #expect(running["data"]?["currentBulkOperation"]?["url"] == .null)
            let (_, done) = try await store.graphql(Self.poll)
            let completed = try #require(done["data"]?["currentBulkOperation"])
            #expect(completed["status"] == "COMPLETED")
            #expect(completed["id"] == operation["id"])
            let url = try #require(completed["url"]?.stringValue)

            let (products, variants) = store.shop.read { ($0.productIDs.count, $0.variantCount) }
            #expect(completed["objectCount"] == .string(String(products + variants)))
            #expect(completed["rootObjectCount"] == .string(String(products)))

            let download = try await store.client.send(HTTPRequest(url: url))
            #expect(download.status == 200)
            let lines = try download.text.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            #expect(lines.count == products + variants)
            var lastProduct: String?
            var productsSeen = Set<String>()
            for line in lines {
                if let parent = line["__parentId"]?.stringValue {
                    #expect(parent == lastProduct, "a variant line must follow its product")
                    #expect(line["sku"] != nil)
                } else {
                    lastProduct = line["id"]?.stringValue
                    productsSeen.insert(lastProduct ?? "")
                    #expect(line["variants"] == nil)
                }
            }
            #expect(productsSeen.count == products)

            let (_, byNode) = try await store.graphql(
                "query($id: ID!) { node(id: $id) { ... on BulkOperation { status url } } }", variables: ["id": operation["id"]!])
            #expect(byNode["data"]?["node"]?["url"]?.stringValue == url)
        }
    }

    @Test("an invalid bulk query is refused with a userError, and no operation starts")
    func invalidQuery() async throws {
        try await withShopifyStore { store in
            let (_, body) = try await store.graphql(
                #"mutation { bulkOperationRunQuery(query: "{ products { edges { node { nope } } } }") { bulkOperation { id } userErrors { field message code } } }"#
            )
            let error = try #require(body["data"]?["bulkOperationRunQuery"]?["userErrors"]?[0], "\(body)")
            #expect(error["code"] == "INVALID")
            #expect(error["message"]?.stringValue?.contains("Field 'nope' doesn't exist on type 'Product'") == true)
            let (_, poll) = try await store.graphql(Self.poll)
            #expect(poll["data"]?["currentBulkOperation"] == .null)
        }
    }
}
