import ConcordTesting
import Foundation
import Testing

/// What a merchant's own spreadsheet gets told: the separator it really has, stock that was not
/// imported, and no database file left behind by a failed import.
@Suite("catalog import: messages for files as spreadsheets save them")
struct ImportMessagesTests {
    static let header = [
        "Handle", "Title", "Option1 Name", "Option1 Value", "Variant SKU", "Variant Price", "Variant Inventory Tracker",
        "Variant Inventory Qty",
    ]
    static let row = ["tee", "Tee", "Size", "M", "TEE-M", "19.99", "shopify", "7"]

    @Test("a semicolon-separated file is named as such, nothing is created; --delimiter ';' imports it")
    func semicolons() async throws {
        let directory = try TemporaryDirectory()
        _ = try directory.write((Self.header.joined(separator: ";") + "\n" + Self.row.joined(separator: ";") + "\n"), to: "products.csv")
        let concord = try CommandRunner(product: "concord")
        let refused = try await concord.run(["catalog", "import", "products.csv"], directory: directory.path)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("separated by semicolons") && refused.stderr.contains("--delimiter ';'"), "\(refused.stderr)")
        #expect(!refused.stderr.contains("Handle column"))
        #expect(!FileManager.default.fileExists(atPath: directory.path("concord.sqlite")), "a failed import left a database file")
        let imported = try await concord.run(["catalog", "import", "products.csv", "--delimiter", ";"], directory: directory.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Imported 1 products, 1 variants"), "\(imported.stdout)")
    }

    @Test("a Shopify CSV without quantities says loudly that no stock was imported")
    func noStock() async throws {
        let directory = try TemporaryDirectory()
        let header = Self.header.dropLast(2).joined(separator: ",")
        let row = Self.row.dropLast(2).joined(separator: ",")
        _ = try directory.write(header + "\n" + row + "\n", to: "products.csv")
        let result = try await CommandRunner(product: "concord").run(["catalog", "import", "products.csv"], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("NO STOCK WAS IMPORTED"), "\(result.stderr)")
    }
}
