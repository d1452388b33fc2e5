import Synchronization

/// One pass of a bulk query's run: the document executed once more, its root connections
/// answering with only `window` of their nodes.
///
/// GraphQLSwift 4.3.0 runs every field and every list item as a child task and builds the whole
/// result before it returns, so a bulk query executed over a whole store at once held every
/// product's tasks and result tree in memory together: about 1.4 MB a product in a debug build,
/// 1.5 GB for 1,000 products. Executing it in passes of a few root nodes bounds that by the pass,
/// while the lines come out as one pass would write them: every pass reads the same snapshot, and
/// the root fields are resolved once for the whole run (``BulkRoots``), so each pass cuts its
/// window from the same connection in the same order.
struct BulkPass: Sendable {
    let roots: BulkRoots
    /// Which nodes of each root connection this pass returns, by position in the connection.
    let window: Range<Int>
}

/// The root fields of one bulk run, resolved by its first pass and reused by the others.
///
/// Every root value is kept, not only connections: a root field with an effect (reading a bulk
/// operation counts as a poll) then has it once per run, as when the query ran in one pass.
final class BulkRoots: Sendable {
    private struct State {
        var values: [String: (any Sendable)?] = [:]
        var largestConnection = 0
    }

    private let state = Mutex(State())

    /// The most nodes any root connection holds: the run needs passes until their windows cover it.
    var largestConnection: Int { state.withLock { $0.largestConnection } }

    /// The value of the root field answered under `key` (its alias or name), resolved by `resolve`
    /// the first time it is asked for.
    func value(for key: String, resolve: () async throws -> (any Sendable)?) async rethrows -> (any Sendable)? {
        if let known = state.withLock({ $0.values[key] }) { return known }
        let value = try await resolve()
        state.withLock { state in
            state.values[key] = .some(value)
            if let connection = value as? ConnectionNode {
                state.largestConnection = max(state.largestConnection, connection.edges.count)
            }
        }
        return value
    }
}
