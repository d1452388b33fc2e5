import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Proves a WooCommerce store is reachable and its REST API consumer key and secret work.
public enum WooCommerceConnection {
    /// HTTP Basic credentials from the consumer key and secret (WooCommerce's documented auth over HTTPS).
    public static func authorization(_ endpoint: StoreEndpoint) throws -> String {
        guard let key = endpoint.key, let secret = endpoint.secret else {
            throw AdapterError(code: .unauthorized, store: endpoint.store, message: "no consumer key or secret; set the variables named by key_env and secret_env")
        }
        return "Basic " + Data("\(key.reveal()):\(secret.reveal())".utf8).base64EncodedString()
    }

    public static func check(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        let request = HTTPRequest(
            url: "\(endpoint.baseURL)/wp-json/wc/v3/products?per_page=1&_fields=id",
            headers: ["Authorization": try authorization(endpoint), "Accept": "application/json"])
        let response = try await client.send(request)
        guard response.isSuccess else {
            let body = parseJSONObject(response.body) as? [String: Any]
            let code = body?["code"] as? String
            let message = [code, body?["message"] as? String].compactMap { $0 }.joined(separator: " — ")
            if response.status == 401 || code == "woocommerce_rest_cannot_view" {
                throw AdapterError(
                    code: response.status == 401 ? .unauthorized : .forbidden, store: endpoint.store,
                    message: code == "woocommerce_rest_cannot_view"
                        ? "the consumer key lacks read permission (\(message)); give the key Read/Write access in WooCommerce → Settings → Advanced → REST API"
                        : "wrong consumer key or secret (HTTP 401\(message.isEmpty ? "" : ": \(message)")); check the variables named by key_env and secret_env",
                    status: response.status)
            }
            throw AdapterError.from(response, store: endpoint.store, platformMessage: message.isEmpty ? nil : message, hint403: "give the key Read/Write access")
        }
        guard parseJSONObject(response.body) is [Any] else {
            throw AdapterError.malformed("the products list is not a JSON array", store: endpoint.store)
        }
        return ConnectionReport(
            store: endpoint.store, platform: .woocommerce, name: URL(string: endpoint.baseURL)?.host, apiVersion: "wc/v3",
            productCount: response.headers["X-WP-Total"].flatMap { Int($0) })
    }
}
