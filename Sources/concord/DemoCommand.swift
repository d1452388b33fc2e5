import ArgumentParser
import CatalogFormats
import CatalogModel
import CatalogStorage
import Foundation
import HTTPClient
import Planning
import Reconcile
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator

/// A whole first run with nothing to set up: three simulated stores in this process, a catalog in
/// a fresh SQLite file, and Concord talking to the stores over real HTTP.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See Concord work against three simulated stores, with nothing to set up.",
        discussion: """
            Starts a simulated Shopify, WooCommerce and Magento store on 127.0.0.1 (in this process), \
            each seeded from the same catalog with some drift and a few listing errors; imports that \
            catalog into a fresh database (concord-demo.sqlite, replaced on every run); then reaches \
            every store over HTTP and shows what is there. Your own catalog and stores are not touched.
            """
    )

    @Option(help: "Products in the generated catalog.")
    var products = 1500

    @Option(help: "Seed for the catalog, the drift and the listing errors.")
    var seed: UInt64 = 42

    @Option(help: "Use this catalog file instead of a generated one.")
    var catalog: String?

    @Option(help: "The demo database file; it is replaced.")
    var db = "concord-demo.sqlite"

    func run() async throws {
        let started = Date()
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }

        print(Terminal.styled("1. Catalog", .bold))
        let document: CatalogDocument
        if let catalog {
            document = try CatalogImporter.read(contentsOf: catalog).document
            print("   read \(catalog)")
        } else {
            let generated = CatalogGenerator(seed: seed, productCount: products, currency: .eur).generate()
            document = CatalogDocument(products: generated.products, locations: generated.locations)
            print("   generated \(products) products from seed \(seed)")
        }
        let store = try SQLiteCatalogStore(path: db)
        let summary = try await store.writeCatalog(document.products, locations: document.locations, mode: .replace)
        let stats = try await store.stats()
        print("   \(summary.productsWritten) products · \(summary.variantsWritten) variants · \(stats.locations) locations · \(stats.unitsOnHand) units on hand → \(db)")

        print(Terminal.styled("2. Stores", .bold) + " (simulated, on 127.0.0.1)")
        let currency = document.variants.first?.price.currency ?? .eur
        var stores: [SimulatedStore] = []
        do {
            try await startStores(&stores, document: document, currency: currency)
            let (failures, snapshots) = await connect(stores)
            report(stores)
            plan(snapshots, catalog: document, stores: stores)
            for store in stores { await store.stop() }
            print(String(format: "Done in %.1f s.", Date().timeIntervalSince(started)))
            printNextSteps(example: document.variants.first?.sku.rawValue)
            if failures > 0 { throw ExitCode.failure }
        } catch {
            for store in stores { await store.stop() }
            throw error
        }
    }

    func startStores(_ stores: inout [SimulatedStore], document: CatalogDocument, currency: CurrencyCode) async throws {
        for platform in Platform.allCases {
            let spec = StoreSpec(
                platform: platform, name: "demo-" + platform.rawValue, seed: seed,
                source: .catalog(products: document.products, locations: document.locations),
                currency: currency, listingErrorShare: 0.01, drift: .demo,
                // A generous API budget: the demo shows what Concord reads and plans, not minutes of
                // waiting for a 50-point-a-second bucket (pacing is what the adapter's tests check).
                api: platform == .shopify ? ShopifyPlatform(options: .init(bucketSize: 100_000, restoreRate: 100_000)) : nil
            )
            let simulated = try await SimulatedStore.start(spec)
            stores.append(simulated)
            let manifest = simulated.shop.manifest
            print("   \(platform.displayName.padding(toLength: 12, withPad: " ", startingAt: 0)) \(simulated.baseURL)  seeded with \(manifest.drift.count) drifted values and \(manifest.listingErrors.count) listing errors")
        }

    }

    /// Reaches each store with its platform's connection check and reads its catalog where the
    /// platform's adapter can, all stores at once; returns how many stores failed.
    func connect(_ stores: [SimulatedStore]) async -> (failures: Int, snapshots: [StoreSnapshot]) {
        print(Terminal.styled("3. Connect and read", .bold) + " (real HTTP through libcurl, the stores in parallel)")
        let results = await withTaskGroup(of: (Int, [String], StoreSnapshot?).self) { group in
            for (index, simulated) in stores.enumerated() {
                group.addTask {
                    let (lines, snapshot) = await Self.connect(simulated)
                    return (index, lines, snapshot)
                }
            }
            var results: [(Int, [String], StoreSnapshot?)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        var failures = 0
        for (_, output, _) in results {
            for line in output { print(line) }
            if output.first?.contains("FAIL") == true { failures += 1 }
        }
        return (failures, results.compactMap(\.2))
    }

    /// One store's lines of the "Connect and read" step, and what was read.
    static func connect(_ simulated: SimulatedStore) async -> ([String], StoreSnapshot?) {
        var lines: [String] = []
        var read: StoreSnapshot?
        let endpoint = simulated.endpoint
        let client = HTTPClient(configuration: .init(redactor: Redactor(secrets: endpoint.secrets)))
        defer { client.shutdown() }
        do {
            let report = try await StoreEndpointFactory.checkConnection(endpoint, client: client)
            var line = "   " + Terminal.styled("ok", .green) + "  \(endpoint.store)"
            if let count = report.productCount { line += ": \(count) products" }
            if !report.locations.isEmpty { line += ", locations " + report.locations.map(\.name).joined(separator: ", ") }
            lines.append(line)
            // The simulated stores have no request limit; a real WooCommerce host is paced at the
            // adapter's default.
            if let adapter = StoreEndpointFactory.adapter(for: endpoint, client: client, requestsPerSecond: 1_000) {
                let started = Date()
                let snapshot = try await adapter.fetchCatalog(since: nil)
                read = snapshot
                let units = snapshot.listings.reduce(0) { $0 + $1.stock.reduce(0) { $0 + $1.available } }
                lines.append(String(format: "       read %d listings (%d units available) in %.1f s", snapshot.listings.count, units, Date().timeIntervalSince(started)))
            } else {
                lines.append(Terminal.styled("       (reading \(simulated.spec.platform.displayName) listings arrives with its adapter)", .dim))
            }
        } catch {
            lines.append("   " + Terminal.styled("FAIL", .red) + "  \(endpoint.store): \(error)")
        }
        let counters = simulated.server.counters
        lines.append(Terminal.styled("       \(counters.total) API call\(counters.total == 1 ? "" : "s") served", .dim))
        return (lines, read)
    }

    /// Reconciles each read store against the catalog and prints the plan a first sync would make.
    /// A store's locations are matched to the catalog's by name; a store with one stock number for
    /// several warehouses (WooCommerce) needs the sync configuration to say which, so it is skipped here.
    func plan(_ snapshots: [StoreSnapshot], catalog document: CatalogDocument, stores simulated: [SimulatedStore]) {
        guard !snapshots.isEmpty else { return }
        print(Terminal.styled("5. Plan", .bold) + " (reconcile and plan, nothing written)")
        let index = CatalogIndex(products: document.products)
        let codeByName = Dictionary(document.locations.map { ($0.name, $0.code) }, uniquingKeysWith: { first, _ in first })
        for snapshot in snapshots {
            var locationMap: [String: String] = [:]
            for location in snapshot.locations {
                if let code = codeByName[location.name] { locationMap[location.code] = code }
            }
            guard locationMap.count == snapshot.locations.count, !locationMap.isEmpty else {
                print("   \(snapshot.store): " + Terminal.styled("its stock locations do not match the catalog's by name; the sync configuration maps them", .dim))
                continue
            }
            let started = Date()
            let result = Reconciler.reconcile(ReconcileInput(catalog: index, snapshot: snapshot, policy: StorePolicy(store: snapshot.store, locationMap: locationMap)))
            let plan = Planner.plan(result, limits: Self.limits(for: snapshot, stores: simulated))
            let seconds = Date().timeIntervalSince(started)
            let stock = plan.changes.filter { if case .stock = $0.field { true } else { false } }.count
            let prices = plan.changes.filter { $0.field == .price || $0.field == .compareAtPrice }.count
            let errors = result.findings.filter { $0.code.rawValue.hasPrefix("listing.") }.count
            let reviewFields = Dictionary(grouping: plan.reviews, by: { $0.field.map { ManagedField($0).rawValue } ?? $0.code.rawValue }).mapValues(\.count)
            let reviewParts = reviewFields.keys.sorted().map { "\(reviewFields[$0]!) \($0)" }.joined(separator: ", ")
            print("   \(snapshot.store): \(plan.changes.count) changes to push (\(stock) stock, \(prices) price) in \(plan.estimatedWriteCalls) write calls; \(plan.reviews.count) for review\(reviewParts.isEmpty ? "" : " (\(reviewParts))"); \(errors) listing errors" + (plan.isRefused ? Terminal.styled(" — refused by the mass-change guard", .yellow) : ""))
            print(Terminal.styled(String(format: "       reconciled %d listings in %.2f s", snapshot.listings.count, seconds), .dim))
        }
    }

    /// The platform's batch sizes: Shopify writes stock 250 quantities a call and variant fields
    /// one product a call; WooCommerce and Magento take batches of 100.
    static func limits(for snapshot: StoreSnapshot, stores: [SimulatedStore]) -> PlanningLimits {
        switch stores.first(where: { $0.spec.name == snapshot.store.rawValue })?.spec.platform {
        case .shopify?: PlanningLimits(writeBatchSize: 250, perProductCalls: true, stockWriteBatchSize: 250)
        default: PlanningLimits(writeBatchSize: 100)
        }
    }

    func report(_ stores: [SimulatedStore]) {
        print(Terminal.styled("4. What the simulator planted", .bold) + " (its manifest: what a sync should find)")
        for simulated in stores {
            let drift = simulated.shop.manifest.drift
            let stock = drift.filter { $0.field.hasPrefix("stock@") }.count
            let prices = drift.filter { $0.field == "price" }.count
            let titles = drift.filter { $0.field == "title" }.count
            print("   \(simulated.spec.name): \(stock) stock, \(prices) price and \(titles) title differences; \(simulated.shop.manifest.listingErrors.count) listing errors")
        }
    }

    func printNextSteps(example sku: String?) {
        print("""

            Try next:
              concord catalog stats --db \(db)
              concord catalog show \(sku ?? "<SKU>") --db \(db)
              concord-sim serve --platform shopify --products 500     (a store to point concord.toml at)
              concord-sim catalog --seed \(seed) --products \(products) -o catalog.jsonl
            """)
    }
}
