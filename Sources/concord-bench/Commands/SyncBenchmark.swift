import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import MagentoAdapter
import Planning
import Reconcile
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Synchronization
import WooCommerceAdapter

/// `concord-bench sync`: a whole first sync against an in-process simulated store.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Time a full sync (fetch, reconcile + plan, apply) against an in-process simulated store.",
        discussion: """
            The simulator is seeded from a CatalogGenerator catalog with drift; the same catalog, in a \
            SQLite file, is the canonical side. The sync is `concord sync --apply`'s own code \
            (SyncRunner): orders, a full read with the platform's adapter, reconcile and plan as a first \
            sync, and the apply through the journal. "requests" and "write_requests" are the \
            simulator's counters for that sync. The store's clock then moves on by --quiet-minutes, \
            as between two cron runs, and a second sync ("followup_requests", which re-reads what the \
            first wrote) and a third with nothing changed anywhere ("incremental_requests") follow, \
            the clock moving on again before the third. The last line of standard output is one JSON \
            object.
            """
    )

    enum PlatformChoice: String, ExpressibleByArgument, CaseIterable, Sendable {
        case shopify
        case woocommerce
        case magento

        var platform: Platform {
            switch self {
            case .shopify: .shopify
            case .woocommerce: .woocommerce
            case .magento: .magento
            }
        }
    }

    @Option(help: "The simulated platform: shopify, woocommerce or magento.")
    var platform: PlatformChoice

    @Option(help: "Products in the catalog and the store (each has 1 to 12 variants).")
    var products: Int = 500

    @Option(help: "Share of variants with drifted stock and price, and of products with a drifted title (0...1).")
    var drift: Double = 0.05

    @Option(help: "Seed of the catalog and the store.")
    var seed: UInt64 = 42

    @Option(help: "WooCommerce only: requests a second the adapter allows itself (its default is 10).")
    var wooRequestsPerSecond: Double = 1000

    @Option(help: "Seconds an incremental read looks back before its cursor (the adapters' default is 300).")
    var overlap: Double = 300

    @Option(help: "Minutes the simulated store's clock moves on between syncs, as between two cron runs.")
    var quietMinutes: Double = 10

    @Flag(help: "List the simulator's requests (time, method, path, status, GraphQL operation) on standard error.")
    var logRequests = false

    @Flag(inversion: .prefixedNo, help: "Read and reconcile the store again after applying (not timed or counted).")
    var verify = true

    func validate() throws {
        guard products > 0 else { throw ValidationError("--products must be positive") }
        guard (0...1).contains(drift) else { throw ValidationError("--drift is a share between 0 and 1") }
        guard wooRequestsPerSecond > 0 else { throw ValidationError("--woo-requests-per-second must be positive") }
    }

    func run() async throws {
        let generated = CatalogGenerator(seed: seed, productCount: products).generate()
        var catalog = (products: generated.products, locations: generated.locations)
        if platform == .woocommerce { catalog = Self.singleLocation(catalog) }
        let variantCount = catalog.products.reduce(0) { $0 + $1.variants.count }

        // The store's clock is the wall clock plus the quiet time the benchmark lets pass between
        // syncs, without waiting for it.
        let quiet = Mutex<TimeInterval>(0)
        let store = try await SimulatedStore.start(
            StoreSpec(
                platform: platform.platform, name: "bench-\(platform.rawValue)", seed: seed,
                source: .catalog(products: catalog.products, locations: catalog.locations),
                drift: DriftProfile(stockShare: drift, priceShare: drift, titleShare: drift),
                clock: SimClock { Date().addingTimeInterval(quiet.withLock { $0 }) },
                // A Shopify Plus-sized budget: the benchmark measures Concord and the API calls, not
                // waiting for a 50-point-a-second bucket (the pacing itself is tested).
                api: platform.platform == .shopify ? ShopifyPlatform(options: .init(bucketSize: 1_000_000, restoreRate: 1_000_000)) : nil))
        let driftCount = store.shop.manifest.drift.count
        progress(
            "\(platform.rawValue) simulator at \(store.baseURL): \(catalog.products.count) products, "
                + "\(variantCount) variants, \(driftCount) drifted values")

        // The canonical side: a real SQLite catalog in a temporary folder, as `concord sync` uses.
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bench-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let database = try SQLiteCatalogStore(path: folder + "/catalog.sqlite")
        _ = try await database.writeCatalog(catalog.products, locations: catalog.locations, mode: .replace)

        let client = HTTPClient(configuration: .init())
        defer { client.shutdown() }
        let adapter = makeAdapter(store: store, client: client)
        var configuration = StoreConfiguration(
            id: adapter.store, platform: platform.platform, url: URL(string: store.baseURL)!, credentials: CredentialNames())
        configuration.locations = Self.locationMap(of: store, platform: platform)
        let runner = SyncRunner(
            catalog: database, stores: [(configuration, adapter)], options: SyncOptions(apply: true, allowMassChange: true),
            progress: { progress($0) })

        let countersBefore = store.server.counters
        let sync = try await runner.run()
        let counters = store.server.counters
        let requests = counters.total - countersBefore.total
        let writes = counters.writes - countersBefore.writes
        let summary = sync.stores[0]
        let apply = summary.apply ?? StoreApplyReport(store: adapter.store)
        if let error = summary.error { progress("error: \(error)") }
        progress(
            String(
                format: "first sync in %.2f s (fetch %.2f s): %d changes planned in %d write calls; ", sync.seconds, summary.fetchSeconds,
                summary.changesPlanned, summary.writeCallsPlanned)
                + "\(apply.applied) applied, \(apply.stale) stale, \(apply.rejected) rejected, \(apply.unknown) unknown; \(requests) requests, \(writes) writes"
        )
        for (endpoint, count) in counters.byEndpoint.sorted(by: { $0.value > $1.value }) {
            progress("  \(count)\t\(endpoint)")
        }
        if logRequests { Self.printLog(store.server.log) }

        var report = BenchReport()
        report["platform"] = .string(platform.rawValue)
        report["products"] = .int(catalog.products.count)
        report["variants"] = .int(variantCount)
        report["stores"] = .int(1)
        report["drift"] = .double(drift)
        report["findings"] = .int(summary.findingsByCode.values.reduce(0, +))
        report["changes"] = .int(summary.changesPlanned)
        report["batches"] = .int(summary.writeCallsPlanned)
        report["seconds"] = .double(sync.seconds)
        report["fetch_seconds"] = .double(summary.fetchSeconds)
        report["apply_seconds"] = .double(apply.seconds)
        report["requests"] = .int(requests)
        report["write_requests"] = .int(writes)
        report["applied"] = .int(apply.applied)
        report["stale"] = .int(apply.stale)
        report["rejected"] = .int(apply.rejected)
        report["unknown"] = .int(apply.unknown)
        report["drifted_values"] = .int(driftCount)
        // The fewest calls the platform allows for the same work (see SyncMinimum), and how far
        // the sync was from it.
        let storeLocations = platform == .woocommerce ? 1 : store.shop.read { $0.locations.count }
        let minimum = SyncMinimum(platform: platform, products: catalog.products, locations: storeLocations)
        let journaled = try await database.journalEntries(runID: sync.runID).map(\.change)
        let minimumRequests = minimum.wholeRead + minimum.apply(journaled, writeCalls: summary.writeCallsPlanned)
        report["minimum"] = .int(minimumRequests)
        report["minimum_read"] = .int(minimum.wholeRead)
        report["ratio"] = .double((Double(requests) / Double(max(1, minimumRequests)) * 100).rounded() / 100)
        progress(
            "minimum for this work: \(minimumRequests) requests (read \(minimum.wholeRead), apply \(minimumRequests - minimum.wholeRead)); ratio \(String(format: "%.2f", Double(requests) / Double(max(1, minimumRequests))))"
        )

        if verify {
            // A second sync: incremental (nothing else moved), so its calls are the O(1) cost of a
            // no-change run; anything it still plans is what the first left undone.
            let passQuietTime = { quiet.withLock { $0 += quietMinutes * 60 } }
            passQuietTime()
            let before = store.server.counters.total
            let again = try await SyncRunner(catalog: database, stores: [(configuration, adapter)], options: SyncOptions(apply: false))
                .run()
            let incremental = store.server.counters.total - before
            progress(
                "second sync: \(again.stores[0].incremental ? "incremental" : "full"), \(again.stores[0].changesPlanned) changes still planned, \(incremental) requests (it re-reads what the first sync wrote)"
            )
            report["remaining_changes"] = .int(again.stores[0].changesPlanned)
            report["followup_requests"] = .int(incremental)
            // A third sync with nothing changed anywhere: the steady-state cost of a cron run.
            passQuietTime()
            let quietStart = store.server.counters.total
            let third = try await SyncRunner(catalog: database, stores: [(configuration, adapter)], options: SyncOptions(apply: false))
                .run()
            let idle = store.server.counters.total - quietStart
            if logRequests { Self.printLog(Array(store.server.log.suffix(idle))) }
            progress("third sync, nothing changed: \(third.stores[0].incremental ? "incremental" : "full"), \(idle) requests")
            report["incremental_requests"] = .int(idle)
            report["incremental_minimum"] = .int(minimum.idleRead)
            report["incremental_ratio"] = .double((Double(idle) / Double(max(1, minimum.idleRead)) * 100).rounded() / 100)
        }
        await store.stop()
        report["peak_rss_bytes"] = ProcessMemory.peakResidentBytes.map(BenchReport.Value.int)
        print(report.jsonLine)
    }

    func makeAdapter(store: SimulatedStore, client: HTTPClient) -> any StorefrontAdapter {
        switch platform {
        case .shopify:
            ShopifyAdapter(endpoint: store.endpoint, client: client, options: ShopifyAdapterOptions(overlap: overlap))
        case .woocommerce:
            // The simulator's WooCommerce store keeps weights in kilograms (WooCommerce's default), and
            // does not serve `GET /data/currencies/current`, so the currency is configured as a
            // merchant would in `concord.toml`.
            WooCommerceAdapter(
                endpoint: store.endpoint, client: client,
                options: WooCommerceAdapterOptions(
                    overlap: overlap, requestsPerSecond: wooRequestsPerSecond, currency: store.spec.currency, weightUnit: .kilograms))
        case .magento:
            MagentoAdapter(
                endpoint: store.endpoint, client: client,
                options: MagentoAdapterOptions(overlap: overlap, requestsPerSecond: wooRequestsPerSecond))
        }
    }

    static func printLog(_ log: [RequestLogEntry]) {
        guard let first = log.first?.time else { return }
        for entry in log {
            let offset = entry.time.timeIntervalSince(first)
            let operation =
                entry.query.map { String($0.prefix(70)).replacingOccurrences(of: "\n", with: " ") }
                ?? entry.params.map { "\($0.name)=\($0.value.prefix(40))" }.joined(separator: "&")
            progress(
                "  #\(entry.sequence) +\(format(offset)) s \(entry.method) \(entry.path) \(entry.status) \(operation)")
        }
    }

    /// Store location id → catalog location code.
    static func locationMap(of store: SimulatedStore, platform: PlatformChoice) -> [String: String] {
        switch platform {
        case .shopify:
            let locations = store.shop.read { $0.locations }
            return Dictionary(
                uniqueKeysWithValues: locations.map { ("gid://shopify/Location/\($0.id)", $0.code) })
        case .woocommerce:
            let code = store.shop.read { $0.locations.first?.code } ?? "main"
            return [WooCommerceAdapterOptions().locationCode: code]
        case .magento:
            // Magento's source codes are the catalog's location codes in the simulator.
            return [:]
        }
    }

    /// The catalog with all stock at its first location.
    ///
    /// WooCommerce keeps one stock number per item (the simulator reports the sum over its
    /// locations), while a `StorePolicy.locationMap` maps each store location to one catalog
    /// location; a WooCommerce store of a multi-location catalog can therefore never be in step.
    /// Summing the stock into one location keeps the benchmark about the sync, not that gap.
    static func singleLocation(_ catalog: (products: [Product], locations: [Location])) -> (
        products: [Product], locations: [Location]
    ) {
        guard let first = catalog.locations.first, catalog.locations.count > 1 else { return catalog }
        var products = catalog.products
        for productIndex in products.indices {
            for variantIndex in products[productIndex].variants.indices {
                let stock = products[productIndex].variants[variantIndex].stock
                products[productIndex].variants[variantIndex].stock = [
                    StockLevel(
                        location: first.code, onHand: stock.reduce(0) { $0 + $1.onHand },
                        committed: stock.reduce(0) { $0 + $1.committed })
                ]
            }
        }
        return (products, [first])
    }

}
