import Foundation

/// Everything one audit measured: what the renderers (text, JSON, CSV, HTML) show.
///
/// A plain Codable value so that every format says the same thing. The JSON names are the
/// property names in snake_case (`fields_compared`), documented in the README, and stable:
/// dashboards read them. Lists are ordered worst first.
public struct AuditReport: Hashable, Sendable, Codable {
    /// The report's shape; bumped only when a field changes meaning or disappears.
    public var version = 1
    public var generatedAt: Date
    /// `online` (the stores were read) or `offline` (their last saved snapshots).
    public var source: AuditSource
    /// Accuracy over every audited store together.
    public var overall: Accuracy
    /// One entry per store, lowest accuracy first; stores that could not be read come first.
    public var stores: [StoreAudit]
    public var operations: OperationsReport
    /// Past runs (audits and syncs) with their accuracy, oldest first, this audit last.
    public var trend: [TrendPoint]

    public init(
        generatedAt: Date, source: AuditSource, overall: Accuracy, stores: [StoreAudit], operations: OperationsReport,
        trend: [TrendPoint]
    ) {
        self.generatedAt = generatedAt
        self.source = source
        self.overall = overall
        self.stores = stores
        self.operations = operations
        self.trend = trend
    }

    /// The stores whose accuracy is below `percent` (stores with nothing compared are not).
    public func stores(below percent: Double) -> [StoreAudit] {
        stores.filter { ($0.accuracy.overall.percent ?? 100) < percent }
    }
}

public enum AuditSource: String, Hashable, Sendable, Codable {
    case online, offline
}

/// The share of (listing, managed field) pairs equal to the canonical value.
public struct Accuracy: Hashable, Sendable, Codable {
    /// Pairs in sync ÷ pairs compared.
    public var overall: Ratio
    /// The same per field kind, lowest accuracy first.
    public var fields: [FieldAccuracy]

    public init(overall: Ratio, fields: [FieldAccuracy]) {
        self.overall = overall
        self.fields = fields
    }
}

/// How much of a store an accuracy figure covers.
public struct Coverage: Hashable, Sendable, Codable {
    /// Listings compared (matched to a catalog variant) ÷ listings read.
    public var listings: Ratio
    /// Managed fields compared in at least one listing.
    public var fieldsCompared: [String]
    /// Managed fields compared in no listing, each with why.
    public var notCompared: [FieldLeftOut]

    public struct FieldLeftOut: Hashable, Sendable, Codable {
        public var field: String
        public var reason: String
    }

    public init(listings: Ratio, fieldsCompared: [String], notCompared: [FieldLeftOut]) {
        self.listings = listings
        self.fieldsCompared = fieldsCompared
        self.notCompared = notCompared
    }

    /// One line: `3011 of 3011 listings, 7 of 10 fields (stock: no store location is mapped …)`.
    public var summary: String {
        let total = fieldsCompared.count + notCompared.count
        var line = "\(listings.numerator) of \(listings.denominator) listings, \(fieldsCompared.count) of \(total) fields"
        if !notCompared.isEmpty {
            line += " (not compared: " + notCompared.map { "\($0.field): \($0.reason)" }.joined(separator: "; ") + ")"
        }
        return line
    }
}

public struct FieldAccuracy: Hashable, Sendable, Codable {
    /// `stock`, `price`, `compare_at_price`, `barcode`, `title`, `description`, `status`, `images`, `weight`.
    public var field: String
    public var accuracy: Ratio

    public init(field: String, accuracy: Ratio) {
        self.field = field
        self.accuracy = accuracy
    }
}

/// One store's catalog accuracy, listing errors, stock exposure and price deviation.
public struct StoreAudit: Hashable, Sendable, Codable {
    public var store: String
    public var platform: String
    /// Why the store could not be audited (unreachable, no saved snapshot); the figures are then empty.
    public var error: String?
    /// When the audited listings were read.
    public var fetchedAt: Date?
    public var listings: Int
    /// Listings matched to a catalog variant (only these are compared).
    public var matchedListings: Int
    public var accuracy: Accuracy
    /// What the accuracy is a share of: accuracy never rises because something was left out of
    /// the comparison, and this says what was. `nil` in reports made before it was recorded.
    public var coverage: Coverage?
    /// Findings of the `listing.*` rules.
    public var listingErrors: Int
    /// Store listings that match no catalog SKU.
    public var orphans: Int
    /// Catalog variants the store should carry and does not list.
    public var missingListings: Int
    /// Every finding by rule, most frequent first.
    public var rules: [RuleCount]
    /// Findings a person already answered in `concord review` (orphans ignored, listing errors
    /// acknowledged), by rule: reported apart so a decided question does not count against the
    /// store again. `nil` (left out of the JSON) when there are none.
    public var acknowledged: [RuleCount]?
    public var stockExposure: StockExposure
    public var priceDeviation: PriceDeviation

    public init(
        store: String, platform: String, error: String? = nil, fetchedAt: Date? = nil, listings: Int = 0,
        matchedListings: Int = 0, accuracy: Accuracy = Accuracy(overall: Ratio(0, of: 0), fields: []),
        listingErrors: Int = 0, orphans: Int = 0, missingListings: Int = 0, rules: [RuleCount] = [],
        stockExposure: StockExposure = StockExposure(), priceDeviation: PriceDeviation = PriceDeviation()
    ) {
        self.store = store
        self.platform = platform
        self.error = error
        self.fetchedAt = fetchedAt
        self.listings = listings
        self.matchedListings = matchedListings
        self.accuracy = accuracy
        self.listingErrors = listingErrors
        self.orphans = orphans
        self.missingListings = missingListings
        self.rules = rules
        self.stockExposure = stockExposure
        self.priceDeviation = priceDeviation
    }
}

/// How often one rule fired in one store, with the SKUs it concerns.
public struct RuleCount: Hashable, Sendable, Codable {
    /// The finding code (`listing.no-image`).
    public var code: String
    /// The highest severity it was reported with.
    public var severity: String
    public var count: Int
    /// The catalog SKU, or the store's SKU text for an unmatched listing (`(blank)` when empty), sorted.
    public var skus: [String]
    /// What kind of finding this is, so that a report never counts a risk as a listing error:
    /// `listing-error` (a `listing.*` rule), `risk` (stock or a match a person should look at,
    /// which no write settles), `drift` (a value Concord corrects), `info`. `nil` in reports made
    /// before it was recorded.
    public var kind: Kind?
    /// The rule's plain-language summary, for readers who do not know the codes.
    public var name: String?

    public enum Kind: String, Hashable, Sendable, Codable {
        case listingError = "listing-error"
        case risk
        case drift
        case info
    }

    public init(code: String, severity: String, count: Int, skus: [String], kind: Kind? = nil, name: String? = nil) {
        self.code = code
        self.severity = severity
        self.count = count
        self.skus = skus
        self.kind = kind
        self.name = name
    }
}

/// Where the store's stock can lose money: oversells, lost sales, and stock nobody confirmed lately.
public struct StockExposure: Hashable, Sendable, Codable {
    /// Listings showing more units than the catalog can sell (`stock.oversell-risk`).
    public var oversellListings = 0
    /// The units above what can be sold, summed over those listings.
    public var oversellUnits = 0
    /// SKUs out of stock in this store (active, no backorder, nothing available) while the catalog has units available.
    public var lostSalesSkus: [String] = []
    /// When the stock figures were read from the store.
    public var stockReadAt: Date?
    /// Hours between that read and the audit.
    public var stockAgeHours: Double?
    /// The age beyond which stock counts as stale.
    public var staleAfterHours: Int = 24
    /// Whether the stock read is older than ``staleAfterHours`` (an offline audit of an old snapshot).
    public var stale = false

    public init() {}
}

/// Listings whose price is not what the catalog and the store's price rule give.
public struct PriceDeviation: Hashable, Sendable, Codable {
    public var listings = 0
    /// Σ |store − expected| per currency, as decimal text (`12.40`): money is never a float.
    public var totalAbsolute: [MoneyAmount] = []
    /// Each deviating listing, largest absolute difference first.
    public var items: [PriceDeviationItem] = []

    public init() {}
}

/// An amount of money in a report: exact decimal text and its currency.
public struct MoneyAmount: Hashable, Sendable, Codable, CustomStringConvertible {
    public var amount: String
    public var currency: String

    public init(amount: String, currency: String) {
        self.amount = amount
        self.currency = currency
    }

    public var description: String { "\(amount) \(currency)" }
}

public struct PriceDeviationItem: Hashable, Sendable, Codable {
    public var sku: String
    /// `price` or `compare_at_price`.
    public var field: String
    public var expected: MoneyAmount
    public var actual: MoneyAmount
    /// actual − expected (negative: the store sells cheaper than it should).
    public var difference: MoneyAmount
}

/// One run in the accuracy trend.
public struct TrendPoint: Hashable, Sendable, Codable {
    public var runId: Int64
    /// `audit` or `sync` (any run that recorded a summary).
    public var kind: String
    public var startedAt: Date
    public var overall: Ratio
    public var listingErrors: Int
    public var stores: [TrendStore]

    public init(runId: Int64, kind: String, startedAt: Date, overall: Ratio, listingErrors: Int, stores: [TrendStore]) {
        self.runId = runId
        self.kind = kind
        self.startedAt = startedAt
        self.overall = overall
        self.listingErrors = listingErrors
        self.stores = stores
    }
}

public struct TrendStore: Hashable, Sendable, Codable {
    public var store: String
    public var accuracy: Ratio
    public var listingErrors: Int

    public init(store: String, accuracy: Ratio, listingErrors: Int) {
        self.store = store
        self.accuracy = accuracy
        self.listingErrors = listingErrors
    }
}
