import Foundation
import ShopifyAdapter
import Testing

@Suite("Shopify operations validate against the Admin schema")
struct OperationSchemaTests {
    @Test("the schema check itself rejects a field that does not exist")
    func checkCanFail() throws {
        let errors = try AdminSchema.errors(in: "query { shop { name notAField } }")
        #expect(errors.contains { $0.contains("notAField") })
    }

    @Test("the connection check query is valid")
    func connectionCheck() throws {
        #expect(try AdminSchema.errors(in: ShopifyConnection.checkQuery) == [])
    }
}

@Suite("Every Shopify adapter operation is valid against the Admin schema")
struct AdapterOperationSchemaTests {
    @Test("each operation parses and validates", arguments: ShopifyOperations.all.map(\.name))
    func valid(name: String) throws {
        let document = try #require(ShopifyOperations.all.first { $0.name == name }?.document)
        #expect(try AdminSchema.errors(in: document) == [], "\(name)")
    }
}
