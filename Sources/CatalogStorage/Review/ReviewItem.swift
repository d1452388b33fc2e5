import CatalogModel
import Foundation

/// One difference Concord will not settle alone, waiting in a store's review queue.
///
/// Items are made from the reconciler's findings when a plan is recorded (`ReviewQueueRecorder` in
/// Sync) and kept in the catalog database, so the queue outlives the terminal that shows it: a
/// person can quit halfway and pick up where they left, and a script can resolve items with
/// `concord review resolve`. A decided item stays decided across re-plans until the store's or
/// the catalog's value moves again.
public struct ReviewItem: Hashable, Sendable, Codable, Identifiable {
    /// Why the item needs a person.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
        /// The catalog and the store both changed the field since the last sync.
        case conflict
        /// The store was edited outside Concord and the field's store-edit policy is `review`.
        case storeEdit = "store-edit"
        /// Never synced, the values differ, and the field's first-sync policy is `review`.
        case firstSync = "first-sync"
        /// A listing that could belong to a catalog variant but is not matched safely.
        case ambiguousMatch = "ambiguous-match"
        /// A listing error that blocks a sync or costs money (a zero price, a bad barcode...).
        case listingError = "listing-error"
        /// A listing whose SKU is not in the catalog: ignore it, or adopt it into the catalog.
        case orphan
        /// A catalog variant the store should carry and does not list: mark it not sold there.
        case missingListing = "missing-listing"

        public var description: String { rawValue }

        /// Whether deciding the item moves values (three-way kinds) or only records a verdict
        /// about a listing (which listing is the SKU's, ignore it, adopt it).
        public var isFieldDifference: Bool {
            switch self {
            case .conflict, .storeEdit, .firstSync: true
            case .ambiguousMatch, .listingError, .orphan, .missingListing: false
            }
        }
    }

    /// Where the item is in its life.
    public enum State: String, Hashable, Sendable, Codable {
        case open
        /// Someone chose canonical, store or a value; stays decided until a value moves again.
        case decided
        /// Someone chose to decide later; the next recorded plan opens it again.
        case deferred
    }

    public var id: Int64?
    public var store: StoreID
    public var sku: SKU
    /// The field the difference is in (for a barcode match problem, the barcode); `nil` for items
    /// about a whole listing (a SKU carried twice, an orphan, a missing listing).
    public var field: Change.Field?
    public var kind: Kind
    /// The finding's rule code (`drift.conflict`, `listing.price-not-positive`).
    public var code: String
    /// The finding's one-line explanation, as the reconciler worded it.
    public var explanation: String
    /// The store's listing id, for items about one listing rather than one catalog field.
    public var listing: String?
    public var base: FieldValue?
    /// The catalog's value as this store should have it (after the store's price rule).
    public var canonical: FieldValue?
    public var storeValue: FieldValue?
    /// The run that first found the item with these values.
    public var detectedRunID: Int64?
    public var detectedAt: Date
    /// When the catalog's row for this SKU last changed (an import, a decision), where known.
    public var catalogChangedAt: Date?
    /// When the base was recorded, and by which run, where known.
    public var baseRecordedAt: Date?
    public var baseRunID: Int64?
    /// Why the store's value cannot be taken into the catalog (stock, a price rule), if it cannot.
    public var takeBlockedReason: String?
    public var state: State
    /// The decision that settled or deferred the item, while it stands.
    public var decisionID: Int64?
    public var choice: ReviewDecision.Choice?
    public var decidedAt: Date?
    /// What a listing-level item needs to be decided: the listings to choose from, what adopting
    /// would write, why it cannot be adopted.
    public var detail: ListingReviewDetail?

    public init(
        id: Int64? = nil, store: StoreID, sku: SKU, field: Change.Field?, kind: Kind, code: String, explanation: String,
        listing: String? = nil, base: FieldValue? = nil, canonical: FieldValue? = nil, storeValue: FieldValue? = nil,
        detectedRunID: Int64? = nil, detectedAt: Date, catalogChangedAt: Date? = nil, baseRecordedAt: Date? = nil,
        baseRunID: Int64? = nil, takeBlockedReason: String? = nil, state: State = .open, decisionID: Int64? = nil,
        choice: ReviewDecision.Choice? = nil, decidedAt: Date? = nil, detail: ListingReviewDetail? = nil
    ) {
        self.id = id
        self.store = store
        self.sku = sku
        self.field = field
        self.kind = kind
        self.code = code
        self.explanation = explanation
        self.listing = listing
        self.base = base
        self.canonical = canonical
        self.storeValue = storeValue
        self.detectedRunID = detectedRunID
        self.detectedAt = detectedAt
        self.catalogChangedAt = catalogChangedAt
        self.baseRecordedAt = baseRecordedAt
        self.baseRunID = baseRunID
        self.takeBlockedReason = takeBlockedReason
        self.state = state
        self.decisionID = decisionID
        self.choice = choice
        self.decidedAt = decidedAt
        self.detail = detail
    }

    /// Decided or deferred: someone has answered it in this queue.
    public var isAnswered: Bool { state != .open }

    /// The field's kind without its location (`stock`, `price`): what review rules name.
    public var fieldKind: String {
        guard let field else { return "listing" }
        if case .stock = field { return "stock" }
        return field.key
    }

    /// The field's key, or `listing` for an item about a whole listing: what lists and the screen show.
    public var fieldLabel: String { field?.key ?? "listing" }

    /// Why `choice` cannot settle this item, or `nil` when it can.
    ///
    /// The screen greys out refused choices and the CLI prints this message, so the wording says
    /// what to do instead.
    public func refusal(of choice: ReviewDecision.Choice) -> String? {
        switch choice {
        case .deferred:
            return nil
        case .match, .ignore, .adopt:
            return listingRefusal(of: choice)
        case .canonical:
            switch kind {
            case .orphan, .missingListing:
                return "a \(kind) item has no catalog value to keep; \(listingChoices)"
            case .conflict, .storeEdit, .firstSync:
                if storeValue == nil, let field {
                    return "the store's value of \(sku) \(field.key) is unknown; re-run concord plan"
                }
                return nil
            case .ambiguousMatch, .listingError:
                return nil
            }
        case .store, .value:
            guard kind.isFieldDifference, let field else {
                return "\(kind) items are not settled by taking or typing a value; \(listingChoices)"
            }
            if case .stock = field {
                return
                    "stock cannot be taken from a store or typed here: the catalog counts units on hand per warehouse, the store shows what it may sell; keep canonical (c) or change stock with concord catalog import"
            }
            if let takeBlockedReason { return takeBlockedReason }
            if choice == .store, storeValue == nil {
                return "the store's value of \(sku) \(field.key) is unknown; re-run concord plan"
            }
            return nil
        }
    }

    /// The keys that do settle this kind of item, for refusals to point at.
    public var listingChoices: String {
        switch kind {
        case .ambiguousMatch: "choose its listing (m) or defer (d)"
        case .orphan: "ignore the listing (i), adopt it into the catalog (p) or defer (d)"
        case .missingListing: "mark it not sold in this store (i) or defer (d); Concord does not create listings"
        case .listingError: "keep the catalog and fix the listing in the store (c), acknowledge it for this SKU and rule (i) or defer (d)"
        case .conflict, .storeEdit, .firstSync: "keep canonical (c), take the store's (s), type a value (e) or defer (d)"
        }
    }

    func listingRefusal(of choice: ReviewDecision.Choice) -> String? {
        switch (choice, kind) {
        case (.match, .ambiguousMatch):
            if detail?.candidates.isEmpty ?? true { return "no listing is known for \(sku) in \(store); re-run concord plan" }
            return nil
        case (.ignore, .orphan), (.ignore, .missingListing), (.ignore, .listingError):
            return nil
        case (.adopt, .orphan):
            if let reason = detail?.adoptBlockedReason { return reason }
            if detail?.adoption == nil { return "what adopting \(sku) would write is not known; re-run concord plan" }
            return nil
        default:
            let name =
                switch choice {
                case .match: "choosing a listing (m) is for ambiguous matches"
                case .adopt: "adopting (p) is for orphan listings"
                default: "ignoring (i) is for orphans, missing listings and listing errors"
                }
            return "\(name), not \(kind) items; \(listingChoices)"
        }
    }
}

/// A remembered decision ("for shop-main, take the store's title"), applied to matching items
/// whenever a plan records the queue, the way `git rerere` replays a resolution.
public struct ReviewRule: Hashable, Sendable, Codable, Identifiable {
    public var id: Int64?
    public var store: StoreID
    /// The field kind (`title`, `price`, `stock`), as ``ReviewItem/fieldKind``.
    public var field: String
    public var kind: ReviewItem.Kind
    /// `canonical`, `store` or `deferred`; a typed value is never remembered.
    public var choice: ReviewDecision.Choice
    public var createdAt: Date

    public init(id: Int64? = nil, store: StoreID, field: String, kind: ReviewItem.Kind, choice: ReviewDecision.Choice, createdAt: Date) {
        self.id = id
        self.store = store
        self.field = field
        self.kind = kind
        self.choice = choice
        self.createdAt = createdAt
    }

    /// Whether the rule answers `item`.
    public func matches(_ item: ReviewItem) -> Bool {
        item.store == store && item.kind == kind && item.fieldKind == field
    }
}

/// What recording a store's queue did.
public struct ReviewQueueUpdate: Hashable, Sendable, Codable {
    /// Items seen for the first time.
    public var added: Int = 0
    /// Decided or deferred items opened again because a value moved (or a deferral ran out).
    public var reopened: Int = 0
    /// Decided items whose values had not moved, left decided.
    public var keptDecided: Int = 0
    /// Items no longer found (settled in the store or the catalog), taken out of the queue.
    public var removed: Int = 0
    /// Items left out because someone said not to ask again (an ignored orphan, a SKU not sold
    /// in the store, an acknowledged listing error).
    public var suppressed: Int = 0

    public init(added: Int = 0, reopened: Int = 0, keptDecided: Int = 0, removed: Int = 0, suppressed: Int = 0) {
        self.added = added
        self.reopened = reopened
        self.keptDecided = keptDecided
        self.removed = removed
        self.suppressed = suppressed
    }
}
