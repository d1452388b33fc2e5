import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore

/// A seeded Shopify store served on 127.0.0.1, with a libcurl client that never retries.
struct ShopifyTestStore {
    let server: SimulatorServer
    let shop: SimulatedShop
    let client: HTTPClient

    var baseURL: String { server.baseURL }
    var token: String { shop.credentials.shopifyAccessToken }
    var graphQLURL: String { baseURL + "/admin/api/2025-07/graphql.json" }

    /// Sends a GraphQL document and returns the status and parsed body.
    func graphql(_ query: String, variables: JSONValue = .null, token: String? = nil) async throws -> (status: Int, body: JSONValue) {
        var body = JSONObject()
        body["query"] = .string(query)
        if variables != .null { body["variables"] = variables }
        let response = try await client.send(
            HTTPRequest(
                method: .post, url: graphQLURL,
                headers: ["Content-Type": "application/json", "X-Shopify-Access-Token": token ?? self.token],
                body: JSONValue.object(body).bytes
            ))
        return (response.status, try JSONValue.parse(response.body))
    }

    func get(_ path: String, token: String? = nil) async throws -> HTTPResponse {
        var headers: HTTPHeaders = [:]
        if let token { headers.add(name: "X-Shopify-Access-Token", value: token) }
        return try await client.send(HTTPRequest(url: baseURL + path, headers: headers))
    }
}

/// Starts a store, hands it to `body`, stops it afterwards.
func withShopifyStore<T>(
    products: Int = 30, options: ShopifyPlatform.Options = .init(), clock: SimClock = .system,
    _ body: (ShopifyTestStore) async throws -> T
) async throws -> T {
    let shop = SimulatedShop.seeded(platform: .shopify, storeName: "test-shop", seed: 11, products: products, clock: clock)
    let server = try SimulatorServer(shop: shop, api: ShopifyPlatform(options: options))
    try await server.start()
    let client = HTTPClient(
        configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(30), retryPolicy: RetryPolicy(maxAttempts: 1)
        ))
    let store = ShopifyTestStore(server: server, shop: shop, client: client)
    do {
        let result = try await body(store)
        client.shutdown()
        await server.stop()
        return result
    } catch {
        client.shutdown()
        await server.stop()
        throw error
    }
}
