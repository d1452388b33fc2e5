import ArgumentParser
import CatalogModel
import Foundation
import HTTPClient
import Planning
import Reconcile
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import WooCommerceAdapter

/// `concord-bench sync`: a whole first sync against an in-process simulated store.
struct SyncBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Time a full sync (fetch, reconcile + plan, apply) against an in-process simulated store.",
        discussion: """
            The simulator is seeded from a CatalogGenerator catalog with drift; the same catalog is \
            the canonical side. Concord reads the store with the platform's adapter, reconciles and \
            plans as a first sync (no bases, no mappings), and applies the plan batch by batch. \
            "requests" and "write_requests" are the simulator's counters for the sync; afterwards \
            the store is read and reconciled again (not counted) to report what is still different. \
            The last line of standard output is one JSON object.
            """
    )

    enum PlatformChoice: String, ExpressibleByArgument, CaseIterable {
        case shopify
        case woocommerce

        var platform: Platform {
            switch self {
            case .shopify: .shopify
            case .woocommerce: .woocommerce
            }
        }
    }

    @Option(help: "The simulated platform: shopify or woocommerce.")
    var platform: PlatformChoice

    @Option(help: "Products in the catalog and the store (each has 1 to 12 variants).")
    var products: Int = 500

    @Option(help: "Share of variants with drifted stock and price, and of products with a drifted title (0...1).")
    var drift: Double = 0.05

    @Option(help: "Seed of the catalog and the store.")
    var seed: UInt64 = 42

    @Option(help: "WooCommerce only: requests a second the adapter allows itself (its default is 10).")
    var wooRequestsPerSecond: Double = 1000

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

        let store = try await SimulatedStore.start(
            StoreSpec(
                platform: platform.platform, name: "bench-\(platform.rawValue)", seed: seed,
                source: .catalog(products: catalog.products, locations: catalog.locations),
                drift: DriftProfile(stockShare: drift, priceShare: drift, titleShare: drift),
                // A Shopify Plus-sized budget: the benchmark measures Concord and the API calls, not
                // waiting for a 50-point-a-second bucket (the pacing itself is tested).
                api: platform.platform == .shopify ? ShopifyPlatform(options: .init(bucketSize: 1_000_000, restoreRate: 1_000_000)) : nil))
        let driftCount = store.shop.manifest.drift.count
        progress(
            "\(platform.rawValue) simulator at \(store.baseURL): \(catalog.products.count) products, "
                + "\(variantCount) variants, \(driftCount) drifted values")

        let client = HTTPClient(configuration: .init())
        defer { client.shutdown() }
        let adapter = makeAdapter(store: store, client: client)
        let locationMap = Self.locationMap(of: store, platform: platform)
        let policy = StorePolicy(store: adapter.store, locationMap: locationMap)
        let limits = planningLimits(adapter)
        let countersBefore = store.server.counters

        let clock = ContinuousClock()
        let start = clock.now
        let snapshot = try await adapter.fetchCatalog(since: nil)
        let fetchSeconds = (clock.now - start).seconds
        progress("fetched \(snapshot.listings.count) listings in \(format(fetchSeconds)) s")

        let reconcileStart = clock.now
        let index = CatalogIndex(products: catalog.products)
        let result = Reconciler.reconcile(ReconcileInput(catalog: index, snapshot: snapshot, policy: policy))
        let plan = Planner.plan(result, limits: limits, guard: MassChangeGuard(), allowMassChange: true)
        let reconcileSeconds = (clock.now - reconcileStart).seconds
        progress(
            "reconciled in \(format(reconcileSeconds)) s: \(result.findings.count) findings, "
                + "\(plan.changes.count) changes in \(plan.batches.count) batches, \(plan.reviews.count) reviews, "
                + "guard: \(plan.verdict.reasons.map(\.code.rawValue))")

        let applyStart = clock.now
        var tally = OutcomeTally()
        for batch in plan.batches {
            let outcomes = try await adapter.apply(batch.changes, context: ApplyContext(runID: 1))
            tally.add(outcomes)
        }
        let applySeconds = (clock.now - applyStart).seconds
        let seconds = (clock.now - start).seconds
        let counters = store.server.counters
        let requests = counters.total - countersBefore.total
        let writes = counters.writes - countersBefore.writes
        progress(
            "applied in \(format(applySeconds)) s: \(tally.applied) applied, \(tally.stale) stale, "
                + "\(tally.rejected) rejected, \(tally.unknown) unknown; \(requests) requests, \(writes) writes")
        for (message, count) in tally.messages.sorted(by: { $0.value > $1.value }).prefix(5) {
            progress("  \(count)× \(message)")
        }
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
        report["findings"] = .int(result.findings.count)
        report["changes"] = .int(plan.changes.count)
        report["batches"] = .int(plan.batches.count)
        report["seconds"] = .double(seconds)
        report["fetch_seconds"] = .double(fetchSeconds)
        report["reconcile_seconds"] = .double(reconcileSeconds)
        report["apply_seconds"] = .double(applySeconds)
        report["requests"] = .int(requests)
        report["write_requests"] = .int(writes)
        report["applied"] = .int(tally.applied)
        report["stale"] = .int(tally.stale)
        report["rejected"] = .int(tally.rejected)
        report["unknown"] = .int(tally.unknown)
        report["drifted_values"] = .int(driftCount)

        if verify {
            let after = try await adapter.fetchCatalog(since: nil)
            let again = Reconciler.reconcile(ReconcileInput(catalog: index, snapshot: after, policy: policy))
            let remaining = Planner.plan(again, limits: limits, guard: MassChangeGuard(), allowMassChange: true)
            let byField = Dictionary(grouping: remaining.changes, by: { ManagedField($0.field).rawValue })
                .mapValues(\.count)
            progress("after the sync: \(remaining.changes.count) changes still planned \(byField.sorted { $0.key < $1.key })")
            report["remaining_changes"] = .int(remaining.changes.count)
        }
        await store.stop()
        report["peak_rss_bytes"] = ProcessMemory.peakResidentBytes.map(BenchReport.Value.int)
        print(report.jsonLine)
    }

    func makeAdapter(store: SimulatedStore, client: HTTPClient) -> any StorefrontAdapter {
        switch platform {
        case .shopify:
            ShopifyAdapter(endpoint: store.endpoint, client: client)
        case .woocommerce:
            // The simulator's WooCommerce store keeps weights in kilograms (WooCommerce's default), and
            // does not serve `GET /data/currencies/current`, so the currency is configured as a
            // merchant would in `concord.toml`.
            WooCommerceAdapter(
                endpoint: store.endpoint, client: client,
                options: WooCommerceAdapterOptions(
                    requestsPerSecond: wooRequestsPerSecond, currency: store.spec.currency, weightUnit: .kilograms))
        }
    }

    static func printLog(_ log: [RequestLogEntry]) {
        guard let first = log.first?.time else { return }
        for entry in log {
            let offset = entry.time.timeIntervalSince(first)
            let operation = entry.query.map { String($0.prefix(70)).replacingOccurrences(of: "\n", with: " ") } ?? ""
            progress(
                "  #\(entry.sequence) +\(format(offset)) s \(entry.method) \(entry.path) \(entry.status) \(operation)")
        }
    }

    /// The batch sizes the plan is cut to, from the adapter's limits.
    func planningLimits(_ adapter: any StorefrontAdapter) -> PlanningLimits {
        switch platform {
        case .shopify:
            // productVariantsBulkUpdate takes one product's variants; inventorySetQuantities spans products.
            PlanningLimits(
                writeBatchSize: 250, perProductCalls: true, stockWriteBatchSize: adapter.limits.writeBatchSize)
        case .woocommerce:
            PlanningLimits(writeBatchSize: adapter.limits.writeBatchSize)
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

    struct OutcomeTally {
        var applied = 0
        var stale = 0
        var rejected = 0
        var unknown = 0
        var messages: [String: Int] = [:]

        mutating func add(_ outcomes: [ChangeOutcome]) {
            for outcome in outcomes {
                switch outcome.status {
                case .applied: applied += 1
                case .stale: stale += 1
                case .rejected: rejected += 1
                case .unknown: unknown += 1
                }
                if outcome.status != .applied {
                    messages["\(outcome.status.rawValue): \(outcome.message ?? "-")", default: 0] += 1
                }
            }
        }
    }
}
