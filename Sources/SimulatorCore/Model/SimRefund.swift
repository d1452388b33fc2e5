import CatalogModel
import Foundation

/// A refund against an order: an amount, and the units of each order line it gives back.
///
/// Platforms keep refunds as records of their own (WooCommerce's `shop_order_refund`, Shopify's
/// `Refund`, Magento's credit memo); an order line's refunded quantity is the sum over them.
public struct SimRefund: Hashable, Sendable, Codable {
    public var id: Int64
    public var createdAt: Date
    public var amount: Money
    public var reason: String
    public var lines: [SimRefundLine]
    /// A Shopify order cancellation: the record `orderCancel` leaves in the order's refunds, its
    /// lines restocked as `CANCEL` or not (`NO_RESTOCK`). Its units are the lines'
    /// `cancelledQuantity`, not `refundedQuantity`; the other platforms do not show it.
    public var isCancellation: Bool

    public init(id: Int64, createdAt: Date, amount: Money, reason: String = "", lines: [SimRefundLine], isCancellation: Bool = false) {
        self.id = id
        self.createdAt = createdAt
        self.amount = amount
        self.reason = reason
        self.lines = lines
        self.isCancellation = isCancellation
    }

    private enum CodingKeys: String, CodingKey { case id, createdAt, amount, reason, lines, isCancellation }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), createdAt: try container.decode(Date.self, forKey: .createdAt),
            amount: try container.decode(Money.self, forKey: .amount),
            reason: try container.decodeIfPresent(String.self, forKey: .reason) ?? "",
            lines: try container.decode([SimRefundLine].self, forKey: .lines),
            isCancellation: try container.decodeIfPresent(Bool.self, forKey: .isCancellation) ?? false)
    }
}

/// What a refund line did to stock, in Shopify's words (`RefundLineItemRestockType`): `cancel`
/// put unshipped units back to available, `return` put shipped units back on the shelf, `none`
/// restocked nothing.
public enum SimRestock: String, Hashable, Sendable, Codable {
    case none, cancel, `return`

    public var restocks: Bool { self != .none }
}

/// The units of one order line a refund gives back, and the money for them.
public struct SimRefundLine: Hashable, Sendable, Codable {
    /// The refund's own line id (WooCommerce gives the refund's items ids of their own).
    public var id: Int64
    /// The order line refunded.
    public var orderLineID: Int64
    public var quantity: Int
    public var total: Money
    public var restock: SimRestock

    public init(id: Int64, orderLineID: Int64, quantity: Int, total: Money, restock: SimRestock = .none) {
        self.id = id
        self.orderLineID = orderLineID
        self.quantity = quantity
        self.total = total
        self.restock = restock
    }

    private enum CodingKeys: String, CodingKey { case id, orderLineID, quantity, total, restock }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), orderLineID: try container.decode(Int64.self, forKey: .orderLineID),
            quantity: try container.decode(Int.self, forKey: .quantity), total: try container.decode(Money.self, forKey: .total),
            restock: try container.decodeIfPresent(SimRestock.self, forKey: .restock) ?? .none)
    }
}
