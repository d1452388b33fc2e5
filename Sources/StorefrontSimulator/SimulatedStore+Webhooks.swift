import CatalogModel
import Foundation
import JSONValue
import MessageAuthentication
import ShopifySimulator
import SimulatorCore
import WooCommerceSimulator

/// Why a simulated store cannot make a webhook.
public struct SimWebhookError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension SimulatedStore {
    /// Refunds units of an order as a merchant does in the admin, and returns the webhook the
    /// platform sends for it, signed with `secret` as the platform signs deliveries
    /// (base64 HMAC-SHA256 of the raw body).
    ///
    /// - Shopify: `refunds/create` with the REST Refund (``ShopifyWebhookPayload/refund(_:order:restockType:locationID:)``);
    ///   with `restock` the units go back at the order's location (unshipped: committed →
    ///   available, `restock_type: cancel`; shipped: `return`).
    /// - WooCommerce: `order.updated` with the order, whose `refunds[]` names the new refund
    ///   (WooCommerce sends no refund topic); the units are not restocked there.
    ///
    /// - Throws: ``SimWebhookError`` for Magento (Concord takes no Magento webhooks), an unknown
    ///   order, or units that cannot be refunded.
    public func refundWithWebhook(
        order orderID: Int64, quantities: [(line: Int64, quantity: Int)], restock: Bool = true, secret: String, reason: String = ""
    ) throws -> SimWebhook {
        guard spec.platform != .magento else { throw SimWebhookError(message: "Magento stores send no webhooks Concord takes") }
        let now = shop.now
        let made: (refund: SimRefund, order: SimOrder, restockType: String)? = try shop.mutate { state in
            guard state.orders[orderID] != nil else { return nil }
            let refund: SimRefund
            do {
                let items = try state.refundItems(
                    order: orderID, quantities: quantities, restock: restock && spec.platform == .shopify, platform: spec.platform)
                refund = try state.refund(order: orderID, items: items, reason: reason, at: now)
            } catch {
                throw SimWebhookError(message: "cannot refund order \(orderID): \(error)")
            }
            let types = Set(refund.lines.map(\.restock))
            let restockType = types.contains(.return) ? "return" : types.contains(.cancel) ? "cancel" : "no_restock"
            return (refund, state.orders[orderID]!, restockType)
        }
        guard let made else { throw SimWebhookError(message: "no order \(orderID) in \(spec.name)") }
        switch spec.platform {
        case .shopify:
            let body = Array(
                ShopifyWebhookPayload.refund(
                    made.refund, order: made.order, restockType: made.restockType, locationID: made.order.locationID
                ).serialized.utf8)
            return shopifyDelivery(topic: "refunds/create", body: body, eventNumber: made.refund.id, secret: secret)
        default:
            guard
                let body = ((spec.api as? WooCommercePlatform) ?? WooCommercePlatform()).orderWebhookBody(
                    orderID: orderID, in: shop, origin: baseURL)
            else {
                throw SimWebhookError(message: "no order \(orderID) in \(spec.name)")
            }
            return wooDelivery(topic: "order.updated", body: body, deliveryNumber: made.refund.id, secret: secret)
        }
    }

    /// A Shopify delivery: `X-Shopify-Topic`, `X-Shopify-Hmac-Sha256`, `X-Shopify-Event-Id` (the
    /// same for every retry of the event), `X-Shopify-Webhook-Id`, shop domain and API version
    /// (shopify.dev/docs/apps/build/webhooks/subscribe/https, "Headers").
    public func shopifyDelivery(topic: String, body: [UInt8], eventNumber: Int64, secret: String) -> SimWebhook {
        let event = Self.uuid(eventNumber, kind: 1)
        return SimWebhook(
            platform: .shopify, topic: topic, deliveryID: event, body: body,
            headers: [
                "Content-Type": "application/json", "X-Shopify-Topic": topic,
                "X-Shopify-Hmac-Sha256": Self.signature(body, secret: secret), "X-Shopify-Event-Id": event,
                "X-Shopify-Webhook-Id": Self.uuid(eventNumber, kind: 2), "X-Shopify-Shop-Domain": "\(spec.name).myshopify.com",
                "X-Shopify-API-Version": "2025-07", "X-Shopify-Triggered-At": shop.now.formatted(.iso8601),
            ])
    }

    /// A WooCommerce delivery: `X-WC-Webhook-Topic`, `-Resource`, `-Event`, `-Signature`, `-ID`,
    /// `-Delivery-ID`, `-Source` (WC_Webhook::get_new_delivery_headers in class-wc-webhook.php).
    public func wooDelivery(topic: String, body: [UInt8], deliveryNumber: Int64, secret: String) -> SimWebhook {
        let parts = topic.split(separator: ".").map(String.init)
        return SimWebhook(
            platform: .woocommerce, topic: topic, deliveryID: String(deliveryNumber), body: body,
            headers: [
                "Content-Type": "application/json", "X-WC-Webhook-Topic": topic, "X-WC-Webhook-Resource": parts.first ?? "",
                "X-WC-Webhook-Event": parts.last ?? "", "X-WC-Webhook-Signature": Self.signature(body, secret: secret),
                "X-WC-Webhook-ID": "1", "X-WC-Webhook-Delivery-ID": String(deliveryNumber), "X-WC-Webhook-Source": baseURL + "/",
            ])
    }

    static func signature(_ body: [UInt8], secret: String) -> String {
        Base64.encode(HMAC<SHA256>.authenticationCode(for: body, key: Array(secret.utf8)))
    }

    /// A UUID-shaped id that follows from a number, so the same event always has the same id.
    static func uuid(_ number: Int64, kind: Int) -> String {
        let digits = String(UInt64(bitPattern: number), radix: 16)
        let padded = String(repeating: "0", count: max(0, 12 - digits.count)) + digits
        return "00000000-0000-4000-800\(kind)-\(padded.suffix(12))"
    }
}
