import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import MagentoSimulator
import SimulatorCore

/// A simulated Magento store on 127.0.0.1 and a libcurl client that talks to it.
struct MagentoTestStore {
    let server: SimulatorServer
    let client: HTTPClient
    let shop: SimulatedShop

    var root: String { server.baseURL }
    var base: String { root + "/rest/default/V1" }
    var token: String { shop.credentials.magentoToken }

    struct Reply {
        var status: Int
        var json: JSONValue
        var text: String
    }

    /// Sends a request; `path` is under `/rest/default/V1` unless it starts with `/`.
    func send(
        _ method: HTTPMethod = .get, _ path: String, json body: JSONValue? = nil, token: String?? = nil
    ) async throws -> Reply {
        let url = path.hasPrefix("/") ? root + path : base + "/" + path
        var headers: HTTPHeaders = ["Accept": "application/json"]
        let bearer: String? = token ?? self.token
        if let bearer { headers.add(name: "Authorization", value: "Bearer " + bearer) }
        if body != nil { headers.add(name: "Content-Type", value: "application/json") }
        let response = try await client.send(HTTPRequest(method: method, url: url, headers: headers, body: body?.bytes))
        let json = (try? JSONValue.parse(response.body)) ?? .null
        return Reply(status: response.status, json: json, text: response.text)
    }

    /// `GET` with the reply's JSON, requiring a 200.
    func get(_ path: String) async throws -> JSONValue {
        let reply = try await send(.get, path)
        guard reply.status == 200 else { throw UnexpectedStatus(status: reply.status, body: reply.text, path: path) }
        return reply.json
    }

    struct UnexpectedStatus: Error, CustomStringConvertible {
        var status: Int
        var body: String
        var path: String
        var description: String { "HTTP \(status) for \(path): \(body)" }
    }
}

/// Starts a Magento store with `products` generated products and hands it to `body`.
func withMagentoStore<T>(
    products: Int = 12, seed: UInt64 = 42, options: MagentoPlatform.Options = .init(), platform: MagentoPlatform? = nil,
    clock: SimClock = .system,
    prepare: (SimulatedShop) -> Void = { _ in },
    _ body: (MagentoTestStore) async throws -> T
) async throws -> T {
    let shop = SimulatedShop.seeded(platform: .magento, storeName: "magento-test", seed: seed, products: products, clock: clock)
    prepare(shop)
    let server = try SimulatorServer(shop: shop, api: platform ?? MagentoPlatform(options: options))
    try await server.start()
    let client = HTTPClient(
        configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(20), retryPolicy: RetryPolicy(maxAttempts: 1)))
    let store = MagentoTestStore(server: server, client: client, shop: shop)
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

/// A query string of `searchCriteria` parameters, brackets and values percent-encoded as browsers
/// and `requests` send them.
func criteria(_ pairs: [(String, String)]) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return pairs.map { name, value in
        name.addingPercentEncoding(withAllowedCharacters: allowed)! + "=" + value.addingPercentEncoding(withAllowedCharacters: allowed)!
    }.joined(separator: "&")
}

/// `searchCriteria[filter_groups][g][filters][f][field|value|condition_type]` for one filter.
func filter(group: Int, index: Int = 0, _ field: String, _ value: String, _ condition: String) -> [(String, String)] {
    let prefix = "searchCriteria[filter_groups][\(group)][filters][\(index)]"
    return [(prefix + "[field]", field), (prefix + "[value]", value), (prefix + "[condition_type]", condition)]
}
