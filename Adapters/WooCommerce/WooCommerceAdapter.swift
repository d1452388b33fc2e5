import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Concord's adapter for a WooCommerce store: the REST API v3 over libcurl, HTTP Basic with the
/// consumer key and secret, paced by a rate governor.
///
/// Reads walk products 100 a page and the store's variations 100 a page (each variable product's
/// own variations on stores older than WooCommerce 10.3); writes go through the batch endpoints after re-reading the items, since WooCommerce has
/// no compare-and-set. WooCommerce keeps one stock number per item, reported at one location
/// (``WooCommerceAdapterOptions/locationCode``).
public struct WooCommerceAdapter: StorefrontAdapter {
    public let rest: WooCommerceRESTClient
    public let options: WooCommerceAdapterOptions

    /// - Parameters:
    ///   - endpoint: The store's `https://` URL (plain HTTP only to a loopback host) and its consumer key and secret.
    ///   - client: The shared libcurl client.
    ///   - options: Page and batch sizes, concurrency, overlap, currency, location.
    ///   - governor: The store's request pace; nil makes one of ``WooCommerceAdapterOptions/requestsPerSecond``.
    public init(
        endpoint: StoreEndpoint, client: HTTPClient, options: WooCommerceAdapterOptions = WooCommerceAdapterOptions(),
        governor: RateGovernor? = nil
    ) {
        let rate = options.requestsPerSecond
        self.rest = WooCommerceRESTClient(
            endpoint: endpoint, client: client, governor: governor ?? RateGovernor(capacity: max(1, rate), refillPerSecond: rate))
        self.options = options
    }

    public var store: StoreID { rest.endpoint.store }
    public var platform: Platform { .woocommerce }

    /// Write calls of up to a page of listings come in one ``apply(_:context:)``: their variations
    /// are re-read together (``WooCommerceWriter``), one `GET /variations` for up to 100 of them
    /// where a call per product would each re-read their own.
    public var limits: AdapterLimits { Self.limits(options) }

    /// WooCommerce's read and write shape: 100 items a page and a batch, a product's variations
    /// in a batch call of their own.
    public static func limits(_ options: WooCommerceAdapterOptions = WooCommerceAdapterOptions()) -> AdapterLimits {
        AdapterLimits(
            pageSize: options.pageSize, writeBatchSize: options.writeBatchSize, compareAndSetStock: false, incrementalReads: true,
            listingsPerApply: options.pageSize, variationsPerParentCall: true)
    }

    public func checkConnection() async throws -> ConnectionReport {
        var report = try await WooCommerceConnection.check(using: rest)
        report.locations = [Location(code: options.locationCode, name: options.locationName)]
        return report
    }

    public func fetchCatalog(since cursor: SyncCursor?) async throws -> StoreSnapshot {
        try await WooCommerceCatalogReader(rest: rest, options: options).read(since: cursor)
    }

    public func fetchOrders(since cursor: SyncCursor?) async throws -> OrderBatch {
        try await WooCommerceOrderReader(rest: rest, options: options).read(since: cursor)
    }

    public func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        try await WooCommerceWriter(rest: rest, options: options).apply(changes, context: context)
    }
}
