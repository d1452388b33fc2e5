import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore

/// A minimal platform for testing the server itself: `GET /items?page=N` pages the store's SKUs
/// five at a time through `Paging`, and any write echoes its body.
struct EchoPlatform: PlatformAPI {
    func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        if request.method == "GET", request.path == "/items" {
            let skus = shop.read { state in state.allProducts.flatMap { $0.variants.map(\.sku) } }
            let page = Int(request.queryValue("page") ?? "1") ?? 1
            let items = Paging.page(skus, offset: (page - 1) * 5, limit: 5, fault: request.pagingFault)
            return .json(.array(items.map { .string($0) }))
        }
        if request.isWrite {
            return .json(["echo": (try? request.jsonBody()).flatMap { $0 } ?? .null])
        }
        return .json(["error": "not found"], status: 404)
    }

    func banner(baseURL: String, shop: SimulatedShop) -> [String] { ["echo store at \(baseURL)"] }
}

/// A client that never retries, so each fault shows exactly once.
func makeSingleShotClient() -> HTTPClient {
    HTTPClient(
        configuration: HTTPClient.Configuration(
            connectTimeout: .seconds(5), totalTimeout: .seconds(10),
            retryPolicy: RetryPolicy(maxAttempts: 1)
        ))
}

/// Starts a server over an echo store and hands it to `body`, stopping it afterwards.
func withEchoServer<T>(
    products: Int = 12, options: ServerOptions = ServerOptions(),
    _ body: (SimulatorServer, HTTPClient) async throws -> T
) async throws -> T {
    let shop = SimulatedShop.seeded(platform: .shopify, storeName: "echo", seed: 7, products: products)
    let server = try SimulatorServer(shop: shop, api: EchoPlatform(), options: options)
    try await server.start()
    let client = makeSingleShotClient()
    do {
        let result = try await body(server, client)
        client.shutdown()
        await server.stop()
        return result
    } catch {
        client.shutdown()
        await server.stop()
        throw error
    }
}
