import Foundation

/// One refund of an order, as a refund webhook reports it: which lines, how many units, and
/// whether they went back on the shelf — never who was refunded or why.
///
/// A refund is applied to the stored order lines at most once, keyed by (store, order, refund
/// id): a replayed delivery, a second webhook for the same refund, or an order read that already
/// counted it (``Order/refundIDs``) changes nothing.
public struct OrderRefund: Hashable, Sendable, Codable {
    public var store: StoreID
    /// The order's id in the form the store's order reads give it (Shopify: `gid://shopify/Order/N`).
    public var orderID: String
    public var refundID: String
    public var createdAt: Date?
    public var lines: [OrderRefundLine]

    public init(store: StoreID, orderID: String, refundID: String, createdAt: Date? = nil, lines: [OrderRefundLine]) {
        self.store = store
        self.orderID = orderID
        self.refundID = refundID
        self.createdAt = createdAt
        self.lines = lines
    }
}

/// The units of one order line a refund gives back.
public struct OrderRefundLine: Hashable, Sendable, Codable {
    /// The order line, in the form the store's order reads give it (Shopify: `gid://shopify/LineItem/N`).
    public var lineID: String
    public var sku: SKU?
    public var quantity: Int
    public var restock: RefundRestock
    /// Where restocked units went back, as the store names the location; `nil` when not restocked.
    public var locationID: String?

    public init(lineID: String, sku: SKU?, quantity: Int, restock: RefundRestock = .unknown, locationID: String? = nil) {
        self.lineID = lineID
        self.sku = sku
        self.quantity = quantity
        self.restock = restock
        self.locationID = locationID
    }
}

/// What happened to a refunded line's units, in Shopify's terms (`RefundLineItemRestockType`,
/// shopify.dev/docs/api/admin-graphql/latest/enums/RefundLineItemRestockType; REST `restock_type`).
public enum RefundRestock: String, Hashable, Sendable, Codable, CaseIterable {
    /// Unfulfilled units cancelled and put back: they were still committed to the order.
    case cancel
    /// Fulfilled units returned and put back: they had already shipped.
    case `return`
    /// Refunded without restocking.
    case noRestock = "no_restock"
    /// Restocked without saying whether they had shipped (Shopify's deprecated `legacy_restock`),
    /// or a platform that does not say (WooCommerce).
    case unknown
}
