import CatalogModel

/// Compares a matched listing's stock, location by location, with what the catalog lets the
/// store sell there.
///
/// Stock is the one field that is computed, not copied: the catalog counts units on hand per
/// warehouse, a store shows what it may sell per store location, after open orders, the buffer
/// and the store's allocation rules (share, minimum, maximum, kits). So each listing's stock is
/// first allocated (``StockAllocator``), and each location's quantity then settled by the
/// ``FieldComparator``: by cause where the store's own orders since the last sync are known,
/// since sales are not edits. What only stock has is checked here too: a listing the store does
/// not count, a store location no catalog location feeds, a store showing more than can be sold,
/// an untracked item marked out of stock while the catalog has units.
struct StockComparison: Sendable {
    /// How one location's quantity was computed, for the finding's note: the reader sees why the
    /// store should show what it is told to.
    struct Reason {
        var computation: StockComputation
        /// The store location, named only when the store has several.
        var location: String?

        func note(gets quantity: some CustomStringConvertible) -> String {
            location.map { "\(computation); location \($0) gets \(quantity)" } ?? computation.description
        }
    }

    let isManaged: Bool
    let levels: RuleLevels
    let policy: StorePolicy
    let allocation: AllocationRules
    /// The store's default allocator; its locations are the store locations that are mapped.
    let allocator: StockAllocator
    let kits: KitTable
    let catalog: CatalogIndex
    /// Open orders' units per SKU and location, kits expanded into their components.
    let committed: [SKU: [String: Int]]
    /// See ``ReconcileInput/storeDebits``.
    let storeDebits: [SKU: [String: Int]]
    /// Reused by every allocation, so that a listing's stock costs no allocation.
    var netScratch: [Int] = []
    var quantityScratch: [Int] = []
    /// Store locations met that no catalog location feeds, in the order they were met.
    var unmappedLocations: [String] = []

    init(_ input: ReconcileInput, levels: RuleLevels) {
        isManaged = input.policy.managedFields.contains(.stock)
        self.levels = levels
        policy = input.policy
        allocation = AllocationRules(policy: input.policy)
        allocator = allocation.main
        kits = input.kits
        catalog = input.catalog
        committed = input.kits.expand(input.committed, catalog: input.catalog)
        storeDebits = input.storeDebits
    }

    /// Settles the stock of every location of a matched listing; an in-sync location whose base
    /// is to be recorded sets its bit in `mask`.
    mutating func compare(
        _ match: borrowing MatchedListing, fields: FieldComparator, mask: inout UInt32, into output: inout ReconcileOutput
    ) {
        let listing = match.listing
        let sku = match.sku
        if isManaged, !listing.pointee.tracksStock {
            output.emit(levels.stockNotTracked, .stockNotTracked, sku: sku, ref: listing.pointee.ref)
            return
        }
        guard isManaged, !allocator.storeLocations.isEmpty else {
            if isManaged { for level in listing.pointee.stock { noteUnmapped(level.location) } }
            return
        }
        let buffer = policy.skuStockBuffers.isEmpty ? max(0, policy.stockBuffer) : policy.stockBuffer(for: sku)
        let (rule, allocatorIndex) = allocation.resolve(
            sku: sku, productType: match.product.pointee.productType, tags: match.product.pointee.tags)
        let stock = allocation.allocators[allocatorIndex]
        let computation: StockComputation
        if let components = kits.components(of: match.entry) {
            let missing = kits.missingComponents(of: match.entry)
            if !missing.isEmpty {
                output.emit(levels.kitMissingComponent, .kitMissingComponent, sku: sku, ref: listing.pointee.ref, related: missing)
            }
            computation = stock.allocateKit(
                components, kits: kits, catalog: catalog, committed: committed, buffer: buffer, rule: rule,
                scratch: &netScratch, into: &quantityScratch)
        } else {
            computation = stock.allocate(
                stock: match.variant.pointee.stock, committed: committed.isEmpty ? nil : committed[sku], buffer: buffer,
                rule: rule, net: &netScratch, into: &quantityScratch)
        }
        let total = computation.sellable
        let several = stock.storeLocations.count > 1
        var seen: UInt64 = 0
        var storeTotal = 0
        let debits = storeDebits.isEmpty ? nil : storeDebits[sku]
        // Units the store's own orders moved without saying where go to its first mapped location.
        var unplaced = debits?[StockAllocator.anyLocation] ?? 0
        for (position, level) in listing.pointee.stock.enumerated() {
            guard let slot = stock.position(of: level.location) else {
                noteUnmapped(level.location)
                continue
            }
            if slot < 64 { seen |= 1 << UInt64(slot) }
            storeTotal += max(0, level.available)
            let quantity = quantityScratch[slot]
            let bit: UInt32 =
                position < BaseUpdates.maxStockBits ? 1 << UInt32(BaseUpdates.stockBitOffset + position) : 0
            let debit = (debits?[level.location] ?? 0) + unplaced
            unplaced = 0
            fields.settleStock(
                .stock(location: level.location), canonical: quantity, store: .quantity(level.available), of: match,
                bit: bit, mask: &mask, debit: debit,
                reason: Reason(computation: computation, location: several ? level.location : nil), into: &output)
        }
        // A mapped location the listing is not stocked at: nothing to do while nothing can be sold
        // there; otherwise push with `.none` as the precondition (the adapter stocks it first).
        for slot in stock.storeLocations.indices where slot >= 64 || seen & (1 << UInt64(slot)) == 0 {
            let quantity = quantityScratch[slot]
            guard quantity > 0 else { continue }
            fields.settleStock(
                .stock(location: stock.storeLocations[slot]), canonical: quantity, store: .none, of: match, bit: 0,
                mask: &mask, recordsBase: false,
                reason: Reason(computation: computation, location: several ? stock.storeLocations[slot] : nil), into: &output)
        }
        if storeTotal > total, !match.variant.pointee.allowsBackorder {
            output.emit(
                levels.oversellRisk, .oversellRisk, sku: sku, ref: listing.pointee.ref, canonical: .quantity(total),
                storeValue: .quantity(storeTotal), units: storeTotal - total)
        }
    }

    /// An item the store does not count, marked out of stock there while the catalog, which
    /// sells it, has units (or takes backorders): shoppers are turned away for nothing.
    mutating func checkAvailability(_ match: borrowing MatchedListing, into output: inout ReconcileOutput) {
        let listing = match.listing
        let variant = match.variant
        guard let level = levels.untrackedOutOfStock, !listing.pointee.tracksStock, listing.pointee.availability == .outOfStock,
            Reconciler.canonicalStatus(product: match.product.pointee.status, variant: variant.pointee.status) == .active
        else { return }
        let sku = match.sku
        let sellable: Int
        if allocator.storeLocations.isEmpty {
            sellable = variant.pointee.stock.reduce(0) { $0 + max(0, $1.available) }
        } else {
            let buffer = policy.skuStockBuffers.isEmpty ? max(0, policy.stockBuffer) : policy.stockBuffer(for: sku)
            // What the store could sell before any share or maximum: the rules do not matter here.
            sellable =
                allocator.allocate(
                    stock: variant.pointee.stock, committed: committed.isEmpty ? nil : committed[sku], buffer: buffer,
                    rule: AllocationRule(), net: &netScratch, into: &quantityScratch
                ).sellable
        }
        guard sellable > 0 || variant.pointee.allowsBackorder else { return }
        output.emit(
            level, .untrackedOutOfStock, sku: sku, ref: listing.pointee.ref, canonical: .quantity(sellable),
            storeValue: .text(StockAvailability.outOfStock.rawValue), units: sellable)
    }

    mutating func noteUnmapped(_ location: String) {
        if !unmappedLocations.contains(location) { unmappedLocations.append(location) }
    }

    /// Joins the locations the chunk that follows this one met unmapped.
    mutating func absorb(_ next: StockComparison) {
        for location in next.unmappedLocations { noteUnmapped(location) }
    }

    /// The store locations no catalog location feeds, once per store: their stock is not synced.
    mutating func reportUnmappedLocations(of snapshot: StoreSnapshot, into output: inout ReconcileOutput) {
        guard isManaged else { return }
        let feeds = policy.effectiveLocationFeeds
        for location in snapshot.locations where feeds[location.code] == nil {
            noteUnmapped(location.code)
        }
        guard !unmappedLocations.isEmpty else { return }
        let ids = unmappedLocations.sorted()
        // No location mapped at all: the store's stock is not synced, which is never "in sync".
        if allocator.storeLocations.isEmpty {
            output.emit(.warning, .noLocationMapped, units: ids.count, note: "store locations \(ids.joined(separator: ", "))")
            return
        }
        output.emit(levels.unmappedLocation, .unmappedLocation, units: ids.count, note: ids.joined(separator: ", "))
    }
}
