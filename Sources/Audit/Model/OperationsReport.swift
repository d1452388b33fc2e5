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
    /// Active catalog SKUs with nothing available at any location ÷ active catalog SKUs, now:
    /// the catalog-wide (`all`) stock-out rate.
    public var stockOutRate: Ratio
    /// Up to 50 of the SKUs out of stock, sorted.
    public var stockOutSkus: [String]
    /// Per audited store: SKUs listed as active there whose store stock is 0 ÷ SKUs listed as
    /// active there, as the store showed them when read. Worst first.
    public var stockOutByStore: [StoreStockOut]
    /// Units sold ÷ units received over the period, from recorded receipts.
    public var sellThrough: SellThrough

    public init(
        since: Date?, until: Date?, slaHours: Int, overall: OperationsKPIs, stores: [OperationsKPIs], stockOutRate: Ratio,
        stockOutSkus: [String], stockOutByStore: [StoreStockOut] = [], sellThrough: SellThrough = .noReceipts
    ) {
        self.since = since
        self.until = until
        self.slaHours = slaHours
        self.overall = overall
        self.stores = stores
        self.stockOutRate = stockOutRate
        self.stockOutSkus = stockOutSkus
        self.stockOutByStore = stockOutByStore
        self.sellThrough = sellThrough
    }
}

/// One store's stock-out rate, with the SKUs behind it.
public struct StoreStockOut: Hashable, Sendable, Codable {
    public var store: String
    /// SKUs listed as active in the store with no stock there ÷ SKUs listed as active there.
    public var stockOutRate: Ratio
    /// Up to 50 of the SKUs out of stock, sorted.
    public var stockOutSkus: [String]

    public init(store: String, stockOutRate: Ratio, stockOutSkus: [String]) {
        self.store = store
        self.stockOutRate = stockOutRate
        self.stockOutSkus = stockOutSkus
    }
}

/// Sell-through for the period: units sold ÷ units received, over the SKUs received in it.
///
/// Only SKUs with a receipt in the period are counted, on both sides, so that old stock of
/// other SKUs selling does not read as a fast sell-through of this period's deliveries.
public struct SellThrough: Hashable, Sendable, Codable {
    /// False when no receipt arrived in the period; the figures are then empty.
    public var available: Bool
    /// Why there is no figure (`no receipts recorded in the period`).
    public var reason: String?
    /// Receipt lines that arrived in the period.
    public var receiptLines: Int
    /// SKUs with a receipt in the period.
    public var skus: Int
    /// Units received in the period.
    public var unitsReceived: Int
    /// Units of those SKUs sold in the period (every audited store), as the KPIs count units sold.
    public var unitsSold: Int
    /// unitsSold ÷ unitsReceived (above 100 % when older stock of the SKU sold too).
    public var rate: Ratio
    /// Per store: that store's units sold of the received SKUs ÷ all units received (receipts are
    /// shared stock, so the stores' figures add up to the overall one). Highest first.
    public var stores: [StoreSellThrough]
    /// The received SKUs selling through fastest (up to 10), highest rate first.
    public var top: [SKUSellThrough]
    /// The slowest of the others (up to 10), lowest rate first: no SKU is in both lists.
    public var bottom: [SKUSellThrough]

    public init(
        available: Bool, reason: String? = nil, receiptLines: Int = 0, skus: Int = 0, unitsReceived: Int = 0, unitsSold: Int = 0,
        rate: Ratio = Ratio(0, of: 0), stores: [StoreSellThrough] = [], top: [SKUSellThrough] = [], bottom: [SKUSellThrough] = []
    ) {
        self.available = available
        self.reason = reason
        self.receiptLines = receiptLines
        self.skus = skus
        self.unitsReceived = unitsReceived
        self.unitsSold = unitsSold
        self.rate = rate
        self.stores = stores
        self.top = top
        self.bottom = bottom
    }

    /// What the audit says when nothing was received in the period.
    public static let noReceipts = SellThrough(
        available: false, reason: "no receipts recorded in the period (record them with concord catalog receive)")
}

public struct StoreSellThrough: Hashable, Sendable, Codable {
    public var store: String
    public var unitsSold: Int
    /// The store's units sold of the received SKUs ÷ all units received.
    public var rate: Ratio

    public init(store: String, unitsSold: Int, rate: Ratio) {
        self.store = store
        self.unitsSold = unitsSold
        self.rate = rate
    }
}

public struct SKUSellThrough: Hashable, Sendable, Codable {
    public var sku: String
    public var unitsReceived: Int
    public var unitsSold: Int
    /// unitsSold ÷ unitsReceived for this SKU.
    public var rate: Ratio

    public init(sku: String, unitsReceived: Int, unitsSold: Int) {
        self.sku = sku
        self.unitsReceived = unitsReceived
        self.unitsSold = unitsSold
        self.rate = Ratio(unitsSold, of: unitsReceived)
    }
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
