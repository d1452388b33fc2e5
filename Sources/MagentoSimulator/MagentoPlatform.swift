import Foundation
import JSONValue
import SimulatorCore

/// Magento 2 / Adobe Commerce's admin REST API on a simulated store.
///
/// Served under `/rest/default/V1`, `/rest/V1` and `/rest/all/V1` (with or without `/index.php`
/// in front), as a real store serves them:
/// - `POST /V1/integration/admin/token` → an admin token (a JSON string, 4 hours of the store's clock).
/// - Products: `GET /V1/products` (searchCriteria), `GET|PUT /V1/products/{sku}`, `POST /V1/products`,
///   `POST /V1/products/base-prices`, `.../base-prices-information`, `.../special-price`,
///   `.../special-price-information`, `GET /V1/products/attributes` (search) and `GET /V1/products/attributes/{code}/options`.
/// - MSI: `GET|POST /V1/inventory/sources`, `GET|POST /V1/inventory/source-items`,
///   `POST /V1/inventory/source-items-delete`, stocks, salable quantity and salability checks,
///   `GET /V1/inventory/stock-resolver/website/base`.
/// - Legacy stock: `GET /V1/stockItems/{sku}`, `PUT /V1/products/{sku}/stockItems/{itemId}`.
/// - Orders: `GET /V1/orders` (searchCriteria), `GET /V1/orders/{id}`, with the shopper's name,
///   email and addresses as a real store sends them (Concord must drop them).
/// - `GET /V1/store/storeConfigs`, `GET /V1/store/websites`.
/// - Asynchronous bulk product saves: `POST /rest/<store>/async/bulk/V1/products` and
///   `PUT /rest/<store>/async/bulk/V1/products/bySku` (an array of `{product}` bodies, one queued
///   operation each), and the bulk's state at `GET /V1/bulk/{uuid}/status`, `/detailed-status`
///   and `/operation-status/{status}`; see ``AsyncBulkOptions`` for when the queue consumer runs.
///
/// Every response honours `?fields=` (Magento's partial responses). Errors are Magento's
/// `{"message", "parameters"}` with its status codes. See ``MagentoCatalog`` for how the
/// simulator's products map to simple and configurable products.
public struct MagentoPlatform: PlatformAPI {
    public var options: Options
    let adminTokens = AdminTokenStore()
    let bulkQueue = BulkOperationQueue()

    /// - Parameter options: How this store is configured; see ``Options``.
    public init(options: Options = .init()) {
        self.options = options
    }

    public func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        do throws(MagentoError) {
            let (prefix, segments) = try Self.apiPath(request.path)
            if prefix == .asyncBulk {
                return .json(try respondToBulk(request, segments: segments, shop: shop), status: 202)
            }
            guard prefix == .sync else { throw MagentoError.noRoute }
            let candidates = Self.routes.compactMap { route in route.match(segments).map { (route, $0) } }
            guard let (route, parameters) = candidates.first(where: { $0.0.method == request.method }) else {
                throw MagentoError.noRoute
            }
            if let resource = route.resource {
                try authorize(request, shop: shop, resource: resource)
            }
            let call = MagentoCall(request: request, shop: shop, parameters: parameters, options: options)
            var body = try route.handler(self)(call)
            if let fields = request.queryValue("fields"), !fields.isEmpty {
                body = FieldsFilter(fields).apply(to: body)
            }
            return .json(body)
        } catch {
            return error.response
        }
    }

    public func banner(baseURL: String, shop: SimulatedShop) -> [String] {
        let credentials = shop.credentials
        return [
            "Magento 2 REST API at \(baseURL)/rest/default/V1 (also \(baseURL)/rest/V1)",
            "  Authorization: Bearer \(credentials.magentoToken)",
            "  admin token: POST \(baseURL)/rest/V1/integration/admin/token with "
                + "{\"username\": \"\(credentials.magentoAdminUsername)\", \"password\": \"\(credentials.magentoAdminPassword)\"}",
        ]
    }

    /// Which API a path reaches: the synchronous one (`/rest/<store>/V1/...`), the asynchronous
    /// one (`/rest/<store>/async/V1/...`) or the asynchronous bulk one
    /// (`/rest/<store>/async/bulk/V1/...`), each with the store code before the prefix
    /// (https://developer.adobe.com/commerce/webapi/rest/use-rest/asynchronous-web-endpoints/).
    enum APIPrefix: Sendable { case sync, async, asyncBulk }

    /// The path under `/V1`, split and percent-decoded: `/rest/default/V1/products/MS%2FX` →
    /// `["products", "MS/X"]`, with the API it reaches. Store codes `default` and `all` are known;
    /// no code means `default`.
    static func apiPath(_ path: String) throws(MagentoError) -> (prefix: APIPrefix, segments: [String]) {
        var parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        if parts.first == "index.php" { parts.removeFirst() }
        guard parts.first == "rest", parts.count >= 2 else { throw MagentoError.noRoute }
        parts.removeFirst()
        if parts.first != "V1" && parts.first != "async" {
            let store = parts.removeFirst()
            guard ["default", "all"].contains(store) else {
                throw MagentoError(status: 400, "The store that was requested wasn't found. Verify the store and try again.")
            }
        }
        var prefix = APIPrefix.sync
        if parts.first == "async" {
            parts.removeFirst()
            prefix = .async
            if parts.first == "bulk" {
                parts.removeFirst()
                prefix = .asyncBulk
            }
        }
        guard parts.first == "V1" else { throw MagentoError.noRoute }
        return (prefix, parts.dropFirst().map { $0.removingPercentEncoding ?? $0 })
    }

    /// Bearer auth with the integration token or a live admin token; anything else is the 401
    /// Magento answers, naming the route's ACL resource.
    func authorize(_ request: SimRequest, shop: SimulatedShop, resource: String) throws(MagentoError) {
        // Magento\Integration\Model\Authorization\TokenUserContext: exactly "<type> <token>", type
        // compared case-insensitively.
        let pieces = (request.header("authorization") ?? "").split(separator: " ", omittingEmptySubsequences: false)
        guard pieces.count == 2, pieces[0].lowercased() == "bearer" else { throw MagentoError.unauthorized(resource: resource) }
        let token = String(pieces[1])
        if options.acceptsIntegrationTokenAsBearer, token == shop.credentials.magentoToken { return }
        if adminTokens.isValid(token, now: shop.now) { return }
        throw MagentoError.unauthorized(resource: resource)
    }

    // MARK: Routes

    static let catalogResource = "Magento_Catalog::products"
    static let sourceResource = "Magento_InventoryApi::source"
    static let stockResource = "Magento_InventoryApi::stock"
    static let ordersResource = "Magento_Sales::actions_view"
    /// Magento_AsynchronousOperations/etc/webapi.xml guards the bulk status routes with this resource.
    static let bulkResource = "Magento_Logging::system_magento_logging_bulk_operations"

    static let routes: [MagentoRoute] = [
        MagentoRoute("POST", "integration/admin/token", resource: nil, MagentoPlatform.adminToken),

        MagentoRoute("GET", "products", resource: catalogResource, MagentoPlatform.searchProducts),
        MagentoRoute("POST", "products", resource: catalogResource, MagentoPlatform.createProduct),
        MagentoRoute("POST", "products/base-prices", resource: catalogResource, MagentoPlatform.updateBasePrices),
        MagentoRoute("POST", "products/base-prices-information", resource: catalogResource, MagentoPlatform.basePrices),
        MagentoRoute("POST", "products/special-price", resource: catalogResource, MagentoPlatform.updateSpecialPrices),
        MagentoRoute("POST", "products/special-price-information", resource: catalogResource, MagentoPlatform.specialPrices),
        MagentoRoute("GET", "products/attributes", resource: "Magento_Catalog::attributes_attributes", MagentoPlatform.searchAttributes),
        MagentoRoute(
            "GET", "products/attributes/:code/options", resource: "Magento_Catalog::attributes_attributes", MagentoPlatform.attributeOptions
        ),
        MagentoRoute("GET", "products/:sku", resource: catalogResource, MagentoPlatform.product),
        MagentoRoute("PUT", "products/:sku", resource: catalogResource, MagentoPlatform.updateProduct),
        MagentoRoute("POST", "products/:sku/media", resource: catalogResource, MagentoPlatform.addMedia),
        MagentoRoute("PUT", "products/:sku/media/:entryId", resource: catalogResource, MagentoPlatform.updateMedia),
        MagentoRoute("DELETE", "products/:sku/media/:entryId", resource: catalogResource, MagentoPlatform.deleteMedia),
        MagentoRoute(
            "PUT", "products/:sku/stockItems/:itemId", resource: "Magento_CatalogInventory::cataloginventory",
            MagentoPlatform.updateStockItem),
        MagentoRoute("GET", "stockItems/:sku", resource: "Magento_CatalogInventory::cataloginventory", MagentoPlatform.stockItem),

        MagentoRoute("GET", "inventory/sources", resource: sourceResource, MagentoPlatform.searchSources),
        MagentoRoute("GET", "inventory/sources/:code", resource: sourceResource, MagentoPlatform.source),
        MagentoRoute("POST", "inventory/sources", resource: "Magento_InventoryApi::source_edit", MagentoPlatform.saveSource),
        MagentoRoute("GET", "inventory/source-items", resource: sourceResource, MagentoPlatform.searchSourceItems),
        MagentoRoute("POST", "inventory/source-items", resource: "Magento_InventoryApi::source_item_edit", MagentoPlatform.saveSourceItems),
        MagentoRoute(
            "POST", "inventory/source-items-delete", resource: "Magento_InventoryApi::source_item_edit", MagentoPlatform.deleteSourceItems),
        MagentoRoute("GET", "inventory/stocks", resource: stockResource, MagentoPlatform.searchStocks),
        MagentoRoute("GET", "inventory/stocks/:stockId", resource: stockResource, MagentoPlatform.stock),
        MagentoRoute("GET", "inventory/stock-resolver/:type/:code", resource: stockResource, MagentoPlatform.resolveStock),
        MagentoRoute(
            "GET", "inventory/get-product-salable-quantity/:sku/:stockId", resource: stockResource, MagentoPlatform.salableQuantity),
        MagentoRoute("GET", "inventory/is-product-salable/:sku/:stockId", resource: stockResource, MagentoPlatform.isSalable),
        MagentoRoute("GET", "inventory/are-products-salable", resource: stockResource, MagentoPlatform.areSalable),
        MagentoRoute(
            "GET", "inventory/is-product-salable-for-requested-qty/:sku/:stockId/:qty", resource: stockResource,
            MagentoPlatform.isSalableForQuantity),

        MagentoRoute("GET", "orders", resource: ordersResource, MagentoPlatform.searchOrders),
        MagentoRoute("GET", "orders/:id", resource: ordersResource, MagentoPlatform.order),
        MagentoRoute("POST", "orders/:id/cancel", resource: "Magento_Sales::cancel", MagentoPlatform.cancelOrder),
        MagentoRoute("POST", "order/:orderId/ship", resource: "Magento_Sales::ship", MagentoPlatform.shipOrder),
        MagentoRoute("POST", "order/:orderId/refund", resource: "Magento_Sales::creditmemo", MagentoPlatform.refundOrder),

        MagentoRoute("GET", "bulk/:bulkUuid/status", resource: bulkResource, MagentoPlatform.bulkStatus),
        MagentoRoute("GET", "bulk/:bulkUuid/detailed-status", resource: bulkResource, MagentoPlatform.bulkDetailedStatus),
        MagentoRoute("GET", "bulk/:bulkUuid/operation-status/:status", resource: bulkResource, MagentoPlatform.bulkOperationCount),

        MagentoRoute("GET", "store/storeConfigs", resource: "Magento_Backend::store", MagentoPlatform.storeConfigs),
        MagentoRoute("GET", "store/websites", resource: "Magento_Backend::store", MagentoPlatform.websites),
    ]
}
