/// One write Concord wants to make to one listing in one store, with what it expects to find there.
///
/// The ``expected`` value is the precondition: the value the store held when the plan was made.
/// Adapters write compare-and-set where the platform allows it, and otherwise re-read just before
/// writing; either way a listing whose value moved since the plan is reported as
/// ``ChangeOutcome/Status/stale`` and never overwritten.
public struct Change: Hashable, Sendable, Codable, Identifiable {
    /// Stable across a plan's life, so that a resumed apply can tell which changes it already sent.
    public var id: String
    public var store: StoreID
    public var sku: SKU
    public var ref: RemoteRef
    public var field: Field
    public var expected: FieldValue?
    public var new: FieldValue
    /// Why the new value is what it is, for a person: for stock, the rule chain that produced the
    /// quantity (`on hand 40 − committed 6 − buffer 2 = 32 → 60% = 19 → max 15 → 15`). Optional,
    /// so plan files written before it existed still decode.
    public var reason: String?

    public init(
        id: String, store: StoreID, sku: SKU, ref: RemoteRef, field: Field, expected: FieldValue?,
        new: FieldValue, reason: String? = nil
    ) {
        self.id = id
        self.store = store
        self.sku = sku
        self.ref = ref
        self.field = field
        self.expected = expected
        self.new = new
        self.reason = reason
    }

    /// The fields Concord manages in a store.
    public enum Field: Hashable, Sendable, Codable, CustomStringConvertible {
        /// Available stock at one *store* location id.
        case stock(location: String)
        case price
        case compareAtPrice
        case barcode
        case title
        case description
        case status
        case images
        case weight

        public var description: String {
            switch self {
            case .stock(let location): "stock@\(location)"
            case .price: "price"
            case .compareAtPrice: "compare_at_price"
            case .barcode: "barcode"
            case .title: "title"
            case .description: "description"
            case .status: "status"
            case .images: "images"
            case .weight: "weight"
            }
        }
    }
}

/// A value of one managed field.
public enum FieldValue: Hashable, Sendable, Codable, CustomStringConvertible {
    case quantity(Int)
    case money(Money)
    case text(String)
    case status(ListingStatus)
    case list([String])
    case weight(Weight)
    /// The field is empty in the store (no compare-at price, no barcode).
    case none

    public var description: String {
        switch self {
        case .quantity(let value): String(value)
        case .money(let money): money.description
        case .text(let text): text
        case .status(let status): status.rawValue
        case .list(let items): items.joined(separator: ", ")
        case .weight(let weight): weight.description
        case .none: "(none)"
        }
    }
}

/// What happened to one ``Change`` when an adapter applied it.
public struct ChangeOutcome: Hashable, Sendable, Codable {
    public enum Status: String, Hashable, Sendable, Codable {
        /// The store now holds the new value.
        case applied
        /// The store's value had moved since the plan; nothing was written.
        case stale
        /// The store refused the change (a validation error, a missing item).
        case rejected
        /// The request failed in a way that leaves the outcome unknown; re-read before retrying.
        case unknown
    }

    public var changeID: String
    public var status: Status
    /// The store's value after the attempt, when the platform reported it.
    public var observed: FieldValue?
    /// The platform's own words, with the field it named, for a person to read.
    public var message: String?
    /// The HTTP status of the call that refused or lost the change, when there was one: what
    /// code acts on (a 401 everywhere is a credential to fix, not a set of bad changes).
    public var httpStatus: Int?

    public init(changeID: String, status: Status, observed: FieldValue? = nil, message: String? = nil, httpStatus: Int? = nil) {
        self.changeID = changeID
        self.status = status
        self.observed = observed
        self.message = message
        self.httpStatus = httpStatus
    }
}

extension Change.Field {
    /// The stable text form used in files and the database (`price`, `stock@warehouse-1`).
    public var key: String { description }

    /// Reads the text form written by ``key``.
    public init?(key: String) {
        if key.hasPrefix("stock@") {
            let location = String(key.dropFirst("stock@".count))
            guard !location.isEmpty else { return nil }
            self = .stock(location: location)
            return
        }
        switch key {
        case "price": self = .price
        case "compare_at_price": self = .compareAtPrice
        case "barcode": self = .barcode
        case "title": self = .title
        case "description": self = .description
        case "status": self = .status
        case "images": self = .images
        case "weight": self = .weight
        default: return nil
        }
    }
}

extension Change.Field {
    /// Written out (and inlinable) rather than derived: reconciling a million listings compares
    /// fields tens of millions of times, and the derived comparison is an opaque call from
    /// other modules.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.stock(let left), .stock(let right)): left == right
        case (.price, .price), (.compareAtPrice, .compareAtPrice), (.barcode, .barcode), (.title, .title),
            (.description, .description), (.status, .status), (.images, .images), (.weight, .weight):
            true
        default: false
        }
    }
}
