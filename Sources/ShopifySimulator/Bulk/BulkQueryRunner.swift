import Foundation
import GraphQL
import JSONValue
import SimulatorCore

/// `bulkOperationRunQuery` and `bulkOperationCancel`.
///
/// The query runs at once against the store as it is, without page sizes; its result is
/// flattened the way Shopify writes bulk results: one JSON object a line, each node of a nested
/// connection on its own line after its parent with `__parentId` set to the parent's `id`.
/// (https://shopify.dev/docs/api/usage/bulk-operations/queries#the-jsonl-data-format)
enum BulkQueryRunner {
    static func run(_ args: Map, _ context: ResolveContext) async -> RecordNode {
        var errors = UserErrorList("BulkOperationUserError")
        let query = args[argument: "query"]?.text ?? ""
        let shop = context.shop
        let runtime = context.platform.runtime

        if let running = runtime.withStore(shop, { $0.operations.last(where: \.isRunning) }) {
            errors.add(
                nil, "A bulk query operation for this app and shop is already in progress: \(running.gid).", code: "OPERATION_IN_PROGRESS")
            return RecordNode("BulkOperationRunQueryPayload", ["bulkOperation": nil, "userErrors": errors.nodes])
        }
        let document: Document
        do {
            document = try parse(source: Source(body: query, name: "bulk query"))
        } catch {
            errors.add(["query"], "Invalid bulk query: \((error as? GraphQLError)?.message ?? "\(error)")", code: "INVALID")
            return RecordNode("BulkOperationRunQueryPayload", ["bulkOperation": nil, "userErrors": errors.nodes])
        }
        let validation = validate(schema: AdminSchema.shared, ast: document)
        let shape = GraphQLErrorShape(document: document)
        if let first = validation.first {
            let message = shape.validation(first)["message"]?.stringValue ?? first.message
            errors.add(["query"], "Invalid bulk query: \(message)", code: "INVALID")
        } else if let operation = GraphQLEndpoint.operation(in: document, named: nil), operation.operation != .query {
            errors.add(
                ["query"], "Invalid bulk query: only queries can run in bulk; use bulkOperationRunMutation for mutations.", code: "INVALID")
        } else if !query.contains("edges") && !query.contains("nodes") {
            errors.add(["query"], "Invalid bulk query: Bulk queries must contain at least one connection.", code: "INVALID")
        }
        guard errors.isEmpty else {
            return RecordNode("BulkOperationRunQueryPayload", ["bulkOperation": nil, "userErrors": errors.nodes])
        }

        let createdAt = context.shop.now
        let record = runtime.withStore(shop) { store -> BulkOperationRecord in
            let record = BulkOperationRecord(id: store.nextOperationID, query: query, createdAt: createdAt)
            store.nextOperationID += 1
            store.operations.append(record)
            return record
        }
        // The run works on the state as it is now, in the background, like Shopify's: the call
        // that starts it answers at once, and polls say RUNNING until the file is ready.
        let state = context.state
        let operationID = record.id
        let passSize = context.options.bulkRootNodesPerPass
        let platform = context.platform
        let baseURL = context.baseURL
        let run = Task.detached {
            let result = await passes(of: document, shape: shape, size: passSize) { pass in
                ResolveContext(shop: shop, platform: platform, fault: nil, baseURL: baseURL, bulkPass: pass, state: state)
            }
            runtime.withStore(shop) { store in
                guard let index = store.operations.firstIndex(where: { $0.id == operationID }) else { return }
                store.operations[index].objectCount = result.objectCount
                store.operations[index].rootObjectCount = result.rootObjectCount
                store.operations[index].file = result.file
                store.operations[index].errorCode = result.errorCode
                store.operations[index].isComputed = true
            }
        }
        runtime.track(run, shop: shop, id: operationID)
        return RecordNode(
            "BulkOperationRunQueryPayload",
            [
                "bulkOperation": BulkOperationNode(operation: record, baseURL: context.baseURL), "userErrors": list([]),
            ])
    }

    static func cancel(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("UserError", hasCode: false)
        guard let id = GlobalID.id(args[argument: "id"]?.text, type: "BulkOperation") else {
            errors.add(["id"], "Bulk operation does not exist")
            return RecordNode("BulkOperationCancelPayload", ["bulkOperation": nil, "userErrors": errors.nodes])
        }
        let record = context.platform.runtime.withStore(context.shop) { store -> BulkOperationRecord? in
            guard let index = store.operations.firstIndex(where: { $0.id == id }) else { return nil }
            if store.operations[index].isRunning { store.operations[index].status = "CANCELED" }
            return store.operations[index]
        }
        guard let record else {
            errors.add(["id"], "Bulk operation does not exist")
            return RecordNode("BulkOperationCancelPayload", ["bulkOperation": nil, "userErrors": errors.nodes])
        }
        if record.status != "CANCELED" {
            errors.add(nil, "A bulk operation cannot be canceled when it is \(record.status.lowercased())")
        }
        return RecordNode(
            "BulkOperationCancelPayload",
            [
                "bulkOperation": BulkOperationNode(operation: record, baseURL: context.baseURL), "userErrors": errors.nodes,
            ])
    }

    /// What a bulk query's run wrote.
    struct Result {
        var file: BulkResultFile?
        var objectCount = 0
        var rootObjectCount = 0
        var errorCode: String?

        /// A run that wrote nothing: an error reached the root of a pass, or the file failed.
        static func failed(errorCode: String?) -> Result { Result(errorCode: errorCode) }
    }

    /// Executes `document` in passes of `size` root nodes (see ``BulkPass``) and writes each pass's
    /// lines after the last pass's, into a ``BulkResultFile``.
    ///
    /// The file is what one pass over the whole store would write: each root connection's lines in
    /// order, the connections in the order the query names them (the first one's lines go to the
    /// file as they come, any other's wait in memory until it is done). When a pass answers no data
    /// at all (an error reached the root), neither would one pass: the run writes nothing, with
    /// `INTERNAL_SERVER_ERROR` if the pass had errors.
    static func passes(
        of document: Document, shape: GraphQLErrorShape, size: Int, context: (BulkPass) -> ResolveContext
    ) async -> Result {
        guard let file = BulkResultFile() else { return .failed(errorCode: "INTERNAL_SERVER_ERROR") }
        let roots = BulkRoots()
        var result = Result(file: file)
        var firstConnection: String?
        var laterConnections: [(key: String, jsonl: [UInt8])] = []
        var start = 0
        repeat {
            let pass = BulkPass(roots: roots, window: start..<(start + size))
            let outcome = await GraphQLEndpoint.execute(
                document: document, operationName: nil, variables: [:], context: context(pass), shape: shape)
            guard let data = outcome.data else { return .failed(errorCode: outcome.errors.isEmpty ? nil : "INTERNAL_SERVER_ERROR") }
            for (key, value) in data.objectValue ?? JSONObject() {
                guard let nodes = connectionNodes(value) else { continue }
                result.rootObjectCount += nodes.count
                var lines: [JSONValue] = []
                for node in nodes { emit(node, parentID: nil, into: &lines) }
                result.objectCount += lines.count
                var jsonl: [UInt8] = []
                for line in lines {
                    jsonl += line.bytes
                    jsonl.append(UInt8(ascii: "\n"))
                }
                if firstConnection == nil { firstConnection = key }
                if key == firstConnection {
                    guard file.append(jsonl) else { return .failed(errorCode: "INTERNAL_SERVER_ERROR") }
                } else if let index = laterConnections.firstIndex(where: { $0.key == key }) {
                    laterConnections[index].jsonl += jsonl
                } else {
                    laterConnections.append((key, jsonl))
                }
            }
            start += size
        } while start < roots.largestConnection
        for connection in laterConnections {
            guard file.append(connection.jsonl) else { return .failed(errorCode: "INTERNAL_SERVER_ERROR") }
        }
        return result
    }

    /// The nodes of a connection's data (`edges[].node` or `nodes[]`), or nil when `value` is not one.
    static func connectionNodes(_ value: JSONValue) -> [JSONValue]? {
        guard let object = value.objectValue, !object.isEmpty,
            object.keys.allSatisfy({ ["edges", "nodes", "pageInfo"].contains($0) })
        else { return nil }
        if let nodes = object["nodes"]?.arrayValue { return nodes }
        if let edges = object["edges"]?.arrayValue { return edges.compactMap { $0["node"] } }
        return nil
    }

    /// Writes `node` without its nested connections, then each of their nodes with `__parentId`.
    /// A connection inside a plain object field (`inventoryItem { inventoryLevels }`) is split out
    /// too, its nodes naming the nearest enclosing object with an id as their parent.
    static func emit(_ node: JSONValue, parentID: String?, into lines: inout [JSONValue]) {
        guard let object = node.objectValue else { return }
        var children: [(parent: String?, node: JSONValue)] = []
        var own = strip(object, ownerID: object["id"]?.stringValue, children: &children)
        if let parentID { own["__parentId"] = .string(parentID) }
        lines.append(.object(own))
        for child in children { emit(child.node, parentID: child.parent, into: &lines) }
    }

    private static func strip(_ object: JSONObject, ownerID: String?, children: inout [(parent: String?, node: JSONValue)]) -> JSONObject {
        var own = JSONObject()
        for (key, value) in object {
            if let nodes = connectionNodes(value) {
                children += nodes.map { (ownerID, $0) }
            } else if let nested = value.objectValue {
                own[key] = .object(strip(nested, ownerID: nested["id"]?.stringValue ?? ownerID, children: &children))
            } else {
                own[key] = value
            }
        }
        return own
    }
}
