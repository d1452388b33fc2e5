import CatalogModel
import Foundation

/// How the Magento adapter reads and writes; every field has a documented default.
///
/// (The type is not `MagentoAdapter.Options` because the module has the adapter's name, which
/// makes `MagentoAdapter.X` resolve to the module rather than to the type.)
public struct MagentoAdapterOptions: Hashable, Sendable {
    /// Products or orders per `searchCriteria` page. Magento sets no maximum unless input limiting
    /// is on (`webapi/validation/input_limit_enabled`), and then refuses more than 300.
    public var pageSize: Int
    /// SKUs per `sku in (...)` filter (source items, products re-read before a write); keeps URLs short.
    public var skuBatchSize: Int
    /// Source items per page of `GET /V1/inventory/source-items` (a SKU has one per source).
    public var sourceItemPageSize: Int
    /// Items per write call (`source-items`, `base-prices`, `special-price`).
    public var writeBatchSize: Int
    /// Requests in flight at once to this store (stock batches, product updates).
    public var concurrency: Int
    /// How far before the stored cursor an incremental read starts, so an item changed while the
    /// previous read ran is read again rather than missed.
    public var overlap: TimeInterval
    /// Whether reads count open orders' units as reserved (Magento's reservations) so that a
    /// listing's available stock is on hand minus what open orders hold, as shoppers see it.
    /// Costs one `GET /V1/orders` page per `pageSize` open orders per read and per apply with stock changes.
    public var readsReservations: Bool
    /// Whether an incremental read also reads again the products of orders changed since the
    /// cursor. A sale in Magento places a reservation and touches neither the product's
    /// `updated_at` nor its source items, so without this a sale is invisible to an
    /// incremental read until the next full one.
    public var rereadOrderedProducts: Bool
    /// Requests per second when the adapter makes its own rate governor. Magento sets no limit of
    /// its own; hosts, Fastly and WAFs often do, and every REST call runs PHP on the merchant's server.
    public var requestsPerSecond: Double
    /// The store's base currency. `nil` asks the store once (`GET /V1/store/storeConfigs`).
    public var currency: CurrencyCode?
    /// The `custom_attributes` code that holds the barcode (Magento has no standard one).
    public var barcodeAttribute: String
    /// How long an admin token lives when its JWT does not say (Magento's default, 4 hours:
    /// `oauth/access_token_lifetime/admin`).
    public var adminTokenLifetime: TimeInterval
    /// The legacy single-source stock's location code, used when the store has no MSI.
    public var legacyLocationCode: String
    /// Whether product-field writes (title, description, status, barcode, weight: the
    /// `PUT /V1/products/{sku}` ones) go through the asynchronous bulk API instead, one
    /// `PUT /rest/all/async/bulk/V1/products/bySku` per ``asyncBatchSize`` products, then polled
    /// at `GET /V1/bulk/{uuid}/status`. Only for stores whose message queue consumer
    /// (`async.operations.all`) runs: without one the operations stay open and come back unknown.
    /// Stock and prices keep their batched synchronous endpoints, which are already one call per batch.
    public var asyncBulk: Bool
    /// Products per asynchronous bulk request. 200: far below the 5,000 entities Magento accepts
    /// in an asynchronous request when input limiting is on (webapi/validation, "Input limiting"
    /// in Adobe's API security guide), small enough that the request body (a few hundred KB) stays
    /// under the smallest `post_max_size` hosts set, and that a status answer listing every
    /// operation stays small however often it is polled.
    public var asyncBatchSize: Int
    /// Status requests per bulk before its still-open operations are given up as unknown
    /// (`apply --resume` looks them up again).
    public var asyncPollAttempts: Int
    /// The wait before the first status request; it doubles for each further one, up to
    /// ``asyncPollMaxDelay``. A `Retry-After` on a status answer takes precedence.
    public var asyncPollBaseDelay: Duration
    /// The longest wait between two status requests.
    public var asyncPollMaxDelay: Duration
    /// The largest image Concord downloads to upload to the media gallery; a larger one rejects
    /// its change. 20 MB: well above a product photo, far below what would strain memory (the
    /// upload is base64 in a JSON body, a third larger again).
    public var maxImageBytes: Int

    /// - Parameters:
    ///   - pageSize: Items per search page; default 300, the most Magento allows where input limiting is on.
    ///   - skuBatchSize: SKUs per `in` filter; default 100.
    ///   - sourceItemPageSize: Source items per page; default 300.
    ///   - writeBatchSize: Items per write call; default 100.
    ///   - concurrency: Requests in flight at once; default 4.
    ///   - overlap: Incremental read overlap; default 5 minutes.
    ///   - readsReservations: Subtract open orders' units from available stock; default true.
    ///   - rereadOrderedProducts: Re-read sold products in incremental reads; default true.
    ///   - requestsPerSecond: Pace of the adapter's own rate governor; default 10.
    ///   - currency: The store's base currency; default nil (asked from the store).
    ///   - barcodeAttribute: Attribute code of the barcode; default `ean`.
    ///   - adminTokenLifetime: Admin token lifetime when the token does not say; default 4 hours.
    ///   - legacyLocationCode: Location code of legacy (non-MSI) stock; default `default`.
    ///   - asyncBulk: Write product fields through the asynchronous bulk API; default false.
    ///   - asyncBatchSize: Products per bulk request; default 200.
    ///   - asyncPollAttempts: Status requests per bulk before giving up; default 12 (about 4 minutes with the default delays).
    ///   - asyncPollBaseDelay: Wait before the first status request; default 1 s.
    ///   - asyncPollMaxDelay: Longest wait between status requests; default 30 s.
    ///   - maxImageBytes: Largest image downloaded for an upload; default 20 MB.
    public init(
        pageSize: Int = 300, skuBatchSize: Int = 100, sourceItemPageSize: Int = 300, writeBatchSize: Int = 100, concurrency: Int = 4,
        overlap: TimeInterval = 300, readsReservations: Bool = true, rereadOrderedProducts: Bool = true, requestsPerSecond: Double = 10,
        currency: CurrencyCode? = nil, barcodeAttribute: String = "ean", adminTokenLifetime: TimeInterval = 4 * 3600,
        legacyLocationCode: String = "default", asyncBulk: Bool = false, asyncBatchSize: Int = 200, asyncPollAttempts: Int = 12,
        asyncPollBaseDelay: Duration = .seconds(1), asyncPollMaxDelay: Duration = .seconds(30), maxImageBytes: Int = 20 * 1024 * 1024
    ) {
        self.maxImageBytes = max(1, maxImageBytes)
        self.asyncBulk = asyncBulk
        self.asyncBatchSize = min(5_000, max(1, asyncBatchSize))
        self.asyncPollAttempts = max(1, asyncPollAttempts)
        self.asyncPollBaseDelay = max(.zero, asyncPollBaseDelay)
        self.asyncPollMaxDelay = max(.zero, asyncPollMaxDelay)
        self.pageSize = min(300, max(1, pageSize))
        self.skuBatchSize = min(300, max(1, skuBatchSize))
        self.sourceItemPageSize = min(300, max(1, sourceItemPageSize))
        self.writeBatchSize = max(1, writeBatchSize)
        self.concurrency = max(1, concurrency)
        self.overlap = max(0, overlap)
        self.readsReservations = readsReservations
        self.rereadOrderedProducts = rereadOrderedProducts
        self.requestsPerSecond = max(0.1, requestsPerSecond)
        self.currency = currency
        self.barcodeAttribute = barcodeAttribute
        self.adminTokenLifetime = max(1, adminTokenLifetime)
        self.legacyLocationCode = legacyLocationCode
    }
}
