import CatalogModel
import CatalogStorage
import ConcordConfig
import ConcordTesting
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
import Testing
import WooCommerceAdapter

/// `concord catalog pull` against simulated stores over real HTTP, into a real SQLite file.
@Suite("Adopting a store's listings as the catalog")
struct CatalogPullTests {
    /// Plans the store against the catalog the way `concord plan` does.
    static func plan(_ catalog: SQLiteCatalogStore, _ configuration: StoreConfiguration, _ adapter: any StorefrontAdapter) async throws
        -> StorePlanReport
    {
        try await SyncPlanner(catalog: catalog).plan([(configuration, adapter)])[0]
    }

    static func describe(_ report: StorePlanReport) -> String {
        let plan = report.plan
        let items = (plan?.changes.map { "push \($0.sku) \($0.field): \($0.new)" } ?? []) + (plan?.reviews.map(\.explanation) ?? [])
        return (report.error ?? "") + items.prefix(10).joined(separator: "\n")
    }

    @Test(
        "pull a store into an empty catalog, then plan it: nothing to push, pull or review",
        arguments: [Platform.shopify, .woocommerce, .magento])
    func pullThenPlan(_ platform: Platform) async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        try await withSimulatedStore(UnthrottledStore.spec(platform, source: .generated(count: 15))) { store, endpoint, client in
            let adapter = UnthrottledStore.adapter(endpoint, client)
            let configuration = UnthrottledStore.configuration(endpoint)
            let report = try await CatalogPull.run(
                catalog: catalog, adapter: adapter, configuration: configuration, mode: .replace, dryRun: false)
            #expect(report.skipped.isEmpty && report.conflicts.isEmpty)
            let variants = store.shop.read { $0.variantCount }
            #expect(report.skusAdded == variants)
            #expect(try await catalog.stats().variants == variants)
            #expect(try await catalog.listingMappings(store: endpoint.store).count == variants)
            #expect(try await !catalog.baseValues(store: endpoint.store).isEmpty)

            let planned = try await Self.plan(catalog, configuration, adapter)
            let plan = try #require(planned.plan, "\(planned.error ?? "")")
            #expect(plan.changes.isEmpty && plan.reviews.isEmpty && plan.pulls.isEmpty, "\(Self.describe(planned))")
            // Matched by the recorded mapping, not guessed again.
            #expect(planned.findings.allSatisfy { $0.code != .remapped })
        }
    }

    @Test("merge: new SKUs are added, an existing SKU whose values differ is a conflict and keeps the catalog's values")
    func mergeReportsConflicts() async throws {
        let generated = CatalogGenerator(seed: 7, productCount: 6).generate()
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        // The catalog already has the store's first product, at another price, and a local-only product.
        var mine = generated.products[0]
        let sku = mine.variants[0].sku
        let catalogPrice = Money(minorUnits: mine.variants[0].price.minorUnits + 500, currency: mine.variants[0].price.currency)
        mine.variants[0].price = catalogPrice
        let local = Product(
            handle: "local-only", title: "Local only",
            variants: [
                Variant(sku: SKU("LOCAL-1")!, price: catalogPrice, stock: [StockLevel(location: generated.locations[0].code, onHand: 3)])
            ])
        _ = try await catalog.writeCatalog([mine, local], locations: generated.locations, mode: .replace)

        try await withSimulatedStore(
            UnthrottledStore.spec(.shopify, source: .catalog(products: generated.products, locations: generated.locations))
        ) { store, endpoint, client in
            let adapter = UnthrottledStore.adapter(endpoint, client)
            let report = try await CatalogPull.run(
                catalog: catalog, adapter: adapter, configuration: UnthrottledStore.configuration(endpoint), mode: .merge, dryRun: false)
            let conflict = try #require(report.conflicts.first { $0.sku == sku.rawValue && $0.field == "price" }, "\(report.conflicts)")
            #expect(conflict.catalog == catalogPrice.description)
            #expect(report.needsAttention)
            let all = try await catalog.allProducts()
            #expect(all.contains { $0.handle == "local-only" })
            let kept = try #require(try await catalog.product(containing: sku))
            #expect(kept.product.variants[kept.variantIndex].price == catalogPrice)
            let storeSKUs = generated.products.flatMap { $0.variants.map(\.sku) }
            #expect(report.skusAdded == storeSKUs.count - generated.products[0].variants.count)
            for other in storeSKUs { #expect(try await catalog.product(containing: other) != nil) }
            // The conflicting price has no base: the next plan shows the difference for review or push.
            #expect(try await catalog.baseValues(store: endpoint.store)[BaseKey(sku: sku, field: .price)] == nil)
        }
    }

    @Test("a read that fails midway (a 500 on the second product page) writes nothing: catalog, mappings and bases as they were")
    func failureMidwayLeavesCatalog() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        let before = Product(
            handle: "kept", title: "Kept", variants: [Variant(sku: SKU("KEPT-1")!, price: Money(minorUnits: 100, currency: .eur))])
        _ = try await catalog.writeCatalog([before], locations: [], mode: .replace)
        let spec = StoreSpec(
            platform: .magento, source: .generated(count: 40),
            server: ServerOptions(faults: [FaultRule(kind: .status(500), pathContains: "/V1/products", method: "GET", onRequests: [2])]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            #expect(store.shop.read { $0.allProducts.count } == 40)
            await #expect(throws: (any Error).self) {
                try await CatalogPull.run(
                    catalog: catalog, adapter: UnthrottledStore.adapter(endpoint, client),
                    configuration: UnthrottledStore.configuration(endpoint), mode: .replace,
                    dryRun: false)
            }
            #expect(store.server.counters.byStatus[500] == 1)
            let products = try await catalog.allProducts()
            let mappings = try await catalog.listingMappings(store: endpoint.store)
            let bases = try await catalog.baseValues(store: endpoint.store)
            #expect(products == [before])
            #expect(mappings.isEmpty && bases.isEmpty)
        }
    }

    @Test("listings without a SKU or with a duplicated SKU are reported with their ids and not imported; a dry run writes nothing")
    func skippedListingsAndDryRun() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 40), listingErrorShare: 0.3)) {
            store, endpoint, client in
            let adapter = UnthrottledStore.adapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let blank = snapshot.listings.filter { $0.sku == nil }
            let counts = Dictionary(grouping: snapshot.listings.compactMap(\.sku), by: { $0 }).mapValues(\.count)
            let duplicated = snapshot.listings.filter { $0.sku.map { counts[$0]! > 1 } ?? false }
            #expect(!blank.isEmpty || !duplicated.isEmpty, "the seed should plant SKU errors")

            let dry = try await CatalogPull.run(
                catalog: catalog, adapter: adapter, configuration: UnthrottledStore.configuration(endpoint), mode: .replace, dryRun: true)
            #expect(dry.dryRun && dry.skusAdded > 0)
            #expect(try await catalog.stats().variants == 0)
            #expect(try await catalog.listingMappings(store: endpoint.store).isEmpty)

            let report = try await CatalogPull.run(
                catalog: catalog, adapter: adapter, configuration: UnthrottledStore.configuration(endpoint), mode: .replace, dryRun: false)
            for listing in blank + duplicated {
                #expect(report.skipped.contains { $0.variantID == listing.ref.variantID && $0.productID == listing.ref.productID })
            }
            for listing in duplicated { #expect(try await catalog.product(containing: listing.sku!) == nil) }
            #expect(report.needsAttention)
        }
    }

    @Test(
        "a store seeded from the catalog with no drift plans no status or image change",
        arguments: [Platform.shopify, .woocommerce, .magento])
    func seededStoreHasNoStatusOrImageChanges(_ platform: Platform) async throws {
        // Drafts and archived products: Magento holds both as disabled.
        var generated = CatalogGenerator(seed: 42, productCount: 12).generate()
        generated.products[1].status = .draft
        generated.products[2].status = .archived
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
        try await withSimulatedStore(
            UnthrottledStore.spec(platform, source: .catalog(products: generated.products, locations: generated.locations))
        ) { _, endpoint, client in
            let report = try await Self.plan(catalog, UnthrottledStore.configuration(endpoint), UnthrottledStore.adapter(endpoint, client))
            let plan = try #require(report.plan, "\(report.error ?? "")")
            let touched = (plan.changes.map(\.field) + plan.reviews.compactMap(\.field)).filter { $0 == .status || $0 == .images }
            #expect(touched.isEmpty, "\(Self.describe(report))")
        }
    }
}

/// A store's stock number is net of its own open orders: adopting it counts them back in once.
@Suite("Adopting stock from a store never subtracts its open orders twice")
struct AdoptedStockTests {
    @Test("pull a WooCommerce store with open orders, then sync: on hand is shelf stock, and the store keeps its number")
    func wooCommerceOpenOrdersCountedBack() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("concord.sqlite"))
        try await withSimulatedStore(UnthrottledStore.spec(.woocommerce, source: .generated(count: 6))) { store, endpoint, client in
            let (sku, open, shown) = try store.shop.mutate { state throws -> (String, Int, Int) in
                let variant = try #require(state.allProducts.flatMap(\.variants).first { $0.totalAvailable >= 5 && !$0.sku.isEmpty })
                let location = try #require(variant.available.keys.min())
                let placed = state.placeOrder(
                    variantID: variant.id, locationID: location, quantity: 3, customer: ShopDay.customer, now: Date())
                _ = try #require(placed)
                let after = try #require(state.variant(id: variant.id)?.variant)
                let open = state.allOrders.filter { $0.cancelledAt == nil && $0.stockReduced }.flatMap(\.lines).filter {
                    $0.sku == variant.sku
                }
                .reduce(0) { $0 + $1.openQuantity }
                return (variant.sku, open, after.totalAvailable)
            }
            let adapter = UnthrottledStore.adapter(endpoint, client)
            var configuration = UnthrottledStore.configuration(endpoint)
            _ = try await CatalogPull.run(catalog: catalog, adapter: adapter, configuration: configuration, mode: .replace, dryRun: false)
            let (product, index) = try #require(try await catalog.product(containing: SKU(sku)!))
            let onHand = product.variants[index].stock.reduce(0) { $0 + $1.onHand }
            #expect(onHand == shown + open, "on hand is what the store can sell plus what its open orders hold")

            configuration.locations = [WooCommerceAdapterOptions().locationCode: product.variants[index].stock[0].location]
            let report = try await SyncRunner(catalog: catalog, stores: [(configuration, adapter)], options: SyncOptions(apply: true)).run()
            #expect(report.stores[0].error == nil)
            let stockChanges = try await catalog.journalEntries(runID: report.runID).filter { $0.change.sku == SKU(sku) }
            #expect(stockChanges.isEmpty, "the store already shows on hand − open orders: \(stockChanges.map(\.change))")
            #expect(store.shop.read { $0.variants(sku: sku).first?.variant.totalAvailable } == shown)
        }
    }
}
