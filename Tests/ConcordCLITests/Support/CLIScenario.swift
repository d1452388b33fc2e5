import CatalogFormats
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// A simulated Shopify store named `shop`, seeded from a generated catalog, and a temporary
/// directory with that catalog imported and a concord.toml naming the store: where the end-to-end
/// tests run `concord` as a user would. Made by `withCLIScenario`, which stops the store.
struct CLIScenario {
    let store: SimulatedStore
    let directory: TemporaryDirectory
    let catalog: CatalogGenerator.Output
    let concord: CommandRunner
    var environment: [String: String?] { ["SHOP_TOKEN": store.credentials.shopifyAccessToken] }

    /// Runs `concord` in the directory with the store's token.
    func run(_ arguments: [String], interrupt: (@Sendable () async -> Void)? = nil) async throws -> CommandRunner.Result {
        try await concord.run(arguments, environment: environment, directory: directory.path, interrupt: interrupt)
    }

    /// How many changes `concord plan` would push now (-1 when its JSON does not say).
    func changeCount() async throws -> Int {
        let plan = try await run(["plan", "--json"])
        return try JSONValue.parse(plan.stdout)["stores"]?[0]?["change_count"]?.intValue ?? -1
    }

    /// Writes `catalog` as catalog.jsonl and a concord.toml naming `store` as `shop` into
    /// `directory`, and imports the catalog with `concord catalog import`, expecting it to succeed.
    static func importCatalog(_ catalog: CatalogGenerator.Output, for store: SimulatedStore, into directory: TemporaryDirectory)
        async throws
    {
        let document = CatalogDocument(products: catalog.products, locations: catalog.locations)
        _ = try directory.write(CatalogExporter.write(document, format: .jsonLines), to: "catalog.jsonl")
        _ = try directory.write(
            """
            [catalog]
            currency = "EUR"
            database = "catalog.sqlite"

            [stores.shop]
            platform = "shopify"
            url = "\(store.baseURL)"
            token_env = "SHOP_TOKEN"
            """, to: "concord.toml")
        let imported = try await CommandRunner(product: "concord").run(["catalog", "import", "catalog.jsonl"], directory: directory.path)
        #expect(imported.status == 0, "\(imported.stderr)")
    }

    /// `concord audit` with `arguments`, in `directory`, with `store`'s token.
    static func audit(_ arguments: [String], store: SimulatedStore, in directory: TemporaryDirectory) async throws -> CommandRunner.Result {
        try await CommandRunner(product: "concord").run(
            ["audit"] + arguments, environment: ["SHOP_TOKEN": store.credentials.shopifyAccessToken], directory: directory.path)
    }
}

/// Runs `body` with a simulated Shopify store `shop` seeded from `catalog` (with `drift` and a
/// `listingErrors` share of planted listing errors) and a temporary directory where `catalog` is
/// imported and concord.toml names the store; stops the store after `body`, also when it throws.
func withImportedCatalog<T>(
    _ catalog: CatalogGenerator.Output, seed: UInt64, drift: DriftProfile = .none, listingErrors: Double = 0,
    _ body: (SimulatedStore, TemporaryDirectory) async throws -> T
) async throws -> T {
    let spec = StoreSpec(
        platform: .shopify, name: "shop", seed: seed, source: .catalog(products: catalog.products, locations: catalog.locations),
        listingErrorShare: listingErrors, drift: drift, api: ShopifyPlatform.roomy)
    return try await withSimulatedStore(spec) { store in
        let directory = try TemporaryDirectory()
        try await CLIScenario.importCatalog(catalog, for: store, into: directory)
        return try await body(store, directory)
    }
}

/// Runs `body` with a `CLIScenario` of `products` generated products whose store carries
/// `drift`, and stops the store after `body`, also when it throws.
func withCLIScenario<T>(
    seed: UInt64, products: Int, drift: DriftProfile, _ body: (CLIScenario) async throws -> T
) async throws -> T {
    let catalog = CatalogGenerator(seed: seed, productCount: products).generate()
    return try await withImportedCatalog(catalog, seed: seed, drift: drift) { store, directory in
        try await body(CLIScenario(store: store, directory: directory, catalog: catalog, concord: try CommandRunner(product: "concord")))
    }
}
