import Foundation
import GraphQL

/// One bulk query operation of a store: its query, its result as JSONL, and how far a client has
/// seen it progress.
///
/// The result is computed when the operation is created, from the store as it is then; what moves
/// is only the status a client sees. Each read of the operation (`currentBulkOperation`,
/// `node(id:)`) counts as a poll: `CREATED` at creation, `RUNNING` until the configured number of
/// polls, then `COMPLETED`. Never timer-based, so tests are deterministic.
struct BulkOperationRecord: Sendable {
    var id: Int64
    var query: String
    var createdAt: Date
    var status: String = "CREATED"
    var polls = 0
    var objectCount = 0
    var rootObjectCount = 0
    var jsonl: [UInt8] = []
    var errorCode: String?

    var gid: String { GlobalID("BulkOperation", id).description }
    var isRunning: Bool { status == "CREATED" || status == "RUNNING" }

    mutating func poll(pollsUntilComplete: Int) {
        guard isRunning else { return }
        polls += 1
        status = polls >= max(1, pollsUntilComplete) ? "COMPLETED" : "RUNNING"
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
        case "fileSize": return completed && operation.objectCount > 0 ? String(operation.jsonl.count) : nil
        // Shopify gives no URL when the result is empty.
        case "url": return completed && operation.objectCount > 0 ? "\(baseURL)/_bulk/\(operation.id).jsonl" : nil
        case "partialDataUrl": return nil
        default: return nil
        }
    }
}
