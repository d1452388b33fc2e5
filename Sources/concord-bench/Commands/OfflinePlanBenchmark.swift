import AdapterRegistry
import ArgumentParser
import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import Planning
import PostgresCatalogStorage
import Reconcile
import Sync

/// `concord-bench offline-plan`: the whole local side of a plan at scale, through the SQLite file.
struct OfflinePlanBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "offline-plan",
        abstract: "Time the local side of `concord plan` (SQLite loads, reconcile, plan) for a generated catalog and stores.",
        discussion: """
            `reconcile` times the pure reconcile + plan step on data held in memory. This times what \
            `concord plan --offline` and `concord audit --offline` run, through the SQLite catalog \
            file: the catalog is written with writeCatalog; each store's snapshot, base values and \
            mappings are saved through CatalogStore (not timed: "seed_seconds"); then \
            SyncPlanner.plan(savedSnapshotsOf:) is timed ("seconds"): loading the catalog, each \
            store's snapshot, bases and mappings, reconciling and planning, one store at a time. With \
            --record, the bases of the fields found in sync and the new mappings are recorded too, \
            as `concord sync` does. The last line of standard output is one JSON object.
            """
    )

    @Option(help: "Catalog variants.")
    var variants: Int = 100_000

    @Option(help: "Stores, one after another.")
    var stores: Int = 3

    @Option(help: "Share of each store's variants (0...1) with one drifted field.")
    var drift: Double = 0.05

    @Option(help: "Seed of the catalog and the stores; same seed, same data.")
    var seed: UInt64 = 42

    @Option(
        help: """
            The SQLite file to write (default: a new file in the temporary directory, removed after), or a PostgreSQL \
            catalog (postgres://…[?schema=NAME], an empty schema for --phase all or seed).
            """)
    var database: String?

    @Flag(help: "Record the in-sync bases and new mappings, as `concord sync` does.")
    var record = false

    @Flag(help: "Time each load of the first store apart first (progress lines).")
    var breakdown = false

    func validate() throws {
        guard variants > 0 else { throw ValidationError("--variants must be positive") }
        guard stores > 0 else { throw ValidationError("--stores must be positive") }
        guard (0...1).contains(drift) else { throw ValidationError("--drift is a share between 0 and 1") }
    }

    enum Phase: String, ExpressibleByArgument, CaseIterable {
        /// Seed the database, then plan, in one process.
        case all
        /// Only write the catalog and the stores into --database.
        case seed
        /// Only plan from a --database an earlier `--phase seed` wrote: the peak memory is then
        /// the plan's alone, not the generator's.
        case plan
    }

    @Option(help: "all (default), seed (write --database only), or plan (plan from a seeded --database, in a fresh process).")
    var phase: Phase = .all

    func run() async throws {
        if phase != .all, database == nil { throw ValidationError("--phase \(phase.rawValue) needs --database") }
        let path = database ?? NSTemporaryDirectory() + "concord-bench-\(ProcessInfo.processInfo.processIdentifier).sqlite"
        defer {
            if database == nil {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
            }
        }
        let catalog: any CatalogStore
        if PostgresCatalogStore.isURL(path) {
            let (url, schema) = PostgresCatalogStore.splitSchema(path)
            catalog = try await PostgresCatalogStore(url: url, schema: schema)
        } else {
            catalog = try SQLiteCatalogStore(path: path)
        }
        var seeding = (variants: variants, importSeconds: 0.0, seedSeconds: 0.0)
        if phase != .plan { seeding = try await seedDatabase(catalog, path: path) }
        guard phase != .seed else { return }

        let configurations = (0..<stores).map { storeIndex in
            let style = StoreStyle.allCases[storeIndex % StoreStyle.allCases.count]
            return StoreConfiguration(
                id: SyntheticStore.storeID(index: storeIndex, style: style), platform: style.platform,
                url: URL(string: "https://bench.invalid")!, locations: style.locationMap)
        }
        let clock = ContinuousClock()
        if breakdown, let first = configurations.first {
            var mark = clock.now
            func lap(_ what: String) {
                progress("  \(what): \(format((clock.now - mark).seconds)) s")
                mark = clock.now
            }
            _ = try await catalog.allProducts()
            lap("allProducts")
            _ = try await catalog.latestSnapshot(store: first.id)
            lap("latestSnapshot \(first.id)")
            _ = try await catalog.baseTable(store: first.id)
            lap("baseTable \(first.id)")
            _ = try await catalog.listingMappings(store: first.id)
            lap("listingMappings \(first.id)")
        }

        var planner = SyncPlanner(catalog: catalog, allowMassChange: true)
        planner.recordsInSyncState = record
        let start = clock.now
        let reports = try await planner.plan(savedSnapshotsOf: configurations, limits: AdapterRegistry.limits(for:))
        let seconds = (clock.now - start).seconds
        for report in reports {
            if let error = report.error { progress("store \(report.store): error \(error)") }
            progress(
                "store \(report.store): \(report.findings.count) findings, \(report.plan?.changes.count ?? 0) changes, "
                    + "reconcile + plan \(format(report.reconcileSeconds)) s")
        }
        progress("offline plan in \(format(seconds)) s, peak rss \(formatBytes(ProcessMemory.peakResidentBytes))")

        var report = BenchReport()
        report["variants"] = .int(try await catalog.stats().variants)
        report["stores"] = .int(stores)
        report["drift"] = .double(drift)
        report["findings"] = .int(reports.reduce(0) { $0 + $1.findings.count })
        report["changes"] = .int(reports.reduce(0) { $0 + ($1.plan?.changes.count ?? 0) })
        report["seconds"] = .double(seconds)
        report["reconcile_seconds"] = .double(reports.reduce(0) { $0 + $1.reconcileSeconds })
        report["peak_rss_bytes"] = ProcessMemory.peakResidentBytes.map(BenchReport.Value.int)
        report["phase"] = .string(phase.rawValue)
        report["import_seconds"] = .double(seeding.importSeconds)
        report["seed_seconds"] = .double(seeding.seedSeconds)
        report["record"] = .bool(record)
        report["errors"] = .int(reports.filter { $0.error != nil }.count)
        report["backend"] = .string(PostgresCatalogStore.isURL(path) ? "postgresql" : "sqlite")
        print(report.jsonLine)
    }

    /// Writes the generated catalog and stores through CatalogStore (not timed as the plan).
    func seedDatabase(_ catalog: any CatalogStore, path: String) async throws -> (
        variants: Int, importSeconds: Double, seedSeconds: Double
    ) {
        let products = SyntheticCatalog(seed: seed, variantCount: variants, variantsPerProduct: 5).makeProducts()
        let variantCount = products.reduce(0) { $0 + $1.variants.count }
        progress("writing \(products.count) products, \(variantCount) variants to \(path)")
        let clock = ContinuousClock()
        var start = clock.now
        _ = try await catalog.writeCatalog(products, locations: SyntheticCatalog.locations, mode: .replace)
        let importSeconds = (clock.now - start).seconds
        progress("catalog written in \(format(importSeconds)) s")
        start = clock.now
        for storeIndex in 0..<stores {
            let style = StoreStyle.allCases[storeIndex % StoreStyle.allCases.count]
            let store = SyntheticStore.make(
                index: storeIndex, style: style, products: products, variantCount: variantCount, drift: drift, seed: seed)
            var mark = clock.now
            func lap(_ what: String) {
                if breakdown { progress("  \(what): \(format((clock.now - mark).seconds)) s") }
                mark = clock.now
            }
            try await catalog.saveSnapshot(store.snapshot)
            lap("saveSnapshot")
            try await Self.saveBases(store.bases, store: store.policy.store, to: catalog)
            lap("recordBaseValues")
            try await catalog.saveListingMappings(
                store.mappings.map {
                    ListingMapping(store: store.policy.store, sku: $0.key, ref: $0.value, lastSeen: store.snapshot.fetchedAt)
                })
            lap("saveListingMappings")
            progress("store \(store.policy.store): \(store.snapshot.listings.count) listings, \(store.bases.count) bases saved")
        }
        let seedSeconds = (clock.now - start).seconds
        progress("stores saved in \(format(seedSeconds)) s, rss \(formatBytes(ProcessMemory.residentBytes))")
        return (variantCount, importSeconds, seedSeconds)
    }

    /// Saves bases in transactions of a few hundred thousand rows.
    static func saveBases(_ bases: BaseTable, store: StoreID, to catalog: any CatalogStore) async throws {
        var chunk: [BaseKey: FieldValue] = [:]
        var chunks: [[BaseKey: FieldValue]] = []
        bases.forEach { key, value in
            chunk[key] = value
            if chunk.count >= 500_000 {
                chunks.append(chunk)
                chunk = [:]
            }
        }
        chunks.append(chunk)
        for chunk in chunks { try await catalog.recordBaseValues(chunk, store: store, runID: nil) }
    }
}

extension StoreStyle {
    var platform: Platform {
        switch self {
        case .shopify: .shopify
        case .woocommerce: .woocommerce
        case .magento: .magento
        }
    }
}
