import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Concord's adapter for a Magento 2 / Adobe Commerce store: the admin REST API over libcurl,
/// with an integration token or an admin token from a user name and password, paced by a rate
/// governor.
///
/// Reads walk `GET /V1/products` search pages (configurable parents and their simple children
/// alike), then MSI source items by SKU; writes use the batch price and source-item endpoints and
/// `PUT /V1/products/{sku}` after re-reading the items, since Magento has no compare-and-set
/// (or, with ``MagentoAdapterOptions/asyncBulk``, the asynchronous bulk API: see ``MagentoBulkWriter``).
/// See ``MagentoPayloadParser`` for how Magento's catalog maps onto listings.
public struct MagentoAdapter: StorefrontAdapter {
    public let rest: MagentoRESTClient
    public let options: MagentoAdapterOptions

    /// - Parameters:
    ///   - endpoint: The store's URL, store code, and integration token (or admin user name and password in `key`/`secret`).
    ///   - client: The shared libcurl client.
    ///   - options: Page and batch sizes, concurrency, overlap, currency, reservations.
    ///   - governor: The store's request pace; nil makes one of ``MagentoAdapterOptions/requestsPerSecond``.
    public init(
        endpoint: StoreEndpoint, client: HTTPClient, options: MagentoAdapterOptions = MagentoAdapterOptions(), governor: RateGovernor? = nil
    ) {
        let rate = options.requestsPerSecond
        self.rest = MagentoRESTClient(
            endpoint: endpoint, client: client, governor: governor ?? RateGovernor(capacity: max(1, rate), refillPerSecond: rate),
            adminTokenLifetime: options.adminTokenLifetime)
        self.options = options
    }

    public var store: StoreID { rest.endpoint.store }
    public var platform: Platform { .magento }

    public var limits: AdapterLimits { Self.limits(options) }

    /// Magento's read and write shape: search pages and batched stock and price writes.
    public static func limits(_ options: MagentoAdapterOptions = MagentoAdapterOptions()) -> AdapterLimits {
        AdapterLimits(pageSize: options.pageSize, writeBatchSize: options.writeBatchSize, compareAndSetStock: false, incrementalReads: true)
    }

    public func checkConnection() async throws -> ConnectionReport {
        try await MagentoConnection.check(using: rest)
    }

    public func fetchCatalog(since cursor: SyncCursor?) async throws -> StoreSnapshot {
        try await MagentoCatalogReader(rest: rest, options: options).read(since: cursor)
    }

    public func fetchOrders(since cursor: SyncCursor?) async throws -> OrderBatch {
        try await MagentoOrderReader(rest: rest, options: options).read(since: cursor)
    }

    public func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        try await MagentoWriter(rest: rest, options: options).apply(changes, context: context)
    }
}
