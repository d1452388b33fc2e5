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

        let bulkContext = ResolveContext(
            shop: shop, platform: context.platform, fault: nil, baseURL: context.baseURL, isBulk: true, state: context.state)
        let outcome = await GraphQLEndpoint.execute(
            document: document, operationName: nil, variables: [:], context: bulkContext, shape: shape)
        var lines: [JSONValue] = []
        var roots = 0
        if let data = outcome.data?.objectValue {
            for (_, value) in data {
                guard let nodes = connectionNodes(value) else { continue }
                roots += nodes.count
                for node in nodes { emit(node, parentID: nil, into: &lines) }
            }
        }
        var jsonl: [UInt8] = []
        for line in lines {
            jsonl += line.bytes
            jsonl.append(UInt8(ascii: "\n"))
        }
        let createdAt = context.shop.now
        let record = runtime.withStore(shop) { store -> BulkOperationRecord in
            var record = BulkOperationRecord(id: store.nextOperationID, query: query, createdAt: createdAt)
            store.nextOperationID += 1
            record.objectCount = lines.count
            record.rootObjectCount = roots
            record.jsonl = jsonl
            if outcome.data == nil && !outcome.errors.isEmpty { record.errorCode = "INTERNAL_SERVER_ERROR" }
            store.operations.append(record)
            return record
        }
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
    static func emit(_ node: JSONValue, parentID: String?, into lines: inout [JSONValue]) {
        guard let object = node.objectValue else { return }
        var own = JSONObject()
        var children: [JSONValue] = []
        for (key, value) in object {
            if let nodes = connectionNodes(value) {
                children += nodes
            } else {
                own[key] = value
            }
        }
        if let parentID { own["__parentId"] = .string(parentID) }
        lines.append(.object(own))
        let id = object["id"]?.stringValue
        for child in children { emit(child, parentID: id, into: &lines) }
    }
}
