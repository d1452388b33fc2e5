import CatalogModel
import Foundation
import JSONValue
import MessageAuthentication
import SimulatorCore

/// Orders as WooCommerce REST v3 shows them. They carry the (made-up) shopper in `billing` and
/// `shipping`, as real orders do, so that tests can prove Concord drops them.
///
/// Status from the store's order: trashed → `trash`; cancelled → `cancelled`; a status WooCommerce
/// set (`on-hold`, `pending`) as it is; refunded → `refunded`; pending → `pending`; voided →
/// `failed`; paid and fulfilled → `completed`; otherwise `processing`.
/// No taxes, shipping or discounts: totals are the line totals.
extension WooRenderer {
    static func status(_ order: SimOrder) -> String {
        if order.trashedAt != nil { return "trash" }
        if order.cancelledAt != nil { return "cancelled" }
        if let status = order.platformStatus { return status }
        switch order.financial {
        case .refunded: return "refunded"
        case .pending: return "pending"
        case .voided: return "failed"
        case .paid, .partiallyRefunded: return order.fulfillment == .fulfilled ? "completed" : "processing"
        }
    }

    func order(_ order: SimOrder, in state: borrowing ShopState, statusOverride: String? = nil) -> JSONValue {
        let status = statusOverride ?? Self.status(order)
        let isPaid = [.paid, .partiallyRefunded, .refunded].contains(order.financial)
        let zero = Money(minorUnits: 0, currency: order.currency).amountString
        var object = JSONObject()
        object["id"] = .int(order.id)
        object["parent_id"] = 0
        object["number"] = .string(String(order.number))
        object["order_key"] = .string("wc_order_" + Hex.encode(SHA256.hash("order-key:\(order.id)").prefix(7)).prefix(13))
        object["created_via"] = "checkout"
        object["version"] = "9.4.0"
        object["status"] = .string(status)
        object["currency"] = .string(order.currency.code)
        object["date_created"] = .string(dates.local(order.createdAt))
        object["date_created_gmt"] = .string(dates.gmt(order.createdAt))
        object["date_modified"] = .string(dates.local(order.updatedAt))
        object["date_modified_gmt"] = .string(dates.gmt(order.updatedAt))
        object["discount_total"] = .string(zero)
        object["discount_tax"] = .string(zero)
        object["shipping_total"] = .string(zero)
        object["shipping_tax"] = .string(zero)
        object["cart_tax"] = .string(zero)
        object["total"] = .string(order.total.amountString)
        object["total_tax"] = .string(zero)
        object["prices_include_tax"] = false
        object["customer_id"] = 0
        object["customer_ip_address"] = ""
        object["customer_user_agent"] = ""
        object["customer_note"] = ""
        let customer = order.customer
        object["billing"] = [
            "first_name": .string(customer.firstName), "last_name": .string(customer.lastName), "company": "",
            "address_1": .string(customer.address), "address_2": "", "city": .string(customer.city), "state": "",
            "postcode": .string(customer.postcode), "country": .string(customer.country),
            "email": .string(customer.email), "phone": "",
        ]
        object["shipping"] = [
            "first_name": .string(customer.firstName), "last_name": .string(customer.lastName), "company": "",
            "address_1": .string(customer.address), "address_2": "", "city": .string(customer.city), "state": "",
            "postcode": .string(customer.postcode), "country": .string(customer.country),
        ]
        object["payment_method"] = "bacs"
        object["payment_method_title"] = "Direct bank transfer"
        object["transaction_id"] = ""
        object["date_paid"] = isPaid ? .string(dates.local(order.createdAt)) : .null
        object["date_paid_gmt"] = isPaid ? .string(dates.gmt(order.createdAt)) : .null
        let completed = order.fulfillment == .fulfilled
        object["date_completed"] = completed ? .string(dates.local(order.updatedAt)) : .null
        object["date_completed_gmt"] = completed ? .string(dates.gmt(order.updatedAt)) : .null
        object["cart_hash"] = ""
        object["meta_data"] = []
        object["line_items"] = .array(order.lines.map { line in lineItem(line, of: order, in: state) })
        object["tax_lines"] = []
        object["shipping_lines"] = []
        object["fee_lines"] = []
        object["coupon_lines"] = []
        // Newest first, each as `{id, reason, total}` with the total negative, as
        // WC_REST_Orders_V2_Controller::get_formatted_item_data lists them.
        let refunds = order.refunds.reversed().filter { !$0.isCancellation }.map { refund -> JSONValue in
            ["id": .int(refund.id), "reason": .string(refund.reason), "total": .string("-" + refund.amount.amountString)]
        }
        object["refunds"] = .array(refunds)
        object["_links"] = [
            "self": [["href": .string("\(apiBase)/orders/\(order.id)")]],
            "collection": [["href": .string("\(apiBase)/orders")]],
        ]
        return .object(object)
    }

    private func lineItem(_ line: SimOrderLine, of order: SimOrder, in state: borrowing ShopState) -> JSONValue {
        let owner = state.variant(id: line.variantID)
        let isVariation = Self.isVariation(line, in: state)
        let total = Money(minorUnits: line.price.minorUnits * Int64(line.quantity), currency: line.price.currency)
        let zero = Money(minorUnits: 0, currency: line.price.currency).amountString
        var meta: [JSONValue] = []
        if let owner, isVariation {
            for (index, pair) in zip(owner.product.optionNames, owner.variant.options).enumerated() {
                meta.append(["id": .int(line.id * 10 + Int64(index)), "key": .string(Self.slug(pair.0)), "value": .string(pair.1)])
            }
        }
        // The stock bookkeeping WooCommerce keeps on the item and the REST API shows as meta:
        // `_reduced_stock` (units wc_reduce_stock_levels took, less refunds' restocks; deleted when
        // wc_increase_stock_levels puts them back) and `_restock_refunded_items` (wc_restock_refunded_items).
        let restocked = state.refundRestocked(line.id, in: order)
        if order.stockReduced, owner?.variant.tracksInventory ?? true {
            meta.append(["id": .int(line.id * 10 + 7), "key": "_reduced_stock", "value": .string(String(line.quantity - restocked))])
        }
        if restocked > 0 {
            meta.append(["id": .int(line.id * 10 + 8), "key": "_restock_refunded_items", "value": .string(String(restocked))])
        }
        return [
            "id": .int(line.id),
            "name": .string(line.title),
            "product_id": .int(line.productID),
            "variation_id": .int(isVariation ? line.variantID : 0),
            "quantity": .int(line.quantity),
            "tax_class": "",
            "subtotal": .string(total.amountString),
            "subtotal_tax": .string(zero),
            "total": .string(total.amountString),
            "total_tax": .string(zero),
            "taxes": [],
            "meta_data": .array(meta),
            "sku": .string(line.sku),
            // WooCommerce sends the unit price as a JSON number (a PHP float); written from the exact decimal.
            "price": .decimal(line.price.decimal),
        ]
    }

    static func isVariation(_ line: SimOrderLine, in state: borrowing ShopState) -> Bool {
        state.variant(id: line.variantID).map { !$0.product.isSimple } ?? (line.variantID != 0 && line.variantID != line.productID)
    }

    /// A refund as `GET /orders/{id}/refunds` shows it (fixtures/woocommerce/order-refunds--list-all-refunds.json):
    /// each refunded line is a copy of the order line with negative quantity and totals, and a
    /// `_refunded_item_id` meta naming the order line.
    func refund(_ refund: SimRefund, of order: SimOrder, in state: borrowing ShopState) -> JSONValue {
        let zero = Money(minorUnits: 0, currency: order.currency).amountString
        let lines: [JSONValue] = refund.lines.compactMap { refunded in
            guard let line = order.lines.first(where: { $0.id == refunded.orderLineID }) else { return nil }
            let total = "-" + refunded.total.amountString
            return [
                "id": .int(refunded.id),
                "name": .string(line.title),
                "product_id": .int(line.productID),
                "variation_id": .int(Self.isVariation(line, in: state) ? line.variantID : 0),
                "quantity": .int(-refunded.quantity),
                "tax_class": "",
                "subtotal": .string(total),
                "subtotal_tax": .string(zero),
                "total": .string(total),
                "total_tax": .string(zero),
                "taxes": [],
                "meta_data": [["id": .int(refunded.id * 10), "key": "_refunded_item_id", "value": .string(String(line.id))]],
                "sku": .string(line.sku),
                "price": .decimal(-line.price.decimal),
            ]
        }
        return [
            "id": .int(refund.id),
            "date_created": .string(dates.local(refund.createdAt)),
            "date_created_gmt": .string(dates.gmt(refund.createdAt)),
            "amount": .string(refund.amount.amountString),
            "reason": .string(refund.reason),
            "refunded_by": 1,
            "refunded_payment": false,
            "meta_data": [],
            "line_items": .array(lines),
            "_links": [
                "self": [["href": .string("\(apiBase)/orders/\(order.id)/refunds/\(refund.id)")]],
                "collection": [["href": .string("\(apiBase)/orders/\(order.id)/refunds")]],
                "up": [["href": .string("\(apiBase)/orders/\(order.id)")]],
            ],
        ]
    }
}
