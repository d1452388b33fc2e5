import ConcordTesting
import HTTPClient
import JSONValue
import Testing

/// What the listener tests send: the secret their stores sign with, a real Shopify order body, and
/// a POST to the listener on 127.0.0.1.
enum TestWebhook {
    /// The webhook secret of both test stores, `shop` (Shopify) and `woo` (WooCommerce).
    static let secret = Array("whsec-test-not-a-real-secret".utf8)

    /// A Shopify order webhook body: the REST order object, as Shopify posts it.
    static func shopifyOrder() throws -> [UInt8] {
        let wrapped = try JSONValue.parse(try FixturePaths.text(atPath: FixturePaths.shared("shopify/rest/order.json")))
        return Array(try #require(wrapped["order"]).serialized.utf8)
    }

    /// Posts `body` to `path` on the listener at `port` (as JSON unless `headers` say otherwise)
    /// and returns the status it answered.
    static func post(_ client: HTTPClient, port: UInt16, path: String, body: [UInt8], headers: [String: String]) async throws -> Int {
        var all = headers
        all["Content-Type"] = all["Content-Type"] ?? "application/json"
        let response = try await client.send(
            HTTPRequest(
                method: .post, url: "http://127.0.0.1:\(port)\(path)", headers: HTTPHeaders(all.map { ($0.key, $0.value) }), body: body))
        return response.status
    }
}
