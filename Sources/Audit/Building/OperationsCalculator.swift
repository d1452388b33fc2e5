import CatalogModel
import Foundation
import Reconcile

/// The operations KPIs (see the README's formulas), from ingested orders and the catalog.
///
/// A pure function of its input. Every rate is a ``Ratio`` with its counts, and a period without
/// orders gives ratios with nothing to divide by ("no data"), never NaN.
public enum OperationsCalculator {
    /// The cycle-time buckets, in hours: a day split in two, then days.
    static let bucketBounds: [(Int, Int?)] = [(0, 12), (12, 24), (24, 48), (48, 72), (72, 120), (120, nil)]

    /// How many SKUs a stock-out list names.
    static let stockOutListLimit = 50

    /// - Parameters:
    ///   - listedStock: Each audited store's own stock as read, for its stock-out rate.
    ///   - receipts: Goods received; those in the period give sell-through.
    public static func report(
        orders: [Order], catalog: [Product], listedStock: [(store: StoreID, stock: ListedStock)] = [], receipts: [StockReceipt] = [],
        options: AuditOptions
    ) -> OperationsReport {
        let inPeriod = orders.filter { options.period.contains($0.createdAt) }
        let byStore = Dictionary(grouping: inPeriod, by: \.store)
        let stores = byStore.keys.sorted().map { kpis(store: $0.rawValue, orders: byStore[$0]!, options: options) }
            .sorted { ($0.orders, $1.store) > ($1.orders, $0.store) }
        let (stockOut, skus) = stockOut(catalog)
        let byStoreStockOut = listedStock.map {
            StoreStockOut(
                store: $0.store.rawValue, stockOutRate: Ratio($0.stock.outOfStockSKUs.count, of: $0.stock.activeSKUs),
                stockOutSkus: Array($0.stock.outOfStockSKUs.prefix(stockOutListLimit)))
        }
        .sorted { ($0.stockOutRate.percent ?? -1, $1.store) > ($1.stockOutRate.percent ?? -1, $0.store) }
        return OperationsReport(
            since: options.period.since, until: options.period.until, slaHours: options.slaHours,
            overall: kpis(store: "all", orders: inPeriod, options: options), stores: stores, stockOutRate: stockOut,
            stockOutSkus: Array(skus.prefix(stockOutListLimit)), stockOutByStore: byStoreStockOut,
            sellThrough: SellThroughCalculator.measure(receipts: receipts, orders: inPeriod, options: options))
    }

    /// The KPIs of one set of orders (already limited to the period).
    public static func kpis(store: String, orders: [Order], options: AuditOptions) -> OperationsKPIs {
        let live = orders.filter { !$0.isCancelled }
        var unitsSold = 0
        var unitsRefunded = 0
        var perSKU: [String: (sold: Int, refunded: Int)] = [:]
        for order in live {
            for line in order.lines {
                let sold = max(0, line.quantity - line.cancelledQuantity)
                let refunded = min(sold, max(0, line.refundedQuantity))
                unitsSold += sold
                unitsRefunded += refunded
                if let sku = line.sku {
                    perSKU[sku.rawValue, default: (0, 0)].sold += sold
                    perSKU[sku.rawValue, default: (0, 0)].refunded += refunded
                }
            }
        }
        // A partly shipped order is measured once, when its last unit ships (fulfilledAt).
        var hours: [Double] = []
        var firstShipment: [Double] = []
        var onTime = 0
        var openPastSLA = 0
        let sla = Double(options.slaHours) * 3_600
        for order in live {
            if let first = order.firstFulfilledAt ?? order.fulfilledAt {
                firstShipment.append(max(0, first.timeIntervalSince(order.createdAt)) / 3_600)
            }
            if let fulfilledAt = order.fulfilledAt {
                let seconds = max(0, fulfilledAt.timeIntervalSince(order.createdAt))
                hours.append(seconds / 3_600)
                if seconds <= sla { onTime += 1 }
            } else if order.fulfillmentStatus != .fulfilled, order.fulfillmentStatus != .restocked,
                order.lines.contains(where: { $0.openQuantity > 0 }),
                options.now.timeIntervalSince(order.createdAt) > sla
            {
                openPastSLA += 1
            }
        }
        let top = perSKU.filter { $0.value.refunded > 0 }
            .map { SKURefunds(sku: $0.key, unitsSold: $0.value.sold, unitsRefunded: $0.value.refunded) }
            .sorted { ($0.unitsRefunded, $0.refundRate.percent ?? 0, $1.sku) > ($1.unitsRefunded, $1.refundRate.percent ?? 0, $0.sku) }
        var kpis = OperationsKPIs(
            store: store, orders: orders.count, unitsSold: unitsSold,
            cancellationRate: Ratio(orders.count - live.count, of: orders.count),
            fulfilmentCycleTime: cycleTime(hours), onTimeShipmentRate: Ratio(onTime, of: hours.count),
            openPastSla: openPastSLA, refundRate: Ratio(unitsRefunded, of: unitsSold),
            topRefundedSkus: Array(top.prefix(options.topOffenders)))
        kpis.firstShipmentTime = cycleTime(firstShipment)
        return kpis
    }

    static func cycleTime(_ hours: [Double]) -> CycleTime {
        let sorted = hours.sorted()
        let distribution = bucketBounds.map { bounds in
            let lower = Double(bounds.0)
            let upper = bounds.1.map(Double.init) ?? .infinity
            let count = sorted.filter { $0 >= lower && $0 < upper }.count
            let label = bounds.1.map { "\(bounds.0)–\($0) h" } ?? "\(bounds.0) h+"
            return CycleTimeBucket(label: label, fromHours: bounds.0, toHours: bounds.1, orders: count)
        }
        return CycleTime(orders: sorted.count, medianHours: median(sorted), p90Hours: nearestRank(sorted, 0.9), distribution: distribution)
    }

    /// The middle value of sorted values, or the mean of the two middle ones; `nil` when empty.
    static func median(_ sorted: [Double]) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let middle = sorted.count / 2
        let value = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return rounded(value)
    }

    /// The percentile by the nearest-rank method: the ⌈p·n⌉-th smallest value.
    static func nearestRank(_ sorted: [Double], _ fraction: Double) -> Double? {
        guard !sorted.isEmpty else { return nil }
        let rank = max(1, Int((fraction * Double(sorted.count)).rounded(.up)))
        return rounded(sorted[min(rank, sorted.count) - 1])
    }

    static func rounded(_ hours: Double) -> Double { (hours * 100).rounded() / 100 }

    /// Active catalog SKUs with nothing available anywhere ÷ active catalog SKUs.
    static func stockOut(_ catalog: [Product]) -> (Ratio, [String]) {
        var active = 0
        var out: [String] = []
        for product in catalog {
            for variant in product.variants
            where Reconciler.canonicalStatus(product: product.status, variant: variant.status) == .active {
                active += 1
                if variant.stock.reduce(0, { $0 + max(0, $1.available) }) == 0 { out.append(variant.sku.rawValue) }
            }
        }
        return (Ratio(out.count, of: active), out.sorted())
    }
}
