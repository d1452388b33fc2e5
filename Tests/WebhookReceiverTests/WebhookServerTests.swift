import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import MessageAuthentication
import Synchronization
import Testing
import WebhookReceiver

/// Remembers delivery ids in memory, as the catalog database does on disk.
final class MemoryLedger: Sendable {
    private let seen = Mutex<Set<String>>([])
    func remember(_ store: StoreID, _ id: String) -> Bool { seen.withLock { $0.insert("\(store)/\(id)").inserted } }
}

final class Deliveries: Sendable {
    private let list = Mutex<[WebhookDelivery]>([])
    var all: [WebhookDelivery] { list.withLock { $0 } }
    func append(_ delivery: WebhookDelivery) { list.withLock { $0.append(delivery) } }
}

@Suite("concord listen: verifying and deduplicating webhooks over HTTP")
struct WebhookServerTests {
    func withServer(_ body: (UInt16, HTTPClient, Deliveries) async throws -> Void) async throws {
        let ledger = MemoryLedger()
        let deliveries = Deliveries()
        let server = try WebhookServer(
            sources: [
                WebhookSource(store: "shop", platform: .shopify, secret: TestWebhook.secret),
                WebhookSource(store: "woo", platform: .woocommerce, secret: TestWebhook.secret),
            ], port: 0, remember: { store, id in ledger.remember(store, id) }, deliver: { deliveries.append($0) })
        let port = try await server.start()
        let client = HTTPClient(configuration: .simulatorTesting())
        do {
            try await body(port, client, deliveries)
        } catch {
            client.shutdown()
            await server.stop()
            throw error
        }
        client.shutdown()
        await server.stop()
    }

    @Test("a signed Shopify order is accepted with its SKUs; a bad, an unsigned and a replayed one change nothing")
    func shopifySignatures() async throws {
        let body = try TestWebhook.shopifyOrder()
        let signature = WebhookSignature.sign(body, secret: TestWebhook.secret)
        try await withServer { port, client, deliveries in
            let path = "/webhooks/shopify/shop"
            var headers = ["X-Shopify-Topic": "orders/create", "X-Shopify-Event-Id": "evt-1", "X-Shopify-Hmac-Sha256": signature]
            let status1 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status1 == 200)
            #expect(deliveries.all.count == 1)
            #expect(deliveries.all.first?.subjects.skus == Set(["IPOD2008GREEN", "IPOD2008RED", "IPOD2008BLACK"].compactMap(SKU.init)))

            // The same event again (a replay, or Shopify retrying): 200, ignored.
            let status2 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status2 == 200)
            #expect(deliveries.all.count == 1)

            // A signature made with another secret, one for another body, and none at all: 401.
            headers["X-Shopify-Event-Id"] = "evt-2"
            headers["X-Shopify-Hmac-Sha256"] = WebhookSignature.sign(body, secret: Array("another".utf8))
            let status3 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status3 == 401)
            headers["X-Shopify-Hmac-Sha256"] = signature
            let status4 = try await TestWebhook.post(client, port: port, path: path, body: body + Array(" ".utf8), headers: headers)
            #expect(status4 == 401)
            headers["X-Shopify-Hmac-Sha256"] = nil
            let status5 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status5 == 401)
            #expect(deliveries.all.count == 1)

            // Unknown stores and platforms are not routes.
            let status6 = try await TestWebhook.post(
                client, port: port, path: "/webhooks/shopify/other", body: body, headers: ["X-Shopify-Hmac-Sha256": signature])
            #expect(status6 == 404)
        }
    }

    @Test("WooCommerce: signed deliveries accepted once by delivery id, the creation ping answered 200")
    func wooCommerce() async throws {
        let body = Array(try FixturePaths.text(atPath: FixturePaths.shared("woocommerce/orders--retrieve-an-order.json")).utf8)
        let headers = [
            "X-WC-Webhook-Topic": "order.updated", "X-WC-Webhook-Delivery-ID": "1001",
            "X-WC-Webhook-Signature": WebhookSignature.sign(body, secret: TestWebhook.secret),
        ]
        try await withServer { port, client, deliveries in
            let path = "/webhooks/woocommerce/woo"
            let status7 = try await TestWebhook.post(
                client, port: port, path: path, body: Array("webhook_id=15".utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(status7 == 200)
            #expect(deliveries.all.isEmpty)
            let status8 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status8 == 200)
            let status9 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status9 == 200)
            #expect(deliveries.all.count == 1)
            #expect(deliveries.all.first?.subjects.skus == Set([SKU("Bar3")!]))
            var forged = headers
            forged["X-WC-Webhook-Delivery-ID"] = "1002"
            forged["X-WC-Webhook-Signature"] = String(headers["X-WC-Webhook-Signature"]!.reversed())
            let status10 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: forged)
            #expect(status10 == 401)
            #expect(deliveries.all.count == 1)
        }
    }

    @Test("SKUs from product and inventory payloads")
    func payloads() throws {
        let product = Array(try FixturePaths.text(atPath: FixturePaths.shared("shopify/rest/product.json")).utf8)
        let unwrapped = Array(try #require(try JSONValue.parse(product)["product"]).serialized.utf8)
        #expect(!WebhookPayload.subjects(platform: .shopify, topic: "products/update", body: unwrapped).skus.isEmpty)
        let level = Array(#"{"inventory_item_id":808950810,"location_id":905684977,"available":6}"#.utf8)
        #expect(
            WebhookPayload.subjects(platform: .shopify, topic: "inventory_levels/update", body: level).inventoryItemIDs == ["808950810"])
        #expect(WebhookPayload.subjects(platform: .shopify, topic: nil, body: Array("not json".utf8)).isEmpty)
    }

    @Test("the debouncer sends a quiet store's first SKUs at once, then one batch with every SKU gathered in the window after")
    func debounce() async throws {
        let (stream, continuation) = AsyncStream<(StoreID, Set<SKU>)>.makeStream()
        // The window ends when the test says so, not after some time: a slow machine changes nothing.
        let (windowEnds, endWindow) = AsyncStream<Void>.makeStream()
        let waited = Mutex<[Duration]>([])
        let debouncer = SKUDebouncer(
            window: .milliseconds(200),
            wait: { window in
                waited.withLock { $0.append(window) }
                for await _ in windowEnds { return }
            }
        ) { store, skus in continuation.yield((store, skus)) }
        var iterator = stream.makeAsyncIterator()
        // A quiet store: the first sale goes out without waiting for the window.
        await debouncer.add([SKU("A-1")!], store: "shop")
        let first = try #require(await iterator.next())
        #expect(first.0 == "shop" && first.1 == [SKU("A-1")!])
        // What follows within the window waits, and goes out as one batch when it ends.
        await debouncer.add([SKU("B-2")!, SKU("A-1")!], store: "shop")
        await debouncer.add([SKU("C-3")!], store: "shop")
        endWindow.yield()
        let batch = try #require(await iterator.next())
        #expect(batch.0 == "shop")
        #expect(batch.1 == [SKU("A-1")!, SKU("B-2")!, SKU("C-3")!])
        #expect(waited.withLock { $0 }.first == .milliseconds(200))
        #expect(await debouncer.takePending().isEmpty, "nothing is left gathered once the batch went out")
    }

    @Test(
        "shutting down: a delivery in hand is handed on before refuseNewDeliveries returns; later ones get 503 with Retry-After and are not handed on"
    )
    func refusesWhileDraining() async throws {
        let body = try TestWebhook.shopifyOrder()
        let signature = WebhookSignature.sign(body, secret: TestWebhook.secret)
        let order = Mutex<[String]>([])
        let entered = Latch()
        let release = Latch()
        let server = try WebhookServer(
            sources: [WebhookSource(store: "shop", platform: .shopify, secret: TestWebhook.secret)], port: 0,
            remember: { _, _ in true },
            deliver: { delivery in
                if delivery.deliveryID == "evt-1" {
                    entered.open()
                    await release.wait()
                }
                order.withLock { $0.append("delivered \(delivery.deliveryID ?? "")") }
            })
        let port = try await server.start()
        let client = HTTPClient(configuration: .simulatorTesting())
        defer { client.shutdown() }
        let url = "http://127.0.0.1:\(port)/webhooks/shopify/shop"
        func post(_ id: String) async throws -> HTTPResponse {
            try await client.send(
                HTTPRequest(
                    method: .post, url: url,
                    headers: HTTPHeaders([
                        ("X-Shopify-Topic", "orders/create"), ("X-Shopify-Event-Id", id), ("X-Shopify-Hmac-Sha256", signature),
                    ]),
                    body: body))
        }
        let first = Task { try await post("evt-1") }
        await entered.wait()
        let refusing = Task {
            await server.refuseNewDeliveries()
            order.withLock { $0.append("refusing") }
        }
        // Once the server answers 503, it has stopped taking deliveries; the one in hand is still held.
        var refused: HTTPResponse?
        for attempt in 0..<2000 {
            let response = try await post("evt-2-\(attempt)")
            if response.status == 503 {
                refused = response
                break
            }
            try await Task.sleep(for: .milliseconds(5))  // polling for the admission to close
        }
        #expect(refused?.headers["Retry-After"] == "30")
        release.open()
        await refusing.value
        #expect(try await first.value.status == 200)
        // The delivery in hand was handed on before shutdown went on; none after the 503.
        let events = order.withLock { $0 }
        #expect(events.last == "refusing" && events.contains("delivered evt-1"), "\(events)")
        await server.stop()
    }
}
