import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce failures: throttling, server errors, credentials, wrong URLs")
struct ErrorHandlingTests {
    @Test("a 429 on the first product page and a 503 on a variation page are retried: the read completes with 2 extra requests")
    func retriesThrottlingAndServerErrors() async throws {
        let faults = [
            FaultRule(kind: .rateLimit(retryAfter: 1), pathContains: "/wp-json/wc/v3/products", method: "GET", onRequests: [1]),
            FaultRule(kind: .status(503), pathContains: "/variations", onRequests: [1]),
        ]
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 150), server: ServerOptions(faults: faults))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 3)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == store.variantCount)
            let counters = store.server.counters
            #expect(counters.byStatus[429] == 1 && counters.byStatus[503] == 1)
            #expect(counters.total == 2 + (store.variationCount + 99) / 100 + 2)
        }
    }

    @Test("still throttled after the last attempt: the read fails saying so")
    func throttledToTheEnd() async throws {
        let spec = StoreSpec(
            platform: .woocommerce, source: .generated(count: 3),
            server: ServerOptions(faults: [FaultRule(kind: .rateLimit(retryAfter: 0), pathContains: "/wp-json/wc/v3/products")]))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 2)) { _, endpoint, client in
            let error = await #expect(throws: AdapterError.self) { try await makeAdapter(endpoint, client).fetchCatalog(since: nil) }
            #expect(error?.code == .throttled)
        }
    }

    @Test("a wrong consumer secret fails the first request with \"wrong consumer key or secret\"")
    func badCredentials() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 3))) { store, endpoint, client in
            var wrong = endpoint
            wrong.secret = Secret("cs_not_the_secret")
            let adapter = makeAdapter(wrong, client)
            let read = await #expect(throws: AdapterError.self) { try await adapter.fetchCatalog(since: nil) }
            #expect(read?.code == .unauthorized)
            #expect(read?.message.contains("wrong consumer key or secret") == true)
            #expect(read?.message.contains("cs_not_the_secret") == false)
            let check = await #expect(throws: AdapterError.self) { try await adapter.checkConnection() }
            #expect(check?.code == .unauthorized)
            #expect(store.server.counters.total == 2)
        }
    }

    @Test("a URL where the REST API is not (rest_no_route) says so, naming permalinks")
    func noRoute() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 3))) { _, endpoint, client in
            var elsewhere = endpoint
            elsewhere.baseURL += "/shop"
            let error = await #expect(throws: AdapterError.self) { try await makeAdapter(elsewhere, client).fetchCatalog(since: nil) }
            #expect(error?.code == .notFound)
            #expect(error?.message.contains("WooCommerce REST API is not at") == true)
            #expect(error?.message.contains("permalinks") == true)
        }
    }

    @Test("the consumer secret is never sent over plain HTTP to a host that is not loopback")
    func plainHTTPRefused() async throws {
        let client = HTTPClient(configuration: .simulatorTesting())
        defer { client.shutdown() }
        let endpoint = StoreEndpoint(
            store: "remote", platform: .woocommerce, baseURL: "http://shop.example.com", key: Secret("ck"), secret: Secret("cs"))
        let error = await #expect(throws: AdapterError.self) { try await makeAdapter(endpoint, client).fetchCatalog(since: nil) }
        #expect(error?.message.contains("plain HTTP") == true)
        #expect(error?.message.contains("https://") == true)
    }

    @Test("missing read permission (woocommerce_rest_cannot_view) and write permission (woocommerce_rest_cannot_batch) say which")
    func permissions() async throws {
        let product =
            #"[{"id": 7, "type": "simple", "name": "Mug", "sku": "MUG-1", "regular_price": "9.50", "sale_price": "", "manage_stock": true, "stock_quantity": 4, "status": "publish"}]"#
        let server = try LocalHTTPServer { request in
            if request.method == "POST" {
                return .text(
                    #"{"code":"woocommerce_rest_cannot_batch","message":"Sorry, you are not allowed to batch manipulate this resource.","data":{"status":401}}"#,
                    status: 401)
            }
            if request.target.contains("include=") {
                return .text(product, headers: [("X-WP-Total", "1"), ("X-WP-TotalPages", "1")])
            }
            return .text(
                #"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources.","data":{"status":401}}"#, status: 401
            )
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .simulatorTesting())
        defer { client.shutdown() }
        let endpoint = StoreEndpoint(
            store: "local", platform: .woocommerce, baseURL: server.baseURL, key: Secret("ck"), secret: Secret("cs"))
        let adapter = makeAdapter(endpoint, client)

        let read = await #expect(throws: AdapterError.self) { try await adapter.fetchCatalog(since: nil) }
        #expect(read?.code == .forbidden)
        #expect(read?.message.contains("lacks read permission") == true)

        let listing = Listing(store: "local", ref: RemoteRef(productID: "7", variantID: "7"), rawSKU: "MUG-1", productTitle: "Mug")
        let write = await #expect(throws: AdapterError.self) {
            try await adapter.apply(
                [change("c", listing, .stock(location: "default"), expected: .quantity(4), new: .quantity(5))],
                context: ApplyContext(runID: 1))
        }
        #expect(write?.code == .forbidden)
        #expect(write?.message.contains("lacks write permission") == true)
    }
}
