import CatalogModel

/// What Concord manages in one store and how it settles differences there.
///
/// Every field has a documented default, so `StorePolicy(store: "shop")` is a working policy:
/// all fields managed, stock and prices pushed from the catalog, descriptive edits reviewed, no
/// stock buffer, identity price rule, every active catalog variant expected in the store, every
/// rule at its default severity. Stock is not compared until ``locationMap`` names the store's
/// locations (Concord never guesses which warehouse a store location is).
public struct StorePolicy: Hashable, Sendable {
    public var store: StoreID
    /// The fields Concord compares and writes (default: all).
    public var managedFields: Set<ManagedField>
    /// Who wins when the store was edited outside Concord, per field; fields not named use
    /// ``ConflictPolicy/defaultForStoreEdit(_:)``.
    public var storeEditPolicy: [ManagedField: ConflictPolicy]
    /// Who wins on a first sync (no base), per field; fields not named use
    /// ``ConflictPolicy/defaultForFirstSync(_:)``.
    public var firstSyncPolicy: [ManagedField: ConflictPolicy]
    /// Units held back from this store for every SKU (default 0).
    public var stockBuffer: Int
    /// Per-SKU buffers that replace ``stockBuffer`` for those SKUs.
    public var skuStockBuffers: [SKU: Int]
    /// Store location id → catalog location code. The store sells from the mapped catalog
    /// locations; store locations not in the map are ignored (and reported once per store).
    public var locationMap: [String: String]
    /// Store location id → several catalog location codes whose stock it shows together, highest
    /// priority first (a WooCommerce store's one stock number fed by two warehouses). An entry
    /// here replaces the same id in ``locationMap``.
    public var locationFeeds: [String: [String]]
    /// How much of each SKU's sellable stock the store shows (default: all of it).
    public var allocation: AllocationPolicy
    /// How the store's prices follow the catalog's (default: the same price).
    public var priceRule: PriceRule
    /// Which catalog variants the store is expected to carry (default: every active one).
    public var assortment: Assortment
    /// Rules switched off or given another severity in this store; see ``FindingRule/all``.
    public var ruleSettings: [FindingCode: RuleSetting]

    public init(
        store: StoreID,
        managedFields: Set<ManagedField> = Set(ManagedField.allCases),
        storeEditPolicy: [ManagedField: ConflictPolicy] = [:],
        firstSyncPolicy: [ManagedField: ConflictPolicy] = [:],
        stockBuffer: Int = 0,
        skuStockBuffers: [SKU: Int] = [:],
        locationMap: [String: String] = [:],
        locationFeeds: [String: [String]] = [:],
        allocation: AllocationPolicy = AllocationPolicy(),
        priceRule: PriceRule = PriceRule(),
        assortment: Assortment = .allActive,
        ruleSettings: [FindingCode: RuleSetting] = [:]
    ) {
        self.store = store
        self.managedFields = managedFields
        self.storeEditPolicy = storeEditPolicy
        self.firstSyncPolicy = firstSyncPolicy
        self.stockBuffer = stockBuffer
        self.skuStockBuffers = skuStockBuffers
        self.locationMap = locationMap
        self.locationFeeds = locationFeeds
        self.allocation = allocation
        self.priceRule = priceRule
        self.assortment = assortment
        self.ruleSettings = ruleSettings
    }

    /// Every mapped store location with the catalog locations feeding it: ``locationMap`` and
    /// ``locationFeeds`` together.
    public var effectiveLocationFeeds: [String: [String]] {
        var feeds = locationMap.mapValues { [$0] }
        for (id, codes) in locationFeeds { feeds[id] = codes }
        return feeds
    }

    /// The policy for a store edit of this field, with the default filled in.
    public func storeEditPolicy(for field: ManagedField) -> ConflictPolicy {
        storeEditPolicy[field] ?? .defaultForStoreEdit(field)
    }

    /// The policy for a first sync of this field, with the default filled in.
    public func firstSyncPolicy(for field: ManagedField) -> ConflictPolicy {
        firstSyncPolicy[field] ?? .defaultForFirstSync(field)
    }

    /// The buffer for one SKU: its own, else the store's; never negative.
    public func stockBuffer(for sku: SKU) -> Int {
        max(0, skuStockBuffers[sku] ?? stockBuffer)
    }

    /// The severity a rule fires with in this store, or `nil` when it is switched off.
    public func severity(of rule: FindingRule) -> Severity? {
        guard rule.isConfigurable, let setting = ruleSettings[rule.code] else { return rule.defaultSeverity }
        switch setting {
        case .off: return nil
        case .severity(let severity): return severity
        }
    }
}

/// Which catalog variants a store should carry; a carried variant with no listing is reported
/// as `listing.missing`.
public enum Assortment: Hashable, Sendable {
    /// Every variant whose product and variant are both active (the default).
    case allActive
    /// Only these SKUs (when active).
    case only(Set<SKU>)
    /// Every active variant except these SKUs.
    case allActiveExcept(Set<SKU>)

    /// Whether the store should carry a SKU (only active ones are ever carried).
    public func carries(_ sku: SKU, isActive: Bool) -> Bool {
        guard isActive else { return false }
        switch self {
        case .allActive: return true
        case .only(let skus): return skus.contains(sku)
        case .allActiveExcept(let skus): return !skus.contains(sku)
        }
    }
}

/// A store's override of one rule.
public enum RuleSetting: Hashable, Sendable {
    /// The rule does not run in this store.
    case off
    /// The rule runs with this severity instead of its default.
    case severity(Severity)
}
