import CatalogModel

extension StockAllocator {
    /// What a store may show of a kit: the fewest whole kits its components make.
    ///
    /// For each component: its stock at the feeding locations, less its own committed units (the
    /// committed table has kits already expanded into components, so orders for this kit, for
    /// other kits sharing a component and for the component alone all count), divided by the
    /// quantity per kit and rounded down; the kit's sellable is the smallest of these, less the
    /// kit's buffer, and then the kit's allocation rule applies as for any SKU. A component that is
    /// itself a kit contributes the kits its own components make (one level of nesting; deeper
    /// kits count as plain SKUs). A component missing from the catalog makes the kit unsellable.
    ///
    /// Each store location gets at most the kits its own catalog locations can make.
    func allocateKit(
        _ components: [KitTable.Component], kits: KitTable, catalog: CatalogIndex, committed: [SKU: [String: Int]],
        buffer: Int, rule: AllocationRule, scratch: inout [Int], into quantities: inout [Int]
    ) -> StockComputation {
        let width = codes.count
        let rows = components.count
        scratch.removeAll(keepingCapacity: true)
        for _ in 0..<(rows * width) { scratch.append(0) }
        var kitGross = rows == 0 ? 0 : Int.max
        var steps: [String] = []
        for (row, component) in components.enumerated() {
            let gross = componentRow(
                component, offset: row * width, kits: kits, catalog: catalog, committed: committed, scratch: &scratch, depth: 0)
            let kitsMade = max(0, gross) / component.quantity
            kitGross = min(kitGross, kitsMade)
            steps.append(
                component.entry < 0
                    ? "\(component.sku) not in the catalog = 0"
                    : "\(component.sku) \(max(0, gross)) ÷ \(component.quantity) = \(kitsMade)")
        }
        var computation = StockComputation(onHand: kitGross, committed: 0, buffer: max(0, buffer))
        computation.kitSteps = "kit: min(\(steps.joined(separator: ", "))) = \(kitGross)"
        computation.sellable = max(0, kitGross - computation.buffer)
        computation.apply(rule)

        var remaining = computation.shown
        quantities.removeAll(keepingCapacity: true)
        for feed in feeds {
            var capacity = rows == 0 || feed.isEmpty ? 0 : Int.max
            for (row, component) in components.enumerated() {
                var units = 0
                for code in feed { units += max(0, scratch[row * width + code]) }
                capacity = min(capacity, units / component.quantity)
            }
            let given = min(capacity, remaining)
            remaining -= given
            quantities.append(given)
        }
        // Components spread over locations that feed different store locations can make fewer
        // kits per location than in all: show what the locations can actually ship.
        computation.shown -= remaining
        return computation
    }

    /// Fills `scratch[offset ..< offset + codes.count]` with a component's units per catalog location (net of its
    /// committed units) and returns its gross sellable units.
    private func componentRow(
        _ component: KitTable.Component, offset: Int, kits: KitTable, catalog: CatalogIndex,
        committed: [SKU: [String: Int]], scratch: inout [Int], depth: Int
    ) -> Int {
        let width = codes.count
        guard component.entry >= 0 else { return 0 }
        let entry = Int(component.entry)
        if depth == 0, let inner = kits.components(of: entry) {
            // A nested kit: its units per location are the kits its components make there.
            let base = scratch.count
            for _ in 0..<(inner.count * width) { scratch.append(0) }
            var gross = inner.isEmpty ? 0 : Int.max
            for (index, part) in inner.enumerated() {
                let partGross = componentRow(
                    part, offset: base + index * width, kits: kits, catalog: catalog, committed: committed, scratch: &scratch,
                    depth: 1)
                gross = min(gross, max(0, partGross) / part.quantity)
            }
            for code in 0..<width {
                var made = inner.isEmpty ? 0 : Int.max
                for (index, part) in inner.enumerated() {
                    made = min(made, max(0, scratch[base + index * width + code]) / part.quantity)
                }
                scratch[offset + code] = made
            }
            scratch.removeSubrange(base...)
            return gross
        }
        let held = committed.isEmpty ? nil : committed[component.sku]
        return catalog.withEntryPointers(entry) { _, variant in
            fill(&scratch, offset: offset, stock: variant.pointee.stock, committed: held).gross
        }
    }
}
