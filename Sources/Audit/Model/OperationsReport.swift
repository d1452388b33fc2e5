import Foundation

/// Operations KPIs from the orders Concord ingested, for one period.
public struct OperationsReport: Hashable, Sendable, Codable {
    /// The period's start (inclusive), when one was given.
    public var since: Date?
    /// The period's end (exclusive), when one was given.
    public var until: Date?
    /// The shipment SLA the on-time rate is measured against.
    public var slaHours: Int
    /// Every store together.
    public var overall: OperationsKPIs
    /// Per store with orders in the period, most orders first.
    public var stores: [OperationsKPIs]
    /// Active catalog SKUs with nothing available at any location ÷ active catalog SKUs, now.
    public var stockOutRate: Ratio
    /// Up to 50 of the SKUs out of stock, sorted.
    public var stockOutSkus: [String]
    /// Sell-through needs receipts (units received), which Concord does not record.
    public var sellThrough: NotAvailable

    public init(
        since: Date?, until: Date?, slaHours: Int, overall: OperationsKPIs, stores: [OperationsKPIs], stockOutRate: Ratio,
        stockOutSkus: [String],
        sellThrough: NotAvailable = NotAvailable(
            reason: "Concord records no receipts (units received), so sell-through cannot be computed")
    ) {
        self.since = since
        self.until = until
        self.slaHours = slaHours
        self.overall = overall
        self.stores = stores
        self.stockOutRate = stockOutRate
        self.stockOutSkus = stockOutSkus
        self.sellThrough = sellThrough
    }
}

/// A KPI Concord cannot compute, and why.
public struct NotAvailable: Hashable, Sendable, Codable {
    public var available = false
    public var reason: String

    public init(reason: String) { self.reason = reason }
}

/// One store's (or every store's) order KPIs for the period.
public struct OperationsKPIs: Hashable, Sendable, Codable {
    /// The store, or `all`.
    public var store: String
    /// Orders created in the period, cancelled ones included.
    public var orders: Int
    /// Σ (quantity − cancelled quantity) over the lines of orders not cancelled.
    public var unitsSold: Int
    /// Cancelled orders ÷ orders.
    public var cancellationRate: Ratio
    /// Created → complete fulfilment, over orders completely shipped (a partly shipped order is
    /// counted once it is complete).
    public var fulfilmentCycleTime: CycleTime
    /// Created → first fulfilment (the first shipment), over orders with at least one shipment:
    /// how soon customers see something leave.
    public var firstShipmentTime: CycleTime = CycleTime(orders: 0, medianHours: nil, p90Hours: nil, distribution: [])
    /// Orders completely shipped within the SLA ÷ orders completely shipped.
    public var onTimeShipmentRate: Ratio
    /// Orders not cancelled, not completely shipped, and older than the SLA at the audit's time.
    public var openPastSla: Int
    /// Units refunded ÷ units sold.
    public var refundRate: Ratio
    /// SKUs with the most units refunded (up to 10), worst first.
    public var topRefundedSkus: [SKURefunds]

    public init(
        store: String, orders: Int, unitsSold: Int, cancellationRate: Ratio, fulfilmentCycleTime: CycleTime,
        onTimeShipmentRate: Ratio, openPastSla: Int, refundRate: Ratio, topRefundedSkus: [SKURefunds]
    ) {
        self.store = store
        self.orders = orders
        self.unitsSold = unitsSold
        self.cancellationRate = cancellationRate
        self.fulfilmentCycleTime = fulfilmentCycleTime
        self.onTimeShipmentRate = onTimeShipmentRate
        self.openPastSla = openPastSla
        self.refundRate = refundRate
        self.topRefundedSkus = topRefundedSkus
    }
}

/// Hours from an order's creation to its complete fulfilment, over the orders completely shipped.
public struct CycleTime: Hashable, Sendable, Codable {
    /// Orders measured (not cancelled, completely fulfilled).
    public var orders: Int
    /// The median (the mean of the two middle values for an even count); `nil` with no orders.
    public var medianHours: Double?
    /// The 90th percentile by the nearest-rank method; `nil` with no orders.
    public var p90Hours: Double?
    /// How many orders fall in each bucket of hours.
    public var distribution: [CycleTimeBucket]

    public init(orders: Int, medianHours: Double?, p90Hours: Double?, distribution: [CycleTimeBucket]) {
        self.orders = orders
        self.medianHours = medianHours
        self.p90Hours = p90Hours
        self.distribution = distribution
    }
}

public struct CycleTimeBucket: Hashable, Sendable, Codable {
    /// `0–12 h`, `120 h+`.
    public var label: String
    public var fromHours: Int
    /// Exclusive; `nil` for the last, open bucket.
    public var toHours: Int?
    public var orders: Int

    public init(label: String, fromHours: Int, toHours: Int?, orders: Int) {
        self.label = label
        self.fromHours = fromHours
        self.toHours = toHours
        self.orders = orders
    }
}

public struct SKURefunds: Hashable, Sendable, Codable {
    public var sku: String
    public var unitsSold: Int
    public var unitsRefunded: Int
    /// Units refunded ÷ units sold for this SKU.
    public var refundRate: Ratio

    public init(sku: String, unitsSold: Int, unitsRefunded: Int) {
        self.sku = sku
        self.unitsSold = unitsSold
        self.unitsRefunded = unitsRefunded
        self.refundRate = Ratio(unitsRefunded, of: unitsSold)
    }
}
