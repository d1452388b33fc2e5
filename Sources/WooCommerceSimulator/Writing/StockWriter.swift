import SimulatorCore

/// Writes WooCommerce's single stock number onto a variant that keeps stock per location.
///
/// `stock_quantity` reads as the sum of `available` over all locations. A write of N changes the
/// **first** location (the store's first, in id order) by the difference, so the sum becomes N and
/// the other locations keep their counts; only when the first would go below zero are the others
/// drawn down, in order, before the first goes negative (WooCommerce allows negative stock when
/// backorders are on).
enum StockWriter {
    static func set(total: Int, on variant: inout SimVariant, locations: [SimLocation]) {
        guard let first = locations.first?.id ?? variant.available.keys.min() else { return }
        var delta = total - variant.totalAvailable
        if delta >= 0 {
            variant.available[first, default: 0] += delta
            return
        }
        let firstHas = max(0, variant.available[first] ?? 0)
        let fromFirst = min(firstHas, -delta)
        variant.available[first, default: 0] -= fromFirst
        delta += fromFirst
        for location in locations.dropFirst() where delta < 0 {
            let has = max(0, variant.available[location.id] ?? 0)
            let take = min(has, -delta)
            if take > 0 { variant.available[location.id] = has - take }
            delta += take
        }
        if delta < 0 { variant.available[first, default: 0] += delta }
    }

    /// Units leave (positive) or return (negative) through an order at `location`.
    static func move(_ quantity: Int, committing: Bool, on variant: inout SimVariant, at location: Int64) {
        variant.available[location, default: 0] -= quantity
        if committing { variant.committed[location] = max(0, (variant.committed[location] ?? 0) + quantity) }
    }
}
