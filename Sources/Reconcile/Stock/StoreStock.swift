import CatalogModel

/// What one store shows of each catalog variant under its policy, outside a reconciliation: for
/// checks across stores (do the channels together oversell?) and for `concord catalog kit show`.
///
/// The same computation as the reconciler's (rules, kits, buffers, committed units), on buffers
/// reused from one variant to the next.
public struct StoreStock {
    public let policy: StorePolicy
    let rules: AllocationRules
    let kits: KitTable
    let catalog: CatalogIndex
    let committed: [SKU: [String: Int]]
    private var net: [Int] = []
    private var quantities: [Int] = []

    /// - Parameters:
    ///   - committed: units committed to open orders, per SKU and catalog location code (`"*"`
    ///     for units not tied to a location); kit SKUs are expanded into their components.
    public init(policy: StorePolicy, catalog: CatalogIndex, kits: KitTable = KitTable(), committed: [SKU: [String: Int]] = [:]) {
        self.policy = policy
        self.rules = AllocationRules(policy: policy)
        self.kits = kits
        self.catalog = catalog
        self.committed = kits.expand(committed, catalog: catalog)
    }

    /// Whether the store's stock is compared at all (stock managed, some location mapped).
    public var comparesStock: Bool {
        policy.managedFields.contains(.stock) && !rules.main.storeLocations.isEmpty
    }

    /// The allocation of one catalog entry in this store: the computation, the rule that applied
    /// and the catalog locations feeding it.
    public mutating func allocation(entry: Int) -> (computation: StockComputation, rule: AllocationRule, codes: [String]) {
        let sku = catalog.sku(at: entry)
        let product = catalog.product(at: entry)
        let (rule, index) = rules.resolve(sku: sku, productType: product.productType, tags: product.tags)
        let allocator = rules.allocators[index]
        let computation = Self.compute(
            allocator, entry: entry, sku: sku, catalog: catalog, kits: kits, committed: committed,
            buffer: policy.stockBuffer(for: sku), rule: rule, net: &net, quantities: &quantities)
        return (computation, rule, allocator.codes)
    }

    /// Whether the catalog lets an entry be sold beyond its stock (no oversell to warn about).
    public func allowsBackorder(entry: Int) -> Bool {
        catalog.withEntryPointers(entry) { _, variant in variant.pointee.allowsBackorder }
    }

    /// What can be sold of an entry from these catalog locations in all, before any store's
    /// buffer or rule (for a kit: the kits its components make there).
    public mutating func sellable(entry: Int, codes: [String]) -> Int {
        let allocator = StockAllocator(feeds: ["*": codes])
        return Self.compute(
            allocator, entry: entry, sku: catalog.sku(at: entry), catalog: catalog, kits: kits, committed: committed,
            buffer: 0, rule: AllocationRule(), net: &net, quantities: &quantities
        ).sellable
    }

    private static func compute(
        _ allocator: StockAllocator, entry: Int, sku: SKU, catalog: CatalogIndex, kits: KitTable,
        committed: [SKU: [String: Int]], buffer: Int, rule: AllocationRule, net: inout [Int], quantities: inout [Int]
    ) -> StockComputation {
        if let components = kits.components(of: entry) {
            return allocator.allocateKit(
                components, kits: kits, catalog: catalog, committed: committed, buffer: buffer, rule: rule,
                scratch: &net, into: &quantities)
        }
        return catalog.withEntryPointers(entry) { _, variant in
            allocator.allocate(
                stock: variant.pointee.stock, committed: committed.isEmpty ? nil : committed[sku], buffer: buffer,
                rule: rule, net: &net, into: &quantities)
        }
    }
}
