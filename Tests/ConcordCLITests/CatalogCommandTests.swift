import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import Testing

/// A scratch folder for one CLI test, removed afterwards.
final class Workspace {
    let directory: TemporaryDirectory
    var path: String { directory.path }

    init() throws { directory = try TemporaryDirectory(prefix: "concord-cli") }

    func write(_ name: String, _ text: String) -> String {
        let file = path + "/" + name
        _ = FileManager.default.createFile(atPath: file, contents: Data(text.utf8))
        return file
    }

    var db: String { path + "/concord.sqlite" }
}

let shopifyHeader =
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Published,Option1 Name,Option1 Value,Variant SKU,Variant Grams,Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Price,Variant Compare At Price,Variant Requires Shipping,Variant Barcode,Image Src,Status"

struct CatalogCommandTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    @Test func importsShowsAndCountsAShopifyCSV() async throws {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader)
            tee,Classic Tee,<p>Soft</p>,Acme,Shirts,summer,TRUE,Size,S,TEE-S,200,shopify,7,deny,19.90,24.90,TRUE,4006381333931,https://cdn.example.com/tee.jpg,active
            tee,,,,,,,,M,TEE-M,200,shopify,3,continue,19.90,,TRUE,,,active

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 1 products, 2 variants"))

        let stats = try await concord.run(["catalog", "stats", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(stats.status == 0)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let decoded = try decoder.decode(CatalogStats.self, from: Data(stats.stdout.utf8))
        #expect(decoded.products == 1 && decoded.variants == 2 && decoded.unitsOnHand == 10)

        let show = try await concord.run(["catalog", "show", "TEE-M", "--db", workspace.db], directory: workspace.path)
        #expect(show.status == 0)
        #expect(show.stdout.contains("Classic Tee"))
        #expect(show.stdout.contains("19.90 EUR"))
        #expect(show.stdout.contains("backorders  allowed"))

        let missing = try await concord.run(["catalog", "show", "NOPE", "--db", workspace.db], directory: workspace.path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("SKU NOPE is not in the catalog"))
    }

    @Test func aBadRowFailsTheImportNamingLineAndColumnAndWritesNothing() async throws {
        let workspace = try Workspace()
        let good = workspace.write(
            "good.csv",
            """
            \(shopifyHeader)
            mug,Mug,,Acme,Home,,TRUE,Title,Default Title,MUG-1,300,shopify,4,deny,9.00,,TRUE,,,active

            """)
        #expect(try await concord.run(["catalog", "import", good, "--db", workspace.db], directory: workspace.path).status == 0)
        let bad = workspace.write(
            "bad.csv",
            """
            \(shopifyHeader)
            tee,Classic Tee,,Acme,Shirts,,TRUE,Size,S,TEE-S,200,shopify,7,deny,19.90,,TRUE,,,active
            tee,,,,,,,,M,TEE-M,200,shopify,3,deny,"19,90",,TRUE,,,active

            """)
        let result = try await concord.run(["catalog", "import", bad, "--replace", "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("bad.csv:3"))
        #expect(result.stderr.contains("Variant Price"))
        #expect(result.stderr.contains("comma"))
        #expect(result.stderr.contains("nothing was imported"))
        let store = try SQLiteCatalogStore(path: workspace.db)
        #expect(try await store.allProducts().map(\.handle) == ["mug"])

        // With --json, the same rows on standard output for a script.
        let json = try await concord.run(
            ["catalog", "import", bad, "--replace", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(json.status == 1)
        let report = try JSONValue.parse(json.stdout)
        #expect(report["imported"]?.boolValue == false)
        #expect(report["error_count"]?.intValue == 1)
        #expect(report["errors"]?[0]?["line"]?.intValue == 3)
        #expect(report["errors"]?[0]?["column"]?.stringValue == "Variant Price")
    }

    @Test func exportThenImportIsIdentity() async throws {
        let workspace = try Workspace()
        let sample = FixturePaths.packageRoot + "/Fixtures/catalog/sample.jsonl"
        #expect(try await concord.run(["catalog", "import", sample, "--db", workspace.db], directory: workspace.path).status == 0)
        let exported = workspace.path + "/export.jsonl"
        let export = try await concord.run(
            ["catalog", "export", "--format", "jsonl", "-o", exported, "--db", workspace.db], directory: workspace.path)
        #expect(export.status == 0, "\(export.stderr)")
        let second = workspace.path + "/second.sqlite"
        #expect(try await concord.run(["catalog", "import", exported, "--db", second], directory: workspace.path).status == 0)
        let first = try await SQLiteCatalogStore(path: workspace.db).allProducts()
        let again = try await SQLiteCatalogStore(path: second).allProducts()
        #expect(first.count > 10)
        #expect(first == again)
    }

    @Test func dryRunWritesNothing() async throws {
        let workspace = try Workspace()
        let sample = FixturePaths.packageRoot + "/Fixtures/catalog/sample.jsonl"
        let result = try await concord.run(["catalog", "import", sample, "--dry-run", "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 0)
        #expect(result.stdout.contains("nothing written"))
        #expect(!FileManager.default.fileExists(atPath: workspace.db))
    }

    @Test func everyCommandHasHelp() async throws {
        let commands: [[String]] = [
            [], ["catalog"], ["catalog", "import"], ["catalog", "export"], ["catalog", "show"], ["catalog", "stats"], ["catalog", "pull"],
            ["catalog", "kit"], ["catalog", "kit", "add"], ["catalog", "kit", "show"], ["catalog", "kit", "remove"],
            ["stores"], ["stores", "list"], ["stores", "check"], ["plan"], ["apply"], ["sync"], ["review"], ["review", "resolve"],
            ["review", "rules"], ["audit"], ["run"], ["listen"], ["demo"],
        ]
        for command in commands {
            let result = try await concord.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE: concord"), "\(command)")
        }
    }
}

struct StoresCommandTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    @Test func listsStoresWithoutRevealingCredentials() async throws {
        let workspace = try Workspace()
        _ = workspace.write(
            "concord.toml",
            """
            [stores.shop-main]
            platform = "shopify"
            url = "https://example.myshopify.com"
            token_env = "SHOP_MAIN_TOKEN"

            [stores.woo-eu]
            platform = "woocommerce"
            url = "https://shop.example.eu"
            key_env = "WOO_EU_KEY"
            secret_env = "WOO_EU_SECRET"
            """)
        let secret = "shpat_test-token-for-list"
        let result = try await concord.run(
            ["stores", "list"], environment: ["SHOP_MAIN_TOKEN": secret, "WOO_EU_KEY": nil, "WOO_EU_SECRET": nil], directory: workspace.path
        )
        #expect(result.status == 0)
        #expect(result.stdout.contains("SHOP_MAIN_TOKEN set"))
        #expect(result.stdout.contains("WOO_EU_KEY MISSING"))
        #expect(!result.stdout.contains(secret) && !result.stderr.contains(secret))
    }

    @Test func anInvalidConfigurationNamesTheKeyPath() async throws {
        let workspace = try Workspace()
        _ = workspace.write(
            "concord.toml",
            """
            [stores.shop-main]
            platform = "shopify"
            url = "https://example.myshopify.com"
            token = "shpat_secret_value"
            """)
        let result = try await concord.run(["stores", "list"], directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("stores.shop-main.token"))
        #expect(result.stderr.contains("secrets never go in concord.toml"))
        #expect(!result.stderr.contains("shpat_secret_value"))
    }

    @Test func checkReportsAMissingCredentialAndFails() async throws {
        let workspace = try Workspace()
        _ = workspace.write(
            "concord.toml",
            """
            [stores.shop-main]
            platform = "shopify"
            url = "http://127.0.0.1:9"
            token_env = "CONCORD_TEST_UNSET_TOKEN"
            """)
        let result = try await concord.run(
            ["stores", "check", "--json"], environment: ["CONCORD_TEST_UNSET_TOKEN": nil], directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stdout.contains("CONCORD_TEST_UNSET_TOKEN, which is not set"))
    }
}
