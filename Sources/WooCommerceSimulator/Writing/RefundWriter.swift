import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Creates refunds from `POST /orders/{id}/refunds` bodies: `amount`, `reason`, `api_refund` and
/// `line_items: [{id, quantity, refund_total}]`, `id` being the order line's
/// (https://woocommerce.github.io/woocommerce-rest-api-docs/#create-a-refund).
///
/// Orders made here are paid by bank transfer (`bacs`), a gateway without automatic refunds, so a
/// refund must say `"api_refund": false` (a manual refund), as it must in a real store with that
/// gateway. `api_restock` (default true in the refunds controller) puts the refunded units back
/// into stock as `wc_restock_refunded_items` does: only if the order had reduced stock.
struct RefundWriter: Sendable {
    var now: Date

    func create(order orderID: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> (SimOrder, SimRefund) {
        guard let order = state.orders[orderID] else { throw .invalidID(.order) }
        if try body.bool("api_refund") ?? true {
            // wc_refund_payment's answer for a gateway that does not support refunds, as the
            // refunds controller wraps it.
            throw Self.cannotCreate("The payment gateway for this order does not support automatic refunds.")
        }
        var quantities: [(line: Int64, quantity: Int)] = []
        var lineTotal: Int64 = 0
        for (index, item) in (try body.array("line_items") ?? []).enumerated() {
            guard case .object(let fields) = item else { throw .invalidParam("line_items", "line_items[\(index)] is not of type object.") }
            let line = BodyFields(fields)
            guard let id = try line.int("id") else { throw .invalidParam("line_items", "line_items[\(index)][id] is required.") }
            let quantity = try line.int("quantity") ?? 0
            if quantity > 0 { quantities.append((Int64(id), quantity)) }
            if let total = try line.money("refund_total", currency: order.currency), let total { lineTotal += total.minorUnits }
        }
        let given = try body.money("amount", currency: order.currency).flatMap { $0 }
        let amount = given ?? Money(minorUnits: lineTotal, currency: order.currency)
        guard amount.minorUnits > 0 else {
            throw WooError(code: "woocommerce_rest_invalid_order_refund", message: "Refund amount must be greater than zero.", status: 400)
        }
        let refunded = order.refunds.reduce(Int64(0)) { $0 + $1.amount.minorUnits }
        guard amount.minorUnits <= order.total.minorUnits - refunded else { throw Self.cannotCreate("Invalid refund amount.") }
        let restock = try body.bool("api_restock") ?? true
        do {
            let reason = try body.string("reason") ?? ""
            let items = try state.refundItems(order: orderID, quantities: quantities, restock: restock, platform: .woocommerce)
            let refund = try state.refund(order: orderID, items: items, amount: amount, reason: reason, at: now)
            return (state.orders[orderID]!, refund)
        } catch {
            throw Self.cannotCreate("Invalid refund quantity (\(error)).")
        }
    }

    /// `woocommerce_rest_cannot_create_order_refund`, 500: how WC_REST_Order_Refunds_Controller
    /// reports a WP_Error from wc_create_refund.
    static func cannotCreate(_ message: String) -> WooError {
        WooError(code: "woocommerce_rest_cannot_create_order_refund", message: message, status: 500)
    }
}
