import CatalogModel
import Foundation

/// Sell-through for a period: units sold ÷ units received, the standard retail definition, from
/// the receipts recorded with `concord catalog receive` and the ingested orders.
///
/// A pure function of its input, like ``OperationsCalculator``.
public enum SellThroughCalculator {
    /// - Parameters:
    ///   - receipts: Receipts; only those that arrived in `options.period` count.
    ///   - orders: Orders already limited to the period (cancelled ones are left out here).
    /// - Returns: ``SellThrough/noReceipts`` when nothing arrived in the period.
    public static func measure(receipts: [StockReceipt], orders: [Order], options: AuditOptions) -> SellThrough {
        let inPeriod = receipts.filter { options.period.contains($0.receivedAt) }
        guard !inPeriod.isEmpty else { return .noReceipts }
        var received: [String: Int] = [:]
        for receipt in inPeriod { received[receipt.sku.rawValue, default: 0] += receipt.quantity }
        // Units sold as the KPIs count them: quantity less cancelled, on orders not cancelled.
        var sold: [String: Int] = [:]
        var soldByStore: [String: Int] = [:]
        for order in orders where !order.isCancelled {
            soldByStore[order.store.rawValue, default: 0] += 0
            for line in order.lines {
                guard let sku = line.sku?.rawValue, received[sku] != nil else { continue }
                let units = max(0, line.quantity - line.cancelledQuantity)
                sold[sku, default: 0] += units
                soldByStore[order.store.rawValue, default: 0] += units
            }
        }
        let unitsReceived = received.values.reduce(0, +)
        let unitsSold = sold.values.reduce(0, +)
        let perSKU = received.map { SKUSellThrough(sku: $0.key, unitsReceived: $0.value, unitsSold: sold[$0.key] ?? 0) }
        // Compared exactly (a·d against c·b), not through rounded percentages.
        func faster(_ lhs: SKUSellThrough, _ rhs: SKUSellThrough) -> Bool {
            let left = lhs.unitsSold * rhs.unitsReceived
            let right = rhs.unitsSold * lhs.unitsReceived
            if left != right { return left > right }
            if lhs.unitsReceived != rhs.unitsReceived { return lhs.unitsReceived > rhs.unitsReceived }
            return lhs.sku < rhs.sku
        }
        let ranked = perSKU.sorted(by: faster)
        let top = Array(ranked.prefix(10))
        let bottom = Array(ranked.dropFirst(top.count).reversed().prefix(10))
        let stores = soldByStore.map { StoreSellThrough(store: $0.key, unitsSold: $0.value, rate: Ratio($0.value, of: unitsReceived)) }
            .sorted { ($0.unitsSold, $1.store) > ($1.unitsSold, $0.store) }
        return SellThrough(
            available: true, receiptLines: inPeriod.count, skus: received.count, unitsReceived: unitsReceived, unitsSold: unitsSold,
            rate: Ratio(unitsSold, of: unitsReceived), stores: stores, top: top, bottom: bottom)
    }
}
