import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Concord's adapter for a Shopify store: the Admin GraphQL API over libcurl, paced by the
/// store's cost bucket.
public struct ShopifyAdapter: StorefrontAdapter {
    public let graphQL: ShopifyGraphQLClient
    public let options: ShopifyAdapterOptions

    public init(
        endpoint: StoreEndpoint, client: HTTPClient, options: ShopifyAdapterOptions = ShopifyAdapterOptions(), governor: RateGovernor? = nil
    ) {
        self.graphQL = ShopifyGraphQLClient(endpoint: endpoint, client: client, governor: governor)
        self.options = options
    }

    public var store: StoreID { graphQL.endpoint.store }
    public var platform: Platform { .shopify }

    public var limits: AdapterLimits { Self.limits(options) }

    /// Shopify's read and write shape: 250 items a page, stock 250 quantities a compare-and-set
    /// call across products, other fields one aliased mutation per product, up to 100 a request.
    public static func limits(_ options: ShopifyAdapterOptions = ShopifyAdapterOptions()) -> AdapterLimits {
        AdapterLimits(
            pageSize: options.pageSize, writeBatchSize: options.stockBatchSize, compareAndSetStock: true, incrementalReads: true,
            productsPerWriteCall: options.productsPerWrite, writesPerProduct: true, stockWriteBatchSize: options.stockBatchSize)
    }

    public func checkConnection() async throws -> ConnectionReport {
        try await ShopifyConnection.check(graphQL.endpoint, client: graphQL.client)
    }

    public func fetchCatalog(since cursor: SyncCursor?) async throws -> StoreSnapshot {
        try await ShopifyCatalogReader(graphQL: graphQL, options: options).read(since: cursor).snapshot
    }

    public func fetchOrders(since cursor: SyncCursor?) async throws -> OrderBatch {
        try await ShopifyOrderReader(graphQL: graphQL, options: options).read(since: cursor)
    }

    public func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        try await ShopifyWriter(graphQL: graphQL, options: options).apply(changes, context: context)
    }
}
