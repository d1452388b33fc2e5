import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Webhook bodies as Shopify posts them: the REST Admin resource of the topic (webhooks keep the
/// REST shape although the Admin API is GraphQL-first).
public enum ShopifyWebhookPayload {
    /// `refunds/create`: the REST Refund resource (shopify.dev/docs/api/admin-rest/latest/resources/refund,
    /// the shape of fixtures/shopify/rest/refund.json), with each refund line's `restock_type`
    /// and `location_id` and its order line under `line_item`.
    ///
    /// - Parameters:
    ///   - restockType: `cancel` (unshipped units put back), `return` (shipped units put back) or
    ///     `no_restock`.
    ///   - locationID: Where restocked units went; omitted for `no_restock`.
    public static func refund(_ refund: SimRefund, order: SimOrder, restockType: String, locationID: Int64?) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(refund.id)
        object["admin_graphql_api_id"] = .string("gid://shopify/Refund/\(refund.id)")
        object["order_id"] = .int(order.id)
        object["created_at"] = .string(refund.createdAt.formatted(.iso8601))
        object["processed_at"] = .string(refund.createdAt.formatted(.iso8601))
        object["note"] = .string(refund.reason)
        object["restock"] = .bool(restockType != "no_restock")
        object["refund_line_items"] = .array(
            refund.lines.compactMap { refundLine -> JSONValue? in
                guard let line = order.lines.first(where: { $0.id == refundLine.orderLineID }) else { return nil }
                var item = JSONObject()
                item["id"] = .int(refundLine.id)
                item["quantity"] = .int(Int64(refundLine.quantity))
                item["line_item_id"] = .int(line.id)
                // Each refund line says how it was restocked; `restockType` is for lines that do not.
                let lineRestock = refundLine.restock.restocks ? refundLine.restock.rawValue : restockType
                item["location_id"] = lineRestock == "no_restock" ? JSONValue.null : locationID.map { JSONValue.int($0) } ?? JSONValue.null
                item["restock_type"] = .string(lineRestock)
                item["subtotal"] = .string(refundLine.total.amountString)
                item["line_item"] = [
                    "id": .int(line.id), "admin_graphql_api_id": .string("gid://shopify/LineItem/\(line.id)"),
                    "variant_id": .int(line.variantID), "product_id": .int(line.productID), "title": .string(line.title),
                    "quantity": .int(Int64(line.quantity)), "price": .string(line.price.amountString), "sku": .string(line.sku),
                    "name": .string(line.title),
                    "fulfillable_quantity": .int(Int64(line.openQuantity)),
                    "fulfillment_status": line.fulfilledQuantity >= line.quantity ? JSONValue.string("fulfilled") : JSONValue.null,
                ]
                return .object(item)
            })
        object["transactions"] = []
        object["order_adjustments"] = []
        return .object(object)
    }

    /// `orders/create` and `orders/updated`: the REST Order (fixtures/shopify/rest/order.json)
    /// with its line items, each naming its `sku`, and the location it was sold at. The
    /// simulator leaves out the customer, the addresses and the email a real delivery carries:
    /// nobody downstream should need them, and Concord never reads them.
    public static func order(_ order: SimOrder) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(order.id)
        object["admin_graphql_api_id"] = .string("gid://shopify/Order/\(order.id)")
        object["name"] = .string("#\(order.number)")
        object["number"] = .int(order.number)
        object["order_number"] = .int(order.number)
        object["created_at"] = .string(order.createdAt.formatted(.iso8601))
        object["updated_at"] = .string(order.updatedAt.formatted(.iso8601))
        object["processed_at"] = .string(order.createdAt.formatted(.iso8601))
        object["cancelled_at"] = order.cancelledAt.map { .string($0.formatted(.iso8601)) } ?? .null
        object["currency"] = .string(order.currency.code)
        object["financial_status"] = .string(financialStatus(order.financial))
        object["fulfillment_status"] =
            order.fulfillment == .unfulfilled ? .null : .string(order.fulfillment == .fulfilled ? "fulfilled" : "partial")
        object["location_id"] = .int(order.locationID)
        object["total_price"] = .string(order.total.amountString)
        object["line_items"] = .array(
            order.lines.map { line in
                [
                    "id": .int(line.id), "admin_graphql_api_id": .string("gid://shopify/LineItem/\(line.id)"),
                    "variant_id": .int(line.variantID), "product_id": .int(line.productID), "sku": .string(line.sku),
                    "title": .string(line.title), "name": .string(line.title), "quantity": .int(line.quantity),
                    "price": .string(line.price.amountString),
                    "fulfillable_quantity": .int(line.openQuantity), "current_quantity": .int(max(0, line.quantity - line.removedQuantity)),
                    "fulfillment_status": line.fulfilledQuantity >= line.quantity ? .string("fulfilled") : .null,
                ]
            })
        return .object(object)
    }

    /// `inventory_levels/update`: the REST InventoryLevel (fixtures/shopify/rest/inventory_level.json):
    /// `inventory_item_id`, `location_id`, `available`, `updated_at`. It names no SKU: a receiver
    /// maps the inventory item to its variant itself.
    public static func inventoryLevel(_ variant: SimVariant, locationID: Int64) -> JSONValue {
        [
            "inventory_item_id": .int(variant.inventoryItemID), "location_id": .int(locationID),
            "available": .int(variant.available[locationID] ?? 0), "updated_at": .string(variant.updatedAt.formatted(.iso8601)),
            "admin_graphql_api_id": .string("gid://shopify/InventoryLevel/\(locationID)?inventory_item_id=\(variant.inventoryItemID)"),
        ]
    }

    /// `products/update`: the REST Product (fixtures/shopify/rest/product.json) with every variant's
    /// `sku`, price, compare-at price, barcode, inventory item and `inventory_quantity`.
    public static func product(_ product: SimProduct) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(product.id)
        object["admin_graphql_api_id"] = .string("gid://shopify/Product/\(product.id)")
        object["title"] = .string(product.title)
        object["handle"] = .string(product.handle)
        object["body_html"] = .string(product.descriptionHTML)
        object["vendor"] = .string(product.vendor)
        object["product_type"] = .string(product.productType ?? "")
        object["status"] = .string(product.status.rawValue.lowercased())
        object["tags"] = .string(product.tags.joined(separator: ", "))
        object["created_at"] = .string(product.createdAt.formatted(.iso8601))
        object["updated_at"] = .string(product.updatedAt.formatted(.iso8601))
        object["variants"] = .array(
            product.variants.map { variant in
                var item = JSONObject()
                item["id"] = .int(variant.id)
                item["product_id"] = .int(product.id)
                item["title"] = .string(variant.title)
                item["sku"] = .string(variant.sku)
                item["barcode"] = .string(variant.barcode)
                item["price"] = .string(variant.price.amountString)
                item["compare_at_price"] = variant.compareAtPrice.map { .string($0.amountString) } ?? .null
                item["position"] = .int(variant.position)
                item["inventory_item_id"] = .int(variant.inventoryItemID)
                item["inventory_quantity"] = .int(variant.totalAvailable)
                item["inventory_management"] = variant.tracksInventory ? .string("shopify") : .null
                item["updated_at"] = .string(variant.updatedAt.formatted(.iso8601))
                return .object(item)
            })
        object["options"] = .array(
            product.optionNames.enumerated().map { index, name in
                ["name": .string(name), "position": .int(index + 1)]
            })
        return .object(object)
    }

    static func financialStatus(_ financial: SimOrder.Financial) -> String {
        switch financial {
        case .pending: "pending"
        case .paid: "paid"
        case .refunded: "refunded"
        case .partiallyRefunded: "partially_refunded"
        case .voided: "voided"
        }
    }
}
