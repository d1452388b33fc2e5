import Foundation
import GraphQL
import JSONValue
import SimulatorCore
import Synchronization

/// What resolvers share during one GraphQL request: the store, the platform's settings and
/// per-store runtime, and the state the request reads.
///
/// Reads go to one snapshot taken when the request starts, so every page of a query is cut from
/// the same moment; a mutation writes through the store and then refreshes the snapshot, so the
/// payload (and any later mutation field) sees its effect.
final class ResolveContext: Sendable {
    let shop: SimulatedShop
    let platform: ShopifyPlatform
    /// The paging fault the server injected into this response, applied to top-level connections.
    let fault: PagingFault?
    /// `http://127.0.0.1:PORT`, for the bulk operation download URLs.
    let baseURL: String
    /// Inside a bulk operation's run: which pass this is. Connections then need no page size and
    /// have no page limit, and the root connections answer with the pass's window of nodes.
    let bulkPass: BulkPass?
    private let current: Mutex<ShopState>
    private let nulls = Mutex<[(path: [IndexPathValue], indexes: [Int])]>([])

    init(
        shop: SimulatedShop, platform: ShopifyPlatform, fault: PagingFault?, baseURL: String, bulkPass: BulkPass? = nil,
        state: ShopState? = nil
    ) {
        self.shop = shop
        self.platform = platform
        self.fault = fault
        self.baseURL = baseURL
        self.bulkPass = bulkPass
        self.current = Mutex(state ?? shop.snapshot)
    }

    var state: ShopState { current.withLock { $0 } }
    var options: ShopifyPlatform.Options { platform.options }
    var isBulk: Bool { bulkPass != nil }

    func pageArguments(_ args: Map, field: String) throws -> PageArguments {
        try PageArguments(args: args, field: field, maxPageSize: options.maxPageSize, unlimited: isBulk)
    }

    /// GraphQLSwift 4.3.0 cannot complete a list whose items may be null (`nodes(ids:)` is
    /// `[Node]!`): a null item breaks the whole response. Resolvers leave such items out and record
    /// where they were; ``restoringNulls(_:)`` puts them back into the response.
    func recordNulls(at path: [IndexPathValue], indexes: [Int]) {
        guard !indexes.isEmpty else { return }
        nulls.withLock { $0.append((path, indexes)) }
    }

    func restoringNulls(_ data: JSONValue) -> JSONValue {
        nulls.withLock { $0 }.reduce(data) { data, entry in Self.insert(nullsAt: entry.indexes, path: entry.path[...], in: data) }
    }

    private static func insert(nullsAt indexes: [Int], path: ArraySlice<IndexPathValue>, in data: JSONValue) -> JSONValue {
        guard let head = path.first else {
            guard var items = data.arrayValue else { return data }
            for index in indexes.sorted() where index <= items.count { items.insert(.null, at: index) }
            return .array(items)
        }
        switch (head, data) {
        case (.key(let key), .object(var object)):
            if let child = object[key] { object[key] = insert(nullsAt: indexes, path: path.dropFirst(), in: child) }
            return .object(object)
        case (.index(let index), .array(var items)) where index < items.count:
            items[index] = insert(nullsAt: indexes, path: path.dropFirst(), in: items[index])
            return .array(items)
        default:
            return data
        }
    }

    /// Runs a write atomically on the store with one timestamp from the store's clock, then
    /// refreshes this request's snapshot.
    func write<T>(_ body: (inout ShopState, Date) throws -> T) rethrows -> T {
        let now = shop.now
        let result = try shop.mutate { state in try body(&state, now) }
        let fresh = shop.snapshot
        current.withLock { $0 = fresh }
        return result
    }
}
