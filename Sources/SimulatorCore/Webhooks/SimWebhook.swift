import CatalogModel
import Foundation

/// A webhook delivery as the platform would POST it to a subscriber: its topic, the raw body the
/// signature covers, and every header (signature, topic, delivery id) in the platform's names.
///
/// The simulator builds deliveries; whoever holds an HTTP client POSTs them (the test harness
/// does, through libcurl). Posting the same value twice is a replay: same delivery id, same body.
public struct SimWebhook: Hashable, Sendable {
    public var platform: Platform
    public var topic: String
    /// The platform's id for this delivery (`X-Shopify-Event-Id`, `X-WC-Webhook-Delivery-ID`).
    public var deliveryID: String
    public var body: [UInt8]
    /// Header name → value, the signature among them.
    public var headers: [String: String]

    public init(platform: Platform, topic: String, deliveryID: String, body: [UInt8], headers: [String: String]) {
        self.platform = platform
        self.topic = topic
        self.deliveryID = deliveryID
        self.body = body
        self.headers = headers
    }
}

extension ShopState {
    /// Puts refunded units back on the shelf at `locationID`, as a refund with restocking does:
    /// units the order had not shipped go from committed back to available (Shopify's `CANCEL`
    /// restock), units that had shipped come back as available (`RETURN`).
    ///
    /// - Parameter before: The order as it was before the refund, to tell shipped units from
    ///   unshipped ones (open units are refunded first).
    public mutating func restock(_ refund: SimRefund, order before: SimOrder, at locationID: Int64, now: Date) {
        for refundLine in refund.lines {
            guard let line = before.lines.first(where: { $0.id == refundLine.orderLineID }) else { continue }
            let unshipped = min(refundLine.quantity, max(0, line.quantity - line.fulfilledQuantity - line.refundedQuantity))
            _ = updateVariant(id: line.variantID) { _, variant in
                let held = variant.committed[locationID] ?? 0
                variant.committed[locationID] = max(0, held - unshipped)
                variant.available[locationID, default: 0] += refundLine.quantity
                variant.updatedAt = now
            }
        }
    }
}
