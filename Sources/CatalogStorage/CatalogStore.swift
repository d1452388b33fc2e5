import CatalogModel
import Foundation

/// Where Concord keeps the canonical catalog and everything it remembers between runs.
///
/// The API speaks domain values only — no SQL, no rows — so that a PostgreSQL store for teams that
/// run several agents can implement it next to ``SQLiteCatalogStore``. Every method that writes is
/// one transaction: it either happens entirely or not at all.
public protocol CatalogStore: Sendable {
    // MARK: Catalog

    /// Writes products (and the locations their stock refers to) in one transaction.
    ///
    /// With ``CatalogWriteMode/merge`` products are upserted by handle and variants by SKU, and
    /// everything not mentioned is kept; with ``CatalogWriteMode/replace`` the catalog becomes
    /// exactly `products`. A SKU that already belongs to another product moves to the new one.
    func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode) async throws
        -> CatalogWriteSummary

    /// Every product with its variants, in import order.
    func allProducts() async throws -> [Product]

    /// The product holding `sku`, with the index of that variant in `product.variants`.
    func product(containing sku: SKU) async throws -> (product: Product, variantIndex: Int)?

    func locations() async throws -> [Location]

    /// Counts for `concord catalog stats`.
    func stats() async throws -> CatalogStats

    // MARK: Listings (sku ↔ remote ids per store)

    func saveListingMappings(_ mappings: [ListingMapping]) async throws
    func listingMappings(store: StoreID) async throws -> [ListingMapping]

    // MARK: Bases for three-way reconciliation

    /// The last value Concord synced or accepted, per (store, SKU, field).
    func baseValues(store: StoreID) async throws -> [BaseKey: FieldValue]
    func recordBaseValues(_ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) async throws

    // MARK: Cursors

    func cursor(store: StoreID, stream: CursorStream) async throws -> SyncCursor?
    func saveCursor(_ cursor: SyncCursor, store: StoreID, stream: CursorStream) async throws

    // MARK: Orders

    /// Stores orders and their lines exactly once per (store, order id, line id); a later read of
    /// the same order updates its status and quantities (cancellations, refunds) in place.
    /// - Returns: how many orders were new.
    func ingestOrders(_ orders: [Order]) async throws -> Int
    func orders(store: StoreID?) async throws -> [Order]

    // MARK: Runs, journal, decisions

    func startRun(kind: RunKind, startedAt: Date) async throws -> Int64
    func finishRun(_ id: Int64, status: RunStatus, finishedAt: Date, summaryJSON: String) async throws
    func runs(limit: Int) async throws -> [RunRecord]

    /// Records changes as pending before any is sent (the write-ahead half of the apply journal).
    func journalChanges(_ changes: [Change], runID: Int64) async throws
    /// Records what happened to changes once the store answered.
    func recordOutcomes(_ outcomes: [ChangeOutcome], at: Date) async throws
    func journalEntries(runID: Int64) async throws -> [JournalEntry]

    func recordDecision(_ decision: ReviewDecision) async throws -> Int64
    func decisions(store: StoreID?) async throws -> [ReviewDecision]

    // MARK: Snapshots

    /// Keeps `snapshot` as its store's last read, replacing the previous one, in one transaction.
    ///
    /// Audits save every full read so that `concord audit --offline` can reconcile the stores
    /// later without reaching them (on a plane, or when a store is down).
    func saveSnapshot(_ snapshot: StoreSnapshot) async throws
    /// The store's last saved read, or `nil` when none was saved.
    func latestSnapshot(store: StoreID) async throws -> StoreSnapshot?
}

/// How ``CatalogStore/writeCatalog(_:locations:mode:)`` treats what is already there.
public enum CatalogWriteMode: String, Sendable, Codable {
    case merge
    case replace
}

/// What a catalog write did.
public struct CatalogWriteSummary: Hashable, Sendable, Codable {
    public var productsWritten: Int
    public var variantsWritten: Int
    public var productsRemoved: Int
    public var variantsRemoved: Int

    public init(productsWritten: Int = 0, variantsWritten: Int = 0, productsRemoved: Int = 0, variantsRemoved: Int = 0) {
        self.productsWritten = productsWritten
        self.variantsWritten = variantsWritten
        self.productsRemoved = productsRemoved
        self.variantsRemoved = variantsRemoved
    }
}

/// Counts that describe a catalog at a glance.
public struct CatalogStats: Hashable, Sendable, Codable {
    public var products: Int
    public var variants: Int
    public var locations: Int
    /// Units on hand across every variant and location.
    public var unitsOnHand: Int
    /// Listings Concord knows per store.
    public var listingsPerStore: [String: Int]
    public var orders: Int

    public init(products: Int, variants: Int, locations: Int, unitsOnHand: Int, listingsPerStore: [String: Int], orders: Int) {
        self.products = products
        self.variants = variants
        self.locations = locations
        self.unitsOnHand = unitsOnHand
        self.listingsPerStore = listingsPerStore
        self.orders = orders
    }
}

/// The link between a canonical SKU and one store's listing of it.
public struct ListingMapping: Hashable, Sendable, Codable {
    public var store: StoreID
    public var sku: SKU
    public var ref: RemoteRef
    public var lastSeen: Date

    public init(store: StoreID, sku: SKU, ref: RemoteRef, lastSeen: Date) {
        self.store = store
        self.sku = sku
        self.ref = ref
        self.lastSeen = lastSeen
    }
}

/// Which change stream a cursor belongs to.
public enum CursorStream: String, Sendable, Codable {
    case catalog
    case orders
}

public enum RunKind: String, Sendable, Codable {
    case plan, apply, sync, audit, `import`, pull
}

public enum RunStatus: String, Sendable, Codable {
    case running, succeeded, failed, interrupted
}

/// A past run, for audits and trends.
public struct RunRecord: Hashable, Sendable, Codable {
    public var id: Int64
    public var kind: RunKind
    public var status: RunStatus
    public var startedAt: Date
    public var finishedAt: Date?
    public var summaryJSON: String?
}

/// A journal line: one change and where it got to.
public struct JournalEntry: Hashable, Sendable, Codable {
    public enum State: String, Sendable, Codable {
        /// Written before sending; if a run dies here the store must be re-read before retrying.
        case pending
        case applied, stale, rejected, unknown
    }

    public var change: Change
    public var runID: Int64
    public var state: State
    public var message: String?
    public var updatedAt: Date
}

/// A person's answer to a review item.
public struct ReviewDecision: Hashable, Sendable, Codable {
    public enum Choice: String, Sendable, Codable {
        /// Push the catalog's value to the store.
        case canonical
        /// Take the store's value into the catalog.
        case store
        /// Use a value the person typed.
        case value
        /// Decide later.
        case deferred
    }

    public var id: Int64?
    public var store: StoreID
    public var sku: SKU
    public var field: Change.Field
    public var choice: Choice
    public var value: FieldValue?
    public var decidedAt: Date

    public init(id: Int64? = nil, store: StoreID, sku: SKU, field: Change.Field, choice: Choice, value: FieldValue?, decidedAt: Date) {
        self.id = id
        self.store = store
        self.sku = sku
        self.field = field
        self.choice = choice
        self.value = value
        self.decidedAt = decidedAt
    }
}
