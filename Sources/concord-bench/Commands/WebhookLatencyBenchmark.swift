import ArgumentParser
import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator

/// `concord-bench webhooks`: how long a sale on one channel takes to show on another, through
/// the platform's webhooks and `concord listen`.
struct WebhookLatencyBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "webhooks",
        abstract: "Time a sale on Shopify until WooCommerce shows it, through webhooks and concord listen.",
        discussion: """
            Starts a simulated Shopify store and a simulated WooCommerce store in this process, both \
            seeded from one one-location catalog, imports the catalog and syncs once with the \
            concord binary built beside this one, then runs `concord listen --debounce D` as its \
            own process, with the Shopify store sending it the platform's signed webhooks. Each \
            sale is one unit of a SKU bought in the Shopify store; its latency runs from the order \
            until the WooCommerce store shows one unit fewer (the store's state is looked at every \
            5 ms). Sales are --gap apart (default longer than the debounce, so each is the first of \
            a quiet store: synced at once); --gap 0 sends the next sale as soon as the last one \
            shows. The last line of standard output is one JSON object: sales, p50, p90, p99 and \
            max seconds.
            """
    )

    @Option(help: "Sales to time.")
    var sales: Int = 100

    @Option(help: "Products in the catalog.")
    var products: Int = 20

    @Option(help: ArgumentHelp("concord listen's --debounce.", valueName: "duration"))
    var debounce: String = "2s"

    @Option(help: ArgumentHelp("Milliseconds between one sale showing and the next sale.", valueName: "ms"))
    var gap: Int = 2_500

    @Option(help: "Seed of the catalog.")
    var seed: UInt64 = 42

    func validate() throws {
        guard sales > 0 else { throw ValidationError("--sales must be positive") }
        guard gap >= 0 else { throw ValidationError("--gap is milliseconds, 0 or more") }
    }

    func run() async throws {
        let catalog = ShopDay.singleLocation(CatalogGenerator(seed: seed, productCount: products).generate())
        let secret = "bench-webhook-secret"
        let shop = try await SimulatedStore.start(
            StoreSpec(
                platform: .shopify, name: "shop", seed: seed, source: .catalog(products: catalog.products, locations: catalog.locations),
                api: ShopifyPlatform.roomy))
        let woo = try await SimulatedStore.start(
            StoreSpec(
                platform: .woocommerce, name: "woo", seed: seed, source: .catalog(products: catalog.products, locations: catalog.locations))
        )
        try await withAwaitedCleanup {
            try await measure(shop: shop, woo: woo, catalog: catalog, secret: secret)
        } cleanup: {
            await shop.stop()
            await woo.stop()
        }
    }

    /// Syncs once, starts `concord listen` and the Shopify store's webhooks, and times the sales.
    func measure(shop: SimulatedStore, woo: SimulatedStore, catalog: CatalogGenerator.Output, secret: String) async throws {
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()
        _ = try directory.write(
            CatalogExporter.write(CatalogDocument(products: catalog.products, locations: catalog.locations), format: .jsonLines),
            to: "catalog.jsonl")
        let (toml, environment) = ShopDay.configurationFile(
            stores: [("shop", shop, 0), ("woo", woo, 0)], database: directory.path("catalog.sqlite"), location: catalog.locations[0].code,
            webhookSecrets: ["shop": secret])
        _ = try directory.write(toml, to: "concord.toml")
        let concord = try CommandRunner(product: "concord")
        for step in [["catalog", "import", "catalog.jsonl"], ["sync", "--apply"]] {
            let result = try await concord.run(step, environment: environment, directory: directory.path)
            guard result.status == 0 else { throw ValidationError("concord \(step.joined(separator: " ")) failed: \(result.stderr)") }
        }

        let stop = Latch()
        let listener = Task {
            try await concord.run(
                ["listen", "--port", String(port), "--debounce", debounce], environment: environment, directory: directory.path,
                interrupt: { await stop.wait() }, signal: SIGTERM)
        }
        let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))
        defer { client.shutdown() }
        // Ready once it answers at all (an unknown path is a 404).
        var ready = false
        for _ in 0..<400 where !ready {
            ready = (try? await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/"))) != nil
            if !ready { try await Task.sleep(for: .milliseconds(25)) }
        }
        guard ready else { throw ValidationError("concord listen did not answer on port \(port)") }
        let publisher = try WebhookPublisher(
            store: shop, settings: WebhookPublishing(url: "http://127.0.0.1:\(port)/webhooks/shopify/shop", secret: Secret(secret)),
            log: { line in if ProcessInfo.processInfo.environment["BENCH_TRACE"] != nil { progress(line) } })

        let latencies: [Double]
        do {
            latencies = try await timeSales(shop: shop, woo: woo, catalog: catalog, client: client)
        } catch {
            await publisher.stop()
            stop.open()
            _ = try? await listener.value
            throw error
        }
        await publisher.stop()
        stop.open()
        let listened = try await listener.value
        if ProcessInfo.processInfo.environment["BENCH_TRACE"] != nil { progress("concord listen said:\n" + listened.stderr) }
        report(latencies)
    }

    /// Places the sales one after another and returns how long each took to show.
    func timeSales(shop: SimulatedStore, woo: SimulatedStore, catalog: CatalogGenerator.Output, client: HTTPClient) async throws
        -> [Double]
    {
        let skus = catalog.products.flatMap(\.variants).map(\.sku.rawValue)
        var latencies: [Double] = []
        var marks: [String: Int] = [:]
        let clock = ContinuousClock()
        for index in 0..<sales {
            // The SKU with the most left in the Shopify store, so a sale never runs out.
            let sku = try shop.shop.read { state -> String in
                let candidates = skus.compactMap { sku in state.variants(sku: sku).first.map { (sku, $0.variant.totalAvailable) } }
                guard let best = candidates.max(by: { $0.1 < $1.1 }), best.1 > 0 else {
                    throw ValidationError("the Shopify store has nothing left to sell")
                }
                return best.0
            }
            let before = woo.shop.read { $0.variants(sku: sku).first?.variant.totalAvailable } ?? 0
            let start = clock.now
            // A shopper's order through the simulator's own API, as a real one reaches the store:
            // the store notices its change and sends the platform's webhooks.
            let ordered = try await client.send(
                HTTPRequest(
                    method: .post, url: shop.baseURL + "/_sim/orders", body: Array(#"{"sku":"\#(sku)","quantity":1}"#.utf8)))
            guard ordered.status == 201 else {
                throw ValidationError("the simulator refused the order: \(String(decoding: ordered.body, as: UTF8.self))")
            }
            var shown = false
            while clock.now - start < .seconds(60) {
                if (woo.shop.read { $0.variants(sku: sku).first?.variant.totalAvailable } ?? 0) == before - 1 {
                    shown = true
                    break
                }
                try await Task.sleep(for: .milliseconds(5))  // looking at the store, not timing Concord
            }
            guard shown else { throw ValidationError("sale \(index + 1) of \(sku) never showed in WooCommerce within 60 s") }
            let seconds = (clock.now - start).seconds
            latencies.append(seconds)
            if ProcessInfo.processInfo.environment["BENCH_TRACE"] != nil {
                for (name, store) in [("shop", shop), ("woo", woo)] {
                    let calls = store.server.log.filter { $0.sequence > (marks[name] ?? 0) }
                    progress(
                        "  \(name): "
                            + calls.map { call in
                                "+\(format(call.time.timeIntervalSince(calls.first?.time ?? call.time))) \(call.method) \(call.path.suffix(24)) \((call.query ?? "").prefix(30).replacingOccurrences(of: "\n", with: " "))"
                            }.joined(separator: " | "))
                    marks[name] = store.server.log.last?.sequence ?? 0
                }
            }
            if (index + 1) % 10 == 0 { progress("\(index + 1) sales, last \(format(seconds)) s") }
            if gap > 0 { try await Task.sleep(for: .milliseconds(gap)) }
        }
        return latencies
    }

    /// Prints the percentiles, and the JSON line.
    func report(_ latencies: [Double]) {
        let sorted = latencies.sorted()
        func percentile(_ share: Double) -> Double { sorted[min(sorted.count - 1, Int((share * Double(sorted.count)).rounded(.up)) - 1)] }
        progress(
            "\(sales) sales: p50 \(format(percentile(0.5))) s, p90 \(format(percentile(0.9))) s, p99 \(format(percentile(0.99))) s, max \(format(sorted.last ?? 0)) s"
        )
        var report = BenchReport()
        report["sales"] = .int(sales)
        report["debounce"] = .string(debounce)
        report["gap_ms"] = .int(gap)
        report["p50_seconds"] = .double(percentile(0.5))
        report["p90_seconds"] = .double(percentile(0.9))
        report["p99_seconds"] = .double(percentile(0.99))
        report["max_seconds"] = .double(sorted.last ?? 0)
        print(report.jsonLine)
    }
}
