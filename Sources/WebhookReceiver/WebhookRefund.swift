import CatalogModel
import Foundation
import JSONValue

/// Reads a refund out of a refund webhook, in the ids the store's order reads use, so that the
/// catalog can apply it to the stored order lines once (``OrderRefund``).
///
/// - Shopify `refunds/create` posts the REST Refund resource: `id`, `order_id`, `created_at`,
///   `refund_line_items[] { line_item_id, quantity, restock_type, location_id, line_item { sku } }`
///   (shopify.dev/docs/api/admin-rest/latest/resources/refund; the shape of
///   `fixtures/shopify/rest/refund.json`). REST ids are numbers; Concord's order reads use the
///   GraphQL ids, `gid://shopify/<Type>/<number>`, which the payload's `admin_graphql_api_id`
///   also gives when present.
/// - WooCommerce has no refund topic: `order.updated` posts the order, whose `refunds[]` carries
///   only `{id, reason, total}` (woocommerce.github.io/woocommerce-rest-api-docs, "Order
///   properties"); the refund's lines need `GET /orders/{id}/refunds`, which the order read of
///   the targeted sync makes. So no ``OrderRefund`` is read from it here.
public enum WebhookRefund {
    public static func refund(platform: WebhookPlatform, topic: String?, body: [UInt8], store: StoreID) -> OrderRefund? {
        guard platform == .shopify, (topic ?? "refunds/create").hasPrefix("refunds/"), let json = try? JSONValue.parse(body),
            let orderNumber = json["order_id"]?.int64Value, let refundNumber = json["id"]?.int64Value
        else { return nil }
        var lines: [OrderRefundLine] = []
        for item in json["refund_line_items"]?.arrayValue ?? [] {
            guard let lineNumber = item["line_item_id"]?.int64Value ?? item["line_item"]?["id"]?.int64Value,
                let quantity = item["quantity"]?.intValue, quantity > 0
            else { continue }
            let sku = item["line_item"]?["sku"]?.stringValue.flatMap { SKU($0.trimmingWhitespace()) }
            lines.append(
                OrderRefundLine(
                    lineID: gid("LineItem", lineNumber), sku: sku, quantity: quantity,
                    restock: restock(item["restock_type"]?.stringValue, restocked: json["restock"]?.boolValue),
                    locationID: item["location_id"]?.int64Value.map { gid("Location", $0) }))
        }
        let refundID = json["admin_graphql_api_id"]?.stringValue ?? gid("Refund", refundNumber)
        let created = json["created_at"]?.stringValue.flatMap(date)
        return OrderRefund(store: store, orderID: gid("Order", orderNumber), refundID: refundID, createdAt: created, lines: lines)
    }

    static func gid(_ type: String, _ number: Int64) -> String { "gid://shopify/\(type)/\(number)" }

    /// REST `restock_type`: `no_restock`, `cancel`, `return`, `legacy_restock`; older payloads
    /// have only the refund's `restock` flag.
    static func restock(_ type: String?, restocked: Bool?) -> RefundRestock {
        switch type {
        case "cancel": .cancel
        case "return": .return
        case "no_restock": .noRestock
        case "legacy_restock": .unknown
        default: restocked == false ? .noRestock : .unknown
        }
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
