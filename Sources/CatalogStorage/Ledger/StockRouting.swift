import CatalogModel

/// Where a store's shipped and returned units are booked in the ledger: the catalog location
/// each store location stands for, and where units go when the order does not say.
///
/// Built from `[stores.<id>.locations]` by the sync (the storage does not read configuration).
public struct StockRouting: Hashable, Sendable {
    /// Store location id → the one catalog location code it stands for.
    public var locations: [String: String]
    /// The catalog location a store's units come from when its order names no location (or one
    /// that maps to several): the store's highest-priority feeding location.
    public var fallback: String?

    public init(locations: [String: String] = [:], fallback: String? = nil) {
        self.locations = locations
        self.fallback = fallback
    }
}

/// A change of on hand a person or a policy decided, booked as a ledger adjustment.
public struct StockAdjustment: Hashable, Sendable {
    public var sku: SKU
    /// The catalog location code.
    public var location: String
    /// Units added (negative: removed).
    public var units: Int
    public var store: StoreID?
    public var note: String?
    /// The store's stock base recorded with it (the store location's field and the quantity the
    /// store showed), so that the adopted edit is not taken for an edit again.
    public var baseField: Change.Field?
    public var baseQuantity: Int?

    public init(
        sku: SKU, location: String, units: Int, store: StoreID? = nil, note: String? = nil, baseField: Change.Field? = nil,
        baseQuantity: Int? = nil
    ) {
        self.sku = sku
        self.location = location
        self.units = units
        self.store = store
        self.note = note
        self.baseField = baseField
        self.baseQuantity = baseQuantity
    }
}

/// One SKU's stock at one catalog location, as `concord catalog show` explains it.
public struct LocationStock: Hashable, Sendable, Codable {
    public var location: String
    public var onHand: Int
    /// Units on open order lines of every store that ship from here.
    public var committed: Int
    public var sellable: Int { max(0, onHand - committed) }

    public init(location: String, onHand: Int, committed: Int) {
        self.location = location
        self.onHand = onHand
        self.committed = committed
    }
}
