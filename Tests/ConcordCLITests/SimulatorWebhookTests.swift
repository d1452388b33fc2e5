import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import StorefrontSimulator
import Testing

/// `concord-sim serve --webhook-url` and `concord listen`, both real binaries on loopback: a sale
/// in the simulated Shopify store reaches Concord as the store's own signed webhooks, and the
/// targeted sync they start lowers the other store's stock.
@Suite("concord-sim serve --webhook-url → concord listen")
struct SimulatorWebhookTests {
    /// A Shopify and a WooCommerce store (one `concord-sim serve` process) seeded from the same
    /// one-location catalog, the catalog imported, one sync done (so listings are matched), and
    /// a free port for `concord listen`.
    struct Scenario {
        static let secret = "sim-webhook-test-secret"
        let directory: TemporaryDirectory
        let catalog: CatalogGenerator.Output
        let listenPort: UInt16
        let concord: CommandRunner
        let simulator: CommandRunner

        init(seed: UInt64) throws {
            catalog = ShopDay.singleLocation(CatalogGenerator(seed: seed, productCount: 6).generate())
            directory = try TemporaryDirectory()
            listenPort = try LoopbackPort.free()
            concord = try CommandRunner(product: "concord")
            simulator = try CommandRunner(product: "concord-sim")
            _ = try directory.write(
                CatalogExporter.write(CatalogDocument(products: catalog.products, locations: catalog.locations), format: .jsonLines),
                to: "catalog.jsonl")
        }

        var listenURL: String { "http://127.0.0.1:\(listenPort)/webhooks" }

        /// Runs `concord-sim serve` for both stores until `stop` opens; `webhookStores` names the
        /// platforms that send webhooks, signed with `simulatorSecret`.
        func serve(
            webhookStores: [Platform], simulatorSecret: String = Scenario.secret, retry: String = "100ms,200ms", until stop: Latch
        ) async throws -> CommandRunner.Result {
            var arguments = [
                "serve", "--platform", "shopify", "--platform", "woocommerce", "--catalog", "catalog.jsonl", "--seed", "7",
                "--ready-file", "stores.json", "--webhook-retry", retry,
            ]
            for platform in webhookStores {
                let store = platform == .shopify ? "shop" : "woo"
                arguments += ["--webhook-url", "\(platform.rawValue)=\(listenURL)/\(platform.rawValue)/\(store)"]
            }
            return try await simulator.run(
                arguments, environment: ["CONCORD_SIM_WEBHOOK_SECRET": simulatorSecret], directory: directory.path,
                interrupt: { await stop.wait() }, signal: SIGTERM)
        }

        /// Waits for the simulator's ready file, then writes concord.toml, imports the catalog and
        /// syncs once. Returns the two stores' base URLs and the environment Concord needs.
        func prepare() async throws -> (shopify: String, woo: String, environment: [String: String?]) {
            let stores = try await eventually("the simulator's ready file") { () -> JSONValue? in
                guard let data = FileManager.default.contents(atPath: directory.path("stores.json")) else { return nil }
                return try? JSONValue.parse(Array(data))
            }
            let shopify = try #require(stores.arrayValue?.first { $0["platform"]?.stringValue == "shopify" })
            let woo = try #require(stores.arrayValue?.first { $0["platform"]?.stringValue == "woocommerce" })
            _ = try directory.write(
                """
                [catalog]
                currency = "EUR"
                database = "catalog.sqlite"

                [stores.shop]
                platform = "shopify"
                url = "\(shopify["base_url"]?.stringValue ?? "")"
                token_env = "SHOP_TOKEN"
                webhook_secret_env = "SHOP_WEBHOOK_SECRET"

                [stores.woo]
                platform = "woocommerce"
                url = "\(woo["base_url"]?.stringValue ?? "")"
                key_env = "WOO_KEY"
                secret_env = "WOO_SECRET"
                webhook_secret_env = "WOO_WEBHOOK_SECRET"

                [stores.woo.locations]
                default = "\(catalog.locations[0].code)"
                """, to: "concord.toml")
            let environment: [String: String?] = [
                "SHOP_TOKEN": shopify["access_token"]?.stringValue, "WOO_KEY": woo["consumer_key"]?.stringValue,
                "WOO_SECRET": woo["consumer_secret"]?.stringValue, "SHOP_WEBHOOK_SECRET": Self.secret, "WOO_WEBHOOK_SECRET": Self.secret,
            ]
            let imported = try await concord.run(["catalog", "import", "catalog.jsonl"], directory: directory.path)
            #expect(imported.status == 0, "\(imported.stderr)")
            let synced = try await concord.run(["sync", "--apply"], environment: environment, directory: directory.path)
            #expect(synced.status == 0, "the stores start in step with the catalog: \(synced.stderr)\n\(synced.stdout)")
            return (shopify["base_url"]?.stringValue ?? "", woo["base_url"]?.stringValue ?? "", environment)
        }

        /// A SKU with at least `units` units, and its units.
        func skuWithStock(_ units: Int) throws -> (sku: String, onHand: Int) {
            let variant = try #require(catalog.products.flatMap(\.variants).first { $0.stock.reduce(0) { $0 + $1.onHand } >= units })
            return (variant.sku.description, variant.stock.reduce(0) { $0 + $1.onHand })
        }
    }

    static let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))

    /// GETs `url` and parses its JSON; `nil` when nothing (valid) answered.
    static func getJSON(_ url: String) async -> JSONValue? {
        guard let response = try? await client.send(HTTPRequest(method: .get, url: url)), response.status == 200 else { return nil }
        return try? JSONValue.parse(response.body)
    }

    /// A shopper's order through the simulator's control API.
    static func placeOrder(in base: String, sku: String, quantity: Int) async throws {
        let response = try await client.send(
            HTTPRequest(method: .post, url: base + "/_sim/orders", body: Array(#"{"sku":"\#(sku)","quantity":\#(quantity)}"#.utf8)))
        #expect(response.status == 201, "\(String(decoding: response.body, as: UTF8.self))")
    }

    /// Successful writes in a store's request log: Shopify mutations, WooCommerce POST/PUT.
    static func writes(in base: String) async -> [JSONValue] {
        (await getJSON(base + "/_sim/log"))?.arrayValue?.filter { entry in
            guard entry["status"]?.intValue == 200 else { return false }
            if let query = entry["query"]?.stringValue { return query.trimmingCharacters(in: .whitespaces).hasPrefix("mutation") }
            return entry["method"]?.stringValue != "GET"
        } ?? []
    }

    /// The available units of `sku` in a store (all locations), from `/_sim/state`.
    static func available(_ sku: String, in base: String) async -> Int? {
        guard let state = await getJSON(base + "/_sim/state") else { return nil }
        for product in state["products"]?.arrayValue ?? [] {
            for variant in product["variants"]?.arrayValue ?? [] where variant["sku"]?.stringValue == sku {
                // [Int64: Int] encodes as [key, value, key, value, ...].
                let pairs = variant["available"]?.arrayValue ?? []
                return stride(from: 1, to: pairs.count, by: 2).reduce(0) { $0 + (pairs[$1].intValue ?? 0) }
            }
        }
        return nil
    }

    /// The store's webhook attempts (`/_sim/webhooks`).
    static func attempts(in base: String) async -> [JSONValue] {
        (await getJSON(base + "/_sim/webhooks"))?.arrayValue ?? []
    }

    /// Waits for `concord listen` to answer on its port (an unsigned POST gets 401 once it does).
    static func waitForListener(_ scenario: Scenario) async throws {
        _ = try await eventually("concord listen to answer") { () -> Int? in
            let status =
                (try? await client.send(HTTPRequest(method: .post, url: scenario.listenURL + "/shopify/shop", body: Array("{}".utf8))))?
                .status
            return status == 401 ? 401 : nil
        }
    }

    static func events(_ stderr: String) -> [JSONValue] {
        stderr.split(separator: "\n").compactMap { try? JSONValue.parse(String($0)) }
    }

    @Test(
        "an order placed in the simulated Shopify store lowers the WooCommerce store's stock; Concord's own writes, echoed back by both stores, cause no second write"
    )
    func orderLowersOtherStore() async throws {
        let scenario = try Scenario(seed: 91)
        let (sku, onHand) = try scenario.skuWithStock(6)
        let stopSimulator = Latch()
        async let served = scenario.serve(webhookStores: [.shopify, .woocommerce], until: stopSimulator)
        do {
            let (shopify, woo, environment) = try await scenario.prepare()
            let listened = try await scenario.concord.run(
                ["listen", "--port", "\(scenario.listenPort)", "--debounce", "200ms", "--log-format", "json"], environment: environment,
                directory: scenario.directory.path,
                interrupt: {
                    do {
                        try await Self.waitForListener(scenario)
                        let (wooWrites, shopifyWrites) = (await Self.writes(in: woo), await Self.writes(in: shopify))
                        #expect(wooWrites.isEmpty && shopifyWrites.isEmpty)
                        // (a) 2 units sold in Shopify: the WooCommerce store gets them off its stock.
                        try await Self.placeOrder(in: shopify, sku: sku, quantity: 2)
                        _ = try await eventually("the WooCommerce stock of \(sku) to drop by 2") { () -> Int? in
                            let units = await Self.available(sku, in: woo)
                            return units == onHand - 2 ? units : nil
                        }
                        // (d) Concord's write to WooCommerce comes back as product.updated: delivered, synced, nothing written.
                        _ = try await eventually("WooCommerce's echo of Concord's write to be delivered") { () -> Bool? in
                            (await Self.attempts(in: woo)).contains {
                                $0["topic"]?.stringValue == "product.updated" && $0["status"]?.intValue == 200
                            }
                                ? true : nil
                        }
                        // The other way: 1 unit sold in WooCommerce lowers Shopify, whose own echo
                        // (products/update, inventory_levels/update) must not cause a second write.
                        try await Self.placeOrder(in: woo, sku: sku, quantity: 1)
                        _ = try await eventually("the Shopify stock of \(sku) to drop by 1 more") { () -> Int? in
                            let units = await Self.available(sku, in: shopify)
                            return units == onHand - 3 ? units : nil
                        }
                        let writeCount = await Self.writes(in: shopify).count
                        _ = try await eventually("Shopify's products/update echo of Concord's write to be delivered") { () -> Bool? in
                            let attempts = await Self.attempts(in: shopify)
                            let echoes = attempts.filter { $0["topic"]?.stringValue == "products/update" && $0["status"]?.intValue == 200 }
                            // The sale's own products/update came first; the echo of the write is the second.
                            return echoes.count >= 2 ? true : nil
                        }
                        #expect(writeCount == 1)
                    } catch {
                        Issue.record(error)
                    }
                }, signal: SIGTERM)
            #expect(listened.status == 0, "\(listened.stderr)")
            // Exactly one write to each store, ever: the echoes were read and found in step.
            let (wooWrites, shopifyWrites) = (await Self.writes(in: woo), await Self.writes(in: shopify))
            let syncs = Self.events(listened.stderr).filter { $0["event"]?.stringValue == "webhook_sync" }.compactMap {
                $0["message"]?.stringValue
            }
            #expect(wooWrites.count == 1, "\(wooWrites)\nsyncs: \(syncs)")
            #expect(shopifyWrites.count == 1, "\(shopifyWrites)\nsyncs: \(syncs)")
            #expect(await Self.available(sku, in: woo) == onHand - 3)
            #expect(syncs.filter { $0.contains(" 1 applied") }.count == 2, "\(syncs)")
            #expect(syncs.contains { $0.contains(" 0 planned, 0 applied") }, "an echo is a read that finds nothing to do: \(syncs)")
            #expect(!listened.stderr.contains(Scenario.secret))
        } catch {
            Issue.record(error)
        }
        stopSimulator.open()
        let simulator = try await served
        #expect(simulator.status == 0 || simulator.status == SIGTERM, "\(simulator.stderr)")
        #expect(!simulator.stdout.contains(Scenario.secret) && !simulator.stderr.contains(Scenario.secret))
    }

    @Test(
        "a delivery signed with the wrong secret is refused (401) every time; the simulator retries on its schedule, logs it, and gives up; nothing is written"
    )
    func forgedSecretRetried() async throws {
        let scenario = try Scenario(seed: 92)
        let (sku, _) = try scenario.skuWithStock(3)
        let stopSimulator = Latch()
        async let served = scenario.serve(
            webhookStores: [.shopify], simulatorSecret: "not-the-shared-secret", retry: "100ms,300ms", until: stopSimulator)
        do {
            let (shopify, woo, environment) = try await scenario.prepare()
            let listened = try await scenario.concord.run(
                ["listen", "--port", "\(scenario.listenPort)", "--debounce", "100ms", "--log-format", "json"], environment: environment,
                directory: scenario.directory.path,
                interrupt: {
                    do {
                        try await Self.waitForListener(scenario)
                        try await Self.placeOrder(in: shopify, sku: sku, quantity: 1)
                        _ = try await eventually("orders/create to be given up") { () -> Bool? in
                            (await Self.attempts(in: shopify)).contains {
                                $0["topic"]?.stringValue == "orders/create" && $0["outcome"]?.stringValue == "gave_up"
                            }
                                ? true : nil
                        }
                    } catch {
                        Issue.record(error)
                    }
                }, signal: SIGTERM)
            #expect(listened.status == 0, "\(listened.stderr)")
            let orderAttempts = await Self.attempts(in: shopify).filter { $0["topic"]?.stringValue == "orders/create" }
            #expect(orderAttempts.map { $0["status"]?.intValue } == [401, 401, 401])
            #expect(orderAttempts.map { $0["outcome"]?.stringValue } == ["retrying", "retrying", "gave_up"])
            #expect(orderAttempts.map { $0["retry_in_ms"]?.intValue } == [100, 300, nil])
            #expect(Self.events(listened.stderr).contains { $0["event"]?.stringValue == "webhook_unauthorized" })
            #expect(!Self.events(listened.stderr).contains { $0["event"]?.stringValue == "webhook_accepted" })
            #expect(await Self.writes(in: woo).isEmpty)
            stopSimulator.open()
            let simulator = try await served
            let log = simulator.stderr
            #expect(log.contains("orders/create"), "\(log)")
            #expect(
                log.contains("→ 401 (attempt 1 of 3); retry in 100ms") && log.contains("→ 401 (attempt 2 of 3); retry in 300ms")
                    && log.contains("→ 401 (attempt 3 of 3); giving up"), "\(log)")
            #expect(!log.contains("not-the-shared-secret"))
        } catch {
            stopSimulator.open()
            _ = try? await served
            Issue.record(error)
        }
    }

    @Test("SIGTERM while SKUs are still being gathered: new deliveries get 503, one last targeted sync writes them, exit 0")
    func sigtermFlushesGatheredSKUs() async throws {
        let scenario = try Scenario(seed: 93)
        let (sku, onHand) = try scenario.skuWithStock(4)
        let stopSimulator = Latch()
        async let served = scenario.serve(webhookStores: [.shopify], until: stopSimulator)
        do {
            let (shopify, woo, environment) = try await scenario.prepare()
            let listened = try await scenario.concord.run(
                // A window that never ends by itself: only the shutdown can sync what was gathered.
                ["listen", "--port", "\(scenario.listenPort)", "--debounce", "1h", "--drain-timeout", "60s", "--log-format", "json"],
                environment: environment, directory: scenario.directory.path,
                interrupt: {
                    do {
                        try await Self.waitForListener(scenario)
                        // A quiet store's first delivery is synced at once (the debounce's leading edge).
                        try await Self.placeOrder(in: shopify, sku: sku, quantity: 3)
                        _ = try await eventually("the first sale to reach WooCommerce") { () -> Bool? in
                            await Self.writes(in: woo).count == 1 ? true : nil
                        }
                        // The next one falls in the window after it: accepted (so gathered) before the
                        // signal, and nothing more written yet.
                        try await Self.placeOrder(in: shopify, sku: sku, quantity: 1)
                        _ = try await eventually("the second orders/create to be accepted") { () -> Bool? in
                            (await Self.attempts(in: shopify)).filter {
                                $0["topic"]?.stringValue == "orders/create" && $0["status"]?.intValue == 200
                            }.count == 2 ? true : nil
                        }
                        #expect(await Self.writes(in: woo).count == 1)
                    } catch {
                        Issue.record(error)
                    }
                }, signal: SIGTERM)
            #expect(listened.status == 0, "\(listened.stderr)")
            let events = Self.events(listened.stderr).compactMap { $0["event"]?.stringValue }
            #expect(events.contains("webhook_drain") && events.contains("webhook_sync"), "\(events)")
            #expect(!events.contains("webhook_drain_incomplete"), "\(listened.stderr)")
            // The gathered sale's write reached the WooCommerce store before concord listen exited
            // (it is the only writer): the first sale's write and this one.
            #expect(await Self.writes(in: woo).count == 2)
            #expect(await Self.available(sku, in: woo) == onHand - 4)
        } catch {
            Issue.record(error)
        }
        stopSimulator.open()
        _ = try await served
    }
}

/// Polls `condition` (an observable state: a file, an HTTP answer) every 50 ms until it gives a
/// value, for at most `seconds`; throws naming what it waited for.
func eventually<T>(_ what: String, seconds: Double = 90, _ condition: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if let value = try await condition() { return value }
        try await Task.sleep(for: .milliseconds(50))  // polling an observable condition, not timing it
    }
    throw WaitedTooLong(description: "gave up after \(Int(seconds)) s waiting for \(what)")
}

struct WaitedTooLong: Error, CustomStringConvertible {
    var description: String
}
