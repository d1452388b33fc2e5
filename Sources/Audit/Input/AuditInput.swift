import CatalogModel
import CatalogStorage
import Foundation
import Reconcile

/// What an audit is computed from: per-store reconcile results, the catalog, ingested orders and
/// the run history. Gathering them (reading stores, the database) is the caller's job, so the
/// audit itself is a pure function that tests feed by hand.
public struct AuditInput: Sendable {
    public var stores: [StoreAuditInput]
    public var catalog: [Product]
    public var orders: [Order]
    /// Past runs, any order; runs without a readable ``RunSummary`` are skipped.
    public var history: [RunRecord]
    /// Goods received (`concord catalog receive`); those in the period feed sell-through.
    public var receipts: [StockReceipt]
    public var options: AuditOptions

    public init(
        stores: [StoreAuditInput], catalog: [Product], orders: [Order], history: [RunRecord] = [],
        receipts: [StockReceipt] = [], options: AuditOptions
    ) {
        self.stores = stores
        self.catalog = catalog
        self.orders = orders
        self.history = history
        self.receipts = receipts
        self.options = options
    }
}

/// One store's reconciliation, as the audit needs it.
public struct StoreAuditInput: Sendable {
    public var store: StoreID
    public var platform: String
    public var counts: ReconcileCounts
    public var findings: [Finding]
    /// Findings a person already answered in `concord review` (ignored orphans, acknowledged
    /// listing errors): listed apart, not counted against the store.
    public var acknowledged: [Finding]
    public var fetchedAt: Date?
    /// Why the store could not be read; the store is then reported without figures.
    public var error: String?
    /// The store's own stock as read (``ListedStock/measure(_:)``), for its stock-out rate; `nil`
    /// when the read was not kept (the store then has no stock-out rate of its own).
    public var listedStock: ListedStock?

    public init(
        store: StoreID, platform: String, counts: ReconcileCounts = ReconcileCounts(), findings: [Finding] = [],
        acknowledged: [Finding] = [], fetchedAt: Date? = nil, error: String? = nil, listedStock: ListedStock? = nil
    ) {
        self.store = store
        self.platform = platform
        self.counts = counts
        self.findings = findings
        self.acknowledged = acknowledged
        self.fetchedAt = fetchedAt
        self.error = error
        self.listedStock = listedStock
    }
}

/// The audit's settings, each with a documented default.
public struct AuditOptions: Sendable {
    /// The audit's own time: "now" for stock age, open orders past the SLA, the trend's last point.
    public var now: Date
    public var period: AuditPeriod
    /// The shipment SLA in hours (default 48).
    public var slaHours: Int
    /// Stock read longer ago than this is stale (default 24 hours).
    public var staleAfterHours: Int
    public var source: AuditSource
    /// The run record this audit writes, shown as the trend's last point.
    public var runID: Int64?
    /// How many SKUs the refund table lists (default 10).
    public var topOffenders: Int

    public init(
        now: Date, period: AuditPeriod = AuditPeriod(), slaHours: Int = 48, staleAfterHours: Int = 24,
        source: AuditSource = .online, runID: Int64? = nil, topOffenders: Int = 10
    ) {
        self.now = now
        self.period = period
        self.slaHours = slaHours
        self.staleAfterHours = staleAfterHours
        self.source = source
        self.runID = runID
        self.topOffenders = topOffenders
    }
}
