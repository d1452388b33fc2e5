import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// An order as `sales-data-order-interface`, with what Magento adds that Concord must not keep:
/// the shopper's name and email, the billing address and the shipping address.
///
/// State and status follow from the simulator's order: cancelled or voided → `canceled`;
/// refunded → `closed`; paid and fully shipped → `complete`; paid otherwise → `processing`;
/// unpaid → `new`/`pending`. Items carry `qty_ordered`, `qty_shipped`, `qty_refunded`,
/// `qty_canceled` and `qty_invoiced` as numbers. An in-store pickup order names its source in
/// `extension_attributes.pickup_location_code`. A line of a configurable product is two items
/// when `splitsConfigurableOrderItems` is on (see ``MagentoPlatform/Options``).
struct MagentoOrder {
    var order: SimOrder
    /// The store's products now, to tell configurable lines from simple ones.
    var catalog: MagentoCatalog
    var splitsConfigurableItems: Bool

    var incrementID: String {
        let digits = String(order.number)
        return String(repeating: "0", count: max(0, 9 - digits.count)) + digits
    }

    var state: (state: String, status: String) {
        // Order::registerCancellation: an order with shipped items ends complete, not canceled.
        if order.cancelledAt != nil, order.lines.contains(where: { $0.fulfilledQuantity > 0 }) { return ("complete", "complete") }
        if order.cancelledAt != nil || order.financial == .voided { return ("canceled", "canceled") }
        switch order.financial {
        case .refunded: return ("closed", "closed")
        case .pending: return ("new", "pending")
        default: return order.fulfillment == .fulfilled ? ("complete", "complete") : ("processing", "processing")
        }
    }

    /// The item id of a configurable line's simple child; the line's own id is the parent's.
    static func childItemID(_ line: SimOrderLine) -> Int64 { 1_000_000_000 + line.id }

    var json: JSONValue {
        let currency = JSONValue.string(order.currency.code)
        let total = JSONValue.decimal(order.total.decimal)
        let quantity = order.lines.reduce(0) { $0 + $1.quantity }
        let paid = [.paid, .refunded, .partiallyRefunded].contains(order.financial)
        let refunded = order.lines.reduce(Int64(0)) { $0 + $1.price.minorUnits * Int64($1.refundedQuantity) }
        var object = JSONObject()
        object["base_currency_code"] = currency
        object["base_discount_amount"] = 0
        object["base_grand_total"] = total
        object["base_shipping_amount"] = 0
        object["base_subtotal"] = total
        object["base_tax_amount"] = 0
        object["created_at"] = .string(MagentoDate.format(order.createdAt))
        object["customer_email"] = .string(order.customer.email)
        object["customer_firstname"] = .string(order.customer.firstName)
        object["customer_lastname"] = .string(order.customer.lastName)
        object["customer_is_guest"] = 1
        object["customer_note_notify"] = 1
        object["discount_amount"] = 0
        object["entity_id"] = .int(order.id)
        object["global_currency_code"] = currency
        object["grand_total"] = total
        object["increment_id"] = .string(incrementID)
        object["order_currency_code"] = currency
        object["shipping_amount"] = 0
        object["shipping_description"] = order.isPickup ? "In-Store Pickup Delivery - Pick in Store" : "Flat Rate - Fixed"
        object["state"] = .string(state.state)
        object["status"] = .string(state.status)
        object["store_currency_code"] = currency
        object["store_id"] = 1
        object["store_name"] = "Main Website\nMain Website Store\nDefault Store View"
        object["subtotal"] = total
        object["tax_amount"] = 0
        object["total_due"] = paid ? 0 : total
        object["total_item_count"] = .int(order.lines.count)
        object["total_paid"] = paid ? total : 0
        object["total_qty_ordered"] = .int(quantity)
        object["total_refunded"] = .decimal(Money(minorUnits: refunded, currency: order.currency).decimal)
        object["updated_at"] = .string(MagentoDate.format(order.updatedAt))
        object["items"] = .array(order.lines.flatMap(items))
        object["billing_address"] = address(type: "billing", id: order.id * 10 + 1)
        object["payment"] = [
            "account_status": .null, "additional_information": [], "amount_ordered": total, "base_amount_ordered": total,
            "entity_id": .int(order.id), "method": "checkmo", "parent_id": .int(order.id),
        ]
        object["status_histories"] = []
        var extensions: JSONObject = [
            "shipping_assignments": [
                [
                    "shipping": [
                        "address": address(type: "shipping", id: order.id * 10 + 2),
                        "method": order.isPickup ? "instore_pickup" : "flatrate_flatrate",
                    ],
                    "items": .array(order.lines.flatMap(items)),
                ]
            ]
        ]
        // In-store pickup (`Magento_InventoryInStorePickupSales`): the source the shopper collects
        // from, `sales-data-order-extension-interface.pickup_location_code` in the admin schema.
        if order.isPickup, let source = catalog.locations.first(where: { $0.id == order.locationID }) {
            extensions["pickup_location_code"] = .string(source.code)
        }
        object["extension_attributes"] = .object(extensions)
        return .object(object)
    }

    private func address(type: String, id: Int64) -> JSONValue {
        let customer = order.customer
        return [
            "address_type": .string(type), "city": .string(customer.city), "country_id": .string(customer.country),
            "email": .string(customer.email), "entity_id": .int(id), "firstname": .string(customer.firstName),
            "lastname": .string(customer.lastName), "parent_id": .int(order.id), "postcode": .string(customer.postcode),
            "street": [.string(customer.address)], "telephone": "0000000000",
        ]
    }

    private func items(_ line: SimOrderLine) -> [JSONValue] {
        let product = catalog.entity(id: line.productID)
        let child = catalog.entity(id: line.variantID)
        let isConfigurable = product?.kind == .configurable
        // A seeded cancelled order has no per-line cancellation: what did not ship was cancelled.
        let cancelled =
            line.cancelledQuantity > 0 || order.cancelledAt == nil && order.financial != .voided
            ? line.cancelledQuantity : max(0, line.quantity - line.fulfilledQuantity)
        let invoiced = [.paid, .refunded, .partiallyRefunded].contains(order.financial) ? line.quantity : 0
        func item(id: Int64, productID: Int64, type: String, name: String, price: Money, parent: JSONValue?) -> JSONValue {
            var object = JSONObject()
            object["amount_refunded"] = .decimal(
                Money(minorUnits: price.minorUnits * Int64(line.refundedQuantity), currency: price.currency).decimal)
            object["base_price"] = .decimal(price.decimal)
            object["base_row_total"] = .decimal(
                Money(minorUnits: price.minorUnits * Int64(line.quantity), currency: price.currency).decimal)
            object["created_at"] = .string(MagentoDate.format(order.createdAt))
            object["item_id"] = .int(id)
            object["name"] = .string(name)
            object["order_id"] = .int(order.id)
            object["price"] = .decimal(price.decimal)
            object["product_id"] = .int(productID)
            object["product_type"] = .string(type)
            object["qty_canceled"] = .int(cancelled)
            object["qty_invoiced"] = .int(invoiced)
            object["qty_ordered"] = .int(line.quantity)
            object["qty_refunded"] = .int(line.refundedQuantity)
            object["qty_shipped"] = .int(line.fulfilledQuantity)
            object["row_total"] = object["base_row_total"]
            object["sku"] = .string(line.sku)
            object["store_id"] = 1
            object["updated_at"] = .string(MagentoDate.format(order.updatedAt))
            if let parent {
                object["parent_item"] = parent
                object["parent_item_id"] = parent["item_id"]
            }
            return .object(object)
        }
        guard isConfigurable, splitsConfigurableItems else {
            let productID = isConfigurable ? line.variantID : line.productID
            return [
                item(id: line.id, productID: productID, type: "simple", name: child?.name ?? line.title, price: line.price, parent: nil)
            ]
        }
        let parent = item(
            id: line.id, productID: line.productID, type: "configurable", name: product?.name ?? line.title, price: line.price, parent: nil)
        let zero = Money(minorUnits: 0, currency: line.price.currency)
        let childItem = item(
            id: Self.childItemID(line), productID: line.variantID, type: "simple", name: child?.name ?? line.title, price: zero,
            parent: parent)
        return [parent, childItem]
    }

    // MARK: Searching

    static let fields: Set<String> = [
        "entity_id", "increment_id", "state", "status", "created_at", "updated_at", "customer_email", "grand_total",
        "store_id", "order_currency_code", "customer_firstname", "customer_lastname", "total_qty_ordered",
    ]

    func field(_ name: String) -> FieldValue {
        switch name {
        case "entity_id": .number(Decimal(order.id))
        case "increment_id": .text(incrementID)
        case "state": .text(state.state)
        case "status": .text(state.status)
        case "created_at": .date(order.createdAt)
        case "updated_at": .date(order.updatedAt)
        case "customer_email": .text(order.customer.email)
        case "customer_firstname": .text(order.customer.firstName)
        case "customer_lastname": .text(order.customer.lastName)
        case "grand_total": .number(order.total.decimal)
        case "store_id": .number(1)
        case "order_currency_code": .text(order.currency.code)
        case "total_qty_ordered": .number(Decimal(order.lines.reduce(0) { $0 + $1.quantity }))
        default: .null
        }
    }
}
