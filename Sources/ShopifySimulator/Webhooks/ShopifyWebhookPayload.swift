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
                item["location_id"] = restockType == "no_restock" ? JSONValue.null : locationID.map { JSONValue.int($0) } ?? JSONValue.null
                item["restock_type"] = .string(restockType)
                item["subtotal"] = .string(refundLine.total.amountString)
                item["line_item"] = [
                    "id": .int(line.id), "admin_graphql_api_id": .string("gid://shopify/LineItem/\(line.id)"),
                    "variant_id": .int(line.variantID), "product_id": .int(line.productID), "title": .string(line.title),
                    "quantity": .int(Int64(line.quantity)), "price": .string(line.price.amountString), "sku": .string(line.sku),
                    "name": .string(line.title),
                    "fulfillable_quantity": .int(Int64(max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity))),
                    "fulfillment_status": line.fulfilledQuantity >= line.quantity ? JSONValue.string("fulfilled") : JSONValue.null,
                ]
                return .object(item)
            })
        object["transactions"] = []
        object["order_adjustments"] = []
        return .object(object)
    }
}
