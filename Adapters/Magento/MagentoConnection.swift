import CatalogModel
import Foundation
import HTTPClient
import StorefrontAdapter

/// Proves a Magento 2 / Adobe Commerce store is reachable and its token works.
public enum MagentoConnection {
    /// `https://host/rest/<store code>/V1`.
    public static func apiBase(_ endpoint: StoreEndpoint) -> String {
        "\(endpoint.baseURL)/rest/\(endpoint.storeCode ?? "default")/V1"
    }

    /// A bearer token: the integration token, or an admin token from the user name and password
    /// (`POST /V1/integration/admin/token`, valid four hours).
    public static func bearerToken(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> Secret {
        if let token = endpoint.token { return token }
        guard let username = endpoint.key, let password = endpoint.secret else {
            throw AdapterError(code: .unauthorized, store: endpoint.store, message: "no token; set the variable named by token_env (or username_env and password_env)")
        }
        let request = try HTTPRequest(
            method: .post, url: "\(endpoint.baseURL)/rest/V1/integration/admin/token",
            json: ["username": username.reveal(), "password": password.reveal()])
        let response = try await client.send(request)
        guard response.isSuccess, let token = parseJSONObject(response.body) as? String else {
            throw AdapterError.from(response, store: endpoint.store, platformMessage: message(response.body), hint403: "use an admin user allowed to use the REST API")
        }
        return Secret(token)
    }

    /// Magento's `{message, parameters}` error with `%1`… filled in from `parameters`.
    public static func message(_ body: [UInt8]) -> String? {
        guard let object = parseJSONObject(body) as? [String: Any], var text = object["message"] as? String else { return nil }
        if let parameters = object["parameters"] as? [Any] {
            for (index, value) in parameters.enumerated().reversed() { text = text.replacingOccurrences(of: "%\(index + 1)", with: "\(value)") }
        } else if let parameters = object["parameters"] as? [String: Any] {
            for (key, value) in parameters { text = text.replacingOccurrences(of: "%\(key)", with: "\(value)") }
        }
        return text
    }

    public static func check(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        let token = try await bearerToken(endpoint, client: client)
        let headers: HTTPHeaders = ["Authorization": "Bearer \(token.reveal())", "Accept": "application/json"]
        let base = apiBase(endpoint)
        let response = try await client.send(HTTPRequest(url: "\(base)/products?searchCriteria[pageSize]=1&searchCriteria[currentPage]=1", headers: headers))
        guard response.isSuccess else {
            throw AdapterError.from(response, store: endpoint.store, platformMessage: message(response.body), hint403: "allow the integration the Catalog → Products resource")
        }
        guard let body = parseJSONObject(response.body) as? [String: Any], let total = body["total_count"] as? Int else {
            throw AdapterError.malformed("no total_count in the product search", store: endpoint.store)
        }
        var locations: [Location] = []
        var notes: [String] = []
        let sources = try await client.send(HTTPRequest(url: "\(base)/inventory/sources?searchCriteria[pageSize]=100", headers: headers))
        if sources.isSuccess, let items = (parseJSONObject(sources.body) as? [String: Any])?["items"] as? [[String: Any]] {
            locations = items.compactMap { item in
                guard let code = item["source_code"] as? String else { return nil }
                return Location(code: code, name: item["name"] as? String ?? code)
            }
        } else {
            notes.append("no MSI sources (HTTP \(sources.status)); stock will use the legacy single-source stock items")
        }
        return ConnectionReport(
            store: endpoint.store, platform: .magento, name: URL(string: endpoint.baseURL)?.host, apiVersion: "V1",
            productCount: total, locations: locations, notes: notes)
    }
}
