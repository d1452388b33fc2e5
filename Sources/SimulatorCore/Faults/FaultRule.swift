import Foundation
import JSONValue

/// What goes wrong.
public enum FaultKind: Hashable, Sendable {
    /// 429 with `Retry-After: seconds`.
    case rateLimit(retryAfter: Int)
    /// An error status (500, 502, 503, ...) with a platform-neutral body.
    case status(Int)
    /// The answer comes, late.
    case slow(milliseconds: Int)
    /// Headers promise the full body; the connection closes halfway through it.
    case dropMidBody
    /// A complete HTTP response whose JSON body stops halfway (Content-Length matches).
    case truncateBody
    /// A complete HTTP response whose body is not JSON at all.
    case malformedJSON
    /// The page repeats the last `n` items of the previous page.
    case duplicateItems(Int)
    /// The page skips `n` items.
    case shiftItems(Int)

    var name: String {
        switch self {
        case .rateLimit: "rate_limit"
        case .status: "status"
        case .slow: "slow"
        case .dropMidBody: "drop_mid_body"
        case .truncateBody: "truncate_body"
        case .malformedJSON: "malformed_json"
        case .duplicateItems: "duplicate_items"
        case .shiftItems: "shift_items"
        }
    }
}

/// One fault to inject: which requests it applies to and when it fires.
///
/// A rule fires on the `n`-th matching request when `onRequests` lists `n` (exact schedules for
/// tests), or with `probability` drawn from the store's fault generator (deterministic under the
/// seed), at most `times` times. JSON form, as `POST /_sim/faults` and `--fault-file` take it:
/// `{"kind": "rate_limit", "retry_after": 2, "path": "/products", "method": "GET", "on_requests": [1, 2]}`.
public struct FaultRule: Hashable, Sendable {
    public var kind: FaultKind
    /// The rule applies when the request path contains this text (any path when nil).
    public var pathContains: String?
    /// The rule applies to this method only (any when nil).
    public var method: String?
    /// For Shopify: the rule applies when the GraphQL document contains this text (e.g. `productVariantsBulkUpdate`).
    public var queryContains: String?
    public var probability: Double?
    /// 1-based positions among the requests this rule matches.
    public var onRequests: [Int]?
    public var times: Int?

    public init(
        kind: FaultKind, pathContains: String? = nil, method: String? = nil, queryContains: String? = nil,
        probability: Double? = nil, onRequests: [Int]? = nil, times: Int? = nil
    ) {
        self.kind = kind
        self.pathContains = pathContains
        self.method = method?.uppercased()
        self.queryContains = queryContains
        self.probability = probability
        self.onRequests = onRequests
        self.times = times
    }

    func matches(method: String, path: String, graphQLDocument: String?) -> Bool {
        if let pathContains, !path.contains(pathContains) { return false }
        if let wanted = self.method, wanted != method { return false }
        if let queryContains, !(graphQLDocument?.contains(queryContains) ?? false) { return false }
        return true
    }
}

public struct FaultRuleError: Error, Hashable, Sendable, CustomStringConvertible {
    public var description: String
}

extension FaultRule {
    public init(json: JSONValue) throws(FaultRuleError) {
        guard let object = json.objectValue else { throw FaultRuleError(description: "a fault rule must be a JSON object") }
        let known: Set = [
            "kind", "retry_after", "status", "delay_ms", "count", "path", "method", "query", "probability", "on_requests", "times",
        ]
        if let unknown = object.keys.first(where: { !known.contains($0) }) {
            throw FaultRuleError(description: "unknown fault rule key '\(unknown)' (known: \(known.sorted().joined(separator: ", ")))")
        }
        func int(_ key: String, default value: Int? = nil) throws(FaultRuleError) -> Int {
            if let given = object[key] {
                guard let number = given.intValue else { throw FaultRuleError(description: "'\(key)' must be a whole number") }
                return number
            }
            guard let value else { throw FaultRuleError(description: "this fault kind needs '\(key)'") }
            return value
        }
        guard let kindName = object["kind"]?.stringValue else { throw FaultRuleError(description: "a fault rule needs a 'kind'") }
        switch kindName {
        case "rate_limit": kind = .rateLimit(retryAfter: try int("retry_after", default: 1))
        case "status":
            let status = try int("status")
            guard (400...599).contains(status) else { throw FaultRuleError(description: "'status' must be 400...599, not \(status)") }
            kind = .status(status)
        case "slow": kind = .slow(milliseconds: try int("delay_ms"))
        case "drop_mid_body": kind = .dropMidBody
        case "truncate_body": kind = .truncateBody
        case "malformed_json": kind = .malformedJSON
        case "duplicate_items": kind = .duplicateItems(try int("count", default: 1))
        case "shift_items": kind = .shiftItems(try int("count", default: 1))
        default:
            throw FaultRuleError(
                description:
                    "unknown fault kind '\(kindName)' (rate_limit, status, slow, drop_mid_body, truncate_body, malformed_json, duplicate_items, shift_items)"
            )
        }
        pathContains = object["path"]?.stringValue
        method = object["method"]?.stringValue?.uppercased()
        queryContains = object["query"]?.stringValue
        if let value = object["probability"] {
            guard let probability = value.decimalValue.map({ NSDecimalNumber(decimal: $0).doubleValue }), (0...1).contains(probability)
            else { throw FaultRuleError(description: "'probability' must be a number from 0 to 1") }
            self.probability = probability
        } else {
            probability = nil
        }
        if let value = object["on_requests"] {
            guard let list = value.arrayValue?.compactMap(\.intValue), list.count == value.arrayValue?.count, list.allSatisfy({ $0 >= 1 })
            else { throw FaultRuleError(description: "'on_requests' must be a list of request numbers from 1") }
            onRequests = list
        } else {
            onRequests = nil
        }
        // With neither probability nor on_requests, the rule fires on every matching request (up to `times`).
        times = object["times"] == nil ? nil : try int("times")
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["kind"] = .string(kind.name)
        switch kind {
        case .rateLimit(let seconds): object["retry_after"] = .int(seconds)
        case .status(let status): object["status"] = .int(status)
        case .slow(let milliseconds): object["delay_ms"] = .int(milliseconds)
        case .duplicateItems(let count), .shiftItems(let count): object["count"] = .int(count)
        case .dropMidBody, .truncateBody, .malformedJSON: break
        }
        if let pathContains { object["path"] = .string(pathContains) }
        if let method { object["method"] = .string(method) }
        if let queryContains { object["query"] = .string(queryContains) }
        if let probability { object["probability"] = .number(String(probability)) }
        if let onRequests { object["on_requests"] = .array(onRequests.map { .int($0) }) }
        if let times { object["times"] = .int(times) }
        return .object(object)
    }

    /// Parses the compact form `concord-sim --fault` takes: `kind[:key=value,...]`, e.g.
    /// `rate_limit:path=/products,probability=0.1,retry_after=2` or `status:status=503,on_requests=1+2`.
    public init(spec: String) throws(FaultRuleError) {
        let parts = spec.split(separator: ":", maxSplits: 1)
        var object = JSONObject()
        object["kind"] = .string(String(parts.first ?? ""))
        if parts.count == 2 {
            for pair in parts[1].split(separator: ",") {
                let keyValue = pair.split(separator: "=", maxSplits: 1).map(String.init)
                guard keyValue.count == 2 else { throw FaultRuleError(description: "expected key=value in '\(pair)'") }
                let (key, value) = (keyValue[0], keyValue[1])
                switch key {
                case "path", "method", "query", "kind": object[key] = .string(value)
                case "on_requests": object[key] = .array(value.split(separator: "+").map { .number(String($0)) })
                default: object[key] = .number(value)
                }
            }
        }
        try self.init(json: .object(object))
    }
}
