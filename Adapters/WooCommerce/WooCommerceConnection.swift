import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Proves a WooCommerce store is reachable and its REST API consumer key and secret work.
public enum WooCommerceConnection {
    /// HTTP Basic credentials from the consumer key and secret (WooCommerce's documented auth over HTTPS).
    public static func authorization(_ endpoint: StoreEndpoint) throws -> String {
        guard let key = endpoint.key, let secret = endpoint.secret else {
            throw AdapterError(
                code: .unauthorized, store: endpoint.store,
                message: "no consumer key or secret; set the variables named by key_env and secret_env")
        }
        return "Basic " + Data("\(key.reveal()):\(secret.reveal())".utf8).base64EncodedString()
    }

    /// Refuses to send the consumer secret over plain HTTP to anything but a loopback host.
    ///
    /// WooCommerce accepts Basic credentials only over HTTPS; over HTTP a secret in the clear can
    /// be read (and reused) by anyone on the path. Local stores and the simulator listen on loopback.
    public static func checkTransport(_ endpoint: StoreEndpoint) throws {
        let url = URL(string: endpoint.baseURL)
        switch url?.scheme?.lowercased() {
        case "https":
            return
        case "http" where isLoopback(url?.host):
            return
        case "http":
            throw AdapterError(
                code: .unreachable, store: endpoint.store,
                message:
                    "refusing to send the WooCommerce consumer secret over plain HTTP to \(url?.host ?? endpoint.baseURL) (\(Loopback.rule)); use the store's https:// URL in concord.toml"
            )
        default:
            throw AdapterError(
                code: .unreachable, store: endpoint.store,
                message: "the store url \"\(endpoint.baseURL)\" is not an http(s) URL; fix it in concord.toml")
        }
    }

    static func isLoopback(_ host: String?) -> Bool { Loopback.isLoopback(host: host) }

    /// One request for one product id: proves the URL, the credentials and read permission, and
    /// counts the products (`X-WP-Total`).
    public static func check(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        // A connection check is one call; it needs no pacing beyond the client's own.
        try await check(
            using: WooCommerceRESTClient(endpoint: endpoint, client: client, governor: RateGovernor(capacity: 1, refillPerSecond: 1)))
    }

    static func check(using rest: WooCommerceRESTClient) async throws -> ConnectionReport {
        let page = try await rest.page("products", query: [("_fields", "id")], page: 1, perPage: 1)
        return ConnectionReport(
            store: rest.endpoint.store, platform: .woocommerce, name: URL(string: rest.endpoint.baseURL)?.host, apiVersion: "wc/v3",
            productCount: page.total)
    }
}
