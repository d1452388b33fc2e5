import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord review without a terminal")
struct ReviewCommandTests {
    func concord(_ arguments: [String], _ setup: ReviewQueueSetup) async throws -> CommandRunner.Result {
        try await CommandRunner(product: "concord").run(arguments + ["--db", setup.databasePath], directory: setup.directory.path)
    }

    @Test("not a terminal: the list and a hint, exit 2 while items are open; --json lists every item with its effects")
    func listing() async throws {
        let setup = try await ReviewQueueSetup()
        let plain = try await concord(["review"], setup)
        #expect(plain.status == 2, "\(plain.stderr)")
        #expect(plain.stdout.contains("TEE-1"))
        #expect(plain.stdout.contains("stock@loc-1"))
        #expect(plain.stdout.contains("0 of 5 decided."))
        #expect(plain.stderr.contains("concord review resolve"))

        let json = try await concord(["review", "--list", "--json"], setup)
        #expect(json.status == 2)
        let items = try #require(try JSONValue.parse(json.stdout).arrayValue)
        #expect(items.count == 5)
        let price = try #require(items.first { $0["sku"] == "TEE-1" && $0["field"] == "price" })
        #expect(price["kind"] == "conflict")
        #expect(price["store_value"] == "21.00 EUR")
        #expect(price["effects"]?["canonical"] == "push 24.00 EUR to shop")
        #expect(price["effects"]?["store"] == "take 21.00 EUR into the catalog")
        let stock = try #require(items.first { $0["field"] == "stock@loc-1" })
        #expect(stock["effects"]?["store"] == nil)
    }

    @Test("resolve: a bad value or an impossible choice exits 1 and changes nothing; good ones are saved at once")
    func resolving() async throws {
        let setup = try await ReviewQueueSetup()
        let comma = try await concord(["review", "resolve", "TEE-2", "price", "--store", "shop", "--take", "value=19,90"], setup)
        #expect(comma.status == 1)
        #expect(comma.stderr.contains("comma"))
        let stock = try await concord(["review", "resolve", "MUG-1", "stock@loc-1", "--store", "shop", "--take", "store"], setup)
        #expect(stock.status == 1)
        #expect(stock.stderr.contains("stock cannot be taken"))
        let unknown = try await concord(["review", "resolve", "NOPE-1", "price", "--store", "shop", "--take", "canonical"], setup)
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("no review item for NOPE-1 price in store shop"))
        #expect(try await setup.decisions().isEmpty)

        let typed = try await concord(["review", "resolve", "TEE-2", "price", "--store", "shop", "--take", "value=19.90"], setup)
        #expect(typed.status == 0, "\(typed.stderr)")
        #expect(typed.stdout.contains("set the catalog to 19.90 EUR and push it to shop"))
        #expect(
            try await setup.catalog().catalogFieldValue(sku: ReviewQueueSetup.sku("TEE-2"), field: .price) == ReviewQueueSetup.money(1990))
        #expect(try await setup.base("TEE-2", .price) == ReviewQueueSetup.money(2200))

        let kept = try await concord(["review", "resolve", "TEE-1", "price", "--store", "shop", "--take", "canonical", "--json"], setup)
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(try JSONValue.parse(kept.stdout)["choice"] == "canonical")
        #expect(try await setup.base("TEE-1", .price) == ReviewQueueSetup.money(2100))
        let again = try await concord(["review", "resolve", "TEE-1", "price", "--store", "shop", "--take", "store"], setup)
        #expect(again.status == 1)
        #expect(again.stderr.contains("already decided"))
    }

    @Test("rules: listed as text and JSON, removed by id; removing an unknown id exits 1")
    func rules() async throws {
        let setup = try await ReviewQueueSetup()
        let id = try await setup.catalog().saveReviewRule(
            ReviewRule(store: "shop", field: "title", kind: .storeEdit, choice: .store, createdAt: Date()))
        let listed = try await concord(["review", "rules"], setup)
        #expect(listed.status == 0)
        #expect(listed.stdout.contains("take the store's value"))
        let json = try await concord(["review", "rules", "--json"], setup)
        #expect(try JSONValue.parse(json.stdout)[0]?["field"] == "title")
        let removed = try await concord(["review", "rules", "remove", "\(id)"], setup)
        #expect(removed.status == 0)
        let missing = try await concord(["review", "rules", "remove", "\(id)"], setup)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no review rule \(id)"))
        let help = try await CommandRunner(product: "concord").run(["review", "--help"])
        #expect(help.stdout.contains("never overwritten"))
    }

    @Test("concord plan records the store's first-sync title differences in the queue, and a re-plan keeps decisions")
    func planFillsTheQueue() async throws {
        let catalog = CatalogGenerator(seed: 12, productCount: 30).generate()
        let spec = StoreSpec(
            platform: .shopify, name: "shop", seed: 12, source: .catalog(products: catalog.products, locations: catalog.locations),
            drift: DriftProfile(titleShare: 0.2), api: ShopifyPlatform.roomy)
        try await withSimulatedStore(spec) { store in
            let directory = try TemporaryDirectory()
            try await CLIScenario.importCatalog(catalog, for: store, into: directory)
            let environment = ["SHOP_TOKEN": store.credentials.shopifyAccessToken]
            let runner = try CommandRunner(product: "concord")
            let plan = try await runner.run(["plan"], environment: environment, directory: directory.path)
            #expect(plan.status == 2, "\(plan.stderr)")
            let titles = store.shop.manifest.drift.filter { $0.field == "title" }
            #expect(!titles.isEmpty)

            let listed = try await runner.run(["review", "--list", "--json"], directory: directory.path)
            let items = try #require(try JSONValue.parse(listed.stdout).arrayValue)
            let titleItems = items.filter { $0["field"] == "title" }
            #expect(titleItems.count >= titles.count)
            #expect(titleItems.allSatisfy { $0["kind"] == "first-sync" && $0["detected_run_id"] != nil })
            let first = try #require(titleItems.first?["sku"]?.stringValue)

            let resolved = try await runner.run(
                ["review", "resolve", first, "title", "--store", "shop", "--take", "defer"], directory: directory.path)
            #expect(resolved.status == 0, "\(resolved.stderr)")
            let other = try #require(titleItems.dropFirst().first?["sku"]?.stringValue)
            let kept = try await runner.run(
                ["review", "resolve", other, "title", "--store", "shop", "--take", "canonical"], directory: directory.path)
            #expect(kept.status == 0, "\(kept.stderr)")

            // Re-plan: the deferred item is asked again; the kept-canonical one has become a push.
            _ = try await runner.run(["plan"], environment: environment, directory: directory.path)
            let after = try #require(
                try JSONValue.parse(try await runner.run(["review", "--list", "--json"], directory: directory.path).stdout).arrayValue)
            #expect(after.first { $0["sku"]?.stringValue == first && $0["field"] == "title" }?["state"] == "open")
            #expect(after.contains { $0["sku"]?.stringValue == other && $0["field"] == "title" } == false)
            #expect(store.server.counters.writes == 0)
        }
    }
}
