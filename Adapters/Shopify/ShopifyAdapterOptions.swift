import Foundation

/// How the Shopify adapter reads and writes; every field has the documented platform default.
public struct ShopifyAdapterOptions: Hashable, Sendable {
    /// Items per page at most (Shopify's maximum is 250); pages are made smaller when their cost
    /// would not fit the bucket.
    public var pageSize: Int
    /// Variants read with each product on a products page; products with more get follow-up pages.
    public var variantsPerProduct: Int
    /// The most a single query may cost (Shopify refuses queries above 1,000 points).
    public var maxQueryCost: Double
    /// How far before the stored cursor an incremental read starts, so that an item updated while
    /// the previous read was running is not missed.
    public var overlap: TimeInterval
    /// Quantities per `inventorySetQuantities` call (Shopify's input arrays take at most 250).
    public var stockBatchSize: Int
    /// When a whole read goes through a bulk operation (one query, status polls, a JSONL download)
    /// instead of pages.
    public var bulkReads: BulkReadPolicy
    /// How long to wait between polls of a running bulk operation.
    public var bulkPollInterval: Duration
    /// The longest a bulk operation may run before the read gives up.
    public var bulkTimeout: Duration
    /// The largest bulk result file the read downloads: the link is the store's word, and a
    /// wrong one must not fill the disk. Default 8 GiB (a million variants run to about 2).
    public var maxBulkFileBytes = 8 << 30
    /// Products whose variants one write request updates at most, each an aliased
    /// `productVariantsBulkUpdate`; the cost limit (10 points a mutation) caps it too. Default 100.
    public var productsPerWrite = 100

    /// - Parameters:
    ///   - pageSize: Items per page at most; default 250, Shopify's maximum.
    ///   - variantsPerProduct: Variants read inline per product; default 10.
    ///   - maxQueryCost: Single-query cost ceiling; default 1,000, Shopify's limit.
    ///   - overlap: Incremental read overlap; default 5 minutes.
    ///   - stockBatchSize: Quantities per stock write; default 250.
    ///   - bulkReads: When a full read uses a bulk operation; default ``BulkReadPolicy/whenFewerCalls``.
    ///   - bulkPollInterval: Wait between bulk status polls; default 2 s.
    ///   - bulkTimeout: Longest bulk operation; default 2 hours.
    public init(
        pageSize: Int = 250, variantsPerProduct: Int = 10, maxQueryCost: Double = 1000, overlap: TimeInterval = 300,
        stockBatchSize: Int = 250, bulkReads: BulkReadPolicy = .whenFewerCalls, bulkPollInterval: Duration = .seconds(2),
        bulkTimeout: Duration = .seconds(7200)
    ) {
        self.bulkReads = bulkReads
        self.bulkPollInterval = bulkPollInterval
        self.bulkTimeout = bulkTimeout
        self.pageSize = min(250, max(1, pageSize))
        self.variantsPerProduct = min(250, max(1, variantsPerProduct))
        self.maxQueryCost = maxQueryCost
        self.overlap = overlap
        self.stockBatchSize = min(250, max(1, stockBatchSize))
    }
}

/// When a whole Shopify read is one bulk operation rather than pages.
///
/// Shopify charges a page its requested cost against a bucket that refills at 100 points a second
/// on the Standard plan, and caps one query at 1,000 points, so a 300-product store read in pages
/// takes about 47 queries (and minutes of waiting for the bucket), where a bulk operation takes
/// three calls whatever the size: start it, poll it, download the file.
public enum BulkReadPolicy: Hashable, Sendable {
    /// Always pages (tests of the paged read).
    case never
    /// A bulk operation from this many products up (0: always).
    case fromProducts(Int)
    /// A bulk operation whenever the pages would take more calls than it does: from about 60
    /// products with one location. The default.
    case whenFewerCalls
}
