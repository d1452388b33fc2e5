import CatalogStorage
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import MessageAuthentication
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord listen: a signed webhook makes a targeted sync")
struct ListenCommandTests {
    @Test("a signed order webhook naming one drifted SKU corrects that SKU in the store, and only it; a forged one changes nothing")
    func webhookCorrectsOneSKU() async throws {
        try await withCLIScenario(seed: 81, products: 16, drift: DriftProfile(stockShare: 0.25, priceShare: 0.1)) { setup in
            let toml = try String(contentsOfFile: setup.directory.path("concord.toml"), encoding: .utf8)
            _ = try setup.directory.write(toml + "\nwebhook_secret_env = \"SHOP_WEBHOOK_SECRET\"\n", to: "concord.toml")
            let drift = setup.store.shop.manifest.drift
            // A SKU whose only drift is stock: its correction is one inventorySetQuantities call.
            let bySKU = Dictionary(grouping: drift, by: \.sku)
            let sku = try #require(bySKU.keys.sorted().first { key in bySKU[key]!.allSatisfy { $0.field.hasPrefix("stock@") } })
            let secret = "listen-test-secret"
            let port = Int.random(in: 20_000..<60_000)
            let server = setup.store.server
            let body = Array(#"{"id":820982911946154508,"line_items":[{"id":1,"sku":"\#(sku)","quantity":1}]}"#.utf8)
            let signature = Base64.encode(HMAC<SHA256>.authenticationCode(for: body, key: Array(secret.utf8)))
            let answers = Answers()

            let result = try await setup.concord.run(
                ["listen", "--port", "\(port)", "--debounce", "100ms", "--log-format", "json"],
                environment: setup.environment.merging(["SHOP_WEBHOOK_SECRET": secret]) { $1 }, directory: setup.directory.path,
                interrupt: {
                    let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))
                    defer { client.shutdown() }
                    let url = "http://127.0.0.1:\(port)/webhooks/shopify/shop"
                    func post(_ signature: String, id: String) async -> Int {
                        let request = HTTPRequest(
                            method: .post, url: url,
                            headers: HTTPHeaders([
                                ("Content-Type", "application/json"), ("X-Shopify-Topic", "orders/create"), ("X-Shopify-Event-Id", id),
                                ("X-Shopify-Hmac-Sha256", signature),
                            ]),
                            body: body)
                        return (try? await client.send(request))?.status ?? 0
                    }
                    // Wait for the listener: a forged delivery is refused (401) once it listens.
                    for _ in 0..<400 {
                        let status = await post(String(signature.reversed()), id: "forged")
                        if status != 0 {
                            answers.append(status)
                            break
                        }
                        try? await Task.sleep(for: .milliseconds(25))  // waiting for a port to open, not timing the sync
                    }
                    answers.append(await post(signature, id: "evt-1"))
                    answers.append(await post(signature, id: "evt-1"))
                    // The targeted sync's write reaches the store.
                    await server.waitForRequest { $0.isWrite && $0.status == 200 }
                }, signal: SIGTERM)
            #expect(result.status == 0, "\(result.stderr)")
            #expect(answers.all == [401, 200, 200], "\(result.stderr)")
            let events = try result.stderr.split(separator: "\n").compactMap { try JSONValue.parse(String($0))["event"]?.stringValue }
            #expect(
                events.contains("webhook_unauthorized") && events.contains("webhook_accepted") && events.contains("webhook_duplicate"),
                "\(events)")

            // Exactly the one SKU was written, once.
            let mutations = setup.store.server.log.filter { $0.isWrite }
            #expect(mutations.count == 1)
            let database = try SQLiteCatalogStore(path: setup.directory.path("catalog.sqlite"))
            let run = try #require(try await database.runs(limit: 1).first)
            let entries = try await database.journalEntries(runID: run.id)
            #expect(
                !entries.isEmpty && entries.allSatisfy { $0.change.sku.description == sku && $0.state == .applied },
                "\(entries.map { "\($0.change.sku) \($0.change.field) \($0.state) \($0.message ?? "")" })")
            #expect(entries.count == bySKU[sku]!.count)
            // Everything else is still to do: the next plan has every other drift.
            let otherChanges = drift.filter { $0.sku != sku && $0.field != "title" }.count
            #expect(try await setup.changeCount() == otherChanges)
        }
    }
}

final class Answers: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []
    var all: [Int] { lock.withLock { list } }
    func append(_ status: Int) { lock.withLock { list.append(status) } }
}
