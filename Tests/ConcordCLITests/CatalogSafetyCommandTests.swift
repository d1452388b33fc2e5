import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

/// What an import must never do to a catalog: push a price of nothing, or lose stock it did not
/// mention (a round trip through a one-quantity CSV, a partial file, a misspelt location).
struct CatalogSafetyCommandTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    /// Two locations with names, committed units at main, two SKUs.
    static let catalog = """
        {"location":{"code":"main","name":"Main warehouse"}}
        {"location":{"code":"berlin","name":"Berlin store"}}
        {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"130.00","currency":"EUR"},"stock":[{"location":"main","onHand":80,"available":76,"committed":4},{"location":"berlin","onHand":4,"available":4,"committed":0}]}
        {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-L","options":["L"],"price":{"amount":"130.00","currency":"EUR"},"compareAtPrice":{"amount":"150.00","currency":"EUR"},"cost":{"amount":"40.00","currency":"EUR"},"stock":[{"location":"main","onHand":12},{"location":"berlin","onHand":0}]}

        """

    /// The catalog's locations and stock levels as text, row by row, to compare exactly.
    static func stockDump(_ path: String) async throws -> String {
        let store = try SQLiteCatalogStore(path: path)
        let locations = try await store.locations().map { "\($0.code)=\($0.name)" }
        var levels: [String] = []
        for product in try await store.allProducts() {
            for variant in product.variants {
                for level in variant.stock {
                    levels.append("\(variant.sku)@\(level.location):\(level.onHand)/\(level.available)/\(level.committed)")
                }
            }
        }
        return (locations + levels.sorted()).joined(separator: "\n")
    }

    func seeded() async throws -> Workspace {
        let workspace = try Workspace()
        let file = workspace.write("catalog.jsonl", Self.catalog)
        let result = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        return workspace
    }

    @Test(arguments: [
        ("shopify-csv", "e.csv", false), ("woocommerce-csv", "e.csv", false), ("jsonl", "e.jsonl", false),
        ("shopify-csv", "e.csv", true), ("woocommerce-csv", "e.csv", true), ("jsonl", "e.jsonl", true),
    ])
    func exportThenImportLeavesStockAndLocationsAsTheyWere(format: String, name: String, replace: Bool) async throws {
        let workspace = try await seeded()
        let before = try await Self.stockDump(workspace.db)
        #expect(before.contains("main=Main warehouse") && before.contains("TEE-M@berlin:4/4/0"))
        let file = workspace.path + "/" + name
        let exported = try await concord.run(
            ["catalog", "export", "--format", format, "-o", file, "--db", workspace.db], directory: workspace.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        if format != "jsonl" { #expect(exported.stderr.contains("location main (Main warehouse) only; berlin not exported")) }
        let imported = try await concord.run(
            ["catalog", "import", file, "--format", format, "--db", workspace.db] + (replace ? ["--replace"] : []),
            directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        if format != "jsonl" { #expect(imported.stderr.contains("location main (Main warehouse); berlin kept as they are")) }
        #expect(try await Self.stockDump(workspace.db) == before)
    }

    @Test func aCSVForOneLocationSetsItsAvailableStockAndKeepsTheOthers() async throws {
        let workspace = try await seeded()
        let file = workspace.write(
            "berlin.csv",
            """
            \(shopifyHeader)
            tee,Tee,,,,,TRUE,Size,M,TEE-M,,shopify,9,deny,130.00,,TRUE,,,active
            tee,,,,,,,,L,TEE-L,,shopify,2,deny,130.00,150.00,TRUE,,,active

            """)
        let result = try await concord.run(
            ["catalog", "import", file, "--location", "berlin", "--currency", "EUR", "--db", workspace.db],
            directory: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        let dump = try await Self.stockDump(workspace.db)
        #expect(dump.contains("TEE-M@berlin:9/9/0"))
        #expect(dump.contains("TEE-M@main:80/76/4"))
        #expect(dump.contains("TEE-L@berlin:2/2/0"))
        #expect(dump.contains("TEE-L@main:12/12/0"))
        #expect(dump.contains("main=Main warehouse") && dump.contains("berlin=Berlin store"))
    }

    @Test func aJSONLinesRowNamingOneLocationKeepsTheOthersInAMerge() async throws {
        let workspace = try await seeded()
        let file = workspace.write(
            "partial.jsonl",
            """
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"130.00","currency":"EUR"},"stock":[{"location":"berlin","onHand":7}]}

            """)
        let merged = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(merged.status == 0, "\(merged.stderr)")
        let dump = try await Self.stockDump(workspace.db)
        #expect(dump.contains("TEE-M@berlin:7/7/0") && dump.contains("TEE-M@main:80/76/4"))
        // A replace makes the catalog exactly the file: the row's stock list is the SKU's whole stock.
        let replaced = try await concord.run(["catalog", "import", file, "--replace", "--db", workspace.db], directory: workspace.path)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        let after = try await Self.stockDump(workspace.db)
        #expect(after.contains("TEE-M@berlin:7/7/0") && !after.contains("TEE-M@main") && !after.contains("TEE-L"))
    }

    @Test func anUnknownLocationIsRefusedAndNothingChanges() async throws {
        let workspace = try await seeded()
        let before = try await Self.stockDump(workspace.db)
        let file = workspace.write(
            "typo.jsonl",
            """
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"130.00","currency":"EUR"},"stock":[{"location":"berlni","onHand":7}]}

            """)
        let refused = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "typo.jsonl:1: column \"stock[0].location\": location \"berlni\" is not in the catalog (known: berlin, main)"),
            "\(refused.stderr)")
        #expect(refused.stderr.contains("--new-locations") && refused.stderr.contains("(SKU TEE-M)"))
        #expect(try await Self.stockDump(workspace.db) == before)

        let csv = workspace.write(
            "lyon.csv",
            """
            \(shopifyHeader)
            tee,Tee,,,,,TRUE,Size,M,TEE-M,,shopify,9,deny,130.00,,TRUE,,,active

            """)
        let csvRefused = try await concord.run(
            ["catalog", "import", csv, "--location", "lyon", "--db", workspace.db], directory: workspace.path)
        #expect(csvRefused.status == 1)
        #expect(
            csvRefused.stderr.contains("lyon.csv:1: column \"Variant Inventory Qty\": location \"lyon\" is not in the catalog"),
            "\(csvRefused.stderr)")
        #expect(try await Self.stockDump(workspace.db) == before)

        let allowed = try await concord.run(
            ["catalog", "import", file, "--new-locations", "--db", workspace.db], directory: workspace.path)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try await Self.stockDump(workspace.db).contains("berlni=berlni"))
    }

    @Test func aLocationNameIsNeverReplacedByItsCode() async throws {
        let workspace = try await seeded()
        let file = workspace.write(
            "undeclared.jsonl",
            """
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"130.00","currency":"EUR"},"stock":[{"location":"main","onHand":80,"available":76,"committed":4}]}

            """)
        let result = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try await Self.stockDump(workspace.db).contains("main=Main warehouse"))
    }

    @Test func aNegativePriceIsAnErrorAndNothingIsImported() async throws {
        let workspace = try await seeded()
        let before = try await SQLiteCatalogStore(path: workspace.db).allProducts()
        let file = workspace.write(
            "negative.jsonl",
            """
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"-5.00","currency":"EUR"}}
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-L","options":["L"],"price":{"amount":"130.00","currency":"EUR"},"cost":{"amount":"-1.00","currency":"EUR"}}

            """)
        let result = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains("negative.jsonl:1: column \"price\": the price -5.00 is negative"), "\(result.stderr)")
        #expect(result.stderr.contains("(SKU TEE-M)"))
        #expect(result.stderr.contains("negative.jsonl:2: column \"cost\": the cost -1.00 is negative"))
        #expect(try await SQLiteCatalogStore(path: workspace.db).allProducts() == before)

        let csv = workspace.write(
            "negative.csv",
            """
            \(shopifyHeader)
            tee,Tee,,,,,TRUE,Size,M,TEE-M,,shopify,9,deny,130.00,-150.00,TRUE,,,active

            """)
        let csvResult = try await concord.run(["catalog", "import", csv, "--db", workspace.db], directory: workspace.path)
        #expect(csvResult.status == 1)
        #expect(
            csvResult.stderr.contains("negative.csv:2: column \"Variant Compare At Price\": the compare-at price -150.00 is negative"),
            "\(csvResult.stderr)")
        #expect(try await SQLiteCatalogStore(path: workspace.db).allProducts() == before)
    }

    @Test func aZeroPriceImportsWithAWarningNamingLineAndSKU() async throws {
        let workspace = try await seeded()
        let file = workspace.write(
            "zero.jsonl",
            """
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-M","options":["M"],"price":{"amount":"0","currency":"EUR"}}
            {"handle":"tee","productTitle":"Tee","optionNames":["Size"],"sku":"TEE-L","options":["L"],"price":{"amount":"0","currency":"EUR"},"status":"draft"}

            """)
        let result = try await concord.run(["catalog", "import", file, "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains(
                "zero.jsonl:1: column \"price\": price 0: Concord will not push it to any store; set the price or mark the variant draft (SKU TEE-M)"
            ),
            "\(result.stderr)")
        #expect(!result.stderr.contains("(SKU TEE-L)"))
        let (product, index) = try #require(try await SQLiteCatalogStore(path: workspace.db).product(containing: SKU("TEE-M")!))
        #expect(product.variants[index].price.minorUnits == 0)
    }

    @Test func negativeOnHandIsImportedWithAWarning() async throws {
        let workspace = try await seeded()
        let file = workspace.write(
            "oversold.csv",
            """
            \(shopifyHeader)
            tee,Tee,,,,,TRUE,Size,M,TEE-M,,shopify,-3,deny,130.00,,TRUE,,,active

            """)
        let result = try await concord.run(
            ["catalog", "import", file, "--location", "berlin", "--db", workspace.db], directory: workspace.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(
            result.stderr.contains("oversold.csv:2: column \"Variant Inventory Qty\": on hand -3 at location berlin is negative"),
            "\(result.stderr)")
        #expect(try await Self.stockDump(workspace.db).contains("TEE-M@berlin:-3/-3/0"))
    }
}
