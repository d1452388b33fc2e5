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

    /// Writes products and the kits defined alongside them in one transaction (an import file
    /// with a kit column): with ``CatalogWriteMode/replace`` the kits become exactly `kits`; with
    /// ``CatalogWriteMode/merge`` each kit in `kits` is replaced and the others are kept.
    func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition]) async throws
        -> CatalogWriteSummary

    /// Writes products and kits as ``writeCatalog(_:locations:mode:kits:)`` does, with the stock
    /// read as `stock` says: a file with one quantity column (``StockScope/availableAtOneLocation``)
    /// sets what is available at its one location and never touches the others, whatever the mode.
    ///
    /// Locations are upserted by code; a location whose name is only its code (what a format
    /// without location names produces) never replaces a name the catalog already has.
    func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope
    ) async throws -> CatalogWriteSummary
    /// The same, with the file's stock taken as a count *as of* `countedAt` (a warehouse system's
    /// export taken at 06:00 and imported at 09:00): movements the ledger books after that time
    /// still apply on top of it. `nil`: counted now.
    func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope,
        countedAt: Date?
    ) async throws -> CatalogWriteSummary

    // MARK: The stock ledger

    /// Stores orders as ``ingestOrders(_:)`` does, booking each line's shipped and returned units
    /// once in the stock ledger at the catalog location `routing` gives for its store, and moving
    /// each store's debit (the units its own count no longer shows).
    func ingestOrders(_ orders: [Order], routing: [StoreID: StockRouting]) async throws -> Int
    /// Every movement of one SKU's stock, by location and in the order they were booked.
    func stockMovements(sku: SKU) async throws -> [StockMovement]
    /// How far one store's own orders moved its count since each stock base was recorded, per SKU
    /// and store location id (`"*"`: orders that did not say); only places that moved.
    func stockDebits(store: StoreID) async throws -> [SKU: [String: Int]]
    /// The ids of one store's orders that still hold stock (not cancelled, with open units).
    func openOrderIDs(store: StoreID) async throws -> [String]
    /// Releases orders the store no longer lists (trashed, deleted): their open units are
    /// cancelled, without putting anything back into the store's count (trashing restocks nothing).
    func releaseVanishedOrders(store: StoreID, ids: Set<String>, at date: Date) async throws
    /// Books adjustments in one transaction, each with the store base it settles, if any.
    func recordStockAdjustments(_ adjustments: [StockAdjustment], at date: Date) async throws

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
    /// The same values as ``baseValues(store:)``, grouped by SKU as the reconciler reads them.
    ///
    /// A million-SKU store has ten million base values: as a dictionary they take over a
    /// gigabyte and a regrouping pass; read in SKU order into a ``BaseTable`` they take half that
    /// and no pass (see `concord-bench offline-plan`).
    func baseTable(store: StoreID) async throws -> BaseTable

    // MARK: Cursors

    func cursor(store: StoreID, stream: CursorStream) async throws -> SyncCursor?
    func saveCursor(_ cursor: SyncCursor, store: StoreID, stream: CursorStream) async throws

    // MARK: Orders

    /// Stores orders and their lines exactly once per (store, order id, line id); a later read of
    /// the same order updates its status and quantities (cancellations, refunds) in place.
    /// - Returns: how many orders were new.
    func ingestOrders(_ orders: [Order]) async throws -> Int
    func orders(store: StoreID?) async throws -> [Order]
    /// Units still to ship on every open (not cancelled) order line, per SKU, across all stores:
    /// what the catalog's on-hand counts do not yet reflect.
    func openOrderUnits() async throws -> [SKU: Int]

    // MARK: Runs, journal, decisions

    func startRun(kind: RunKind, startedAt: Date) async throws -> Int64
    func finishRun(_ id: Int64, status: RunStatus, finishedAt: Date, summaryJSON: String) async throws
    func runs(limit: Int) async throws -> [RunRecord]
    /// One run by id, or `nil` when there is none.
    func run(id: Int64) async throws -> RunRecord?

    /// Records a run's whole plan before anything is sent (the write-ahead half of the apply
    /// journal): every change ``JournalEntry/State-swift.enum/queued``, numbered by the write call
    /// (batch) it goes out in, in one transaction. A change already journaled in this run is
    /// replaced, which is how a stale change re-planned within the run is queued again.
    func journalPlan(_ batches: [[Change]], firstBatch: Int, runID: Int64) async throws
    /// Marks changes as sent, just before their request leaves: from here until an outcome is
    /// recorded, a crash leaves them ``JournalEntry/State-swift.enum/pending`` and a resume must
    /// re-read the store before sending them again.
    func markSent(_ changeIDs: [String], runID: Int64, at: Date) async throws
    /// Records what happened to changes once the store answered. Applied changes also become the
    /// store's base value for their SKU and field, in the same transaction, so the journal and the
    /// bases can never disagree after a crash.
    func recordOutcomes(_ outcomes: [ChangeOutcome], runID: Int64, at: Date) async throws
    func journalEntries(runID: Int64) async throws -> [JournalEntry]
    /// Apply and sync runs that never finished (still `running`, or `interrupted`) and still have
    /// queued or pending changes, newest first: what `concord apply --resume` picks up.
    func resumableRuns() async throws -> [RunRecord]

    /// A number that grows with every write to the canonical catalog (products, variants, stock,
    /// locations), so a plan can prove the catalog it was made from is still the catalog.
    func catalogRevision() async throws -> Int64

    func recordDecision(_ decision: ReviewDecision) async throws -> Int64
    func decisions(store: StoreID?) async throws -> [ReviewDecision]

    // MARK: Review

    /// Makes `items` one store's review queue, keeping what people already decided.
    ///
    /// An item already in the queue (same store, SKU, field, finding code and listing) keeps its
    /// id; a decided item whose catalog and store values have not moved stays decided (a re-plan
    /// never asks the same question twice), one whose values moved is opened again, and a deferred
    /// item is opened again. Items of the store not in `items` leave the queue (their decisions
    /// stay in the history).
    ///
    /// - Parameter scope: the SKUs the plan looked at when it read only part of the store (an
    ///   incremental read); items of other SKUs stay as they are. `nil`: the whole store was read.
    func replaceReviewQueue(store: StoreID, items: [ReviewItem], runID: Int64?, scope: Set<SKU>?) async throws -> ReviewQueueUpdate

    /// The current queue of one store, or of every store, by SKU, store and field; decided items
    /// stay listed until the next plan so a session can show its progress and undo.
    func reviewQueue(store: StoreID?) async throws -> [ReviewItem]

    /// Settles one queue item in one transaction and returns the decision recorded.
    ///
    /// A decision moves the base (and, for `store` and `value`, the catalog field), so the next
    /// plan turns it into operations with the ordinary three-way comparison: `canonical` sets the
    /// base to the store value seen (the next plan pushes the catalog's), `store` takes the store
    /// value into the catalog and the base (in sync), `value` writes `value` to the catalog and the
    /// store value seen to the base (the next plan pushes it), `deferred` only records. A store
    /// change nobody has seen is therefore never overwritten: the push carries the seen value as
    /// its precondition. The previous catalog value and base are kept for ``undoReviewDecision(_:at:)``.
    /// - Throws: ``CatalogStoreError`` with code `refused` when the choice cannot settle the item
    ///   (see ``ReviewItem/refusal(of:)``) or the item is already decided.
    func decideReviewItem(_ itemID: Int64, choice: ReviewDecision.Choice, value: FieldValue?, ruleID: Int64?, at: Date) async throws
        -> ReviewDecision

    /// Undoes a decision exactly: the catalog field and the base get their previous values back
    /// and the item its previous state. Refused when something else changed them since.
    func undoReviewDecision(_ decisionID: Int64, at: Date) async throws -> ReviewItem

    /// The catalog's own value of one field of one variant (before any store's price rule), or
    /// `nil` for stock (kept per warehouse) and unknown SKUs.
    func catalogFieldValue(sku: SKU, field: Change.Field) async throws -> FieldValue?

    func saveReviewRule(_ rule: ReviewRule) async throws -> Int64
    func reviewRules() async throws -> [ReviewRule]
    /// - Returns: whether a rule with that id existed.
    func removeReviewRule(_ id: Int64) async throws -> Bool
    // MARK: Catalog pull

    /// Adopts a store's listings (`concord catalog pull`): writes the products as
    /// ``writeCatalog(_:locations:mode:)`` does, the store's listing mappings and its base values,
    /// all in one transaction, so that a failure leaves the catalog, the mappings and the bases
    /// exactly as they were.
    func writePulledCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, mappings: [ListingMapping],
        bases: [BaseKey: FieldValue], store: StoreID
    ) async throws -> CatalogWriteSummary
    // MARK: Webhooks

    /// Remembers a webhook delivery by the platform's delivery id; `false` when it was already
    /// seen (a replay, or the platform retrying): the caller must not act on it again. Kept in
    /// the database so that a restarted listener still recognises it.
    func recordWebhookDelivery(store: StoreID, deliveryID: String, at: Date) async throws -> Bool
    /// Forgets deliveries received before `date` (platforms stop retrying after a few days).
    func pruneWebhookDeliveries(before date: Date) async throws
    // MARK: Kits

    /// Every kit definition, by kit SKU.
    func kits() async throws -> [KitDefinition]
    /// Writes kit definitions in one transaction, each replacing any earlier definition of the
    /// same kit; with `replacingAll` the kits not given are removed (an import with `--replace`).
    func saveKits(_ kits: [KitDefinition], replacingAll: Bool) async throws
    /// Removes a kit definition (the kit's catalog variant stays).
    /// - Returns: whether there was one.
    func removeKit(_ sku: SKU) async throws -> Bool
    // MARK: Snapshots

    /// Keeps `snapshot` as its store's last read, replacing the previous one, in one transaction.
    ///
    /// Audits save every full read so that `concord audit --offline` can reconcile the stores
    /// later without reaching them (on a plane, or when a store is down).
    func saveSnapshot(_ snapshot: StoreSnapshot) async throws
    /// The store's last saved read, or `nil` when none was saved.
    func latestSnapshot(store: StoreID) async throws -> StoreSnapshot?
    // MARK: Order refunds and locations

    /// Applies a refund (from a webhook) to the stored order lines, at most once per (store,
    /// order, refund id), in one transaction: each named line's refunded units grow by the
    /// refund's, and units returned after shipping (``RefundRestock/return``) come off its
    /// fulfilled units, as the platform's own order read would then show them.
    ///
    /// - Returns: ``RefundRecording/alreadyCounted`` when the refund was applied before or an
    ///   order read already counted it (``Order/refundIDs``); nothing changes then.
    func recordRefund(_ refund: OrderRefund, at date: Date) async throws -> RefundRecording
    /// Units still to ship on open order lines, per SKU and where they ship from: one entry per
    /// (SKU, store, store location), the location `nil` when the order does not say.
    func openOrderUnitsByLocation() async throws -> [OpenOrderUnits]
    // MARK: Review listings

    /// The standing "don't ask again" answers of one store's review queue (orphans ignored, SKUs
    /// not sold there, listing errors acknowledged), which plans honour: a SKU marked not sold is
    /// out of the store's assortment, and matching findings never reach the queue again.
    func reviewSuppressions(store: StoreID) async throws -> [ReviewSuppression]
    // MARK: Receipts

    /// Records goods received and adds their units to the on-hand (and available) count of each
    /// SKU at its location, raising the catalog revision, all in one transaction.
    ///
    /// - Throws: ``CatalogStoreError`` with code `refused`, writing nothing, when a reference was
    ///   already received, a SKU is not in the catalog, a location is unknown or a quantity is not
    ///   positive: a re-run of the same file must never count units twice.
    func receiveStock(_ receipts: [StockReceipt], recordedAt: Date) async throws -> StockReceiptSummary
    /// The receipts that arrived in `[since, until)` (either end open when `nil`), oldest first.
    func receipts(since: Date?, until: Date?) async throws -> [StockReceipt]
    /// Which of `references` were already received, and when.
    func receivedReferences(_ references: Set<String>) async throws -> [String: ReceivedReference]
    // MARK: Plan files

    /// This catalog's identity and the key its plan files are signed with, made once when the
    /// catalog is created and never shown: `concord apply` uses them to refuse a plan made from
    /// another catalog or edited after `concord plan` wrote it.
    func planSigningKey() async throws -> PlanSigningKey
    /// Remembers that the plan with this signature went out in `runID`, so that the same file is
    /// not applied twice.
    func recordAppliedPlan(signature: String, runID: Int64) async throws
    /// The run that applied the plan with this signature, if any.
    func appliedPlanRun(signature: String) async throws -> Int64?
}

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
