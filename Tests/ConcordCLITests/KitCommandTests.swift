import ConcordTesting
import Foundation
import JSONValue
import Testing

/// `concord catalog kit add|show|remove` on a real catalog file, through the built binary.
struct KitCommandTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    func prepare() async throws -> Workspace {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader)
            mug,Mug,<p>Mug</p>,Acme,Mugs,,TRUE,Colour,White,MUG-WHT,300,shopify,9,deny,9.90,,TRUE,,https://cdn.example.com/mug.jpg,active
            tee,Tee,<p>Tee</p>,Acme,Shirts,,TRUE,Size,M,TEE-M,200,shopify,4,deny,19.90,,TRUE,,https://cdn.example.com/tee.jpg,active
            gift,Gift Set,<p>Set</p>,Acme,Sets,,TRUE,Size,One,GIFT,500,shopify,0,deny,29.90,,TRUE,,https://cdn.example.com/gift.jpg,active

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        return workspace
    }

    @Test func addShowAndRemoveAKit() async throws {
        let workspace = try await prepare()
        let added = try await concord.run(
            ["catalog", "kit", "add", "GIFT", "MUG-WHT*2", "TEE-M", "--db", workspace.db], directory: workspace.path)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("kit GIFT = MUG-WHT*2;TEE-M*1"))

        let shown = try await concord.run(["catalog", "kit", "show", "GIFT", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(shown.status == 0, "\(shown.stderr)")
        let entry = try #require(try JSONValue.parse(shown.stdout)[0])
        #expect(entry["available"]?.intValue == 4)  // min(9 ÷ 2, 4 ÷ 1)
        #expect(entry["computation"]?.stringValue == "kit: min(MUG-WHT 9 ÷ 2 = 4, TEE-M 4 ÷ 1 = 4) = 4 → 4")

        let removed = try await concord.run(["catalog", "kit", "remove", "GIFT", "--db", workspace.db], directory: workspace.path)
        #expect(removed.status == 0)
        let again = try await concord.run(["catalog", "kit", "remove", "GIFT", "--db", workspace.db], directory: workspace.path)
        #expect(again.status == 1)
        #expect(again.stderr.contains("GIFT is not a kit"))
    }

    @Test(arguments: [
        (["GIFT", "NOPE*1"], "component NOPE is not in the catalog"),
        (["NOPE", "MUG-WHT"], "kit NOPE is not in the catalog"),
        (["GIFT", "MUG-WHT*0"], "whole number of 1 or more"),
        (["GIFT", "GIFT*1"], "cannot contain itself"),
        (["GIFT", "MUG-WHT", "MUG-WHT*2"], "listed twice"),
    ])
    func badDefinitionsAreRefusedAndWriteNothing(arguments: [String], fragment: String) async throws {
        let workspace = try await prepare()
        let result = try await concord.run(["catalog", "kit", "add"] + arguments + ["--db", workspace.db], directory: workspace.path)
        #expect(result.status == 1)
        #expect(result.stderr.contains(fragment), "\(result.stderr)")
        let shown = try await concord.run(["catalog", "kit", "show", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(try JSONValue.parse(shown.stdout).arrayValue?.isEmpty == true)
    }

    @Test func helpExplainsKits() async throws {
        let help = try await concord.run(["catalog", "kit", "--help"], directory: FileManager.default.currentDirectoryPath)
        #expect(help.status == 0)
        #expect(help.stdout.contains("fewest whole kits"))
    }
}

/// Kits defined in an import file: the `Kit Components` column (CSV) or `kitComponents` key
/// (JSON Lines) on the kit's own row.
struct KitImportTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    @Test("a CSV with a Kit Components column imports the kit, and the JSON Lines export carries it back")
    func kitColumnImportsAndRoundTrips() async throws {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader),Kit Components
            mug,Mug,<p>Mug</p>,Acme,Mugs,,TRUE,Colour,White,MUG-WHT,300,shopify,9,deny,9.90,,TRUE,,https://cdn.example.com/mug.jpg,active,
            tee,Tee,<p>Tee</p>,Acme,Shirts,,TRUE,Size,M,TEE-M,200,shopify,4,deny,19.90,,TRUE,,https://cdn.example.com/tee.jpg,active,
            gift,Gift Set,<p>Set</p>,Acme,Sets,,TRUE,Size,One,GIFT,500,shopify,0,deny,29.90,,TRUE,,https://cdn.example.com/gift.jpg,active,MUG-WHT*2;TEE-M

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        let shown = try await concord.run(["catalog", "kit", "show", "GIFT", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(try JSONValue.parse(shown.stdout)[0]?["available"]?.intValue == 4)

        let exported = try await concord.run(
            ["catalog", "export", "--format", "jsonl", "-o", "out.jsonl", "--db", workspace.db], directory: workspace.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        let text = try String(contentsOfFile: workspace.path + "/out.jsonl", encoding: .utf8)
        #expect(text.contains(#""kitComponents":"MUG-WHT*2;TEE-M*1""#))
        // The export imports again into a fresh catalog with the same kit.
        let again = try await concord.run(
            ["catalog", "import", "out.jsonl", "--db", workspace.path + "/again.sqlite"], directory: workspace.path)
        #expect(again.status == 0, "\(again.stderr)")
        let reshown = try await concord.run(
            ["catalog", "kit", "show", "GIFT", "--json", "--db", workspace.path + "/again.sqlite"], directory: workspace.path)
        #expect(try JSONValue.parse(reshown.stdout)[0]?["available"]?.intValue == 4)
    }

    @Test(
        "a CSV export carries the kits: export, import into a fresh catalog, the same kits", arguments: ["shopify-csv", "woocommerce-csv"])
    func csvExportRoundTripsKits(format: String) async throws {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader),Kit Components
            mug,Mug,<p>Mug</p>,Acme,Mugs,,TRUE,Colour,White,MUG-WHT,300,shopify,9,deny,9.90,,TRUE,,https://cdn.example.com/mug.jpg,active,
            tee,Tee,<p>Tee</p>,Acme,Shirts,,TRUE,Size,M,TEE-M,200,shopify,4,deny,19.90,,TRUE,,https://cdn.example.com/tee.jpg,active,
            tee,,,,,,,,L,TEE-L,200,shopify,6,deny,19.90,,TRUE,,,,TEE-M*1
            gift,Gift Set,<p>Set</p>,Acme,Sets,,TRUE,Size,One,GIFT,500,shopify,0,deny,29.90,,TRUE,,https://cdn.example.com/gift.jpg,active,MUG-WHT*2;TEE-M

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        let before = try await concord.run(["catalog", "kit", "show", "--json", "--db", workspace.db], directory: workspace.path)
        #expect(before.status == 0, "\(before.stderr)")
        #expect(try JSONValue.parse(before.stdout).arrayValue?.count == 2, "\(before.stdout)")

        let exported = try await concord.run(
            ["catalog", "export", "--format", format, "-o", "out.csv", "--db", workspace.db], directory: workspace.path)
        #expect(exported.status == 0, "\(exported.stderr)")
        let again = workspace.path + "/again.sqlite"
        let reimported = try await concord.run(
            ["catalog", "import", "out.csv", "--format", format, "--db", again, "--currency", "EUR"], directory: workspace.path)
        #expect(reimported.status == 0, "\(reimported.stderr)")
        let after = try await concord.run(["catalog", "kit", "show", "--json", "--db", again], directory: workspace.path)
        #expect(after.status == 0, "\(after.stderr)")
        #expect(after.stdout == before.stdout, "the fresh catalog has the same kits, components and availability")
    }

    @Test("a bad Kit Components cell names file, line, column and SKU, and nothing is imported")
    func badKitCellWritesNothing() async throws {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader),Kit Components
            mug,Mug,<p>Mug</p>,Acme,Mugs,,TRUE,Colour,White,MUG-WHT,300,shopify,9,deny,9.90,,TRUE,,https://cdn.example.com/mug.jpg,active,
            gift,Gift Set,<p>Set</p>,Acme,Sets,,TRUE,Size,One,GIFT,500,shopify,0,deny,29.90,,TRUE,,https://cdn.example.com/gift.jpg,active,MUG-WHT*0

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 1)
        #expect(imported.stderr.contains("products.csv:3"), "\(imported.stderr)")
        #expect(imported.stderr.contains("Kit Components") && imported.stderr.contains("GIFT"), "\(imported.stderr)")
        if FileManager.default.fileExists(atPath: workspace.db) {
            let stats = try await concord.run(["catalog", "stats", "--json", "--db", workspace.db], directory: workspace.path)
            #expect(try JSONValue.parse(stats.stdout)["variants"]?.intValue == 0, "\(stats.stdout)")
        }
    }
}
