import Foundation

/// An order as Concord keeps it: what was sold, when, and how far it got — never who bought it.
///
/// There are deliberately no customer fields here (no name, email, address or phone): Concord
/// needs orders only for committed stock and operations figures, and data it does not hold cannot
/// leak.
public struct Order: Hashable, Sendable, Codable {
    public var store: StoreID
    public var remoteID: String
    /// The order's number as shown to staff (`#1001`), not a customer identifier.
    public var number: String?
    public var createdAt: Date
    public var processedAt: Date?
    public var cancelledAt: Date?
    /// When the first fulfilment (shipment) was created.
    public var firstFulfilledAt: Date?
    /// When the order was completely fulfilled.
    public var fulfilledAt: Date?
    public var financialStatus: FinancialStatus
    public var fulfillmentStatus: FulfillmentStatus
    public var lines: [OrderLine]
    public var updatedAt: Date?
    /// The ids of the refunds the lines' refunded quantities already count, when the platform's
    /// order read names them (Shopify `refunds { id }`, WooCommerce `refunds[].id`); `nil` when it
    /// does not (Magento). A refund webhook for one of these changes nothing: the order read
    /// already counted it, so applying it again would count its units twice.
    public var refundIDs: [String]?

    public init(
        store: StoreID,
        remoteID: String,
        number: String? = nil,
        createdAt: Date,
        processedAt: Date? = nil,
        cancelledAt: Date? = nil,
        firstFulfilledAt: Date? = nil,
        fulfilledAt: Date? = nil,
        financialStatus: FinancialStatus = .paid,
        fulfillmentStatus: FulfillmentStatus = .unfulfilled,
        lines: [OrderLine],
        updatedAt: Date? = nil,
        refundIDs: [String]? = nil
    ) {
        self.store = store
        self.remoteID = remoteID
        self.number = number
        self.createdAt = createdAt
        self.processedAt = processedAt
        self.cancelledAt = cancelledAt
        self.firstFulfilledAt = firstFulfilledAt
        self.fulfilledAt = fulfilledAt
        self.financialStatus = financialStatus
        self.fulfillmentStatus = fulfillmentStatus
        self.lines = lines
        self.updatedAt = updatedAt
        self.refundIDs = refundIDs
    }

    public var isCancelled: Bool { cancelledAt != nil }
}

/// One line of an order.
public struct OrderLine: Hashable, Sendable, Codable {
    public var remoteLineID: String
    /// `nil` when the store sold something without a SKU (custom items).
    public var sku: SKU?
    public var quantity: Int
    public var fulfilledQuantity: Int
    public var refundedQuantity: Int
    public var cancelledQuantity: Int
    /// The store location the line's open units ship from (Shopify: the fulfillment order's
    /// assigned location), as the store names it; `nil` when the platform does not say or the
    /// units are split over several locations. Units with a location are committed there, the
    /// others store-wide (see `CommittedStock` in Sync).
    public var locationID: String?
    /// That location's name, to match it to a catalog location when `[stores.<id>.locations]`
    /// does not map it (the same name matching store locations get).
    public var locationName: String?

    public init(
        remoteLineID: String, sku: SKU?, quantity: Int, fulfilledQuantity: Int = 0,
        refundedQuantity: Int = 0, cancelledQuantity: Int = 0, locationID: String? = nil, locationName: String? = nil
    ) {
        self.remoteLineID = remoteLineID
        self.sku = sku
        self.quantity = quantity
        self.fulfilledQuantity = fulfilledQuantity
        self.refundedQuantity = refundedQuantity
        self.cancelledQuantity = cancelledQuantity
        self.locationID = locationID
        self.locationName = locationName
    }

    /// Units sold and not yet shipped, refunded or cancelled: what still holds stock.
    public var openQuantity: Int {
        max(0, quantity - fulfilledQuantity - refundedQuantity - cancelledQuantity)
    }
}

/// Payment state, normalised across platforms.
public enum FinancialStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case pending, authorized, paid, partiallyPaid = "partially_paid", partiallyRefunded = "partially_refunded"
    case refunded, voided, unknown
}

/// Shipping state, normalised across platforms.
public enum FulfillmentStatus: String, Hashable, Sendable, Codable, CaseIterable {
    case unfulfilled, partiallyFulfilled = "partially_fulfilled", fulfilled, restocked, unknown
}
