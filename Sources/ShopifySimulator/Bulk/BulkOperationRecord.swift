import Foundation
import GraphQL

/// One bulk query operation of a store: its query, its result as JSONL, and how far a client has
/// seen it progress.
///
/// The result is computed in the background from the store as it was when the operation was
/// created (on a big store that takes a while, as on Shopify; the creating call answers at once).
/// Each read of the operation (`currentBulkOperation`, `node(id:)`) counts as a poll: `CREATED` at
/// creation, `RUNNING` until the configured number of polls has been made and the result is ready,
/// then `COMPLETED`. Never timer-based, so tests are deterministic.
struct BulkOperationRecord: Sendable {
    var id: Int64
    var query: String
    var createdAt: Date
    var status: String = "CREATED"
    var polls = 0
    var objectCount = 0
    var rootObjectCount = 0
    /// The JSON Lines the run wrote (nil until it has, or when it failed).
    var file: BulkResultFile?
    var errorCode: String?
    /// Whether the background run has finished and `file` holds the result.
    var isComputed = false

    var gid: String { GlobalID("BulkOperation", id).description }
    var isRunning: Bool { status == "CREATED" || status == "RUNNING" }

    mutating func poll(pollsUntilComplete: Int) {
        guard isRunning else { return }
        polls += 1
        status = polls >= max(1, pollsUntilComplete) && isComputed ? "COMPLETED" : "RUNNING"
    }
}

/// `BulkOperation`.
struct BulkOperationNode: GraphNode {
    var operation: BulkOperationRecord
    var baseURL: String
    var typeName: String { "BulkOperation" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        let completed = operation.status == "COMPLETED"
        switch field {
        case "id": return operation.gid
        case "status": return operation.status
        case "type": return "QUERY"
        case "query": return operation.query
        case "createdAt": return operation.createdAt.shopifyTimestamp
        case "completedAt": return completed ? operation.createdAt.shopifyTimestamp : nil
        case "errorCode": return operation.errorCode
        case "objectCount": return String(completed ? operation.objectCount : 0)
        case "rootObjectCount": return String(completed ? operation.rootObjectCount : 0)
        case "fileSize": return completed && operation.objectCount > 0 ? String(operation.file?.size ?? 0) : nil
        // Shopify gives no URL when the result is empty.
        case "url": return completed && operation.objectCount > 0 ? "\(baseURL)/_bulk/\(operation.id).jsonl" : nil
        case "partialDataUrl": return nil
        default: return nil
        }
    }
}
