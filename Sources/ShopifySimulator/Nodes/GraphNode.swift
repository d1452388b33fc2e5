import Foundation
import GraphQL

/// A value the executor can ask for fields: each Admin object type the simulator serves is one.
///
/// The schema gives every field the same resolver, which hands the field's name and arguments to
/// the source node; a node answers with a scalar (`String`, `Int`, `Bool`), another node, an array
/// of them (`[(any Sendable)?]`) or nil.
protocol GraphNode: Sendable {
    /// The GraphQL object type this node is, which is how `Node` and `Media` fields resolve.
    var typeName: String { get }
    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)?
}

/// An object whose fields are plain values: payloads, user errors, `PageInfo`, `Count`, `MoneyV2`...
struct RecordNode: GraphNode {
    var typeName: String
    var fields: [String: (any Sendable)?]

    init(_ typeName: String, _ fields: [String: (any Sendable)?]) {
        self.typeName = typeName
        self.fields = fields
    }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        fields[field] ?? nil
    }
}

/// Arrays handed to the executor must be `[(any Sendable)?]`.
func list(_ items: [any Sendable]) -> [(any Sendable)?] {
    items.map { $0 }
}

extension Date {
    /// Shopify's `DateTime`: ISO-8601 in UTC, whole seconds (`2024-05-01T12:00:00Z`).
    var shopifyTimestamp: String { formatted(.iso8601) }
}

extension Map {
    subscript(argument name: String) -> Map? {
        guard case .dictionary(let values) = self, let value = values[name] else { return nil }
        if case .null = value { return nil }
        if case .undefined = value { return nil }
        return value
    }

    var integer: Int? {
        if case .number(let number) = self { return number.intValue }
        return nil
    }

    var text: String? {
        if case .string(let string) = self { return string }
        return nil
    }

    var boolean: Bool? {
        if case .bool(let bool) = self { return bool }
        return nil
    }

    var items: [Map] {
        if case .array(let items) = self { return items }
        return []
    }

    /// A `Money`/`Decimal` input: Shopify takes a decimal string, and clients also send numbers.
    var decimalText: String? {
        switch self {
        case .string(let string): return string
        case .number(let number):
            var copy = number
            return copy.number.stringValue
        default: return nil
        }
    }
}
