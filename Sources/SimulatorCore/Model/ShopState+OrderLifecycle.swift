import CatalogModel
import Foundation

/// Why an order cannot be shipped, cancelled or refunded as asked; nothing changed then.
public enum SimOrderError: Error, Hashable, Sendable, CustomStringConvertible {
    case noSuchOrder(Int64)
    case noSuchLine(Int64)
    /// More units than the line has left for this (to ship, to refund, to return).
    case tooMany(line: Int64, left: Int)
    case invalidQuantity(line: Int64)
    case alreadyCancelled(Int64)
    case nothingToShip(Int64)
    /// The platform does not do this; the message says what it does instead.
    case refused(String)

    public var description: String {
        switch self {
        case .noSuchOrder(let id): "no order \(id) in this store; see GET /_sim/state"
        case .noSuchLine(let id): "the order has no line \(id)"
        case .tooMany(let line, let left): "line \(line) has only \(left) units left for this"
        case .invalidQuantity(let line): "line \(line): quantity must be 1 or more"
        case .alreadyCancelled(let id): "order \(id) is cancelled"
        case .nothingToShip(let id): "order \(id) has no units left to ship"
        case .refused(let message): message
        }
    }
}

/// Units of one order line a refund gives back, and what happens to their stock.
public struct SimRefundItem: Hashable, Sendable {
    public var line: Int64
    public var quantity: Int
    /// `.cancel` takes unshipped units, `.return` shipped ones, `.none` unshipped units first.
    public var restock: SimRestock

    public init(line: Int64, quantity: Int, restock: SimRestock) {
        self.line = line
        self.quantity = quantity
        self.restock = restock
    }
}

/// Shipping, cancelling, refunding and trashing orders, with each platform's stock effects.
///
/// The simulator keeps stock as `available` and `committed` per location (on hand = both). What
/// each platform does, and where it is documented:
/// - A shipment (Shopify `fulfillmentCreate`, Magento `POST /V1/order/{id}/ship`, WooCommerce
///   `completed`) takes the units out of the building: committed and on hand fall, available
///   does not (Shopify: shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps;
///   Magento MSI: source deduction plus a compensating reservation).
/// - A cancellation with restock puts unshipped units back to available; without, they leave
///   committed and on hand (Shopify `orderCancel(restock:)`). Magento's cancel always releases
///   the reservation. WooCommerce restores every reduced unit, shipped or not
///   (`wc_maybe_increase_stock_levels` adds each line's `_reduced_stock` back), only if the order
///   had reduced stock.
/// - A refund line restocked as `cancel` puts unshipped units back to available, as `return`
///   puts shipped units back on the shelf (available and on hand rise), as `none` drops unshipped
///   units from committed and leaves shipped ones gone.
extension ShopState {
    /// Ships `quantities` (order line id → units) of an order, or every open unit when `nil`.
    ///
    /// - Returns: The shipment.
    @discardableResult
    public mutating func ship(order orderID: Int64, quantities: [(line: Int64, quantity: Int)]? = nil, at now: Date) throws(SimOrderError)
        -> SimShipment
    {
        guard var order = orders[orderID], order.trashedAt == nil else { throw .noSuchOrder(orderID) }
        guard order.cancelledAt == nil else { throw .alreadyCancelled(orderID) }
        let wanted = quantities ?? order.lines.compactMap { $0.openQuantity > 0 ? ($0.id, $0.openQuantity) : nil }
        guard !wanted.isEmpty else { throw .nothingToShip(orderID) }
        var shipmentLines: [SimShipmentLine] = []
        for (lineID, quantity) in wanted {
            guard let index = order.lines.firstIndex(where: { $0.id == lineID }) else { throw .noSuchLine(lineID) }
            guard quantity > 0 else { throw .invalidQuantity(line: lineID) }
            let line = order.lines[index]
            guard quantity <= line.openQuantity else { throw .tooMany(line: lineID, left: line.openQuantity) }
            order.lines[index].fulfilledQuantity += quantity
            shipmentLines.append(SimShipmentLine(id: makeID(), orderLineID: lineID, quantity: quantity))
        }
        // An order that never took stock (a WooCommerce pending order completed at once) takes it
        // as it ships: available falls instead of committed.
        let reduced = order.stockReduced
        for shipped in shipmentLines {
            let line = order.lines.first { $0.id == shipped.orderLineID }!
            moveStock(
                variant: line.variantID, at: order.locationID, committed: reduced ? -shipped.quantity : 0,
                available: reduced ? 0 : -shipped.quantity, now: now)
        }
        order.stockReduced = true
        let shipment = SimShipment(id: makeID(), createdAt: now, lines: shipmentLines)
        order.shipments.append(shipment)
        order.fulfillment = order.lines.allSatisfy { $0.openQuantity == 0 } ? .fulfilled : .partial
        order.platformStatus = nil
        order.updatedAt = now
        upsert(order)
        return shipment
    }

    /// Cancels an order as `platform` does: its open units are cancelled and, with `restock`,
    /// put back to available; with `refund` the money left is refunded.
    ///
    /// - Shopify also records the cancellation among the order's refunds, its lines restocked as
    ///   `CANCEL` or `NO_RESTOCK`, as `orderCancel` does.
    /// - Magento always releases the reservation (`restock: false` is refused) and refuses an
    ///   order whose items are all invoiced (`Order::canCancel`): such an order is refunded with
    ///   a credit memo instead.
    /// - WooCommerce restores what the order reduced, shipped units included, and refuses
    ///   `restock: false` (that is the `failed` status).
    @discardableResult
    public mutating func cancel(
        order orderID: Int64, restock: Bool = true, refund: Bool = false, reason: String = "", platform: Platform, at now: Date
    ) throws(SimOrderError) -> SimOrder {
        guard var order = orders[orderID], order.trashedAt == nil else { throw .noSuchOrder(orderID) }
        guard order.cancelledAt == nil else { throw .alreadyCancelled(orderID) }
        switch platform {
        case .magento:
            guard restock else {
                throw .refused("Magento releases an order's reservation when it is cancelled; there is no cancel without it")
            }
            // Order::canCancel: not when complete or closed, nor when every item is invoiced.
            guard order.financial == .pending, order.lines.contains(where: { $0.openQuantity > 0 }) else {
                throw .refused(
                    "You cannot cancel the order: Magento cancels only orders with uninvoiced, unshipped items (refund it instead)")
            }
        case .woocommerce:
            guard restock else {
                throw .refused("WooCommerce restores reduced stock when an order is cancelled; set the status failed to keep it reduced")
            }
        case .shopify:
            break
        }
        if platform == .woocommerce { restoreReducedStock(&order, now: now) }
        var cancellationLines: [SimRefundLine] = []
        let location = order.locationID
        for index in order.lines.indices {
            let line = order.lines[index]
            let open = line.openQuantity
            if platform == .woocommerce {
                // Restored below, every line at once.
            } else if open > 0 {
                moveStock(variant: line.variantID, at: location, committed: -open, available: restock ? open : 0, now: now)
                if restock { order.lines[index].restockedQuantity += open }
            }
            order.lines[index].cancelledQuantity += open
            if open > 0 {
                cancellationLines.append(
                    SimRefundLine(
                        id: makeID(), orderLineID: line.id, quantity: open,
                        total: Money(minorUnits: line.price.minorUnits * Int64(open), currency: line.price.currency),
                        restock: restock ? .cancel : .none))
            }
        }
        let refundedSoFar = order.refunds.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        if platform == .shopify {
            let amount = refund ? max(0, order.total.minorUnits - refundedSoFar) : 0
            order.refunds.append(
                SimRefund(
                    id: makeID(), createdAt: now, amount: Money(minorUnits: amount, currency: order.currency), reason: reason,
                    lines: cancellationLines, isCancellation: true))
        }
        if refund && order.financial != .pending { order.financial = .refunded }
        order.cancelledAt = now
        order.platformStatus = nil
        order.updatedAt = now
        upsert(order)
        return order
    }

    /// Refunds units of an order, each item restocked as it says (see ``SimRefundItem``).
    ///
    /// The amount is the lines' price times units unless `amount` is given. An order that never
    /// reduced stock (WooCommerce pending) moves none (`wc_restock_refunded_items` returns early).
    /// - Returns: The refund.
    @discardableResult
    public mutating func refund(
        order orderID: Int64, items: [SimRefundItem], amount: Money? = nil, reason: String = "", at now: Date
    ) throws(SimOrderError) -> SimRefund {
        guard var order = orders[orderID], order.trashedAt == nil else { throw .noSuchOrder(orderID) }
        var refundLines: [SimRefundLine] = []
        var moves: [(variant: Int64, committed: Int, available: Int)] = []
        let reduced = order.stockReduced
        for item in items {
            guard let index = order.lines.firstIndex(where: { $0.id == item.line }) else { throw .noSuchLine(item.line) }
            guard item.quantity > 0 else { throw .invalidQuantity(line: item.line) }
            let line = order.lines[index]
            let refundable = line.quantity - line.refundedQuantity - line.cancelledQuantity
            guard item.quantity <= refundable else { throw .tooMany(line: item.line, left: max(0, refundable)) }
            let unshipped: Int
            switch item.restock {
            case .cancel:
                guard item.quantity <= line.openQuantity else { throw .tooMany(line: item.line, left: line.openQuantity) }
                unshipped = item.quantity
            case .return:
                guard item.quantity <= line.shippedUnrefundedQuantity else {
                    throw .tooMany(line: item.line, left: line.shippedUnrefundedQuantity)
                }
                unshipped = 0
            case .none:
                unshipped = min(item.quantity, line.openQuantity)
                guard item.quantity - unshipped <= line.shippedUnrefundedQuantity else {
                    throw .tooMany(line: item.line, left: unshipped + line.shippedUnrefundedQuantity)
                }
            }
            order.lines[index].refundedQuantity += item.quantity
            order.lines[index].refundedUnshippedQuantity += unshipped
            if reduced {
                switch item.restock {
                case .cancel: moves.append((line.variantID, -unshipped, unshipped))
                case .return: moves.append((line.variantID, 0, item.quantity))
                case .none: moves.append((line.variantID, -unshipped, 0))
                }
                if item.restock.restocks {
                    order.lines[index].restockedQuantity += item.quantity
                    if item.restock == .return { order.lines[index].returnedQuantity += item.quantity }
                }
            }
            refundLines.append(
                SimRefundLine(
                    id: makeID(), orderLineID: item.line, quantity: item.quantity,
                    total: Money(minorUnits: line.price.minorUnits * Int64(item.quantity), currency: line.price.currency),
                    restock: reduced ? item.restock : .none))
        }
        for move in moves {
            moveStock(variant: move.variant, at: order.locationID, committed: move.committed, available: move.available, now: now)
        }
        let total = amount ?? Money(minorUnits: refundLines.reduce(0) { $0 + $1.total.minorUnits }, currency: order.currency)
        let refund = SimRefund(id: makeID(), createdAt: now, amount: total, reason: reason, lines: refundLines)
        order.refunds.append(refund)
        let everything = order.lines.allSatisfy { $0.refundedQuantity + $0.cancelledQuantity >= $0.quantity }
        order.financial = everything ? .refunded : .partiallyRefunded
        if order.fulfillment != .fulfilled, order.lines.allSatisfy({ $0.openQuantity == 0 }),
            order.lines.contains(where: { $0.fulfilledQuantity > 0 })
        {
            order.fulfillment = .fulfilled
        }
        order.updatedAt = now
        upsert(order)
        return refund
    }

    /// Refunds units without restocking any, open units first (the admin's plain refund).
    @discardableResult
    public mutating func refund(
        order orderID: Int64, quantities: [(line: Int64, quantity: Int)], amount: Money? = nil, reason: String = "", at now: Date
    ) throws(SimOrderError) -> SimRefund {
        try refund(
            order: orderID, items: quantities.map { SimRefundItem(line: $0.line, quantity: $0.quantity, restock: .none) },
            amount: amount, reason: reason, at: now)
    }

    /// The refund items for `quantities` when a merchant asks to restock or not: with restock,
    /// open units are cancelled back to available and shipped ones returned; Magento puts open
    /// units back whatever the merchant says (a credit memo compensates their reservation).
    public func refundItems(
        order orderID: Int64, quantities: [(line: Int64, quantity: Int)], restock: Bool, platform: Platform
    ) throws(SimOrderError) -> [SimRefundItem] {
        guard let order = orders[orderID], order.trashedAt == nil else { throw .noSuchOrder(orderID) }
        var items: [SimRefundItem] = []
        for (lineID, quantity) in quantities {
            guard let line = order.lines.first(where: { $0.id == lineID }) else { throw .noSuchLine(lineID) }
            guard quantity > 0 else { throw .invalidQuantity(line: lineID) }
            guard restock || platform == .magento else {
                items.append(SimRefundItem(line: lineID, quantity: quantity, restock: .none))
                continue
            }
            let unshipped = min(quantity, line.openQuantity)
            if unshipped > 0 { items.append(SimRefundItem(line: lineID, quantity: unshipped, restock: .cancel)) }
            if quantity > unshipped {
                items.append(SimRefundItem(line: lineID, quantity: quantity - unshipped, restock: restock ? .return : .none))
            }
        }
        return items
    }

    /// Moves an order to the trash (WooCommerce's `DELETE /orders/{id}` without `force`): it is
    /// no longer listed and its stock stays where it is (trashing runs no stock hook).
    @discardableResult
    public mutating func trash(order orderID: Int64, at now: Date) throws(SimOrderError) -> SimOrder {
        guard var order = orders[orderID], order.trashedAt == nil else { throw .noSuchOrder(orderID) }
        order.trashedAt = now
        order.updatedAt = now
        upsert(order)
        return order
    }

    /// WooCommerce's `wc_maybe_reduce_stock_levels` (processing, on-hold, completed; once per
    /// order): each line's units not yet refunded leave available and are held as committed.
    public mutating func reduceStock(_ order: inout SimOrder, now: Date) {
        guard !order.stockReduced else { return }
        for line in order.lines where line.openQuantity > 0 {
            moveStock(variant: line.variantID, at: order.locationID, committed: line.openQuantity, available: -line.openQuantity, now: now)
        }
        order.stockReduced = true
    }

    /// WooCommerce's `wc_maybe_increase_stock_levels` (cancelled, pending): each line's
    /// `_reduced_stock` (its units less those refunds restocked) goes back to available, shipped
    /// units too, and the order forgets it reduced stock. Nothing happens if it had not.
    public mutating func restoreReducedStock(_ order: inout SimOrder, now: Date) {
        guard order.stockReduced else { return }
        for index in order.lines.indices {
            let line = order.lines[index]
            let restore = max(0, line.quantity - refundRestocked(line.id, in: order))
            moveStock(variant: line.variantID, at: order.locationID, committed: -line.openQuantity, available: restore, now: now)
            order.lines[index].restockedQuantity += restore
            order.lines[index].returnedQuantity += min(max(0, restore - line.openQuantity), line.shippedUnrefundedQuantity)
        }
        order.stockReduced = false
    }

    /// The order unless it is in the trash (Shopify and Magento show no trashed orders).
    public func untrashedOrder(id: Int64) -> SimOrder? {
        orders[id].flatMap { $0.trashedAt == nil ? $0 : nil }
    }

    /// Units of a line put back by refunds (WooCommerce's `_restock_refunded_items`).
    public func refundRestocked(_ lineID: Int64, in order: SimOrder) -> Int {
        order.refunds.filter { !$0.isCancellation }.flatMap(\.lines)
            .filter { $0.orderLineID == lineID && $0.restock.restocks }.reduce(0) { $0 + $1.quantity }
    }

    /// Adds `committed` and `available` units (either may be negative) to one variant at one
    /// location, stamping it; committed never goes below zero (available may: a backorder).
    public mutating func moveStock(variant variantID: Int64, at locationID: Int64, committed: Int, available: Int, now: Date) {
        guard committed != 0 || available != 0 else { return }
        updateVariant(id: variantID) { product, variant in
            if committed != 0 { variant.committed[locationID] = max(0, (variant.committed[locationID] ?? 0) + committed) }
            if available != 0 { variant.available[locationID] = (variant.available[locationID] ?? 0) + available }
            variant.updatedAt = now
            product.updatedAt = now
        }
    }
}
