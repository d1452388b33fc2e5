import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter
import Synchronization

/// Sends Magento 2 REST requests (`/rest/<store code>/V1`) to one store: a bearer token from the
/// ``MagentoTokenSession``, every call paced by the store's rate governor, `searchCriteria`
/// paging, and failures turned into ``AdapterError``s that say what to do.
public struct MagentoRESTClient: Sendable {
    public let endpoint: StoreEndpoint
    public let client: HTTPClient
    public let governor: RateGovernor
    let session: MagentoTokenSession
    private let configCache = StoreConfigCache()
    let optionAttributeCache = OptionAttributeCache()
    let sourceModeCache = SourceModeCache()
    /// What the last order read sold, for the catalog read that follows it (``RecentOrderRead``).
    let recentOrders = RecentOrderRead()

    /// - Parameters:
    ///   - endpoint: The store's URL, store code and credentials.
    ///   - client: The shared libcurl client.
    ///   - governor: The store's request pace; each call takes one token.
    ///   - adminTokenLifetime: An admin token's lifetime when the token does not say.
    public init(endpoint: StoreEndpoint, client: HTTPClient, governor: RateGovernor, adminTokenLifetime: TimeInterval = 4 * 3600) {
        self.endpoint = endpoint
        self.client = client
        self.governor = governor
        self.session = MagentoTokenSession(endpoint: endpoint, client: client, defaultLifetime: adminTokenLifetime)
    }

    /// `https://shop.example/rest/default/V1`
    public var apiBase: String { MagentoConnection.apiBase(endpoint) }

    var store: StoreID { endpoint.store }

    /// Admin sign-ins made so far (0 with an integration token).
    public var adminSignIns: Int { get async { await session.signIns } }

    // MARK: Requests

    func get(_ path: String, query: [(String, String)] = []) async throws -> JSONValue {
        try await send(.get, path, query: query, body: nil, missingIsNil: false)!.json
    }

    /// A GET that answers nil on 404 (an endpoint the store does not have, an unknown SKU).
    func getIfExists(_ path: String, query: [(String, String)] = []) async throws -> JSONValue? {
        try await send(.get, path, query: query, body: nil, missingIsNil: true)?.json
    }

    /// A write. Never repeated by the client after an unknown outcome.
    func post(_ path: String, body: JSONValue) async throws -> JSONValue {
        try await send(.post, path, query: [], body: body, missingIsNil: false)!.json
    }

    func put(_ path: String, body: JSONValue) async throws -> JSONValue {
        try await send(.put, path, query: [], body: body, missingIsNil: false)!.json
    }

    /// Sends one request; a 401 to an admin token signs in again once and repeats the request
    /// (Magento checks the token before doing anything, so nothing was written).
    ///
    /// `storeCode` overrides the endpoint's store code in the URL (`all` for global-scope writes);
    /// `asyncBulk` sends it to the asynchronous bulk API (`/rest/<code>/async/bulk/V1/...`).
    func send(
        _ method: HTTPMethod, _ path: String, query: [(String, String)], body: JSONValue?, missingIsNil: Bool, storeCode: String? = nil,
        asyncBulk: Bool = false
    ) async throws -> Answer? {
        var token = try await session.current()
        var renewed = false
        while true {
            var headers: HTTPHeaders = ["Authorization": "Bearer " + token.reveal(), "Accept": "application/json"]
            if body != nil { headers.add(name: "Content-Type", value: "application/json") }
            let request = HTTPRequest(
                method: method, url: url(path, query: query, storeCode: storeCode, asyncBulk: asyncBulk), headers: headers,
                body: body?.bytes,
                retrySafe: method == .get,
                governor: governor, cost: 1)
            let response: HTTPResponse
            do {
                response = try await client.send(request)
            } catch let error as HTTPClientError {
                throw Self.unreachable(error, store: store)
            }
            if response.status == 401, !renewed, session.usesAdminToken, let fresh = try await session.replacement(for: token) {
                token = fresh
                renewed = true
                continue
            }
            guard response.isSuccess else {
                if missingIsNil, response.status == 404 { return nil }
                throw Self.failure(response, store: store, usesAdminToken: session.usesAdminToken)
            }
            do {
                return Answer(json: try JSONValue.parse(response.body), response: response)
            } catch {
                throw AdapterError.malformed("\(method.rawValue) \(path) did not answer with JSON (\(error.description))", store: store)
            }
        }
    }

    struct Answer: Sendable {
        var json: JSONValue
        var response: HTTPResponse
    }

    func url(_ path: String, query: [(String, String)], storeCode: String? = nil, asyncBulk: Bool = false) -> String {
        let encoded = query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        let base =
            asyncBulk
            ? "\(endpoint.baseURL)/rest/\(storeCode ?? endpoint.storeCode ?? "default")/async/bulk/V1"
            : storeCode.map { "\(endpoint.baseURL)/rest/\($0)/V1" } ?? apiBase
        return base + "/" + path + (encoded.isEmpty ? "" : "?" + encoded)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    /// A SKU as one path segment (`/V1/products/{sku}`): a `/` in a SKU must not split the path.
    static func pathSegment(_ sku: String) -> String { encode(sku) }

    // MARK: Searching

    /// One page of a `searchCriteria` search.
    struct SearchPage: Sendable {
        var items: [JSONValue]
        var totalCount: Int
        /// The server's clock when it answered (`Date`), for a cursor that does not depend on ours.
        var serverDate: Date?
    }

    func search(_ path: String, _ criteria: MagentoSearch, page: Int, pageSize: Int, fields: String?) async throws -> SearchPage {
        let answer = try await send(
            .get, path, query: criteria.query(page: page, pageSize: pageSize) + (fields.map { [("fields", $0)] } ?? []), body: nil,
            missingIsNil: false)!
        return try searchPage(answer, path: path)
    }

    /// Like ``search(_:_:page:pageSize:fields:)``, nil when the store has no such endpoint (404).
    func searchIfExists(_ path: String, _ criteria: MagentoSearch, page: Int, pageSize: Int, fields: String?) async throws -> SearchPage? {
        guard
            let answer = try await send(
                .get, path, query: criteria.query(page: page, pageSize: pageSize) + (fields.map { [("fields", $0)] } ?? []), body: nil,
                missingIsNil: true)
        else { return nil }
        return try searchPage(answer, path: path)
    }

    private func searchPage(_ answer: Answer, path: String) throws -> SearchPage {
        guard let total = answer.json["total_count"]?.intValue else {
            throw AdapterError.malformed("GET \(path) answered without total_count", store: store)
        }
        return SearchPage(
            items: answer.json["items"]?.arrayValue ?? [], totalCount: total,
            serverDate: answer.response.serverDate)
    }

    /// Every item a search matches, page by page, each entity once (by `key`).
    ///
    /// The pages are walked by ``NumberedPageWalk``: it stops on `total_count`, never on an empty
    /// page (Magento answers a page past the end with the last page again,
    /// magento/magento2#3787, #26986), takes the page count from every answer so items created
    /// during the read are still read, and reads pages again when `total_count` drops between
    /// pages (rows deleted meanwhile moved later rows up, magento/magento2#25001).
    ///
    /// - Returns: The items, and the server's clock at the first answer.
    func searchAll(
        _ path: String, _ criteria: MagentoSearch, pageSize: Int, fields: String?, key: @escaping (JSONValue) -> String?,
        onPage: (([JSONValue]) async throws -> Void)? = nil
    ) async throws -> (items: [JSONValue], serverStart: Date?) {
        var items: [JSONValue] = []
        var index: [String: Int] = [:]
        var serverStart: Date?
        try await NumberedPageWalk(pageSize: pageSize).run { number in
            let page = try await search(path, criteria, page: number, pageSize: pageSize, fields: fields)
            serverStart = serverStart ?? page.serverDate
            var fresh: [JSONValue] = []
            for item in page.items {
                let id = key(item) ?? UUID().uuidString
                if let existing = index[id] {
                    items[existing] = item  // the later answer is the newer one
                } else {
                    index[id] = items.count
                    items.append(item)
                    fresh.append(item)
                }
            }
            if let onPage, !fresh.isEmpty { try await onPage(fresh) }
            let pages = max(1, (page.totalCount + pageSize - 1) / pageSize)
            return NumberedPageWalk.Totals(itemCount: page.items.count, total: page.totalCount, totalPages: pages)
        }
        return (items, serverStart)
    }

    // MARK: Store configuration

    /// What the reader needs from `GET /V1/store/storeConfigs`.
    struct StoreConfig: Sendable {
        var currency: CurrencyCode
        var weightUnit: Weight.Unit?
        /// `…/media/catalog/product`, where `media_gallery_entries[].file` paths live.
        var productMediaURL: String?
    }

    /// The store view's currency, weight unit and media URL, asked once per adapter.
    func storeConfig(currency configured: CurrencyCode?) async throws -> StoreConfig {
        if let cached = configCache.value.withLock({ $0 }) {
            return configured.map { StoreConfig(currency: $0, weightUnit: cached.weightUnit, productMediaURL: cached.productMediaURL) }
                ?? cached
        }
        let views = try await get("store/storeConfigs").arrayValue ?? []
        let code = endpoint.storeCode ?? "default"
        let view = views.first { $0["code"]?.stringValue == code } ?? views.first { $0["id"]?.intValue == 1 } ?? views.first
        guard let text = view?["base_currency_code"]?.stringValue, let currency = configured ?? CurrencyCode(text) else {
            throw AdapterError.malformed("the store configuration names no base currency", store: store)
        }
        let unit: Weight.Unit? =
            switch view?["weight_unit"]?.stringValue?.lowercased() {
            case "kgs", "kg": .kilograms
            case "lbs", "lb": .pounds
            default: nil
            }
        let media = (view?["secure_base_media_url"]?.stringValue ?? view?["base_media_url"]?.stringValue).map {
            ($0.hasSuffix("/") ? $0 : $0 + "/") + "catalog/product"
        }
        let config = StoreConfig(currency: currency, weightUnit: unit, productMediaURL: media)
        configCache.value.withLock { $0 = config }
        return config
    }

    // MARK: Errors

    static func unreachable(_ error: HTTPClientError, store: StoreID) -> AdapterError {
        AdapterError(
            code: .unreachable, store: store,
            message: "could not reach the store (\(error.code)): \(error.message); check the url in concord.toml and the network")
    }

    /// Turns Magento's `{message, parameters}` into an error a person can act on.
    static func failure(_ response: HTTPResponse, store: StoreID, usesAdminToken: Bool = false) -> AdapterError {
        let said = MagentoConnection.message(response.body)
        let detail = "HTTP \(response.status)" + (said.map { ": " + $0 } ?? "")
        switch response.status {
        case 401:
            let what =
                usesAdminToken
                ? "the admin token was refused even after signing in again: the admin user lacks this permission (Admin → System → User Roles → Role Resources), or the account was locked"
                : "the integration token is invalid, expired or revoked, or the integration lacks this resource. In Admin → System → Extensions → Integrations, check that the integration is active and allowed the resource named above, and set the variable named by token_env to its Access Token. Magento 2.4.4 and later also need Stores → Configuration → Services → OAuth → Consumer Settings → \"Allow OAuth Access Tokens to be used as standalone Bearer tokens\" = Yes"
            return AdapterError(code: .unauthorized, store: store, message: "Magento refused the request (\(detail)); \(what)", status: 401)
        case 404 where said?.hasPrefix("Request does not match any route") ?? true:
            return AdapterError(
                code: .notFound, store: store,
                message:
                    "the Magento REST API has no such route (\(detail)); check the store url and store_code in concord.toml, and that the module serving it is enabled",
                status: 404)
        case 404:
            return AdapterError(
                code: .notFound, store: store,
                message: "Magento has no such item (\(detail)); it was probably deleted: read the store again",
                status: 404)
        case 400, 409, 422:
            // Magento's validation errors (a bad value, a missing field) are 400s.
            return AdapterError(
                code: .malformedResponse, store: store, message: "Magento refused the request (\(detail))", status: response.status)
        default:
            return AdapterError.from(
                response, store: store, platformMessage: said,
                hint403: "allow the integration (or the admin user's role) the resource in Magento Admin")
        }
    }
}

/// The store configuration the store answered with, remembered for the adapter's life.
private final class StoreConfigCache: Sendable {
    let value = Mutex<MagentoRESTClient.StoreConfig?>(nil)
}

/// A `searchCriteria` query: filter groups (ANDed) of filters (ORed), and a sort order.
struct MagentoSearch: Sendable {
    struct Filter: Sendable {
        var field: String
        var value: String
        var condition: String
    }

    var groups: [[Filter]] = []
    /// `entity_id` ascending: a stable order in which new rows come last.
    var sort: [(field: String, direction: String)] = [("entity_id", "ASC")]

    /// Adds a group with one filter (ANDed with the others).
    func and(_ field: String, _ condition: String, _ value: String) -> MagentoSearch {
        var copy = self
        copy.groups.append([Filter(field: field, value: value, condition: condition)])
        return copy
    }

    /// Adds a group whose filters are ORed.
    func and(anyOf filters: [Filter]) -> MagentoSearch {
        var copy = self
        copy.groups.append(filters)
        return copy
    }

    func query(page: Int?, pageSize: Int?) -> [(String, String)] {
        var items: [(String, String)] = []
        for (g, group) in groups.enumerated() {
            for (f, filter) in group.enumerated() {
                let prefix = "searchCriteria[filter_groups][\(g)][filters][\(f)]"
                items += [
                    (prefix + "[field]", filter.field), (prefix + "[value]", filter.value), (prefix + "[condition_type]", filter.condition),
                ]
            }
        }
        for (index, order) in sort.enumerated() {
            items += [
                ("searchCriteria[sortOrders][\(index)][field]", order.field),
                ("searchCriteria[sortOrders][\(index)][direction]", order.direction),
            ]
        }
        if let pageSize { items.append(("searchCriteria[pageSize]", String(pageSize))) }
        if let page { items.append(("searchCriteria[currentPage]", String(page))) }
        return items
    }

    /// Magento's `DATETIME` text in UTC: `2025-01-01 10:00:00`.
    static func dateText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02d %02d:%02d:%02d", c.year ?? 1970, c.month ?? 1, c.day ?? 1, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }

    /// Reads Magento's `DATETIME` text (UTC, no zone); nil when it is not one.
    static func date(_ text: String?) -> Date? {
        guard let text, text.count >= 19 else { return nil }
        let iso = text.prefix(10) + "T" + text.dropFirst(11).prefix(8) + "Z"
        return try? Date(String(iso), strategy: .iso8601)
    }
}
