import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Proves a Shopify store is reachable and its Admin API token works.
///
/// One GraphQL query reads the shop's name, currency, product count and locations — the cheapest
/// call that exercises both authentication and the `read_products` / `read_locations` scopes.
public enum ShopifyConnection {
    /// The API version used when the configuration names none (versions live about a year).
    public static let defaultAPIVersion = "2025-07"

    public static let checkQuery = """
        query ConcordCheck { shop { name currencyCode myshopifyDomain } productsCount { count } locations(first: 50) { nodes { id name } } }
        """

    public static func check(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        guard let token = endpoint.token else {
            throw AdapterError(code: .unauthorized, store: endpoint.store, message: "no access token; set the variable named by token_env")
        }
        let version = endpoint.apiVersion ?? defaultAPIVersion
        let request = try HTTPRequest(
            method: .post, url: "\(endpoint.baseURL)/admin/api/\(version)/graphql.json",
            headers: ["X-Shopify-Access-Token": token.reveal()],
            json: ["query": checkQuery], retrySafe: true)
        let response = try await client.send(request)
        let body = parseJSONObject(response.body) as? [String: Any]
        guard response.isSuccess else {
            let message = (body?["errors"] as? String) ?? ((body?["errors"] as? [[String: Any]])?.first?["message"] as? String)
            throw AdapterError.from(
                response, store: endpoint.store, platformMessage: message,
                hint403: "give the app the read_products, read_inventory and read_locations scopes")
        }
        if let errors = body?["errors"] as? [[String: Any]], let first = errors.first {
            throw AdapterError(
                code: .malformedResponse, store: endpoint.store,
                message: "Shopify answered with an error: \(first["message"] as? String ?? "unknown")")
        }
        guard let data = body?["data"] as? [String: Any], let shop = data["shop"] as? [String: Any] else {
            throw AdapterError.malformed("no data.shop in the GraphQL answer", store: endpoint.store)
        }
        let locations = ((data["locations"] as? [String: Any])?["nodes"] as? [[String: Any]] ?? []).compactMap { node -> Location? in
            guard let id = node["id"] as? String else { return nil }
            return Location(code: id, name: node["name"] as? String ?? id)
        }
        var notes: [String] = []
        if let served = response.headers["X-Shopify-API-Version"], served != version {
            notes.append("asked for API version \(version) but Shopify answered with \(served); set api_version to a supported version")
        }
        return ConnectionReport(
            store: endpoint.store, platform: .shopify, name: shop["name"] as? String, apiVersion: version,
            productCount: (data["productsCount"] as? [String: Any])?["count"] as? Int, locations: locations, notes: notes)
    }
}
