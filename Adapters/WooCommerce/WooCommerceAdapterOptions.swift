import CatalogModel
import Foundation

/// How the WooCommerce adapter reads and writes; every field has a documented default.
///
/// (The type is not `WooCommerceAdapter.Options` because the module has the adapter's name, which
/// makes `WooCommerceAdapter.X` resolve to the module rather than to the type.)
public struct WooCommerceAdapterOptions: Hashable, Sendable {
    /// Products, variations or orders per page (WordPress's `per_page` maximum is 100).
    public var pageSize: Int
    /// Objects per `…/batch` call (WooCommerce refuses more than 100 across create, update and delete).
    public var writeBatchSize: Int
    /// Requests for different products in flight at once: variation lists on a store older than
    /// WooCommerce 10.3 (a newer one lists every product's variations in one collection), and the
    /// batch writes of one apply (variations are written one product per call).
    public var variationConcurrency: Int
    /// How far before the stored cursor an incremental read starts, so that an item changed while
    /// the previous read was running is read again rather than missed.
    public var overlap: TimeInterval
    /// Whether an incremental catalog read also reads again the products of orders changed since
    /// the cursor. WooCommerce lowers stock on a sale without moving the product's `date_modified`
    /// (woocommerce/woocommerce#40060), so without this a sale's stock change is invisible to
    /// `modified_after` until the next full read.
    public var rereadOrderedProducts: Bool
    /// Requests per second when the adapter makes its own rate governor. WooCommerce sets no limit
    /// of its own, but hosts and security plugins often do, and every REST call runs PHP and
    /// database queries on the merchant's server.
    public var requestsPerSecond: Double
    /// The store's currency. `nil` asks the store once (`GET /data/currencies/current`).
    public var currency: CurrencyCode?
    /// The store's weight unit (WooCommerce → Settings → Products). `nil` leaves weights unread,
    /// since a WooCommerce weight is a bare number in whatever unit the store is set to.
    public var weightUnit: Weight.Unit?
    /// The location code WooCommerce's single stock number is reported at and written to.
    public var locationCode: String
    /// That location's name, for reports.
    public var locationName: String

    /// - Parameters:
    ///   - pageSize: Items per read page; default 100, WordPress's maximum.
    ///   - writeBatchSize: Objects per batch write; default 100, WooCommerce's maximum.
    ///   - variationConcurrency: Variation lists or batch writes in flight at once; default 4.
    ///   - overlap: Incremental read overlap; default 5 minutes.
    ///   - rereadOrderedProducts: Re-read sold products in incremental reads; default true.
    ///   - requestsPerSecond: Pace of the adapter's own rate governor; default 10.
    ///   - currency: The store's currency; default nil (asked from the store).
    ///   - weightUnit: The store's weight unit; default nil (weights not read).
    ///   - locationCode: Code of the one stock location; default `default`.
    ///   - locationName: Name of that location; default `WooCommerce stock`.
    public init(
        pageSize: Int = 100, writeBatchSize: Int = 100, variationConcurrency: Int = 4, overlap: TimeInterval = 300,
        rereadOrderedProducts: Bool = true,
        requestsPerSecond: Double = 10, currency: CurrencyCode? = nil, weightUnit: Weight.Unit? = nil,
        locationCode: String = "default", locationName: String = "WooCommerce stock"
    ) {
        self.pageSize = min(100, max(1, pageSize))
        self.writeBatchSize = min(100, max(1, writeBatchSize))
        self.variationConcurrency = max(1, variationConcurrency)
        self.overlap = max(0, overlap)
        self.rereadOrderedProducts = rereadOrderedProducts
        self.requestsPerSecond = max(0.1, requestsPerSecond)
        self.currency = currency
        self.weightUnit = weightUnit
        self.locationCode = locationCode
        self.locationName = locationName
    }
}
