import CatalogModel

/// Works out what one store may show of a variant, and how that splits over its locations.
///
/// The quantity is computed in one documented order (see ``AllocationRule``):
///
/// 1. `sellable = on hand at the feeding catalog locations − units committed there − committed
///    units not tied to a location (key "*") − the buffer`, floored at zero;
/// 2. the minimum threshold, then a fixed quantity or a share (rounded down), then the maximum.
///
/// A store location may be fed by several catalog locations (their stock adds up: a WooCommerce
/// store has one stock number per product while the catalog counts several warehouses). The
/// quantity is given to the store's locations in priority order, each receiving at most what its
/// own catalog locations hold (net of their committed units), so everything the rules hold back
/// comes off the lowest-priority locations and the per-location numbers add up to the total.
///
/// The allocator is built once per store and rule location set; ``allocate(stock:committed:buffer:rule:net:into:)``
/// works on buffers the caller reuses, so the reconciler allocates nothing per variant.
public struct StockAllocator: Hashable, Sendable {
    /// Store location ids that some catalog location feeds, in the order quantities are given.
    public let storeLocations: [String]
    /// The distinct catalog location codes feeding the store, highest priority first.
    public let codes: [String]
    /// For each store location, the indexes in ``codes`` of the catalog locations feeding it,
    /// highest priority first.
    let feeds: [[Int]]
    /// The same, flat (the hot path reads it without retaining an inner array per location):
    /// store location `i` is fed by `feedCodes[feedStart[i] ..< feedStart[i + 1]]`.
    let feedStart: [Int]
    let feedCodes: [Int]

    /// One catalog location per store location (the common case, and the matched-by-name default).
    public init(locationMap: [String: String]) {
        self.init(feeds: locationMap.mapValues { [$0] })
    }

    /// - Parameters:
    ///   - feeds: store location id → the catalog location codes whose stock it shows, in priority
    ///     order (their stock adds up).
    ///   - priority: the catalog locations that may feed the store at all, highest priority first
    ///     (an allocation rule's `locations`); `nil` uses every code `feeds` names, in the order of
    ///     the store location ids.
    public init(feeds: [String: [String]], priority: [String]? = nil) {
        let ids = feeds.keys.sorted()
        var codes: [String] = []
        if let priority {
            let used = Set(feeds.values.joined())
            for code in priority where used.contains(code) && !codes.contains(code) { codes.append(code) }
        } else {
            for id in ids {
                for code in feeds[id]! where !codes.contains(code) { codes.append(code) }
            }
        }
        var entries: [(id: String, feed: [Int])] = []
        for id in ids {
            var feed: [Int] = []
            for code in feeds[id]! {
                if let index = codes.firstIndex(of: code), !feed.contains(index) { feed.append(index) }
            }
            entries.append((id, feed.sorted()))
        }
        // Store locations fed by nothing (their catalog locations are excluded) keep a place, last,
        // so that the store is told to show 0 there.
        entries.sort { lhs, rhs in
            let left = lhs.feed.first ?? Int.max
            let right = rhs.feed.first ?? Int.max
            return left != right ? left < right : lhs.id < rhs.id
        }
        self.storeLocations = entries.map(\.id)
        self.feeds = entries.map(\.feed)
        var start = [0]
        for entry in entries { start.append(start[start.count - 1] + entry.feed.count) }
        self.feedStart = start
        self.feedCodes = entries.flatMap(\.feed)
        self.codes = codes
    }

    /// The index of a store location id in ``storeLocations``, or `nil` when it is not mapped.
    @inline(__always)
    func position(of storeLocation: String) -> Int? {
        for index in storeLocations.indices where storeLocations[index] == storeLocation { return index }
        return nil
    }

    /// The key under which ``ReconcileInput/committed`` holds units not tied to a location
    /// (orders carry no location): they come off the total, from the lowest-priority locations.
    public static let anyLocation = "*"

    /// The quantity and each mapped store location's share (a convenience over the hot path).
    ///
    /// - Parameters:
    ///   - variant: the catalog variant.
    ///   - committed: units committed per catalog location code (and `"*"`) that the store does
    ///     not reflect.
    ///   - buffer: units held back from this store.
    ///   - rule: the allocation rule for this variant in this store.
    public func allocation(
        for variant: Variant, committed: [String: Int]?, buffer: Int, rule: AllocationRule = AllocationRule()
    ) -> StockAllocation {
        var scratch: [Int] = []
        var quantities: [Int] = []
        let computation = allocate(
            stock: variant.stock, committed: committed, buffer: buffer, rule: rule, net: &scratch, into: &quantities)
        var byLocation: [String: Int] = [:]
        for (index, id) in storeLocations.enumerated() { byLocation[id] = quantities[index] }
        return StockAllocation(total: computation.shown, byStoreLocation: byLocation, computation: computation)
    }

    /// The allocation on reusable buffers (the reconciler's hot path).
    func allocate(
        stock: [StockLevel], committed: [String: Int]?, buffer: Int, rule: AllocationRule, net: inout [Int],
        into quantities: inout [Int]
    ) -> StockComputation {
        net.removeAll(keepingCapacity: true)
        for _ in codes { net.append(0) }
        let view = fill(&net, offset: 0, stock: stock, committed: committed)
        var computation = StockComputation(onHand: view.onHand, committed: view.held, buffer: max(0, buffer))
        computation.sellable = max(0, view.gross - computation.buffer)
        computation.apply(rule)
        var remaining = computation.shown
        quantities.removeAll(keepingCapacity: true)
        for slot in 0..<(feedStart.count - 1) {
            var given = 0
            for position in feedStart[slot]..<feedStart[slot + 1] where remaining > 0 {
                let code = feedCodes[position]
                let share = min(max(0, net[code]), remaining)
                net[code] -= share
                remaining -= share
                given += share
            }
            quantities.append(given)
        }
        return computation
    }

    /// Writes one plain variant's stock net of committed units per code into `net[offset...]`.
    ///
    /// - Returns: the gross sellable (the sum, less units committed anywhere), the units on hand
    ///   and the units held (at the locations and anywhere).
    @inline(__always)
    func fill(
        _ net: inout [Int], offset: Int, stock: [StockLevel], committed: [String: Int]?
    ) -> (gross: Int, onHand: Int, held: Int) {
        var gross = 0
        var onHandSum = 0
        var heldSum = 0
        for (index, code) in codes.enumerated() {
            var onHand = 0
            for level in stock where level.location == code { onHand += level.onHand }
            let held = committed?[code] ?? 0
            onHandSum += onHand
            heldSum += held
            gross += onHand - held
            net[offset + index] = onHand - held
        }
        if let anywhere = committed?[Self.anyLocation], anywhere > 0 {
            heldSum += anywhere
            gross -= anywhere
        }
        return (gross, onHandSum, heldSum)
    }
}

/// What a store may show of one variant.
public struct StockAllocation: Hashable, Sendable {
    /// Units the store shows in all; the sum of ``byStoreLocation``.
    public var total: Int
    /// The quantity for each mapped store location id.
    public var byStoreLocation: [String: Int]
    /// How the total was reached, step by step.
    public var computation: StockComputation
}
