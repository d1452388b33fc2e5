import Foundation
import JSONValue

/// One request the simulator served, as `GET /_sim/log` shows it.
public struct RequestLogEntry: Hashable, Sendable {
    public var sequence: Int
    public var time: Date
    public var method: String
    public var path: String
    /// URL query parameters (REST paging and filters).
    public var params: [SimRequest.QueryItem]
    public var status: Int
    /// The GraphQL document, for Shopify calls.
    public var query: String?
    public var variables: JSONValue?
    /// The parsed JSON body of a write (`.null` when there was none or it was not JSON).
    public var body: JSONValue
    /// The fault injected into this response, if any.
    public var fault: String?
    /// Whether the call changed the store: a REST write, or a GraphQL mutation other than the
    /// start or cancellation of a bulk read.
    public var isWrite = false
    /// The client's `User-Agent` (Concord's names its process, so a test can tell agents apart).
    public var userAgent: String?

    public var json: JSONValue {
        var object = JSONObject()
        object["seq"] = .int(sequence)
        object["time"] = .string(time.formatted(.iso8601))
        object["method"] = .string(method)
        object["path"] = .string(path)
        object["status"] = .int(status)
        object["query"] = .string(query)
        object["variables"] = variables ?? .null
        object["body"] = body
        object["params"] = .object(JSONObject(params.map { ($0.name, JSONValue.string($0.value)) }))
        object["fault"] = .string(fault)
        object["user_agent"] = .string(userAgent)
        return .object(object)
    }
}

/// Counts that let a test or a benchmark say "this sync cost N calls": by status and by
/// endpoint (numeric path segments folded to `{id}`).
public struct RequestCounters: Hashable, Sendable {
    public var total = 0
    public var writes = 0
    public var byStatus: [Int: Int] = [:]
    public var byEndpoint: [String: Int] = [:]
    public var faultsInjected = 0

    mutating func record(_ entry: RequestLogEntry, isWrite: Bool) {
        total += 1
        if isWrite { writes += 1 }
        byStatus[entry.status, default: 0] += 1
        byEndpoint[Self.endpoint(method: entry.method, path: entry.path), default: 0] += 1
        if entry.fault != nil { faultsInjected += 1 }
    }

    static func endpoint(method: String, path: String) -> String {
        let folded = path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
            segment.allSatisfy(\.isNumber) && !segment.isEmpty ? "{id}" : String(segment)
        }.joined(separator: "/")
        return method + " " + folded
    }

    public var json: JSONValue {
        .object(
            JSONObject([
                ("total", .int(total)),
                ("writes", .int(writes)),
                ("faults_injected", .int(faultsInjected)),
                ("by_status", .object(JSONObject(byStatus.keys.sorted().map { (String($0), JSONValue.int(byStatus[$0]!)) }))),
                ("by_endpoint", .object(JSONObject(byEndpoint.keys.sorted().map { ($0, JSONValue.int(byEndpoint[$0]!)) }))),
            ]))
    }
}
