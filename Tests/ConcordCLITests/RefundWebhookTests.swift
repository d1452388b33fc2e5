import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// A refund made in the store reaches Concord as the platform's own signed webhook (sent by the
/// simulator), is counted once however often it is delivered, and shows in the audit.
@Suite("concord listen: refunds arriving by webhook")
struct RefundWebhookTests {
    static let secret = "refund-webhook-test-secret"

    struct Setup {
        let store: SimulatedStore
        let directory: TemporaryDirectory
        let concord: CommandRunner
        let environment: [String: String?]

        init(platform: Platform) async throws {
            var catalog = CatalogGenerator(seed: 63, productCount: 8).generate()
            if platform == .woocommerce { catalog = ShopDay.singleLocation(catalog) }
            store = try await SimulatedStore.start(
                StoreSpec(
                    platform: platform, name: "shop", seed: 63, source: .catalog(products: catalog.products, locations: catalog.locations),
                    api: platform == .shopify ? ShopifyPlatform.roomy : nil))
            directory = try TemporaryDirectory()
            concord = try CommandRunner(product: "concord")
            _ = try directory.write(
                CatalogExporter.write(CatalogDocument(products: catalog.products, locations: catalog.locations), format: .jsonLines),
                to: "catalog.jsonl")
            let credentials: String
            switch platform {
            case .woocommerce:
                credentials = """
                    key_env = "SHOP_KEY"
                    secret_env = "SHOP_SECRET"
                    webhook_secret_env = "SHOP_WEBHOOK_SECRET"

                    [stores.shop.locations]
                    default = "\(catalog.locations[0].code)"
                    """
                environment = [
                    "SHOP_KEY": store.credentials.wooConsumerKey, "SHOP_SECRET": store.credentials.wooConsumerSecret,
                    "SHOP_WEBHOOK_SECRET": RefundWebhookTests.secret,
                ]
            default:
                credentials = """
                    token_env = "SHOP_TOKEN"
                    webhook_secret_env = "SHOP_WEBHOOK_SECRET"
                    """
                environment = ["SHOP_TOKEN": store.credentials.shopifyAccessToken, "SHOP_WEBHOOK_SECRET": RefundWebhookTests.secret]
            }
            _ = try directory.write(
                """
                [catalog]
                currency = "EUR"
                database = "catalog.sqlite"

                [stores.shop]
                platform = "\(platform.rawValue)"
                url = "\(store.baseURL)"
                \(credentials)
                """, to: "concord.toml")
            let imported = try await concord.run(["catalog", "import", "catalog.jsonl"], directory: directory.path)
            #expect(imported.status == 0, "\(imported.stderr)")
        }

        func run(_ arguments: [String], interrupt: (@Sendable () async -> Void)? = nil) async throws -> CommandRunner.Result {
            try await concord.run(arguments, environment: environment, directory: directory.path, interrupt: interrupt, signal: SIGTERM)
        }

        /// The stored line of the test's order.
        func storedLine() async throws -> OrderLine? {
            let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
            return try await catalog.orders(store: "shop").first?.lines.first
        }
    }

    /// Runs `body` with a `Setup` for `platform` and stops its store afterwards, also when `body`
    /// throws.
    func withSetup(platform: Platform, _ body: (Setup) async throws -> Void) async throws {
        let setup = try await Setup(platform: platform)
        try await withAwaitedCleanup {
            try await body(setup)
        } cleanup: {
            await setup.store.stop()
        }
    }

    /// A shopper's order of 3 units of one SKU at the store's first location: available → committed there.
    static func placeOrder(in store: SimulatedStore) throws -> (order: Int64, line: Int64, sku: String) {
        try #require(
            store.shop.mutate { state -> (Int64, Int64, String)? in
                let location = state.locations[0].id
                guard
                    let product = state.allProducts.first(where: {
                        $0.variants.contains { ($0.available[location] ?? 0) >= 3 && !$0.sku.isEmpty }
                    }),
                    let variant = product.variants.first(where: { ($0.available[location] ?? 0) >= 3 && !$0.sku.isEmpty })
                else { return nil }
                let now = Date()
                state.updateVariant(id: variant.id) { _, variant in
                    variant.available[location, default: 0] -= 3
                    variant.committed[location, default: 0] += 3
                    variant.updatedAt = now
                }
                let line = SimOrderLine(
                    id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku, title: product.title, quantity: 3,
                    price: variant.price)
                let order = SimOrder(
                    id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .paid,
                    fulfillment: .unfulfilled,
                    locationID: location,
                    customer: SimCustomer(
                        firstName: "Test", lastName: "Shopper", email: "shopper@example.com", address: "1 Example Street", city: "Berlin",
                        postcode: "10115", country: "DE"),
                    lines: [line], createdAt: now, updatedAt: now)
                state.upsert(order)
                return (order.id, line.id, variant.sku)
            })
    }

    @Test(
        "a signed refund webhook counts the refunded units once (a replay and the next order read change nothing), and the audit's refund rate sees them",
        arguments: [Platform.shopify, .woocommerce])
    func refundCountedOnce(platform: Platform) async throws {
        try await withSetup(platform: platform) { setup in
            let placed = try Self.placeOrder(in: setup.store)
            // The scheduled sync reads the order: 3 units committed, none refunded.
            let first = try await setup.run(["sync", "--apply", "--json"])
            #expect([0, 2].contains(first.status), "\(first.stderr)")
            #expect(try await setup.storedLine()?.refundedQuantity == 0)

            // The merchant refunds 2 of the 3 units; the platform sends its webhook (twice: a retry).
            let webhook = try setup.store.refundWithWebhook(order: placed.order, quantities: [(placed.line, 2)], secret: Self.secret)
            let port = Int.random(in: 20_000..<60_000)
            let server = setup.store.server
            let answers = Answers()
            let sentAfter = server.log.last?.sequence ?? 0
            let result = try await setup.run(
                ["listen", "--port", "\(port)", "--debounce", "100ms", "--log-format", "json"],
                interrupt: {
                    let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))
                    defer { client.shutdown() }
                    let url = "http://127.0.0.1:\(port)/webhooks/\(platform.rawValue)/shop"
                    var forged = webhook
                    for key in forged.headers.keys where key.hasSuffix("Signature") || key.hasSuffix("Hmac-Sha256") {
                        forged.headers[key] = "Zm9yZ2Vk"
                    }
                    // Wait for the listener: a forged delivery is refused (401) once it listens.
                    for _ in 0..<400 {
                        let status = await forged.post(to: url, using: client)
                        if status != 0 {
                            answers.append(status)
                            break
                        }
                        try? await Task.sleep(for: .milliseconds(25))  // waiting for a port to open, not timing anything
                    }
                    answers.append(await webhook.post(to: url, using: client))
                    answers.append(await webhook.post(to: url, using: client))
                    // The targeted sync reads the store's orders (WooCommerce: the order's refunds) before anything else.
                    _ = await server.waitForRequest { entry in
                        entry.sequence > sentAfter && entry.status == 200
                            && (platform == .shopify ? (entry.query ?? "").contains("ConcordOrders") : entry.path.hasSuffix("/refunds"))
                    }
                })
            #expect(result.status == 0, "\(result.stderr)")
            #expect(answers.all == [401, 200, 200], "\(result.stderr)")
            let events = try result.stderr.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            let kinds = events.compactMap { $0["event"]?.stringValue }
            #expect(kinds.contains("webhook_accepted") && kinds.contains("webhook_duplicate"), "\(kinds)")
            if platform == .shopify {
                // The refund came from the webhook itself, before any order read.
                let recorded = events.filter { $0["event"]?.stringValue == "refund_recorded" }.compactMap { $0["message"]?.stringValue }
                #expect(recorded.count == 1 && recorded[0].contains("2 unit(s) on 1 stored order line"), "\(recorded)")
            }
            var line = try #require(try await setup.storedLine())
            #expect(line.refundedQuantity == 2)
            #expect(line.openQuantity == 1)

            // The next scheduled sync reads the order again: still 2 refunded, not 4.
            let again = try await setup.run(["sync", "--apply", "--json"])
            #expect([0, 2].contains(again.status), "\(again.stderr)")
            line = try #require(try await setup.storedLine())
            #expect(line.refundedQuantity == 2)

            // The audit's refund rate: 2 of 3 units sold.
            let audit = try await setup.run(["audit", "--json"])
            #expect(audit.status == 0, "\(audit.stderr)")
            let operations = try JSONValue.parse(audit.stdout)["operations"]
            let rate = operations?["stores"]?[0]?["refund_rate"]
            #expect(rate?["numerator"]?.intValue == 2 && rate?["denominator"]?.intValue == 3, "\(operations?.serialized ?? "")")
            _ = placed.sku
        }
    }
}
