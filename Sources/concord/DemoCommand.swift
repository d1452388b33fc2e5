import AdapterRegistry
import ArgumentParser
import Audit
import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import HTTPClient
import Planning
import Reconcile
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import WooCommerceAdapter

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
            every store over HTTP, and syncs them: reads, reconciles, plans and writes the corrections \
            through the journal, then syncs again to show the stores in step and the second run \
            reading only what changed. Your own catalog and stores are not touched.
            """
    )

    @Option(help: "Products in the generated catalog.")
    var products = 800

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
        print(
            "   \(summary.productsWritten) products · \(summary.variantsWritten) variants · \(stats.locations) locations · \(stats.unitsOnHand) units on hand → \(db)"
        )

        print(Terminal.styled("2. Stores", .bold) + " (simulated, on 127.0.0.1)")
        let currency = document.variants.first?.price.currency ?? .eur
        var stores: [SimulatedStore] = []
        do {
            try await startStores(&stores, document: document, currency: currency)
            let failures = await connect(stores)
            report(stores)
            try await sync(stores, catalog: store)
            let written = try writeConfiguration(stores, locations: document.locations)
            for store in stores { await store.stop() }
            print(String(format: "Done in %.1f s.", Date().timeIntervalSince(started)))
            printNextSteps(example: document.variants.first?.sku.rawValue, configuration: written)
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
            print(
                "   \(platform.displayName.padding(toLength: 12, withPad: " ", startingAt: 0)) \(simulated.baseURL)  seeded with \(manifest.drift.count) drifted values and \(manifest.listingErrors.count) listing errors"
            )
        }

    }

    /// Reaches each store with its platform's connection check, all at once; returns how many failed.
    func connect(_ stores: [SimulatedStore]) async -> Int {
        print(Terminal.styled("3. Connect", .bold) + " (real HTTP through libcurl, the stores in parallel)")
        let results = await withTaskGroup(of: (Int, String).self) { group in
            for (index, simulated) in stores.enumerated() {
                group.addTask { (index, await Self.check(simulated)) }
            }
            var results: [(Int, String)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        for (_, line) in results { print(line) }
        return results.filter { $0.1.contains("FAIL") }.count
    }

    /// One store's line of the "Connect" step.
    static func check(_ simulated: SimulatedStore) async -> String {
        let endpoint = simulated.endpoint
        let client = HTTPClient(configuration: .init(redactor: Redactor(secrets: endpoint.secrets)))
        defer { client.shutdown() }
        do {
            let report = try await StoreEndpointFactory.checkConnection(endpoint, client: client)
            var line = "   " + Terminal.styled("ok", .green) + "  \(endpoint.store)"
            if let count = report.productCount { line += ": \(count) products" }
            if !report.locations.isEmpty { line += ", locations " + report.locations.map(\.name).joined(separator: ", ") }
            return line
        } catch {
            return "   " + Terminal.styled("FAIL", .red) + "  \(endpoint.store): \(error)"
        }
    }

    /// A whole first sync of every store, then a second one: what `concord sync --apply` does
    /// from cron, against the simulated stores.
    func sync(_ simulated: [SimulatedStore], catalog: SQLiteCatalogStore) async throws {
        let catalogLocations = try await catalog.locations()
        var clients: [HTTPClient] = []
        defer { for client in clients { client.shutdown() } }
        var entries: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = []
        for store in simulated {
            let endpoint = store.endpoint
            let client = HTTPClient(configuration: .init(redactor: Redactor(secrets: endpoint.secrets)))
            clients.append(client)
            // The simulated stores have no request limit; a real WooCommerce host is paced at the
            // adapter's default.
            let adapter = StoreEndpointFactory.adapter(for: endpoint, client: client, requestsPerSecond: 1_000)
            var configuration = StoreConfiguration(
                id: endpoint.store, platform: store.spec.platform, url: URL(string: store.baseURL)!, credentials: CredentialNames())
            // The three stores sell from one shared pool, each showing all of it, and every sale is
            // synced to the others: said explicitly, as `oversell_allowed = true` does in
            // concord.toml, or Concord warns that the channels together show more than there is.
            configuration.allocation = AllocationPolicy(rule: AllocationRule(oversellAllowed: true))
            if store.spec.platform == .woocommerce {
                // WooCommerce keeps one stock number: every warehouse feeds it, as
                // `[stores.<id>.locations] default = ["main", "berlin", ...]` says in concord.toml.
                configuration.locationFeeds = [WooCommerceAdapterOptions().locationCode: catalogLocations.map(\.code)]
            }
            entries.append((configuration, adapter))
        }
        let counters = { Dictionary(uniqueKeysWithValues: simulated.map { ($0.spec.name, $0.server.counters) }) }

        print(Terminal.styled("5. Sync", .bold) + " (concord sync --apply: read, reconcile, plan, write through the journal)")
        var before = counters()
        let first = try await SyncRunner(catalog: catalog, stores: entries, options: SyncOptions(apply: true, ingestOrders: true)).run()
        var after = counters()
        for store in first.stores {
            let calls = (after[store.store]?.total ?? 0) - (before[store.store]?.total ?? 0)
            if let error = store.error {
                print("   \(store.store): " + Terminal.styled("error", .red) + " \(error)")
                continue
            }
            let changes = store.changesPlanned
            var line = "   \(store.store): read \(store.listingsRead) listings; \(changes) changes"
            if let apply = store.apply {
                line += " → \(apply.applied) applied in \(apply.writeCalls) write call\(apply.writeCalls == 1 ? "" : "s")"
                if apply.stale + apply.rejected > 0 { line += " (\(apply.stale) stale, \(apply.rejected) rejected)" }
            } else if store.refused {
                line += Terminal.styled(" refused by the mass-change guard", .yellow)
            }
            // The queue, not the sync's conflict count: it also holds listings for a person
            // (orphans, missing listings, ambiguous matches), as step 6 and `concord review` show.
            let waiting = try await catalog.reviewQueue(store: StoreID(store.store)).filter { $0.state == .open }.count
            line += "; \(waiting) waiting in concord review; \(store.listingErrors) listing errors; \(calls) API calls"
            print(line)
            for problem in store.apply?.problems.prefix(2) ?? [] {
                print(Terminal.styled("       \(problem)", .dim))
            }
            if let planted = simulated.first(where: { $0.spec.name == store.store })?.shop.manifest {
                let journal = try await catalog.journalEntries(runID: first.runID).filter { $0.change.store.rawValue == store.store }
                let review = try await catalog.reviewQueue(store: StoreID(store.store)).filter { $0.state == .open }
                print(Terminal.styled("       " + Self.plantedVersusFound(planted, changes: journal.map(\.change), review: review), .dim))
            }
        }
        print(Terminal.styled(String(format: "       run %lld in %.1f s, recorded in %@", first.runID, first.seconds, db), .dim))

        print(Terminal.styled("6. Sync again", .bold) + " (only what changed since the first sync is read)")
        before = counters()
        let second = try await SyncRunner(catalog: catalog, stores: entries, options: SyncOptions(apply: true, ingestOrders: true)).run()
        after = counters()
        for store in second.stores {
            let calls = (after[store.store]?.total ?? 0) - (before[store.store]?.total ?? 0)
            let state =
                store.error.map { Terminal.styled("error", .red) + " \($0)" }
                ?? (store.changesPlanned == 0 ? Terminal.styled("in sync", .green) : "\(store.changesPlanned) changes")
            let waiting = try await catalog.reviewQueue(store: StoreID(store.store)).filter { $0.state == .open }.count
            print(
                "   \(store.store): \(state); read \(store.listingsRead)\(store.incremental ? " changed" : "") listings; \(calls) API calls; \(waiting) waiting in concord review"
            )
        }
        print(
            Terminal.styled(
                "       the listings read are the ones the first sync wrote: a write changes a listing's update time, so it is read once more and found in sync",
                .dim))

        print(Terminal.styled("7. Audit", .bold) + " (before: the stores as the first sync read them; now: read again whole)")
        var planner = SyncPlanner(catalog: catalog)
        planner.committed = try await SyncBasis.current(catalog).committed
        let reports = try await planner.plan(savedSnapshotsOf: entries.map(\.configuration), limits: AdapterRegistry.limits(for:))
        let report = AuditBuilder.build(
            AuditInput(
                stores: try await AuditCommand.auditInputs(reports, catalog: catalog),
                catalog: try await catalog.allProducts(), orders: try await catalog.orders(store: nil),
                history: try await catalog.runs(limit: 60),
                options: AuditOptions(
                    now: Date(), period: AuditPeriod(since: nil, until: nil), slaHours: 48, staleAfterHours: 24, source: .offline,
                    runID: nil)))
        // And now: the stores read again whole, as `concord audit` does online.
        var reader = SyncPlanner(catalog: catalog)
        reader.committed = try await SyncBasis.current(catalog).committed
        let now = try await reader.plan(entries)
        let current = AuditBuilder.build(
            AuditInput(
                stores: try await AuditCommand.auditInputs(now, catalog: catalog),
                catalog: try await catalog.allProducts(), orders: try await catalog.orders(store: nil),
                history: try await catalog.runs(limit: 60),
                options: AuditOptions(
                    now: Date(), period: AuditPeriod(since: nil, until: nil), slaHours: 48, staleAfterHours: 24, source: .online, runID: nil
                )))
        for store in current.stores {
            let earlier = report.stores.first { $0.store == store.store }
            let before = earlier.map { "\($0.accuracy.overall.percent.map { Ratio.format($0) + "%" } ?? "no data") before → " } ?? ""
            print("   \(store.store): catalog accuracy \(before)\(store.accuracy.overall) now")
            if let planted = simulated.first(where: { $0.spec.name == store.store })?.shop.manifest, let earlier {
                print(Terminal.styled("       " + Self.listingErrorsVersusPlanted(planted, found: earlier), .dim))
            }
        }
        let html = (db as NSString).deletingPathExtension + "-audit.html"
        if FileManager.default.createFile(atPath: html, contents: Data(AuditHTMLRenderer.render(current).utf8)) {
            print(Terminal.styled("       the whole audit as the stores are now, with the trend from before the sync: \(html)", .dim))
        }
    }

    /// How the changes a sync made compare with the differences the simulator planted: the
    /// counts differ for reasons a person should be told, not left to guess.
    static func plantedVersusFound(_ manifest: SeedManifest, changes: [Change], review: [ReviewItem]) -> String {
        struct Key: Hashable {
            var sku: String
            var field: String
        }
        // Stock is compared per SKU: the simulator names its catalog location, a write the
        // store's own (a Shopify location id), and one catalog location may feed several.
        func key(_ sku: String, _ field: String) -> Key { Key(sku: sku, field: field.hasPrefix("stock@") ? "stock" : field) }
        let planted = Set(manifest.drift.map { key($0.sku, $0.field) })
        let changed = Set(changes.map { key($0.sku.rawValue, $0.field.key) })
        let inReview = Set(review.compactMap { item in item.field.map { key(item.sku.rawValue, $0.key) } })
        let missed = planted.subtracting(changed)
        let waiting = missed.intersection(inReview).count
        var parts = ["\(planted.intersection(changed).count) of the \(planted.count) planted differences written (stock counted per SKU)"]
        if waiting > 0 {
            parts.append("\(waiting) waiting in concord review (the store's value and the catalog's both moved: a person decides)")
        }
        if missed.count > waiting {
            parts.append("\(missed.count - waiting) not written (already right after a sale, or a field this store does not manage)")
        }
        let extra = changed.subtracting(planted)
        if !extra.isEmpty {
            // Most are the fields of planted listing errors (a zero price, a compare-at price below
            // the price) that the catalog's value corrects; stock, where orders moved it.
            let byField = Dictionary(grouping: extra, by: \.field).mapValues(\.count).sorted { ($1.value, $0.key) < ($0.value, $1.key) }
            parts.append("\(extra.count) more than planted (" + byField.map { "\($0.key) ×\($0.value)" }.joined(separator: ", ") + ")")
        }
        return parts.joined(separator: "; ")
    }

    /// How the listing errors found compare with those planted: a planted error is per product,
    /// a finding per listing, and the store's own data has errors the generator did not count.
    static func listingErrorsVersusPlanted(_ manifest: SeedManifest, found: StoreAudit) -> String {
        let plantedSKUs = Set(manifest.listingErrors.flatMap { [$0.sku, $0.catalogSKU ?? ""] }.filter { !$0.isEmpty })
        var onPlanted = 0
        var others: [String: Int] = [:]
        for rule in found.rules where rule.kind == .listingError || (rule.kind == nil && rule.code.hasPrefix("listing.")) {
            let mine = rule.skus.filter { plantedSKUs.contains($0) || $0 == "(blank)" }.count
            let share = rule.skus.isEmpty ? 0 : rule.count * mine / rule.skus.count
            onPlanted += share
            if rule.count > share { others[rule.code, default: 0] += rule.count - share }
        }
        var line =
            "listing errors before the sync: \(found.listingErrors) found for \(manifest.listingErrors.count) planted (\(onPlanted) on the planted listings: an error planted on a product shows on each of its listings"
        if !others.isEmpty {
            line +=
                "; " + others.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
                + " in the store's own data"
        }
        return line + ")"
    }

    func report(_ stores: [SimulatedStore]) {
        print(Terminal.styled("4. What the simulator planted", .bold) + " (its manifest: what a sync should find)")
        for simulated in stores {
            let drift = simulated.shop.manifest.drift
            let stock = drift.filter { $0.field.hasPrefix("stock@") }.count
            let prices = drift.filter { $0.field == "price" }.count
            let titles = drift.filter { $0.field == "title" }.count
            print(
                "   \(simulated.spec.name): \(stock) stock, \(prices) price and \(titles) title differences; \(simulated.shop.manifest.listingErrors.count) listing errors"
            )
        }
    }

    /// Leaves the demo's setup behind: a configuration naming its database and its three stores,
    /// credentials by variable name only (never their values), with the policies the demo synced
    /// with. `concord.toml` when there is none here; otherwise `concord-demo.toml`, so a real
    /// configuration is never replaced.
    func writeConfiguration(_ stores: [SimulatedStore], locations: [Location]) throws -> String {
        let path = FileManager.default.fileExists(atPath: "concord.toml") ? "concord-demo.toml" : "concord.toml"
        var toml = """
            # Written by concord demo: the demo's catalog and its three simulated stores. The stores
            # ran inside the demo and are gone; their saved reads, the review queue and the audit
            # history are in the database. Credentials are named, never written here.
            [catalog]
            database = "\(db)"

            """
        for store in stores {
            let id = store.spec.name
            let variable = id.uppercased().replacingOccurrences(of: "-", with: "_")
            toml += "\n[stores.\(id)]\nplatform = \"\(store.spec.platform.rawValue)\"\nurl = \"\(store.baseURL)\"\n"
            switch store.spec.platform {
            case .woocommerce:
                toml += "key_env = \"\(variable)_KEY\"\nsecret_env = \"\(variable)_SECRET\"\n"
            case .shopify, .magento:
                toml += "token_env = \"\(variable)_TOKEN\"\n"
            }
            toml += "\n[stores.\(id).allocation]\noversell_allowed = true\n"
            if store.spec.platform == .woocommerce {
                let codes = locations.map { "\"\($0.code)\"" }.joined(separator: ", ")
                toml += "\n[stores.\(id).locations]\n\(WooCommerceAdapterOptions().locationCode) = [\(codes)]\n"
            }
        }
        try toml.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func printNextSteps(example sku: String?, configuration: String) {
        let config = configuration == "concord.toml" ? "" : " --config \(configuration)"
        print(
            """

            The demo's setup is in \(configuration) (its stores by name; no credential is written). Try next:
              concord review\(config)                                  (what waits for a person, from the database)
              concord audit --offline --format html\(config) > audit.html   (the stores as the sync last read them)
              concord sync\(config)                                    (needs the stores running: concord-sim serve --seed \(seed), with their URLs in \(configuration))
              concord catalog show \(sku ?? "<SKU>")\(config)
            """)
    }
}
