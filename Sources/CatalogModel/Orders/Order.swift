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
    /// Whether the platform took stock for this order at all. `false` for an order the store
    /// holds no units for: WooCommerce `pending` and `checkout-draft` (stock is reduced only by
    /// `wc_maybe_reduce_stock_levels` on `processing`, `on-hold` and `completed`), or an order
    /// whose payment failed before any stock moved. Such an order commits nothing and its lines
    /// debit nothing from the store's own count.
    public var holdsStock: Bool

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
        refundIDs: [String]? = nil,
        holdsStock: Bool = true
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
        self.holdsStock = holdsStock
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
    /// The store's id of the variant sold (``RemoteRef/variantID``'s form), so that a line whose
    /// SKU text is blank or differs from the catalog's is still attributed to the catalog SKU the
    /// listing is mapped to.
    public var variantID: String?
    /// Units shipped in all, returns not taken off, when the platform reports it apart from
    /// ``fulfilledQuantity`` (Shopify's fulfilled count falls when a shipped unit is refunded);
    /// `nil`: ``fulfilledQuantity`` is that number.
    public var shippedQuantity: Int?
    /// Units of this line the store put back into its own stock count: a cancellation that
    /// restocks (WooCommerce `cancelled`, Shopify `orderCancel(restock: true)`, Magento's cancel
    /// releasing the reservation) or a refund with restock. Units refunded without restock stay
    /// out of the store's count.
    public var restockedQuantity: Int
    /// Of ``restockedQuantity``, the units that had shipped and came back onto the shelf (a
    /// return): they raise on hand in the ledger again.
    public var returnedQuantity: Int

    public init(
        remoteLineID: String, sku: SKU?, quantity: Int, fulfilledQuantity: Int = 0,
        refundedQuantity: Int = 0, cancelledQuantity: Int = 0, locationID: String? = nil, locationName: String? = nil,
        variantID: String? = nil, shippedQuantity: Int? = nil, restockedQuantity: Int = 0, returnedQuantity: Int = 0
    ) {
        self.variantID = variantID
        self.shippedQuantity = shippedQuantity
        self.restockedQuantity = restockedQuantity
        self.returnedQuantity = returnedQuantity
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

    /// Units that left the warehouse for this line and did not come back: what the stock
    /// ledger books as shipped (each unit once, however often the order is read).
    public var unitsOut: Int {
        max(0, (shippedQuantity ?? fulfilledQuantity) - returnedQuantity)
    }

    /// Units the store's own stock count no longer shows because of this line: sold and not
    /// put back. A store showing the value Concord last wrote minus the growth of this number
    /// since has not been edited (see the stock ledger in the README).
    public func storeDebit(holdsStock: Bool) -> Int {
        holdsStock ? max(0, quantity - restockedQuantity) : 0
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
