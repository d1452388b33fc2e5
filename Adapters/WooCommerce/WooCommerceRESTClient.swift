import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter
import Synchronization

/// Sends WooCommerce REST API v3 requests (`/wp-json/wc/v3`) to one store: HTTP Basic with the
/// consumer key and secret, every call paced by the store's rate governor, failures turned into
/// ``AdapterError``s that say what to do.
///
/// WooCommerce takes Basic credentials over HTTPS only
/// (https://woocommerce.github.io/woocommerce-rest-api-docs/#authentication-over-https); over plain
/// HTTP it wants OAuth 1.0a, and a secret sent in the clear can be read by anyone on the way. So the
/// client refuses `http://` URLs except to a loopback host (a local test store or simulator).
public struct WooCommerceRESTClient: Sendable {
    public let endpoint: StoreEndpoint
    public let client: HTTPClient
    public let governor: RateGovernor
    private let currencyCache = CurrencyCache()
    let weightUnitCache = WeightUnitCache()
    /// Whether the store serves `GET /variations`, once it has said (see ``WooCommerceVariationReader``).
    let variationsCollection = VariationsCollectionSupport()
    /// What the last order read sold, for the catalog read that follows it (``RecentOrderRead``).
    let recentOrders = RecentOrderRead()

    /// One answer: the JSON body and the exchange it came from (headers, attempts).
    struct Answer: Sendable {
        var json: JSONValue
        var response: HTTPResponse
    }

    /// Which 404 answers a caller expects, and takes as "not there" (nil) rather than as an error.
    enum Absence: Sendable {
        /// None: a 404 is an error that says what to check.
        case unexpected
        /// The item, or the collection's owner, was deleted since it was listed
        /// (`woocommerce_rest_…_invalid_id`).
        case deletedItem
        /// The store has no such route (`rest_no_route`): a WooCommerce older than the endpoint.
        case missingRoute

        func covers(code: String?) -> Bool {
            switch self {
            case .unexpected: false
            case .deletedItem: code?.hasSuffix("_invalid_id") == true
            case .missingRoute: code == "rest_no_route"
            }
        }
    }

    /// One page of a collection, with WordPress's totals (`X-WP-Total`, `X-WP-TotalPages`).
    struct Page: Sendable {
        var items: [JSONValue]
        var total: Int?
        var totalPages: Int?
        /// The server's clock when it answered (`Date`), for a cursor that does not depend on ours.
        var serverDate: Date?
    }

    /// - Parameters:
    ///   - endpoint: The store's URL and consumer key / secret.
    ///   - client: The shared libcurl client.
    ///   - governor: The store's request pace; each call takes one token.
    public init(endpoint: StoreEndpoint, client: HTTPClient, governor: RateGovernor) {
        self.endpoint = endpoint
        self.client = client
        self.governor = governor
    }

    /// `https://shop.example/wp-json/wc/v3`
    public var apiBase: String { endpoint.baseURL + "/wp-json/wc/v3" }

    var store: StoreID { endpoint.store }

    // MARK: Requests

    func get(_ path: String, query: [(String, String)] = []) async throws -> Answer {
        try await send(.get, path, query: query, body: nil, absence: .unexpected)!
    }

    /// A write. Never repeated by the client after an unknown outcome: WooCommerce writes are
    /// absolute values, and a repeat after a sale in between would overwrite the sale.
    func post(_ path: String, body: JSONValue, query: [(String, String)] = []) async throws -> Answer {
        try await send(.post, path, query: query, body: body, absence: .unexpected)!
    }

    /// Page `page` of a collection, `perPage` items a page.
    func page(_ path: String, query: [(String, String)], page: Int, perPage: Int) async throws -> Page {
        try await pageIfExists(path, query: query, page: page, perPage: perPage, absence: .unexpected)!
    }

    /// Every item of a sub-collection (`products/{id}/variations`, `orders/{id}/refunds`), page
    /// by page, each once by id (an item added while paging can repeat on the next page); nil
    /// when its owner was deleted since it was listed.
    func allItemsIfExists(_ path: String, query: [(String, String)], perPage: Int) async throws -> [JSONValue]? {
        var result: [JSONValue] = []
        var seen: Set<String> = []
        var page = 1
        var lastPage = 1
        repeat {
            guard let answer = try await pageIfExists(path, query: query, page: page, perPage: perPage) else { return nil }
            for item in answer.items where seen.insert(WooCommercePayloadParser.id(item["id"]) ?? "").inserted {
                result.append(item)
            }
            lastPage = answer.totalPages ?? (answer.items.count == perPage ? page + 1 : page)
            page += 1
        } while page <= lastPage
        return result
    }

    /// Like ``page(_:query:page:perPage:)``, but nil when the 404 `absence` names comes back: by
    /// default when the collection's owner is gone (`woocommerce_rest_product_invalid_id`: a
    /// product deleted since it was listed).
    func pageIfExists(
        _ path: String, query: [(String, String)], page: Int, perPage: Int, absence: Absence = .deletedItem
    ) async throws -> Page? {
        guard
            let answer = try await send(
                .get, path, query: query + [("per_page", String(perPage)), ("page", String(page))], body: nil, absence: absence)
        else { return nil }
        guard let items = answer.json.arrayValue else {
            throw AdapterError.malformed("GET \(path) did not answer with a JSON array", store: store)
        }
        let headers = answer.response.headers
        return Page(
            items: items, total: headers["X-WP-Total"].flatMap { Int($0) }, totalPages: headers["X-WP-TotalPages"].flatMap { Int($0) },
            serverDate: answer.response.serverDate)
    }

    /// Sends one request; a 404 that `absence` expects is nil instead of an error.
    func send(_ method: HTTPMethod, _ path: String, query: [(String, String)], body: JSONValue?, absence: Absence) async throws -> Answer? {
        try WooCommerceConnection.checkTransport(endpoint)
        var headers: HTTPHeaders = ["Authorization": try WooCommerceConnection.authorization(endpoint), "Accept": "application/json"]
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let request = HTTPRequest(
            method: method, url: url(path, query: query), headers: headers, body: body?.bytes,
            retrySafe: method == .get, governor: governor, cost: 1)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch let error as HTTPClientError {
            throw AdapterError(
                code: .unreachable, store: store,
                message: "could not reach the store (\(error.code)): \(error.message); check the url in concord.toml and the network")
        }
        guard response.isSuccess else {
            if response.status == 404, absence.covers(code: (try? JSONValue.parse(response.body))?["code"]?.stringValue) {
                return nil
            }
            throw Self.failure(response, store: store, apiBase: apiBase)
        }
        do {
            return Answer(json: try JSONValue.parse(response.body), response: response)
        } catch {
            throw AdapterError.malformed("\(method.rawValue) \(path) did not answer with JSON (\(error.description))", store: store)
        }
    }

    func url(_ path: String, query: [(String, String)]) -> String {
        let encoded = query.map { Self.encode($0.0) + "=" + Self.encode($0.1) }.joined(separator: "&")
        return apiBase + "/" + path + (encoded.isEmpty ? "" : "?" + encoded)
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~,")

    static func encode(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }

    // MARK: Errors

    /// Turns WooCommerce's `{code, message, data: {status}}` into an error a person can act on.
    static func failure(_ response: HTTPResponse, store: StoreID, apiBase: String) -> AdapterError {
        let json = try? JSONValue.parse(response.body)
        let code = json?["code"]?.stringValue
        let message = json?["message"]?.stringValue
        let said = [code, message].compactMap { $0 }.joined(separator: ": ")
        let detail = said.isEmpty ? "HTTP \(response.status)" : "HTTP \(response.status) \(said)"
        let grant = "give the key Read/Write permission in WooCommerce → Settings → Advanced → REST API"
        if code == "woocommerce_rest_cannot_view" {
            return AdapterError(
                code: .forbidden, store: store,
                message:
                    "the consumer key lacks read permission (\(detail)); \(grant). If the key already has it, the web server may be dropping the Authorization header before WordPress sees it",
                status: response.status)
        }
        if let code, code.hasPrefix("woocommerce_rest_cannot_") || (message ?? "").contains("does not have write permission") {
            return AdapterError(
                code: .forbidden, store: store, message: "the consumer key lacks write permission (\(detail)); \(grant)",
                status: response.status)
        }
        if response.status == 401 {
            return AdapterError(
                code: .unauthorized, store: store,
                message: "wrong consumer key or secret (\(detail)); check the variables named by key_env and secret_env", status: 401)
        }
        if response.status == 404, code == nil || code == "rest_no_route" {
            return AdapterError(
                code: .notFound, store: store,
                message:
                    "the WooCommerce REST API is not at \(apiBase) (\(detail)); check the store url in concord.toml, that WooCommerce is active, and that WordPress permalinks are not \"Plain\" (Settings → Permalinks)",
                status: 404)
        }
        if response.status == 404, let code, code.hasSuffix("_invalid_id") {
            return AdapterError(
                code: .notFound, store: store,
                message: "WooCommerce has no such item any more (\(detail)); it was probably deleted: read the store again", status: 404)
        }
        if response.status == 413 {
            return AdapterError(
                code: .malformedResponse, store: store,
                message: "WooCommerce refused a batch as too large (\(detail)); lower the write batch size", status: 413)
        }
        return AdapterError.from(response, store: store, platformMessage: said.isEmpty ? nil : said, hint403: grant)
    }

    // MARK: Currency

    /// The store's currency: `configured` when given, else asked from the store once.
    func currency(configured: CurrencyCode?) async throws -> CurrencyCode {
        if let configured { return configured }
        if let cached = currencyCache.value.withLock({ $0 }) { return cached }
        let answer: Answer
        do {
            answer = try await get("data/currencies/current")
        } catch let error as AdapterError where error.code == .notFound {
            throw AdapterError(
                code: .notFound, store: store,
                message:
                    "the store did not say its currency (GET \(apiBase)/data/currencies/current answered HTTP 404); set the store's currency in Concord's configuration",
                status: 404)
        }
        guard let code = answer.json["code"]?.stringValue, let currency = CurrencyCode(code) else {
            throw AdapterError.malformed("the current currency has no three-letter code", store: store)
        }
        currencyCache.value.withLock { $0 = currency }
        return currency
    }
}

extension WooCommerceRESTClient {
    /// The store's weight unit: the configured one, else the store's own setting
    /// (`GET /settings/products/woocommerce_weight_unit`, value `kg`, `g`, `lbs` or `oz`; see
    /// woocommerce.github.io/woocommerce-rest-api-docs/#retrieve-a-setting-option). `nil` when the
    /// key may not read settings: weights are then left unread rather than guessed.
    func weightUnit(configured: Weight.Unit?) async -> Weight.Unit? {
        if let configured { return configured }
        if let cached = weightUnitCache.value.withLock({ $0 }) { return cached }
        guard let answer = try? await get("settings/products/woocommerce_weight_unit"),
            let value = answer.json["value"]?.stringValue
        else { return nil }
        let unit: Weight.Unit? =
            switch value.lowercased() {
            case "kg": .kilograms
            case "g": .grams
            case "lbs", "lb": .pounds
            case "oz": .ounces
            default: nil
            }
        weightUnitCache.value.withLock { $0 = unit }
        return unit
    }
}

/// Whether the store serves `GET /variations` (WooCommerce 10.3 and later), as its first answer
/// to it said: nil until then. Remembered for the adapter's life, so an older store costs one
/// `rest_no_route` answer per adapter, not one per read; a store upgraded meanwhile is noticed by
/// the next adapter (the next `concord` run).
final class VariationsCollectionSupport: Sendable {
    private let answer = Mutex<Bool?>(nil)

    var isServed: Bool? { answer.withLock { $0 } }

    func record(served: Bool) { answer.withLock { $0 = served } }
}

/// The weight unit the store answered with, remembered for the adapter's life.
final class WeightUnitCache: Sendable {
    let value = Mutex<Weight.Unit?>(nil)
}

/// The currency the store answered with, remembered for the adapter's life.
private final class CurrencyCache: Sendable {
    let value = Mutex<CurrencyCode?>(nil)
}
