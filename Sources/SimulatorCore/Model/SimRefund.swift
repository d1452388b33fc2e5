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

    public init(id: Int64, createdAt: Date, amount: Money, reason: String = "", lines: [SimRefundLine]) {
        self.id = id
        self.createdAt = createdAt
        self.amount = amount
        self.reason = reason
        self.lines = lines
    }
}

/// The units of one order line a refund gives back, and the money for them.
public struct SimRefundLine: Hashable, Sendable, Codable {
    /// The refund's own line id (WooCommerce gives the refund's items ids of their own).
    public var id: Int64
    /// The order line refunded.
    public var orderLineID: Int64
    public var quantity: Int
    public var total: Money

    public init(id: Int64, orderLineID: Int64, quantity: Int, total: Money) {
        self.id = id
        self.orderLineID = orderLineID
        self.quantity = quantity
        self.total = total
    }
}

/// Why a refund cannot be made.
public enum SimRefundError: Error, Hashable, Sendable {
    case noSuchLine(Int64)
    /// More units than the line has left to refund.
    case tooMany(line: Int64, left: Int)
    case invalidQuantity(line: Int64)
}

extension ShopState {
    /// Refunds `quantities` (order line id → units) of order `orderID`, the amount being the lines'
    /// price times units unless `amount` is given. Each line's `refundedQuantity` grows by its units;
    /// the order becomes partially refunded, or refunded once every unit is.
    ///
    /// - Returns: The refund, or nil when there is no such order.
    /// - Throws: ``SimRefundError`` when a line is unknown or would be refunded past its quantity;
    ///   nothing changes then.
    @discardableResult
    public mutating func refund(
        order orderID: Int64, quantities: [(line: Int64, quantity: Int)], amount: Money? = nil, reason: String = "", at now: Date
    ) throws(SimRefundError) -> SimRefund? {
        guard var order = orders[orderID] else { return nil }
        var refundLines: [SimRefundLine] = []
        for (lineID, quantity) in quantities {
            guard let index = order.lines.firstIndex(where: { $0.id == lineID }) else { throw .noSuchLine(lineID) }
            guard quantity > 0 else { throw .invalidQuantity(line: lineID) }
            let line = order.lines[index]
            let left = line.quantity - line.refundedQuantity
            guard quantity <= left else { throw .tooMany(line: lineID, left: left) }
            order.lines[index].refundedQuantity += quantity
            refundLines.append(
                SimRefundLine(
                    id: makeID(), orderLineID: lineID, quantity: quantity,
                    total: Money(minorUnits: line.price.minorUnits * Int64(quantity), currency: line.price.currency)))
        }
        let total = amount ?? Money(minorUnits: refundLines.reduce(0) { $0 + $1.total.minorUnits }, currency: order.currency)
        let refund = SimRefund(id: makeID(), createdAt: now, amount: total, reason: reason, lines: refundLines)
        order.refunds.append(refund)
        let everything = order.lines.allSatisfy { $0.refundedQuantity >= $0.quantity }
        order.financial = everything ? .refunded : .partiallyRefunded
        order.updatedAt = now
        upsert(order)
        return refund
    }
}
