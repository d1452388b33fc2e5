import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord catalog pull")
struct CatalogPullCommandTests {
    func configure(_ store: SimulatedStore, in directory: TemporaryDirectory) throws {
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
    }

    @Test("pull, then plan: exit 0 both times; --dry-run writes nothing; a second pull with --merge finds every SKU unchanged")
    func pullThenPlan() async throws {
        try await withSimulatedStore(
            StoreSpec(platform: .shopify, name: "shop", source: .generated(count: 10), api: ShopifyPlatform.roomy)
        ) { store in
            let directory = try TemporaryDirectory()
            try configure(store, in: directory)
            let runner = try CommandRunner(product: "concord")
            let environment = ["SHOP_TOKEN": store.credentials.shopifyAccessToken]

            let dry = try await runner.run(
                ["catalog", "pull", "shop", "--replace", "--dry-run"], environment: environment, directory: directory.path)
            #expect(dry.status == 0, "\(dry.stderr)\n\(dry.stdout)")
            #expect(dry.stdout.contains("Nothing was written (dry run)"))
            let empty = try await runner.run(["catalog", "stats", "--json"], directory: directory.path)
            #expect(try JSONValue.parse(empty.stdout)["variants"]?.intValue ?? 0 == 0, "\(empty.stdout)")

            let pulled = try await runner.run(
                ["catalog", "pull", "shop", "--replace", "--json"], environment: environment, directory: directory.path)
            #expect(pulled.status == 0, "\(pulled.stderr)\n\(pulled.stdout)")
            let report = try JSONValue.parse(pulled.stdout)
            let variants = store.shop.read { $0.variantCount }
            #expect(report["skus_added"]?.intValue == variants)
            #expect(report["skipped"]?.arrayValue?.isEmpty == true)

            let plan = try await runner.run(["plan"], environment: environment, directory: directory.path)
            #expect(plan.status == 0, "\(plan.stderr)\n\(plan.stdout)")
            #expect(store.server.counters.writes == 0)

            let again = try await runner.run(
                ["catalog", "pull", "shop", "--merge", "--json"], environment: environment, directory: directory.path)
            #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
            let second = try JSONValue.parse(again.stdout)
            #expect(second["skus_added"]?.intValue == 0 && second["skus_unchanged"]?.intValue == variants)
        }
    }

    @Test("bad input exits non-zero and writes nothing: an unknown store, --merge with --replace, and --help explains")
    func badInput() async throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write("[catalog]\ndatabase = \"catalog.sqlite\"\n", to: "concord.toml")
        let runner = try CommandRunner(product: "concord")
        let unknown = try await runner.run(["catalog", "pull", "nowhere"], directory: directory.path)
        #expect(unknown.status == 1 && unknown.stderr.contains("nowhere"), "\(unknown.stderr)")
        let both = try await runner.run(["catalog", "pull", "nowhere", "--merge", "--replace"], directory: directory.path)
        #expect(both.status == 64, "\(both.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path("catalog.sqlite")))
        let help = try await runner.run(["catalog", "pull", "--help"], directory: directory.path)
        #expect(help.status == 0 && help.stdout.contains("--replace") && help.stdout.contains("Exit status"))
    }
}
