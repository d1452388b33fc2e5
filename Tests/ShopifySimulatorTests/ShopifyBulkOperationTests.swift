import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
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

    /// A bulk query with nested connections under each root node, and a second root connection.
    static let nestedBulkQuery = """
        {
          products { edges { node {
            id title updatedAt
            images(first: 10) { edges { node { url } } }
            variants { edges { node {
              id sku price selectedOptions { name value }
              inventoryItem { id inventoryLevels { edges { node { location { id } quantities(names: ["available", "committed"]) { name quantity } } } } }
            } } }
          } } }
          locations { edges { node { id name } } }
        }
        """

    /// Runs `query` as a bulk operation to completion on a store of `products` products whose
    /// runs compute `rootNodesPerPass` root nodes at a time; returns the completed operation and
    /// its file.
    static func completedBulkQuery(
        _ query: String, products: Int, rootNodesPerPass: Int
    ) async throws -> (operation: JSONValue, file: String) {
        let clock = SimClock { Date(timeIntervalSince1970: 1_750_000_000) }
        let options = ShopifyPlatform.Options(bulkRootNodesPerPass: rootNodesPerPass)
        return try await withShopifyStore(products: products, options: options, clock: clock) { store in
            let (_, started) = try await store.graphql(
                "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } userErrors { message } } }",
                variables: ["q": .string(query)])
            #expect(started["data"]?["bulkOperationRunQuery"]?["userErrors"] == [], "\(started)")
            var operation = JSONValue.null
            for _ in 1...2 { operation = try await store.graphql(poll).body["data"]?["currentBulkOperation"] ?? .null }
            #expect(operation["status"] == "COMPLETED")
            let url = try #require(operation["url"]?.stringValue, "\(operation)")
            return (operation, try await store.client.send(HTTPRequest(url: url)).text)
        }
    }

    @Test(
        "a bulk run computed a few root nodes at a time writes the same file as one pass over the store",
        arguments: [1, 7])
    func passesWriteOnePassFile(rootNodesPerPass: Int) async throws {
        let onePass = try await Self.completedBulkQuery(Self.nestedBulkQuery, products: 30, rootNodesPerPass: 1_000_000)
        let inPasses = try await Self.completedBulkQuery(Self.nestedBulkQuery, products: 30, rootNodesPerPass: rootNodesPerPass)

        #expect(inPasses.file == onePass.file)
        #expect(inPasses.operation["objectCount"] == onePass.operation["objectCount"])
        #expect(inPasses.operation["rootObjectCount"] == onePass.operation["rootObjectCount"])
        // The products and the locations are the roots, the locations' lines last; variants,
        // images and levels each name a parent.
        let lines = try onePass.file.split(separator: "\n").map { try JSONValue.parse(String($0)) }
        let roots = lines.filter { $0["__parentId"] == nil }.compactMap { $0["id"]?.stringValue }
        #expect(roots.filter { $0.contains("/Product/") }.count == 30)
        #expect(roots.last?.contains("/Location/") == true)
        #expect(onePass.operation["rootObjectCount"] == .string(String(roots.count)))
        #expect(lines.count > 30 * 3, "variants, images and levels are lines of their own")
    }

    @Test("an operation's file stays downloadable, the same, after later operations complete")
    func earlierFileStays() async throws {
        try await withShopifyStore(products: 12) { store in
            func completedURL(_ query: String) async throws -> String {
                _ = try await store.graphql(
                    "mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id } } }", variables: ["q": .string(query)])
                _ = try await store.graphql(Self.poll)
                let (_, done) = try await store.graphql(Self.poll)
                return try #require(done["data"]?["currentBulkOperation"]?["url"]?.stringValue, "\(done)")
            }
            let first = try await completedURL("{ products { edges { node { id title } } } }")
            let before = try await store.client.send(HTTPRequest(url: first))
            let second = try await completedURL(Self.nestedBulkQuery)
            #expect(second != first)

            let after = try await store.client.send(HTTPRequest(url: first))
            #expect(after.status == 200)
            #expect(after.body == before.body)
            #expect(after.text.split(separator: "\n").count == 12)
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
