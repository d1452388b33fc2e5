import Foundation
import GraphQL
import JSONValue
import SimulatorCore

/// Where an item sits in a connection's order: the sort value, then the id to break ties.
struct SortPosition: Comparable, Sendable {
    enum Value: Comparable, Sendable {
        case number(Int64)
        case text(String)
    }

    var value: Value
    var id: Int64

    static func < (lhs: SortPosition, rhs: SortPosition) -> Bool {
        lhs.value != rhs.value ? lhs.value < rhs.value : lhs.id < rhs.id
    }

    static func id(_ id: Int64) -> SortPosition { SortPosition(value: .number(id), id: id) }
    static func date(_ date: Date, id: Int64) -> SortPosition {
        SortPosition(value: .number(Int64((date.timeIntervalSince1970 * 1000).rounded(.down))), id: id)
    }
    static func text(_ text: String, id: Int64) -> SortPosition { SortPosition(value: .text(text.lowercased()), id: id) }
}

/// An opaque cursor, as Shopify makes them: base64 of `{"last_id":…,"last_value":…}`. Paging is by
/// key (after this position), not by offset, so a page boundary holds while items are added.
enum Cursor {
    static func encode(_ position: SortPosition) -> String {
        let value: JSONValue
        switch position.value {
        case .number(let number): value = .string(String(number))
        case .text(let text): value = .string(text)
        }
        let json: JSONValue = ["last_id": .int(position.id), "last_value": value]
        return Data(json.serialized.utf8).base64EncodedString()
    }

    static func decode(_ cursor: String, numeric: Bool) throws -> SortPosition {
        guard let data = Data(base64Encoded: cursor), let json = try? JSONValue.parse(Array(data)),
            let id = json["last_id"]?.int64Value, let value = json["last_value"]?.stringValue
        else {
            throw ShopifyFieldError("Invalid cursor for current pagination sort.", code: "BAD_REQUEST")
        }
        if numeric {
            guard let number = Int64(value) else {
                throw ShopifyFieldError("Invalid cursor for current pagination sort.", code: "BAD_REQUEST")
            }
            return SortPosition(value: .number(number), id: id)
        }
        return SortPosition(value: .text(value), id: id)
    }
}

/// A connection's page, cut once when the connection field resolves: its edges and its `pageInfo`.
struct ConnectionNode: GraphNode {
    var typeName: String
    var edges: [(cursor: String, node: any GraphNode)]
    var hasNextPage: Bool
    var hasPreviousPage: Bool

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "edges":
            let edgeType = String(typeName.dropLast("Connection".count)) + "Edge"
            return list(edges.map { RecordNode(edgeType, ["cursor": $0.cursor, "node": $0.node]) })
        case "nodes":
            return list(edges.map(\.node))
        case "pageInfo":
            return RecordNode(
                "PageInfo",
                [
                    "hasNextPage": hasNextPage, "hasPreviousPage": hasPreviousPage,
                    "startCursor": edges.first?.cursor, "endCursor": edges.last?.cursor,
                ])
        default:
            return nil
        }
    }

    /// The same connection with only the edges at `positions`: a bulk run's pass (a bulk result
    /// leaves the root connection's `pageInfo` out).
    func window(_ positions: Range<Int>) -> ConnectionNode {
        var part = self
        part.edges = Array(edges[positions.clamped(to: edges.indices)])
        return part
    }

    /// Cuts a page out of `items`, which must be in ascending `position` order.
    ///
    /// `reverse` flips the order; `after`/`before` are positions, found by binary search; the
    /// window goes through `Paging.window` so the simulator's duplicate/shift paging faults apply.
    static func page<T>(
        _ typeName: String, items: [T], position: (T) -> SortPosition, numericSort: Bool = true,
        arguments: PageArguments, fault: PagingFault? = nil, node: (T) -> any GraphNode
    ) throws -> ConnectionNode {
        let ordered = arguments.reverse ? Array(items.reversed()) : items
        let reverse = arguments.reverse
        // True when `a` comes before `b` in the connection's order.
        func precedes(_ a: SortPosition, _ b: SortPosition) -> Bool { reverse ? b < a : a < b }
        func partition(_ isBefore: (SortPosition) -> Bool) -> Int {
            var low = 0, high = ordered.count
            while low < high {
                let mid = (low + high) / 2
                if isBefore(position(ordered[mid])) { low = mid + 1 } else { high = mid }
            }
            return low
        }
        var start = 0
        var end = ordered.count
        if let after = arguments.after {
            let cursor = try Cursor.decode(after, numeric: numericSort)
            start = partition { !precedes(cursor, $0) }
        }
        if let before = arguments.before {
            let cursor = try Cursor.decode(before, numeric: numericSort)
            end = max(start, partition { precedes($0, cursor) })
        }
        let window: Range<Int>
        if let last = arguments.last, arguments.first == nil {
            let lower = max(start, end - last)
            window = Paging.window(count: end, offset: lower, limit: min(last, end - lower), fault: fault)
        } else {
            window = Paging.window(count: end, offset: start, limit: min(arguments.first ?? end, end), fault: fault)
        }
        let edges = ordered[window].map { item in (cursor: Cursor.encode(position(item)), node: node(item)) }
        return ConnectionNode(
            typeName: typeName, edges: edges,
            hasNextPage: window.upperBound < ordered.count, hasPreviousPage: window.lowerBound > 0
        )
    }
}
