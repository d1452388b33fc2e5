import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import MessageAuthentication
import Synchronization
import Testing
import WebhookReceiver

/// What a stranger on the network can send the listener: bodies too large to hold, signed bodies
/// replayed without or under new ids, old captures, and text made to forge log lines.
@Suite("concord listen: the edges a stranger can reach", .serialized)
struct WebhookHardeningTests {
    static func raw(port: UInt16, _ bytes: [UInt8]) -> String { RawHTTP.send(port: port, bytes) }

    func withServer(
        now: @escaping @Sendable () -> Date = { Date() }, _ body: (UInt16, HTTPClient, Deliveries, LogLines) async throws -> Void
    ) async throws {
        let ledger = MemoryLedger()
        let deliveries = Deliveries()
        let lines = LogLines()
        let server = try WebhookServer(
            sources: [
                WebhookSource(store: "shop", platform: .shopify, secret: TestWebhook.secret),
                WebhookSource(store: "woo", platform: .woocommerce, secret: TestWebhook.secret),
            ], port: 0, remember: { store, id in ledger.remember(store, id) }, observe: { _, _, line in lines.append(line) }, now: now,
            deliver: { deliveries.append($0) })
        let port = try await server.start()
        let client = HTTPClient(configuration: .simulatorTesting())
        defer { client.shutdown() }
        do {
            try await body(port, client, deliveries, lines)
        } catch {
            await server.stop()
            throw error
        }
        await server.stop()
    }

    @Test("a body over the cap is refused whole, by its Content-Length or as a chunked body passes the cap, and never handed on")
    func oversizedBodies() async throws {
        try await withServer { port, _, deliveries, lines in
            // 5 MB announced and sent: refused (413) without being kept (ListenMemoryTests sends
            // 50 MB to the real listener and measures its memory).
            let header =
                "POST /webhooks/shopify/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 5242880\r\nConnection: close\r\n\r\n"
            let large = Array(header.utf8) + [UInt8](repeating: UInt8(ascii: " "), count: 5_242_880)
            #expect(Self.raw(port: port, large).contains("413"))
            // Chunked: 5 MiB in 64 KiB chunks.
            var chunked = Array(
                "POST /webhooks/shopify/shop HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n".utf8)
            let chunk = [UInt8](repeating: UInt8(ascii: "a"), count: 65_536)
            for _ in 0..<80 { chunked += Array("10000\r\n".utf8) + chunk + Array("\r\n".utf8) }
            chunked += Array("0\r\n\r\n".utf8)
            #expect(Self.raw(port: port, chunked).contains("413"))
            #expect(deliveries.all.isEmpty)
            #expect(lines.all.filter { $0.contains("over 4 MiB") }.count == 2, "\(lines.all)")
        }
    }

    @Test("a signed body replayed without its headers or under a new id costs nothing; an old capture is ignored")
    func replays() async throws {
        let body = try TestWebhook.shopifyOrder()
        let signature = WebhookSignature.sign(body, secret: TestWebhook.secret)
        let clock = TestClock(Date())
        try await withServer(now: { clock.now }) { port, client, deliveries, _ in
            let path = "/webhooks/shopify/shop"
            var headers = ["X-Shopify-Topic": "orders/create", "X-Shopify-Webhook-Id": "wh-1", "X-Shopify-Hmac-Sha256": signature]
            let status1 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status1 == 200)
            #expect(deliveries.all.count == 1)
            headers["X-Shopify-Webhook-Id"] = "wh-2"
            let status2 = try await TestWebhook.post(client, port: port, path: path, body: body, headers: headers)
            #expect(status2 == 200)
            #expect(deliveries.all.count == 1, "the same signed body under a new id is a replay")
            // Without the id or the topic: not a delivery at all (and never taken for a refund).
            var bare = headers
            bare["X-Shopify-Webhook-Id"] = nil
            let status3 = try await TestWebhook.post(client, port: port, path: path, body: body + Array(" ".utf8), headers: bare)
            #expect(status3 == 401)
            bare["X-Shopify-Hmac-Sha256"] = WebhookSignature.sign(body + Array(" ".utf8), secret: TestWebhook.secret)
            let status4 = try await TestWebhook.post(client, port: port, path: path, body: body + Array(" ".utf8), headers: bare)
            #expect(status4 == 400)
            bare["X-Shopify-Webhook-Id"] = "wh-3"
            bare["X-Shopify-Topic"] = nil
            let status5 = try await TestWebhook.post(client, port: port, path: path, body: body + Array(" ".utf8), headers: bare)
            #expect(status5 == 400)
            #expect(deliveries.all.count == 1)
            // A capture triggered two hours ago, sent now with a fresh id and a changed body.
            let older = body + Array("  ".utf8)
            var old = [
                "X-Shopify-Topic": "orders/updated", "X-Shopify-Webhook-Id": "wh-4",
                "X-Shopify-Hmac-Sha256": WebhookSignature.sign(older, secret: TestWebhook.secret),
            ]
            old["X-Shopify-Triggered-At"] = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(-7_200))
            let status6 = try await TestWebhook.post(client, port: port, path: path, body: older, headers: old)
            #expect(status6 == 200)
            #expect(deliveries.all.count == 1)
            old["X-Shopify-Triggered-At"] = ISO8601DateFormatter().string(from: clock.now.addingTimeInterval(-60))
            old["X-Shopify-Webhook-Id"] = "wh-5"
            let status7 = try await TestWebhook.post(client, port: port, path: path, body: older, headers: old)
            #expect(status7 == 200)
            #expect(deliveries.all.count == 2, "a recent delivery is taken")
        }
    }

    @Test("an unsigned ping's body and a forged path never reach the log as text")
    func nothingFromOutsideIsLoggedAsIs() async throws {
        try await withServer { port, client, _, lines in
            let forged = "webhook_id=1\n2026-12-07T00:00:00Z INFO all good \u{1B}[2J"
            let status8 = try await TestWebhook.post(
                client, port: port, path: "/webhooks/woocommerce/woo", body: Array(forged.utf8),
                headers: ["Content-Type": "application/x-www-form-urlencoded"])
            #expect(status8 == 200)
            _ = Self.raw(
                port: port,
                Array("POST /webhooks/x%0Aforged%1B[2J HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".utf8))
            let all = lines.all
            #expect(all.contains { $0.contains("ping") })
            #expect(!all.contains { $0.contains("all good") }, "\(all)")
            #expect(!all.contains { $0.contains("\n") || $0.contains("\u{1B}") }, "\(all)")
        }
    }
}

final class LogLines: Sendable {
    private let lines = Mutex<[String]>([])
    var all: [String] { lines.withLock { $0 } }
    func append(_ line: String) { lines.withLock { $0.append(line) } }
}

final class TestClock: Sendable {
    private let value: Mutex<Date>
    init(_ date: Date) { value = Mutex(date) }
    var now: Date { value.withLock { $0 } }
}
