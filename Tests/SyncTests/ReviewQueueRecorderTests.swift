import CatalogModel
import CatalogStorage
import ConcordConfig
import ConcordTesting
import Foundation
import Planning
import Reconcile
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing
import WooCommerceAdapter

@Suite("The review queue recorded from real plans")
struct ReviewQueueRecorderTests {
    /// A Shopify store seeded from a generated catalog with some price drift, the catalog in a
    /// real SQLite file, and a base for one drifted price that differs from both sides: a conflict.
    struct Scenario {
        var catalog: SQLiteCatalogStore
        var sku: SKU
        var catalogPrice: FieldValue
        var storePrice: FieldValue
        var configuration: StoreConfiguration
    }

    func withConflict(_ body: (Scenario, any StorefrontAdapter) async throws -> Void) async throws {
        let generated = CatalogGenerator(seed: 21, productCount: 30).generate()
        let spec = StoreSpec(
            platform: .woocommerce, name: "shop", seed: 21, source: .catalog(products: generated.products, locations: generated.locations),
            drift: DriftProfile(priceShare: 0.1))
        let directory = try TemporaryDirectory(prefix: "concord-review-sync")
        try await withSimulatedStore(spec) { store, endpoint, client in
            let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
            _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
            let drift = try #require(store.shop.manifest.drift.first { $0.field == "price" })
            let sku = try #require(SKU(drift.sku))
            let (product, index) = try #require(try await catalog.product(containing: sku))
            let price = product.variants[index].price
            // The last synced price: neither the catalog's nor the store's.
            try await catalog.recordBaseValues(
                [BaseKey(sku: sku, field: .price): .money(Money(minorUnits: price.minorUnits + 7, currency: price.currency))],
                store: "shop", runID: nil)
            // WooCommerce, unthrottled: these tests are about the queue, not about rate limits.
            let adapter = WooCommerceAdapter(
                endpoint: endpoint, client: client,
                options: WooCommerceAdapterOptions(requestsPerSecond: 1000, currency: spec.currency, weightUnit: .kilograms))
            let report = try #require(try await SyncPlanner(catalog: catalog).plan([(configuration(store), adapter)]).first)
            let finding = try #require(report.plan?.reviews.first { $0.sku == sku && $0.field == .price })
            #expect(finding.code == .conflict)
            let scenario = Scenario(
                catalog: catalog, sku: sku, catalogPrice: .money(price), storePrice: try #require(finding.storeValue),
                configuration: configuration(store))
            try await body(scenario, adapter)
        }
    }

    func configuration(_ store: SimulatedStore) -> StoreConfiguration {
        StoreConfiguration(id: "shop", platform: .woocommerce, url: URL(string: "\(store.baseURL)")!)
    }

    func plan(_ scenario: Scenario, _ adapter: any StorefrontAdapter) async throws -> StorePlanReport {
        try #require(try await SyncPlanner(catalog: scenario.catalog).plan([(scenario.configuration, adapter)]).first)
    }

    @Test("c on a price conflict: the next plan pushes the catalog price with the store's value as precondition")
    func keepCanonicalBecomesAPush() async throws {
        try await withConflict { scenario, adapter in
            let recorder = ReviewQueueRecorder(catalog: scenario.catalog)
            let recording = try await recorder.record([try await plan(scenario, adapter)])
            #expect(recording.runID != nil)
            let item = try #require(
                try await scenario.catalog.reviewQueue(store: "shop").first { $0.sku == scenario.sku && $0.field == .price })
            #expect(item.kind == .conflict)
            #expect(item.canonical == scenario.catalogPrice)
            #expect(item.storeValue == scenario.storePrice)
            #expect(item.detectedRunID == recording.runID)

            _ = try await scenario.catalog.decideReviewItem(item.id!, choice: .canonical, value: nil, ruleID: nil, at: Date())
            let next = try await plan(scenario, adapter)
            let change = try #require(next.plan?.changes.first { $0.sku == scenario.sku && $0.field == .price })
            #expect(change.new == scenario.catalogPrice)
            #expect(change.expected == scenario.storePrice)
            #expect(next.plan?.reviews.contains { $0.sku == scenario.sku && $0.field == .price } == false)

            // Recording the new plan takes the settled item out of the queue; the decision stays.
            let update = try #require(try await recorder.record([next]).updates["shop"])
            #expect(update.removed >= 1)
            #expect(try await scenario.catalog.reviewQueue(store: "shop").contains { $0.id == item.id } == false)
            #expect(try await scenario.catalog.decisions(store: "shop").contains { $0.sku == scenario.sku && $0.choice == .canonical })
        }
    }

    @Test("s on a price conflict: the next plan has nothing to do for that price")
    func takeStoreSettlesIt() async throws {
        try await withConflict { scenario, adapter in
            _ = try await ReviewQueueRecorder(catalog: scenario.catalog).record([try await plan(scenario, adapter)])
            let item = try #require(
                try await scenario.catalog.reviewQueue(store: "shop").first { $0.sku == scenario.sku && $0.field == .price })
            _ = try await scenario.catalog.decideReviewItem(item.id!, choice: .store, value: nil, ruleID: nil, at: Date())
            let next = try await plan(scenario, adapter)
            #expect(next.findings.contains { $0.sku == scenario.sku && $0.field == .price } == false)
        }
    }

    @Test("a remembered rule decides matching items when the queue is recorded, as a decision with the rule's id")
    func rulesDecide() async throws {
        try await withConflict { scenario, adapter in
            let ruleID = try await scenario.catalog.saveReviewRule(
                ReviewRule(store: "shop", field: "price", kind: .conflict, choice: .canonical, createdAt: Date()))
            let recording = try await ReviewQueueRecorder(catalog: scenario.catalog).record([try await plan(scenario, adapter)])
            #expect(recording.decidedByRules >= 1)
            let item = try #require(
                try await scenario.catalog.reviewQueue(store: "shop").first { $0.sku == scenario.sku && $0.field == .price })
            #expect(item.state == .decided)
            #expect(item.choice == .canonical)
            let next = try await plan(scenario, adapter)
            #expect(
                next.plan?.changes.contains { $0.sku == scenario.sku && $0.field == .price && $0.expected == scenario.storePrice } == true)
            let decision = try #require(try await scenario.catalog.decisions(store: "shop").first { $0.itemID == item.id })
            #expect(decision.ruleID == ruleID)
            #expect(decision.choice == .canonical)
        }
    }

    @Test("a store whose prices follow a rule cannot hand its price to the catalog")
    func priceRuleBlocksTakingTheStorePrice() async throws {
        try await withConflict { scenario, adapter in
            let report = try await plan(scenario, adapter)
            let items = ReviewQueueRecorder.items(for: report, priceRule: PriceRule(multiplier: 2), now: Date())
            let item = try #require(items.first { $0.sku == scenario.sku && $0.field == .price })
            #expect(item.refusal(of: .store)?.contains("price rule") == true)
            #expect(item.refusal(of: .canonical) == nil)
        }
    }
}
