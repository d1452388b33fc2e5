import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Creates and edits orders from WooCommerce bodies. As in WooCommerce, stock leaves when an order
/// reaches `processing`, `on-hold` or `completed` and comes back when it is cancelled, refunded or
/// fails; units move at the order's location (the store's first for orders made here), counted as
/// committed until the order is completed.
struct OrderWriter: Sendable {
    var now: Date

    static let statuses = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed"]
    static let holdsStock: Set<String> = ["processing", "on-hold", "completed"]

    func create(_ body: BodyFields, in state: inout ShopState) throws(WooError) -> SimOrder {
        let setPaid = try body.bool("set_paid") ?? false
        let status = try body.string("status") ?? (setPaid ? "processing" : "pending")
        guard Self.statuses.contains(status) else { throw Self.invalidStatus }
        guard let location = state.locations.first?.id else {
            throw WooError(code: "woocommerce_rest_cannot_create", message: "The store has no stock location to sell from.", status: 400)
        }
        var lines: [SimOrderLine] = []
        for (index, item) in (try body.array("line_items") ?? []).enumerated() {
            guard case .object(let fields) = item else { throw .invalidParam("line_items", "line_items[\(index)] is not of type object.") }
            let line = BodyFields(fields)
            let quantity = try line.int("quantity") ?? 1
            guard quantity > 0 else { throw .invalidParam("line_items", "line_items[\(index)][quantity] must be greater than 0.") }
            let (product, variant) = try resolve(line, in: state)
            lines.append(SimOrderLine(
                id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku,
                title: product.isSimple ? product.title : "\(product.title) - \(variant.title)", quantity: quantity, price: variant.price
            ))
        }
        let customer = try Self.customer(from: body.object("billing"), default: nil)
        var order = SimOrder(
            id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .pending,
            fulfillment: .unfulfilled, locationID: location, customer: customer, lines: lines, createdAt: now, updatedAt: now
        )
        try transition(&order, to: status, from: "pending", in: &state)
        state.upsert(order)
        return order
    }

    func update(id: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> SimOrder {
        guard var order = state.orders[id] else { throw .invalidID(.order) }
        if let billing = try body.object("billing") { order.customer = try Self.customer(from: billing, default: order.customer) }
        if try body.bool("set_paid") == true, order.financial == .pending {
            try transition(&order, to: "processing", from: WooRenderer.status(order), in: &state)
        }
        if let status = try body.string("status") {
            guard Self.statuses.contains(status) else { throw Self.invalidStatus }
            try transition(&order, to: status, from: WooRenderer.status(order), in: &state)
        }
        order.updatedAt = now
        state.upsert(order)
        return order
    }

    func delete(id: Int64, in state: inout ShopState) throws(WooError) -> SimOrder {
        guard let order = state.removeOrder(id: id) else { throw .invalidID(.order) }
        return order
    }

    static let invalidStatus = WooError.invalidParam("status", "status is not one of \(statuses.joined(separator: ", ")).")

    private func transition(_ order: inout SimOrder, to status: String, from old: String, in state: inout ShopState) throws(WooError) {
        let wasHeld = Self.holdsStock.contains(old) && order.cancelledAt == nil
        let willHold = Self.holdsStock.contains(status)
        let location = order.locationID
        let now = self.now
        for line in order.lines {
            state.updateVariant(id: line.variantID) { product, variant in
                if !wasHeld && willHold {
                    StockWriter.move(line.quantity, committing: status != "completed", on: &variant, at: location)
                } else if wasHeld && !willHold {
                    StockWriter.move(-line.quantity, committing: old != "completed", on: &variant, at: location)
                } else if wasHeld && willHold && old != "completed" && status == "completed" {
                    variant.committed[location] = max(0, (variant.committed[location] ?? 0) - line.quantity)
                } else {
                    return
                }
                variant.updatedAt = now
                product.updatedAt = now
            }
        }
        switch status {
        case "pending", "on-hold": order.financial = .pending; order.fulfillment = .unfulfilled; order.cancelledAt = nil
        case "processing": order.financial = .paid; order.fulfillment = .unfulfilled; order.cancelledAt = nil
        case "completed":
            order.financial = .paid
            order.fulfillment = .fulfilled
            order.cancelledAt = nil
            for index in order.lines.indices { order.lines[index].fulfilledQuantity = order.lines[index].quantity }
        case "cancelled": order.cancelledAt = now
        case "refunded":
            order.financial = .refunded
            for index in order.lines.indices { order.lines[index].refundedQuantity = order.lines[index].quantity }
        case "failed": order.financial = .voided
        default: break
        }
    }

    /// The variant a line item names: `variation_id`, else a simple product's `product_id`, else `sku`.
    private func resolve(_ line: BodyFields, in state: borrowing ShopState) throws(WooError) -> (SimProduct, SimVariant) {
        let invalid = WooError(code: "woocommerce_rest_invalid_product_id", message: "Product ID provided is invalid.", status: 400)
        if let variationID = try line.int("variation_id"), variationID != 0 {
            guard let found = state.variant(id: Int64(variationID)), !found.product.isSimple else { throw invalid }
            return found
        }
        if let productID = try line.int("product_id"), productID != 0 {
            guard let product = state.product(id: Int64(productID)), product.isSimple, let variant = product.variants.first else {
                throw WooError(code: "woocommerce_rest_invalid_product_id", message: "Product ID provided is invalid (a variable product needs a variation_id).", status: 400)
            }
            return (product, variant)
        }
        if let sku = try line.string("sku"), let found = state.variants(sku: sku).first { return found }
        throw invalid
    }

    private static func customer(from billing: JSONObject?, default current: SimCustomer?) throws(WooError) -> SimCustomer {
        let fields = BodyFields(billing ?? JSONObject())
        return SimCustomer(
            firstName: try fields.string("first_name") ?? current?.firstName ?? "",
            lastName: try fields.string("last_name") ?? current?.lastName ?? "",
            email: try fields.string("email") ?? current?.email ?? "",
            address: try fields.string("address_1") ?? current?.address ?? "",
            city: try fields.string("city") ?? current?.city ?? "",
            postcode: try fields.string("postcode") ?? current?.postcode ?? "",
            country: try fields.string("country") ?? current?.country ?? ""
        )
    }
}
