import CatalogModel
import ConcordTesting
import Foundation
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// Text from a store reaches the terminal with its control characters shown, never acted on.
@Suite("store text on the terminal")
struct TerminalTextTests {
    @Test("a product title holding escape sequences is printed by concord plan as visible escapes")
    func escapesAreShown() async throws {
        let catalog = CatalogGenerator(seed: 91, productCount: 4).generate()
        try await withSimulatedStore(
            StoreSpec(
                platform: .shopify, name: "shop", seed: 91, source: .catalog(products: catalog.products, locations: catalog.locations),
                api: ShopifyPlatform.roomy)
        ) { store in
            let directory = try TemporaryDirectory()
            try await CLIScenario.importCatalog(catalog, for: store, into: directory)
            store.shop.mutate { state in
                guard var product = state.allProducts.first else { return }
                product.title = "Tee \u{1B}]0;owned\u{07}\u{1B}[2J"
                product.updatedAt = Date()
                state.upsert(product)
            }
            let plan = try await CommandRunner(product: "concord").run(
                ["plan"], environment: ["SHOP_TOKEN": store.credentials.shopifyAccessToken], directory: directory.path)
            #expect([2, 3].contains(plan.status), "\(plan.stderr)")
            #expect(!plan.stdout.contains("\u{1B}") && !plan.stdout.contains("\u{07}"), "\(plan.stdout)")
            #expect(plan.stdout.contains("\\x1B]0;owned\\x07\\x1B[2J"), "\(plan.stdout)")
        }
    }
}
