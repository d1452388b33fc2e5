import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// The WooCommerce REST API v3 (`/wp-json/wc/v3`) over a simulated store: products, variations and
/// orders with paging, incremental filters, batches and WooCommerce's errors, behind the consumer
/// key and secret of `shop.credentials` (Basic, query string or OAuth 1.0a).
///
/// Mapping of the store's model onto WooCommerce's (stock, sale prices, status) is described on
/// `WooRenderer`; stock writes on `StockWriter`.
public struct WooCommercePlatform: PlatformAPI {
    /// Limits and settings of the simulated WordPress site.
    public struct Options: Sendable {
        /// Objects allowed in one batch across `create`, `update` and `delete`; more is a 413
        /// (`woocommerce_rest_batch_items_limit`, 100 by default in WooCommerce).
        public var maxBatchSize: Int
        /// The largest `per_page` WordPress accepts (100); more is a 400 `rest_invalid_param`.
        public var maxPerPage: Int
        /// `per_page` when none is given (10).
        public var defaultPerPage: Int
        /// The site's offset from UTC in seconds: `date_created` is local, `date_created_gmt` UTC,
        /// and `modified_after` without `dates_are_gmt=true` is read as local. 0 keeps them equal.
        public var utcOffset: Int
        /// WooCommerce's weight unit setting; `weight` is read and written in it.
        public var weightUnit: Weight.Unit
        /// How far an OAuth `oauth_timestamp` may be from the wall clock (WooCommerce: 15 minutes);
        /// nonces are remembered as long. nil turns both checks off (for replaying recorded requests).
        public var oauthTimestampWindow: TimeInterval?
        /// Whether the store serves `GET /variations`, every variation of the store in one
        /// collection (WooCommerce 10.3 and later, `WC_REST_Variations_Controller`). false plays an
        /// older store, which answers it with `rest_no_route` (404).
        public var servesVariationsCollection: Bool

        /// - Parameters:
        ///   - maxBatchSize: Objects per batch call; default 100, WooCommerce's.
        ///   - maxPerPage: The largest `per_page`; default 100, WordPress's.
        ///   - defaultPerPage: `per_page` when none is given; default 10.
        ///   - utcOffset: The site's offset from UTC in seconds; default 0.
        ///   - weightUnit: The store's weight unit; default kilograms, WooCommerce's.
        ///   - oauthTimestampWindow: OAuth timestamp tolerance; default 15 minutes, WooCommerce's.
        ///   - servesVariationsCollection: Serve `GET /variations` (WooCommerce 10.3+); default true.
        public init(
            maxBatchSize: Int = 100, maxPerPage: Int = 100, defaultPerPage: Int = 10, utcOffset: Int = 0,
            weightUnit: Weight.Unit = .kilograms, oauthTimestampWindow: TimeInterval? = 15 * 60,
            servesVariationsCollection: Bool = true
        ) {
            self.maxBatchSize = maxBatchSize
            self.maxPerPage = maxPerPage
            self.defaultPerPage = defaultPerPage
            self.utcOffset = utcOffset
            self.weightUnit = weightUnit
            self.oauthTimestampWindow = oauthTimestampWindow
            self.servesVariationsCollection = servesVariationsCollection
        }
    }

    public var options: Options
    private let nonces = NonceLedger()

    public init(options: Options = .init()) {
        self.options = options
    }

    public func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        do {
            return try route(request, shop: shop)
        } catch {
            return error.response
        }
    }

    public func banner(baseURL: String, shop: SimulatedShop) -> [String] {
        [
            "WooCommerce REST API: \(baseURL)\(WooRoute.prefix)",
            "  consumer key:    \(shop.credentials.wooConsumerKey)",
            "  consumer secret: \(shop.credentials.wooConsumerSecret)",
            "  auth: HTTP Basic (key:secret), ?consumer_key=&consumer_secret=, or OAuth 1.0a (HMAC-SHA256/SHA1)",
        ]
    }

    private func route(_ request: SimRequest, shop: SimulatedShop) throws(WooError) -> SimResponse {
        var request = request
        // WordPress honours a method override on POST (`?_method=` or `X-HTTP-Method-Override`).
        if request.method == "POST", let override = request.queryValue("_method") ?? request.header("x-http-method-override") {
            request.method = override.uppercased()
        }
        // Wrong credentials fail before routing, as WordPress checks authentication first.
        let authenticator = WooAuthenticator(credentials: shop.credentials, timestampWindow: options.oauthTimestampWindow, nonces: nonces)
        let authenticated = try authenticator.authenticate(request)
        guard let route = WooRoute(method: request.method, path: request.path) else { throw .noRoute }
        // A store older than WooCommerce 10.3 has no `/variations` route at all.
        if route == .listAllVariations, !options.servesVariationsCollection { throw .noRoute }
        guard authenticated else { throw route.unauthenticatedError }
        let endpoint = WooEndpoints(request: request, shop: shop, options: options)
        return try endpoint.serve(route)
    }
}
