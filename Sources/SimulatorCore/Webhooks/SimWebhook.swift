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
