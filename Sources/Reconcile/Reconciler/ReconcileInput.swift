import CatalogModel

/// Everything the reconciler needs for one store; all of it plain data.
public struct ReconcileInput: Sendable {
    /// The catalog, indexed once per run and shared by every store.
    public var catalog: CatalogIndex
    /// What the store holds now.
    public var snapshot: StoreSnapshot
    /// The last value Concord synced or accepted, per SKU and field, for this store.
    public var bases: BaseTable
    /// The stored links from catalog SKUs to this store's listings.
    public var mappings: [SKU: RemoteRef]
    /// Units promised to open orders that this store's count does not already reflect, per SKU
    /// and catalog location code (order ingestion computes it; typically other channels' orders).
    /// Units not tied to a location (orders carry none) come under the key `"*"`; units of a kit
    /// SKU are expanded into its components before allocation.
    public var committed: [SKU: [String: Int]]
    public var policy: StorePolicy
    /// The catalog's kits, resolved once per run (default: none).
    public var kits: KitTable
    /// How far this store's own orders moved its stock count since the base of each stock field
    /// was recorded, per SKU and store location id (`"*"`: the order did not say where): units
    /// sold there less units it put back (see ``OrderLine/storeDebit(holdsStock:)``). A store
    /// showing its base less this number has not been edited (stock is reconciled by cause).
    public var storeDebits: [SKU: [String: Int]] = [:]

    public init(
        catalog: CatalogIndex, snapshot: StoreSnapshot, bases: BaseTable = BaseTable(),
        mappings: [SKU: RemoteRef] = [:], committed: [SKU: [String: Int]] = [:], policy: StorePolicy,
        kits: KitTable = KitTable()
    ) {
        self.kits = kits
        self.catalog = catalog
        self.snapshot = snapshot
        self.bases = bases
        self.mappings = mappings
        self.committed = committed
        self.policy = policy
    }

    /// The same, with bases in the dictionary form `CatalogStore.baseValues` returns (grouped
    /// here, which costs a pass over them; see ``BaseTable``).
    public init(
        catalog: CatalogIndex, snapshot: StoreSnapshot, bases: [BaseKey: FieldValue],
        mappings: [SKU: RemoteRef] = [:], committed: [SKU: [String: Int]] = [:], policy: StorePolicy,
        kits: KitTable = KitTable()
    ) {
        self.init(
            catalog: catalog, snapshot: snapshot, bases: BaseTable(bases), mappings: mappings, committed: committed,
            policy: policy, kits: kits)
    }
}
