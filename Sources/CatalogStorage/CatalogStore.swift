import CatalogModel
import Foundation

/// Where Concord keeps the canonical catalog and everything it remembers between runs.
///
/// The API speaks domain values only — no SQL, no rows — so that a PostgreSQL store for teams that
/// run several agents can implement it next to ``SQLiteCatalogStore``. Every method that writes is
/// one transaction: it either happens entirely or not at all.
///
/// It is the five roles together, which one database implements; code that needs only some of it
/// asks for those roles (``ReviewStore``, ``StockLedger``, …), so a review session or an audit
/// never sees the journal, and a second backend is checked role by role.
public protocol CatalogStore: CatalogRecords, StockLedger, SyncStateStore, ReviewStore, RunLog, StoreLeases {}

/// See ``CatalogStore/planSigningKey()``.
public struct PlanSigningKey: Sendable {
    /// A random id of the catalog database (32 hex digits).
    public var catalogID: String
    /// 32 random bytes, as 64 lower-case hex digits (the form the database keeps).
    public var keyHex: String

    public init(catalogID: String, keyHex: String) {
        self.catalogID = catalogID
        self.keyHex = keyHex
    }
}

/// What ``CatalogStore/recordRefund(_:at:)`` did.
public enum RefundRecording: Hashable, Sendable {
    /// The refund was new: `lines` stored order lines took its units (0 when its order has not
    /// been read yet; the order read will count the refund then).
    case applied(lines: Int)
    /// Seen before, or already counted by an order read: nothing changed.
    case alreadyCounted
}

/// Units committed to open order lines of one store for one SKU at one store location.
public struct OpenOrderUnits: Hashable, Sendable {
    public var sku: SKU
    public var store: StoreID
    /// The store's location id, `nil` when the order does not say where it ships from.
    public var locationID: String?
    public var locationName: String?
    public var units: Int

    public init(sku: SKU, store: StoreID, locationID: String?, locationName: String?, units: Int) {
        self.sku = sku
        self.store = store
        self.locationID = locationID
        self.locationName = locationName
        self.units = units
    }
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
    /// Where the last targeted read of orders (after a webhook) began: such reads start from it
    /// or from ``orders``, whichever is newer, with a short overlap, and never move ``orders``.
    case ordersTargeted = "orders-targeted"
    /// What the catalog cursor's read was reconciled against (catalog revision and committed
    /// units, in the token): an incremental read is enough only while that basis holds.
    case basis
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
    /// The catalog's revision when the run started: a journal resumed after the catalog moved is
    /// planned again rather than sent.
    public var catalogRevision: Int64?

    public init(
        id: Int64, kind: RunKind, status: RunStatus, startedAt: Date, finishedAt: Date?, summaryJSON: String?, catalogRevision: Int64? = nil
    ) {
        self.catalogRevision = catalogRevision
        self.id = id
        self.kind = kind
        self.status = status
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.summaryJSON = summaryJSON
    }
}

/// A journal line: one change and where it got to.
public struct JournalEntry: Hashable, Sendable, Codable {
    public enum State: String, Sendable, Codable {
        /// Planned and journaled, not sent yet: safe to send.
        case queued
        /// Sent, no answer recorded: if a run dies here the store must be re-read before retrying.
        case pending
        /// The store holds the new value (confirmed by the store, or by a re-read on resume).
        case applied
        /// The store's value had moved since the plan; nothing was written.
        case stale
        /// The store refused the change.
        case rejected
        /// The request failed so that the outcome is unknown; a resume re-reads before retrying.
        case unknown

        /// Whether a resume still has something to do for the change.
        public var isOpen: Bool { self == .queued || self == .pending || self == .unknown }
    }

    public var change: Change
    public var runID: Int64
    /// The write call the change goes out in, numbered within the run.
    public var batch: Int
    public var state: State
    public var message: String?
    public var updatedAt: Date

    public init(change: Change, runID: Int64, batch: Int, state: State, message: String?, updatedAt: Date) {
        self.change = change
        self.runID = runID
        self.batch = batch
        self.state = state
        self.message = message
        self.updatedAt = updatedAt
    }
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
        /// Make one listing THE listing of an ambiguously matched SKU (the decision's ``value`` is
        /// the listing's variant id): written as the store's listing mapping.
        case match
        /// Ignore an orphan listing, mark a missing listing not sold in the store, or acknowledge a
        /// listing error for its SKU and rule: never asked again.
        case ignore
        /// Adopt an orphan listing into the catalog, as `concord catalog pull` would.
        case adopt
    }

    public var id: Int64?
    public var store: StoreID
    public var sku: SKU
    /// The field decided; `nil` for a decision about a whole listing.
    public var field: Change.Field?
    public var choice: Choice
    public var value: FieldValue?
    public var decidedAt: Date
    /// The review queue item it settled, when it came from the queue.
    public var itemID: Int64?
    /// The catalog's value of the field before the decision (restored by an undo).
    public var previousCatalogValue: FieldValue?
    /// The base before the decision; `nil` with ``hadBase`` false when there was none.
    public var previousBase: FieldValue?
    public var hadBase: Bool
    /// The remembered rule that made the decision, when no person did.
    public var ruleID: Int64?
    /// When the decision was undone; an undone decision no longer stands.
    public var undoneAt: Date?

    public init(
        id: Int64? = nil, store: StoreID, sku: SKU, field: Change.Field?, choice: Choice, value: FieldValue?, decidedAt: Date,
        itemID: Int64? = nil, previousCatalogValue: FieldValue? = nil, previousBase: FieldValue? = nil, hadBase: Bool = false,
        ruleID: Int64? = nil, undoneAt: Date? = nil
    ) {
        self.id = id
        self.store = store
        self.sku = sku
        self.field = field
        self.choice = choice
        self.value = value
        self.decidedAt = decidedAt
        self.itemID = itemID
        self.previousCatalogValue = previousCatalogValue
        self.previousBase = previousBase
        self.hadBase = hadBase
        self.ruleID = ruleID
        self.undoneAt = undoneAt
    }
}

extension CatalogStore {
    /// The queue of a store that was read whole.
    public func replaceReviewQueue(store: StoreID, items: [ReviewItem], runID: Int64?) async throws -> ReviewQueueUpdate {
        try await replaceReviewQueue(store: store, items: items, runID: runID, scope: nil)
    }
}
