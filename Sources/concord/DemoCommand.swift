import ArgumentParser
import CatalogFormats
import CatalogStorage
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "See Concord work on a sample catalog, with nothing to set up.",
        discussion: """
            Imports the sample catalog into a fresh database (concord-demo.sqlite by default, \
            replaced on every run) and shows what is in it. Your own catalog is not touched.
            """
    )

    @Option(help: "The sample catalog to import.")
    var catalog = "Fixtures/catalog/sample.jsonl"

    @Option(help: "The demo database file; it is replaced.")
    var db = "concord-demo.sqlite"

    func run() async throws {
        guard FileManager.default.fileExists(atPath: catalog) else {
            throw CLIError("cannot find the sample catalog \(catalog); run the demo from the Concord checkout (make demo) or pass --catalog FILE")
        }
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: db + suffix) }
        let started = Date()
        print(Terminal.styled("1. Import", .bold) + " \(catalog)")
        let result = try CatalogImporter.read(contentsOf: catalog)
        let store = try SQLiteCatalogStore(path: db)
        let summary = try await store.writeCatalog(result.document.products, locations: result.document.locations, mode: .replace)
        print("   \(summary.productsWritten) products, \(summary.variantsWritten) variants written to \(db)")
        print(Terminal.styled("2. Catalog", .bold))
        let stats = try await store.stats()
        print("   \(stats.products) products · \(stats.variants) variants · \(stats.locations) locations · \(stats.unitsOnHand) units on hand")
        if let first = try await store.allProducts().first, let variant = first.variants.first {
            print(Terminal.styled("3. One SKU", .bold))
            print("   \(variant.sku)  \(first.title)  \(variant.price)  on hand \(variant.totalOnHand)")
        }
        print(String(format: "Done in %.1f s.", Date().timeIntervalSince(started)))
        print("""

            Try next:
              concord catalog stats --db \(db)
              concord catalog show <SKU> --db \(db)
              concord catalog export --format shopify-csv --db \(db)
              concord catalog import your-products.csv --dry-run
            """)
    }
}
