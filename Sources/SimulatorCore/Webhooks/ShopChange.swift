import Foundation

/// Something in a simulated store that a platform announces by webhook: an order placed or
/// changed, a product's fields, or one inventory level.
///
/// Changes are found by comparing two states of the store (``ShopState/changes(since:)``) rather
/// than by hooking every writer: a sale from the live activity, an edit through `/_sim/`, and a
/// write through the platform API (Concord's own, which real platforms announce too) all show up
/// the same way, and nothing that moves the state can forget to announce itself.
public enum ShopChange: Hashable, Sendable {
    case orderCreated(orderID: Int64)
    case orderUpdated(orderID: Int64)
    /// A product or some of its variants changed (any field, stock included: Shopify sends
    /// `products/update` beside `inventory_levels/update` for a stock change).
    case productUpdated(productID: Int64, variantIDs: [Int64])
    /// The available units of one variant at one location changed.
    case inventoryLevel(variantID: Int64, locationID: Int64)
}

extension ShopState {
    /// What changed from `old` to this state, orders first, in the store's own order.
    ///
    /// Costs one comparison per product and order (values compared, no copying): fine for the
    /// simulator's stores, and run off the request path by whoever publishes webhooks.
    public func changes(since old: ShopState) -> [ShopChange] {
        var changes: [ShopChange] = []
        for id in orderIDs {
            guard let order = orders[id] else { continue }
            if let before = old.orders[id] {
                if before != order { changes.append(.orderUpdated(orderID: id)) }
            } else {
                changes.append(.orderCreated(orderID: id))
            }
        }
        var levels: [ShopChange] = []
        for id in productIDs {
            guard let product = products[id], old.products[id] != product else { continue }
            let before = old.products[id]
            var variantIDs: [Int64] = []
            for variant in product.variants {
                let previous = before?.variants.first { $0.id == variant.id }
                guard previous != variant else { continue }
                variantIDs.append(variant.id)
                let locationIDs = Set(variant.available.keys).union(previous?.available.keys ?? [:].keys).sorted()
                for location in locationIDs where variant.available[location] != previous?.available[location] {
                    levels.append(.inventoryLevel(variantID: variant.id, locationID: location))
                }
            }
            changes.append(.productUpdated(productID: id, variantIDs: variantIDs))
        }
        return changes + levels
    }

    /// A shopper's order of `quantity` units of one variant at one location, as a checkout makes
    /// it: the units go from available to committed there, and a paid, unfulfilled order appears.
    ///
    /// - Parameters:
    ///   - paid: `false` makes a pending (unpaid) order.
    ///   - reducesStock: `false` for an order that takes no stock yet (a WooCommerce pending
    ///     order: stock is reduced on processing, on-hold or completed).
    /// - Returns: The new order, or `nil` when the variant is unknown or has fewer units there.
    @discardableResult
    public mutating func placeOrder(
        variantID: Int64, locationID: Int64, quantity: Int, customer: SimCustomer, paid: Bool = true, reducesStock: Bool = true,
        now: Date
    ) -> SimOrder? {
        guard quantity > 0, let (product, variant) = variant(id: variantID) else { return nil }
        let stock = variant.available[locationID] ?? 0
        guard stock >= quantity || !variant.tracksInventory || variant.allowsBackorder else { return nil }
        if reducesStock {
            updateVariant(id: variantID) { _, variant in
                variant.available[locationID] = stock - quantity
                variant.committed[locationID, default: 0] += quantity
                variant.updatedAt = now
            }
        }
        let orderID = makeID()
        let line = SimOrderLine(
            id: makeID(), productID: product.id, variantID: variant.id, sku: variant.sku, title: product.title, quantity: quantity,
            price: variant.price)
        let order = SimOrder(
            id: orderID, number: makeOrderNumber(), currency: currency, financial: paid ? .paid : .pending, fulfillment: .unfulfilled,
            locationID: locationID, customer: customer, lines: [line], createdAt: now, updatedAt: now, cancelledAt: nil,
            stockReduced: reducesStock)
        upsert(order)
        return order
    }
}
