import ConcordTesting
import Foundation
import GraphQL

/// Shopify's Admin schema (`../shared/fixtures/shopify/admin_schema.graphql`), built once per test
/// process: it is 3 MB of SDL and takes a second or more to build.
enum AdminSchema {
    static let shared: Result<GraphQLSchema, any Error> = Result {
        let path = FixturePaths.shared("shopify/admin_schema.graphql")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try buildSchema(source: text, assumeValid: true)
    }

    /// The validation errors for `document` against the Admin schema (empty when it is valid).
    static func errors(in document: String) throws -> [String] {
        let schema = try shared.get()
        let ast = try parse(source: Source(body: document, name: "operation"))
        return validate(schema: schema, ast: ast).map(\.message)
    }
}
