import CatalogModel

/// Works out what one store may sell of a variant, and how that splits over its locations.
///
/// `sellable = on hand at the catalog locations the store sells from − committed units the store
/// does not already reflect − the buffer`, floored at zero. The store's locations are those in
/// its location map; the total is then given to them in the order of their store ids, each
/// receiving at most what its own catalog location holds (net of its committed units), so the
/// buffer is taken from the last locations first and the per-location numbers always add up to
/// the total.
public struct StockAllocator: Hashable, Sendable {
    /// Mapped store location ids, sorted.
    public let storeLocations: [String]
    /// For each store location, the index of its catalog code in ``codes``.
    let codeIndex: [Int]
    /// The distinct catalog location codes the store sells from, in first-use order.
    public let codes: [String]

    public init(locationMap: [String: String]) {
        let sorted = locationMap.keys.sorted()
        var codes: [String] = []
        var codeIndex: [Int] = []
        for id in sorted {
            let code = locationMap[id]!
            if let existing = codes.firstIndex(of: code) {
                codeIndex.append(existing)
            } else {
                codeIndex.append(codes.count)
                codes.append(code)
            }
        }
        self.storeLocations = sorted
        self.codeIndex = codeIndex
        self.codes = codes
    }

    /// The index of a store location id in ``storeLocations``, or `nil` when it is not mapped.
    @inline(__always)
    func position(of storeLocation: String) -> Int? {
        for index in storeLocations.indices where storeLocations[index] == storeLocation { return index }
        return nil
    }

    /// The sellable total and each mapped store location's share.
    ///
    /// - Parameters:
    ///   - variant: the catalog variant.
    ///   - committed: units committed per catalog location code that the store does not reflect.
    ///   - buffer: units held back from this store.
    public func allocation(for variant: Variant, committed: [String: Int]?, buffer: Int) -> StockAllocation {
        var scratch: [Int] = []
        var quantities: [Int] = []
        let total = allocate(
            stock: variant.stock, committed: committed, buffer: buffer, net: &scratch, into: &quantities)
        var byLocation: [String: Int] = [:]
        for (index, id) in storeLocations.enumerated() { byLocation[id] = quantities[index] }
        return StockAllocation(total: total, byStoreLocation: byLocation)
    }

    /// The allocation on reusable buffers (the reconciler's hot path). Returns the total.
    func allocate(
        stock: [StockLevel], committed: [String: Int]?, buffer: Int, net: inout [Int], into quantities: inout [Int]
    ) -> Int {
        net.removeAll(keepingCapacity: true)
        var sum = 0
        for code in codes {
            var onHand = 0
            for level in stock where level.location == code { onHand += level.onHand }
            let held = committed?[code] ?? 0
            sum += onHand - held
            net.append(max(0, onHand - held))
        }
        let total = max(0, sum - max(0, buffer))
        var remaining = total
        quantities.removeAll(keepingCapacity: true)
        for index in storeLocations.indices {
            let code = codeIndex[index]
            let share = min(net[code], remaining)
            net[code] -= share
            remaining -= share
            quantities.append(share)
        }
        return total
    }
}

/// What a store may sell of one variant.
public struct StockAllocation: Hashable, Sendable {
    /// Sellable units in the store as a whole.
    public var total: Int
    /// The quantity for each mapped store location id; they add up to ``total``.
    public var byStoreLocation: [String: Int]
}
