import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// Sends Admin GraphQL operations to one store, paced by the store's cost bucket.
///
/// Shopify meters GraphQL by calculated query cost in a leaky bucket per app and store, and reports
/// the bucket after every call in `extensions.cost.throttleStatus`
/// (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits). The client takes each
/// operation's requested cost from a `RateGovernor` before sending, then resets the governor to what
/// Shopify reported, so a sync waits for the bucket instead of being throttled. When it is throttled
/// anyway (another app on the same bucket, a clock skew), it waits for the reported refill and
/// sends again.
public struct ShopifyGraphQLClient: Sendable {
    public let endpoint: StoreEndpoint
    public let client: HTTPClient
    public let governor: RateGovernor
    public let apiVersion: String
    /// Tries of one operation that came back THROTTLED before giving up.
    public var maxThrottledAttempts: Int

    /// The cost report of the last call, for tests and the run summary.
    public struct Cost: Hashable, Sendable {
        public var requested: Int
        public var actual: Int?
        public var currentlyAvailable: Double
        public var maximumAvailable: Double
        public var restoreRate: Double
    }

    /// One answer: `data`, and the cost Shopify charged.
    public struct Answer: Sendable {
        public var data: JSONValue
        public var cost: Cost?
        /// How many times the call came back THROTTLED before it went through.
        public var throttledResponses: Int
        /// The store's clock when it answered (the `Date` header), where incremental reads start.
        public var serverDate: Date?
        /// Errors of single fields (each with a `path`), returned beside `data` only when the call
        /// asked for them (`fieldErrors: .returned`); otherwise any error throws.
        public var fieldErrors: [JSONValue] = []
    }

    /// What an answer's GraphQL errors do.
    public enum FieldErrors: Sendable {
        /// Any error fails the call.
        case thrown
        /// Errors that name a field's `path` come back in ``Answer/fieldErrors`` beside the data
        /// of the other fields: one aliased mutation's failure must not hide the others' results.
        case returned
    }

    public init(endpoint: StoreEndpoint, client: HTTPClient, governor: RateGovernor? = nil, maxThrottledAttempts: Int = 8) {
        self.endpoint = endpoint
        self.client = client
        // Shopify's documented standard bucket until the first answer says otherwise.
        self.governor = governor ?? RateGovernor(capacity: 1000, refillPerSecond: 50)
        self.apiVersion = endpoint.apiVersion ?? ShopifyConnection.defaultAPIVersion
        self.maxThrottledAttempts = maxThrottledAttempts
    }

    public var url: String { "\(endpoint.baseURL)/admin/api/\(apiVersion)/graphql.json" }

    /// Runs `document` with `variables`, waiting for `estimatedCost` points in the bucket first.
    ///
    /// - Throws: ``AdapterError`` for HTTP failures (401/403/404 with what to do), GraphQL errors
    ///   (an unknown field, a query above the maximum cost), or a call still throttled after
    ///   ``maxThrottledAttempts`` tries.
    public func execute(
        _ document: String, variables: JSONObject = JSONObject(), estimatedCost: Int, fieldErrors: FieldErrors = .thrown
    ) async throws -> Answer {
        guard let token = endpoint.token else {
            throw AdapterError(
                code: .unauthorized, store: endpoint.store, message: "no Shopify access token; set the variable named by token_env")
        }
        let body: JSONValue = ["query": .string(document), "variables": .object(variables)]
        var throttled = 0
        while true {
            await governor.acquire(cost: Double(estimatedCost))
            let request = HTTPRequest(
                method: .post, url: url,
                headers: ["X-Shopify-Access-Token": token.reveal(), "Content-Type": "application/json", "Accept": "application/json"],
                body: body.bytes,
                // Queries are safe to repeat; mutations carry their own preconditions or idempotency,
                // and the client never repeats a write whose outcome it does not know.
                retrySafe: !document.trimmingCharacters(in: .whitespaces).hasPrefix("mutation")
            )
            let response = try await client.send(request)
            guard response.isSuccess else {
                throw httpError(response)
            }
            let json: JSONValue
            do {
                json = try JSONValue.parse(response.body)
            } catch {
                throw AdapterError.malformed("the GraphQL answer is not JSON (\(error.description))", store: endpoint.store)
            }
            let cost = Self.cost(in: json)
            if let cost {
                await governor.update(available: cost.currentlyAvailable, capacity: cost.maximumAvailable, restoreRate: cost.restoreRate)
            }
            let errors = json["errors"]?.arrayValue ?? []
            if errors.contains(where: { $0["extensions"]?["code"]?.stringValue == "THROTTLED" }) {
                throttled += 1
                guard throttled < maxThrottledAttempts else {
                    throw AdapterError(
                        code: .throttled, store: endpoint.store,
                        message:
                            "Shopify throttled the same query \(throttled) times; another app may be using this store's API budget. Try again later."
                    )
                }
                // Wait until the bucket holds the requested cost again, at the reported restore rate.
                if let cost, cost.restoreRate > 0 {
                    let missing = max(0, Double(cost.requested) - cost.currentlyAvailable)
                    await governor.pause(for: missing / cost.restoreRate)
                    await governor.update(available: 0)
                } else {
                    await governor.pause(for: 1)
                }
                continue
            }
            let returned =
                fieldErrors == .returned && json["data"]?.objectValue != nil
                && errors.allSatisfy { !($0["path"]?.arrayValue ?? []).isEmpty }
            if !returned, let first = errors.first {
                throw graphQLError(first, count: errors.count)
            }
            guard let data = json["data"], data.objectValue != nil else {
                throw AdapterError.malformed("the GraphQL answer has no data", store: endpoint.store)
            }
            return Answer(
                data: data, cost: cost, throttledResponses: throttled, serverDate: response.serverDate, fieldErrors: returned ? errors : [])
        }
    }

    static func cost(in json: JSONValue) -> Cost? {
        guard let cost = json["extensions"]?["cost"], let status = cost["throttleStatus"],
            let requested = cost["requestedQueryCost"]?.intValue,
            let available = status["currentlyAvailable"]?.decimalValue,
            let maximum = status["maximumAvailable"]?.decimalValue,
            let rate = status["restoreRate"]?.decimalValue
        else { return nil }
        func double(_ value: Decimal) -> Double { NSDecimalNumber(decimal: value).doubleValue }
        return Cost(
            requested: requested, actual: cost["actualQueryCost"]?.intValue, currentlyAvailable: double(available),
            maximumAvailable: double(maximum), restoreRate: double(rate))
    }

    func httpError(_ response: HTTPResponse) -> AdapterError {
        let json = try? JSONValue.parse(response.body)
        let message = json?["errors"]?.stringValue ?? json?["errors"]?[0]?["message"]?.stringValue
        if response.status == 404 {
            return AdapterError(
                code: .unsupportedAPIVersion, store: endpoint.store,
                message:
                    "Shopify has no Admin API at \(url) (HTTP 404); check the store URL and that api_version \"\(apiVersion)\" is a supported YYYY-MM version",
                status: 404)
        }
        return AdapterError.from(
            response, store: endpoint.store, platformMessage: message,
            hint403:
                "give the app the read_products, write_products, read_inventory, write_inventory, read_locations and read_orders scopes")
    }

    func graphQLError(_ error: JSONValue, count: Int) -> AdapterError {
        let message = error["message"]?.stringValue ?? "unknown error"
        let code = error["extensions"]?["code"]?.stringValue
        let more = count > 1 ? " (and \(count - 1) more)" : ""
        switch code {
        case "MAX_COST_EXCEEDED":
            return AdapterError(
                code: .malformedResponse, store: endpoint.store,
                message: "Shopify refused a query as too expensive: \(message). This is a Concord bug in page sizing; please report it.")
        case "ACCESS_DENIED":
            return AdapterError(
                code: .forbidden, store: endpoint.store, message: "Shopify denied access: \(message); give the app the scope it names")
        default:
            return AdapterError(
                code: .malformedResponse, store: endpoint.store,
                message: "Shopify answered with a GraphQL error\(code.map { " (\($0))" } ?? ""): \(message)\(more)")
        }
    }
}
