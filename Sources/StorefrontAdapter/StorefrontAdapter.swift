import CatalogModel
import Foundation

/// What every platform adapter does: read a store, and write a batch of typed changes to it.
///
/// Adapters live in `Adapters/<Platform>/`, each its own module depending only on this one,
/// `HTTPClient` and `CatalogModel` — never on each other, the catalog store or the CLI — so a new
/// platform is one new target. Reads return what the store says, untouched; writes report one
/// ``ChangeOutcome`` per change, because partial success is the normal case on every platform.
public protocol StorefrontAdapter: Sendable {
    var store: StoreID { get }
    var platform: Platform { get }
    /// The platform's limits, which the planner sizes batches by and `concord plan` prices calls with.
    var limits: AdapterLimits { get }

    /// Reaches the store, proves the credentials work, and says what it found.
    func checkConnection() async throws -> ConnectionReport

    /// Reads the store's listings: all of them when `cursor` is `nil`, otherwise only what changed
    /// since the cursor (minus an overlap window the adapter chooses).
    func fetchCatalog(since cursor: SyncCursor?) async throws -> StoreSnapshot

    /// Reads only the listings whose SKU is in `skus` (a targeted sync after a webhook), as an
    /// incomplete snapshot without a cursor. Defaults to a full read, filtered.
    func fetchListings(skus: Set<SKU>) async throws -> StoreSnapshot

    /// Reads orders created or updated since the cursor, without customer fields.
    func fetchOrders(since cursor: SyncCursor?) async throws -> OrderBatch

    /// Of `ids` (orders Concord holds as open in this store), those the store no longer lists:
    /// trashed or deleted, which no read "since a cursor" ever returns. Their units are released.
    /// Platforms that cannot lose an open order this way return none (the default).
    func vanishedOrders(among ids: [String]) async throws -> Set<String>

    /// Writes changes in the platform's batch form and reports each one's outcome.
    ///
    /// A change whose ``Change/expected`` value no longer matches the store is reported
    /// ``ChangeOutcome/Status/stale`` and not written.
    func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome]
}

/// A platform's paging and batching limits, as documented (see API-NOTES.md).
public struct AdapterLimits: Hashable, Sendable {
    /// Items per read page at the platform's maximum.
    public var pageSize: Int
    /// Items per write call at the platform's maximum.
    public var writeBatchSize: Int
    /// Whether stock writes are compare-and-set on the platform itself (Shopify), rather than
    /// re-read-then-write (WooCommerce, Magento).
    public var compareAndSetStock: Bool
    /// Whether reads can start from a cursor.
    public var incrementalReads: Bool
    /// Products one write request can carry where the platform writes a product per mutation
    /// (Shopify: aliased mutations in one document); 1 elsewhere.
    public var productsPerWriteCall: Int
    /// Listings whose write calls one ``StorefrontAdapter/apply(_:context:)`` may take together,
    /// where the adapter re-reads the preconditions of several calls in one request (WooCommerce:
    /// 100 variations of any products in one `GET /variations`, each product then written in a
    /// call of its own). Consecutive calls are joined while their listings stay within it; a call
    /// is never split. 1 hands the adapter one write call at a time.
    public var listingsPerApply: Int
    /// Whether a write call touches the variants of one product only (Shopify's per-product
    /// mutations), so the planner groups changes by product.
    public var writesPerProduct: Bool
    /// Quantities per stock write where stock has its own call across products (Shopify's
    /// `inventorySetQuantities`, 250); nil when stock goes with the other fields.
    public var stockWriteBatchSize: Int?
    /// Whether the variations of a product with several go in a call of their own per product,
    /// while single-variant products share calls (WooCommerce's `/products/{id}/variations/batch`
    /// next to `/products/batch`).
    public var variationsPerParentCall: Bool

    public init(
        pageSize: Int, writeBatchSize: Int, compareAndSetStock: Bool, incrementalReads: Bool, productsPerWriteCall: Int = 1,
        listingsPerApply: Int = 1, writesPerProduct: Bool = false, stockWriteBatchSize: Int? = nil, variationsPerParentCall: Bool = false
    ) {
        self.writesPerProduct = writesPerProduct
        self.stockWriteBatchSize = stockWriteBatchSize
        self.variationsPerParentCall = variationsPerParentCall
        self.productsPerWriteCall = max(1, productsPerWriteCall)
        self.listingsPerApply = max(1, listingsPerApply)
        self.pageSize = pageSize
        self.writeBatchSize = writeBatchSize
        self.compareAndSetStock = compareAndSetStock
        self.incrementalReads = incrementalReads
    }
}

/// What `concord stores check` prints for one store.
public struct ConnectionReport: Hashable, Sendable, Codable {
    public var store: StoreID
    public var platform: Platform
    /// The store's own name, as its API gives it.
    public var name: String?
    public var apiVersion: String?
    public var productCount: Int?
    public var locations: [Location]
    /// Anything a person should know (a soon-to-expire API version, a missing permission).
    public var notes: [String]

    public init(
        store: StoreID, platform: Platform, name: String? = nil, apiVersion: String? = nil, productCount: Int? = nil,
        locations: [Location] = [], notes: [String] = []
    ) {
        self.store = store
        self.platform = platform
        self.name = name
        self.apiVersion = apiVersion
        self.productCount = productCount
        self.locations = locations
        self.notes = notes
    }
}

/// Orders read since a cursor, with the cursor for the next read.
public struct OrderBatch: Sendable {
    public var orders: [Order]
    public var nextCursor: SyncCursor?

    public init(orders: [Order], nextCursor: SyncCursor?) {
        self.orders = orders
        self.nextCursor = nextCursor
    }
}

/// Who is writing, so the store's own history can point back at the Concord run.
public struct ApplyContext: Hashable, Sendable {
    public var runID: Int64
    /// A URI naming the run (Shopify's `referenceDocumentUri`), e.g. `concord://run/42`.
    public var referenceURI: String { "concord://run/\(runID)" }

    public init(runID: Int64) { self.runID = runID }
}

/// A failure talking to a store, with what to do about it.
public struct AdapterError: Error, Hashable, Sendable, CustomStringConvertible, Codable {
    public struct Code: Hashable, Sendable, CustomStringConvertible, Codable {
        let name: String

        public init(from decoder: any Decoder) throws { name = try decoder.singleValueContainer().decode(String.self) }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            try container.encode(name)
        }

        init(name: String) { self.name = name }
        public var description: String { name }
        /// The credentials were refused (HTTP 401).
        public static let unauthorized = Code(name: "unauthorized")
        /// The credentials lack a permission (HTTP 403, or a platform's scope error).
        public static let forbidden = Code(name: "forbidden")
        public static let unsupportedAPIVersion = Code(name: "unsupported-api-version")
        public static let notFound = Code(name: "not-found")
        /// The store answered with something that is not the documented shape.
        public static let malformedResponse = Code(name: "malformed-response")
        public static let throttled = Code(name: "throttled")
        public static let serverError = Code(name: "server-error")
        public static let unreachable = Code(name: "unreachable")
    }

    public var code: Code
    public var store: StoreID
    public var message: String
    /// The HTTP status, when there was one.
    public var status: Int?

    public init(code: Code, store: StoreID, message: String, status: Int? = nil) {
        self.code = code
        self.store = store
        self.message = message
        self.status = status
    }

    public var description: String { "store \(store): \(message)" }
}
