import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Creates and edits orders from WooCommerce bodies, with WooCommerce's stock rules
/// (`includes/wc-stock-functions.php`): stock is reduced once per order when it reaches
/// `processing`, `on-hold` or `completed` (`wc_maybe_reduce_stock_levels`), restored on `cancelled`
/// and `pending` only if it had been reduced (`wc_maybe_increase_stock_levels`); `failed` restores
/// nothing. `completed` ships the whole order. Units move at the order's location (the store's
/// first for orders made here), held as committed until they ship; `stock_quantity` is available.
struct OrderWriter: Sendable {
    var now: Date

    static let statuses = ["pending", "processing", "on-hold", "completed", "cancelled", "refunded", "failed"]

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
            lines.append(
                SimOrderLine(
                    id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku,
                    title: product.isSimple ? product.title : "\(product.title) - \(variant.title)", quantity: quantity,
                    price: variant.price
                ))
        }
        let customer = try Self.customer(from: body.object("billing"), default: nil)
        let order = SimOrder(
            id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .pending,
            fulfillment: .unfulfilled, locationID: location, customer: customer, lines: lines, createdAt: now, updatedAt: now,
            stockReduced: false
        )
        state.upsert(order)
        try transition(order.id, to: status, in: &state)
        return state.orders[order.id]!
    }

    func update(id: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> SimOrder {
        guard var order = state.orders[id] else { throw .invalidID(.order) }
        if let billing = try body.object("billing") {
            order.customer = try Self.customer(from: billing, default: order.customer)
            state.upsert(order)
        }
        if try body.bool("set_paid") == true, order.financial == .pending {
            try transition(id, to: "processing", in: &state)
        }
        if let status = try body.string("status") {
            guard Self.statuses.contains(status) else { throw Self.invalidStatus }
            try transition(id, to: status, in: &state)
        }
        order = state.orders[id]!
        order.updatedAt = now
        state.upsert(order)
        return order
    }

    /// `DELETE /orders/{id}`: to the trash (still readable by id, status `trash`, no longer
    /// listed), or gone with `force=true`. Neither moves stock.
    func delete(id: Int64, force: Bool, in state: inout ShopState) throws(WooError) -> SimOrder {
        if force {
            guard let order = state.removeOrder(id: id) else { throw .invalidID(.order) }
            return order
        }
        do {
            return try state.trash(order: id, at: now)
        } catch {
            throw .invalidID(.order)
        }
    }

    static let invalidStatus = WooError.invalidParam("status", "status is not one of \(statuses.joined(separator: ", ")).")

    private func transition(_ id: Int64, to status: String, in state: inout ShopState) throws(WooError) {
        guard var order = state.orders[id] else { throw .invalidID(.order) }
        guard WooRenderer.status(order) != status else { return }
        if order.cancelledAt != nil && status != "cancelled" {
            // Reopened: the cancelled units are on the order again.
            order.cancelledAt = nil
            for index in order.lines.indices { order.lines[index].cancelledQuantity = 0 }
        }
        order.platformStatus = nil
        switch status {
        case "processing", "on-hold":
            state.reduceStock(&order, now: now)
            if status == "processing", order.financial == .pending { order.financial = .paid }
            if status == "on-hold" { order.platformStatus = status }
            state.upsert(order)
        case "completed":
            if order.financial == .pending { order.financial = .paid }
            state.reduceStock(&order, now: now)
            state.upsert(order)
            if order.lines.contains(where: { $0.openQuantity > 0 }) {
                do { try state.ship(order: id, at: now) } catch { throw Self.cannotUpdate(error) }
            }
        case "cancelled":
            state.upsert(order)
            do { try state.cancel(order: id, platform: .woocommerce, at: now) } catch { throw Self.cannotUpdate(error) }
        case "pending":
            state.restoreReducedStock(&order, now: now)
            order.platformStatus = status
            state.upsert(order)
        case "failed":
            // Core WooCommerce restores nothing on failed: the units stay reduced.
            order.financial = .voided
            state.upsert(order)
        case "refunded":
            // wc_order_fully_refunded refunds the amount left, with no line items and no restock.
            order.financial = .refunded
            for index in order.lines.indices { order.lines[index].refundedQuantity = order.lines[index].quantity }
            state.upsert(order)
        default:
            state.upsert(order)
        }
    }

    static func cannotUpdate(_ error: SimOrderError) -> WooError {
        WooError(code: "woocommerce_rest_cannot_update", message: error.description, status: 400)
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
                throw WooError(
                    code: "woocommerce_rest_invalid_product_id",
                    message: "Product ID provided is invalid (a variable product needs a variation_id).", status: 400)
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
