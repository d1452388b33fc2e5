import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord plan against a simulated store")
struct PlanCommandTests {
    @Test("drift in the store: exit 2, and the plan pushes exactly the planted stock and price differences")
    func driftIsPlanned() async throws {
        let catalog = CatalogGenerator(seed: 8, productCount: 40).generate()
        let spec = StoreSpec(
            platform: .shopify, name: "shop", seed: 8, source: .catalog(products: catalog.products, locations: catalog.locations),
            drift: DriftProfile(stockShare: 0.1, priceShare: 0.05), api: ShopifyPlatform.roomy)
        try await withSimulatedStore(spec) { store in
            let directory = try TemporaryDirectory()
            try await CLIScenario.importCatalog(catalog, for: store, into: directory)

            let result = try await CommandRunner(product: "concord").run(
                ["plan", "--json", "--out", "plan.json"], environment: ["SHOP_TOKEN": store.credentials.shopifyAccessToken],
                directory: directory.path)
            #expect(result.status == 2, "\(result.stderr)\n\(result.stdout)")
            let summary = try JSONValue.parse(result.stdout)
            let entry = try #require(summary["stores"]?[0])
            let drift = store.shop.manifest.drift
            #expect(entry["change_count"]?.intValue == drift.filter { $0.field != "title" }.count)
            #expect(entry["changes"] == nil)
            #expect(entry["refused"] == false)

            // The plan file carries every change with the value the store held when planned.
            let plan = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: directory.path("plan.json")))))
            let changes = try #require(plan["stores"]?[0]?["changes"]?.arrayValue)
            #expect(changes.count == entry["change_count"]?.intValue)
            #expect(changes.allSatisfy { $0["expected"] != nil && $0["new"] != nil })
            // Nothing was written to the store.
            #expect(store.server.counters.writes == 0)
        }
    }

    @Test("a store in sync: exit 0; a store that refuses the token: exit 1 with the store named")
    func inSyncAndRefused() async throws {
        let catalog = CatalogGenerator(seed: 9, productCount: 10).generate()
        try await withSimulatedStore(
            StoreSpec(
                platform: .shopify, name: "shop", seed: 9, source: .catalog(products: catalog.products, locations: catalog.locations),
                api: ShopifyPlatform.roomy)
        ) { store in
            let directory = try TemporaryDirectory()
            try await CLIScenario.importCatalog(catalog, for: store, into: directory)

            let clean = try await CommandRunner(product: "concord").run(
                ["plan"], environment: ["SHOP_TOKEN": store.credentials.shopifyAccessToken], directory: directory.path)
            #expect(clean.status == 0, "\(clean.stderr)\n\(clean.stdout)")
            #expect(clean.stdout.contains("push   nothing"))

            let refused = try await CommandRunner(product: "concord").run(
                ["plan"], environment: ["SHOP_TOKEN": "shpat_not_the_token"], directory: directory.path)
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("shop"))
            #expect(!refused.stdout.contains(store.credentials.shopifyAccessToken))

            // The kind of failure, for a monitoring script: the adapter's own error code, not a text to parse.
            let synced = try await CommandRunner(product: "concord").run(
                ["sync", "--json"], environment: ["SHOP_TOKEN": "shpat_not_the_token"], directory: directory.path)
            #expect(synced.status == 1)
            let summary = try #require(try JSONValue.parse(synced.stdout)["stores"]?[0])
            #expect(summary["error_code"]?.stringValue == "unauthorized", "\(synced.stdout)")
            #expect(summary["error"]?.stringValue?.isEmpty == false)
        }
    }
}
