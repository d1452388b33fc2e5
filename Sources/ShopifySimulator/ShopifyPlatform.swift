import Foundation
import JSONValue
import SimulatorCore

/// Shopify's Admin API on a simulated store: the GraphQL endpoint with query cost and a leaky
/// bucket, bulk query operations with their JSONL download, and the two REST calls connection
/// checks use (`shop.json`, `access_scopes.json`).
///
/// Routes:
/// - `POST /admin/api/{version}/graphql.json` (`YYYY-MM` or `unstable`)
/// - `GET /admin/api/{version}/shop.json`, `GET /admin/oauth/access_scopes.json`
/// - `GET /_bulk/{id}.jsonl`: a completed bulk operation's result. Like Shopify's signed download
///   URL it needs no token.
///
/// Every other route needs `X-Shopify-Access-Token` equal to the store's token, else 401 with
/// Shopify's body.
public struct ShopifyPlatform: PlatformAPI {
    /// How the simulated Admin API meters and pages.
    public struct Options: Sendable {
        /// Points the query-cost bucket holds (Shopify's `maximumAvailable`).
        public var bucketSize: Double
        /// Points a second the bucket refills (`restoreRate`).
        public var restoreRate: Double
        /// The most a single query may cost; nil means the bucket size, as on Shopify.
        public var maxQueryCost: Int?
        /// The largest `first`/`last` a connection accepts.
        public var maxPageSize: Int
        /// Reads of a bulk operation until it reports `COMPLETED` (the ones before say `RUNNING`).
        public var bulkPollsUntilComplete: Int
        /// Root nodes (products, orders...) a bulk operation's run computes at a time.
        public var bulkRootNodesPerPass: Int
        /// The API version the banner names.
        public var bannerAPIVersion: String
        /// The clock the bucket refills by: the wall clock by default; a test can step it.
        public var throttleClock: SimClock

        /// - Parameters:
        ///   - bucketSize: Bucket size in points; default 1000 (Shopify's long-standing standard bucket).
        ///   - restoreRate: Refill in points a second; default 100, the Standard plan's rate in
        ///     Shopify's documentation today (Advanced 200, Plus 1,000; older stores report 50:
        ///     ../shared/API-NOTES.md). Reads are bound by it: a page's actual cost over this rate.
        ///   - maxQueryCost: Single-query limit; default the bucket size.
        ///   - maxPageSize: Page size limit; default 250.
        ///   - bulkPollsUntilComplete: Polls of a bulk operation before it completes; default 2
        ///     (the first poll sees `RUNNING`, the second `COMPLETED`).
        ///   - bulkRootNodesPerPass: Root nodes a bulk run computes at a time; default 10. The run
        ///     holds one pass's result tree in memory (about 1.4 MB a product in a debug build, see
        ///     ``BulkPass``); the result file is the same whatever the value.
        ///   - bannerAPIVersion: Version in the banner's URL; default `2025-07`.
        ///   - throttleClock: Clock for the bucket; default the system clock.
        public init(
            bucketSize: Double = 1000, restoreRate: Double = 100, maxQueryCost: Int? = nil, maxPageSize: Int = 250,
            bulkPollsUntilComplete: Int = 2, bulkRootNodesPerPass: Int = 10, bannerAPIVersion: String = "2025-07",
            throttleClock: SimClock = .system
        ) {
            self.bucketSize = bucketSize
            self.restoreRate = restoreRate
            self.maxQueryCost = maxQueryCost
            self.maxPageSize = maxPageSize
            self.bulkPollsUntilComplete = bulkPollsUntilComplete
            self.bulkRootNodesPerPass = max(1, bulkRootNodesPerPass)
            self.bannerAPIVersion = bannerAPIVersion
            self.throttleClock = throttleClock
        }
    }

    public let options: Options
    let runtime: ShopifyRuntime

    public init(options: Options = .init()) {
        self.options = options
        self.runtime = ShopifyRuntime(options: options)
    }

    /// Shopify's 401 body for a missing or wrong token.
    static let unauthorizedBody: JSONValue = ["errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"]

    public func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        let path = request.path
        let baseURL = Self.baseURL(of: request)

        if request.method == "GET", path.hasPrefix("/_bulk/"), path.hasSuffix(".jsonl") {
            let idText = path.dropFirst("/_bulk/".count).dropLast(".jsonl".count)
            guard let id = Int64(idText), let body = runtime.bulkResult(shop: shop, id: id) else {
                return .text("<Error><Code>NoSuchKey</Code></Error>", status: 404, contentType: "application/xml")
            }
            return SimResponse(status: 200, headers: [("Content-Type", "application/jsonl")], body: body)
        }

        guard request.header("x-shopify-access-token") == shop.credentials.shopifyAccessToken else {
            return .json(Self.unauthorizedBody, status: 401)
        }

        if request.method == "GET", path == "/admin/oauth/access_scopes.json" {
            let scopes = ["read_products", "write_products", "read_inventory", "write_inventory", "read_locations", "read_orders"]
            return .json(["access_scopes": .array(scopes.map { ["handle": .string($0)] })])
        }

        let parts = path.split(separator: "/", omittingEmptySubsequences: true)
        guard parts.count == 4, parts[0] == "admin", parts[1] == "api" else {
            return .json(["errors": "Not Found"], status: 404)
        }
        let version = String(parts[2])
        guard Self.isVersion(version) else {
            return .json(["errors": "Not Found"], status: 404)
        }
        let headers = [(name: "X-Shopify-API-Version", value: version)]
        switch (request.method, String(parts[3])) {
        case ("POST", "graphql.json"):
            return await GraphQLEndpoint(platform: self).respond(to: request, shop: shop, baseURL: baseURL, headers: headers)
        case ("GET", "shop.json"):
            return .json(["shop": shopJSON(shop)], headers: headers)
        case (_, "graphql.json"), (_, "shop.json"):
            return .json(["errors": "Method Not Allowed"], status: 405, headers: headers)
        default:
            return .json(["errors": "Not Found"], status: 404, headers: headers)
        }
    }

    public func banner(baseURL: String, shop: SimulatedShop) -> [String] {
        let state = shop.snapshot
        return [
            "Shopify \(state.name): \(state.productIDs.count) products, \(state.locations.count) locations, \(state.currency.code)",
            "  GraphQL  POST \(baseURL)/admin/api/\(options.bannerAPIVersion)/graphql.json",
            "  Header   X-Shopify-Access-Token: \(shop.credentials.shopifyAccessToken)",
            "  Cost     bucket \(Int(options.bucketSize)) points, restores \(Int(options.restoreRate))/s; pages up to \(options.maxPageSize)",
        ]
    }

    /// `2025-07` and any other `YYYY-MM`, or `unstable`.
    static func isVersion(_ text: String) -> Bool {
        if text == "unstable" { return true }
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
            Int(parts[0]) != nil, let month = Int(parts[1]), (1...12).contains(month)
        else { return false }
        return true
    }

    /// `http://127.0.0.1:PORT` from the request's URL.
    static func baseURL(of request: SimRequest) -> String {
        guard let scheme = request.url.range(of: "://"),
            let slash = request.url[scheme.upperBound...].firstIndex(of: "/")
        else { return request.url }
        return String(request.url[..<slash])
    }

    /// The REST `shop` object, with the fields connection checks read.
    func shopJSON(_ shop: SimulatedShop) -> JSONValue {
        let state = shop.snapshot
        let domain = ShopNode.domain(state.name)
        return [
            "id": 1, "name": .string(state.name), "email": .string("owner@" + domain), "domain": .string(domain),
            "myshopify_domain": .string(domain), "currency": .string(state.currency.code),
            "enabled_presentment_currencies": [.string(state.currency.code)], "iana_timezone": "Etc/UTC", "timezone": "(GMT+00:00) UTC",
            "country_code": "DE", "plan_name": "basic", "plan_display_name": "Basic", "weight_unit": "kg",
            "money_format": "{{amount}}", "created_at": "2020-01-01T00:00:00+00:00",
        ]
    }
}
