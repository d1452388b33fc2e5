import CatalogModel

/// What reconciling one store found.
public struct ReconcileResult: Sendable {
    public var store: StoreID
    /// Every difference, error and risk, in listing order then catalog order. In-sync fields are
    /// not findings.
    public var findings: [Finding]
    /// Links to store: listings matched by SKU or barcode that had no stored mapping, or whose
    /// mapping pointed elsewhere. Listings matched by their stored mapping are only counted.
    public var mappingUpdates: [ListingMatch]
    /// Base values to record for fields found in sync whose base was missing or different.
    public var baseUpdates: BaseUpdates
    public var counts: ReconcileCounts
    /// Whether the snapshot was the whole store (missing listings are judged only then).
    public var snapshotIsComplete: Bool
    /// How many listings the store had mapped before this run (for the half-empty fetch guard).
    public var previouslyMapped: Int

    public init(
        store: StoreID, findings: [Finding] = [], mappingUpdates: [ListingMatch] = [],
        baseUpdates: BaseUpdates = BaseUpdates(), counts: ReconcileCounts = ReconcileCounts(),
        snapshotIsComplete: Bool = true, previouslyMapped: Int = 0
    ) {
        self.store = store
        self.findings = findings
        self.mappingUpdates = mappingUpdates
        self.baseUpdates = baseUpdates
        self.counts = counts
        self.snapshotIsComplete = snapshotIsComplete
        self.previouslyMapped = previouslyMapped
    }
}

/// A listing matched to a catalog SKU.
public struct ListingMatch: Hashable, Sendable {
    public var sku: SKU
    public var ref: RemoteRef
    public var method: MatchMethod
    /// The ref the stored mapping had, when it pointed at another listing.
    public var previousRef: RemoteRef?

    public init(sku: SKU, ref: RemoteRef, method: MatchMethod, previousRef: RemoteRef? = nil) {
        self.sku = sku
        self.ref = ref
        self.method = method
        self.previousRef = previousRef
    }
}

/// How a listing was matched, strongest last.
public enum MatchMethod: String, Hashable, Sendable, Codable, Comparable {
    case barcode
    case sku
    case mapping

    /// The strength of the claim a listing matched this way makes (see ``ListingMatcher``).
    var strength: ListingMatcher.Strength {
        switch self {
        case .barcode: .barcode
        case .sku: .sku
        case .mapping: .mapping
        }
    }

    public static func < (lhs: MatchMethod, rhs: MatchMethod) -> Bool { lhs.strength < rhs.strength }
}

/// Tallies of one store's reconciliation, for run records and metrics.
public struct ReconcileCounts: Hashable, Sendable, Codable {
    public var listings = 0
    public var matchedByMapping = 0
    public var matchedBySKU = 0
    public var matchedByBarcode = 0
    public var unmatched = 0
    /// Catalog variants the store should carry but does not list (complete snapshots only).
    public var missing = 0
    /// (listing, field) pairs compared; stock counts one pair per store location.
    public var fieldsCompared = 0
    public var fieldsInSync = 0
    /// ``fieldsCompared`` per field kind, indexed by ``ManagedField/ordinal``, so audits can say
    /// how accurate each field is without a finding per in-sync field (read with
    /// ``fieldCounts(_:)``). Two small arrays keep the per-field cost at one increment.
    public internal(set) var comparedByField = [Int](repeating: 0, count: ManagedField.allCases.count)
    public internal(set) var inSyncByField = [Int](repeating: 0, count: ManagedField.allCases.count)
    public var pushes = 0
    public var pulls = 0
    public var reviews = 0
    public var info = 0
    public var warnings = 0
    public var errors = 0

    public init() {}

    public var matched: Int { matchedByMapping + matchedBySKU + matchedByBarcode }

    /// Adds another part's tallies to these (the chunks of one store's reconciliation).
    mutating func add(_ other: ReconcileCounts) {
        listings += other.listings
        matchedByMapping += other.matchedByMapping
        matchedBySKU += other.matchedBySKU
        matchedByBarcode += other.matchedByBarcode
        unmatched += other.unmatched
        missing += other.missing
        fieldsCompared += other.fieldsCompared
        fieldsInSync += other.fieldsInSync
        for field in comparedByField.indices {
            comparedByField[field] += other.comparedByField[field]
            inSyncByField[field] += other.inSyncByField[field]
        }
        pushes += other.pushes
        pulls += other.pulls
        reviews += other.reviews
        info += other.info
        warnings += other.warnings
        errors += other.errors
    }

    /// The pairs compared and found in sync for one field kind.
    public func fieldCounts(_ field: ManagedField) -> (compared: Int, inSync: Int) {
        (comparedByField[field.ordinal], inSyncByField[field.ordinal])
    }
}
