import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import Testing

/// The committed demo catalog (`Fixtures/catalog/sample.jsonl`) against its generator.
@Suite struct SampleCatalogTests {
    static let path = FixturePaths.package("catalog/sample.jsonl")

    @Test func committedFileMatchesTheGenerator() throws {
        let expected = CatalogExporter.write(SampleCatalog.make(), format: .jsonLines)
        if ProcessInfo.processInfo.environment["RECORD_SNAPSHOTS"] == "1" {
            try expected.write(toFile: Self.path, atomically: true, encoding: .utf8)
        }
        let committed = try String(contentsOfFile: Self.path, encoding: .utf8)
        #expect(committed == expected, "re-record with RECORD_SNAPSHOTS=1 swift test --filter SampleCatalogTests")
    }

    @Test func importsWithoutWarningsIntoTheGeneratedDocument() throws {
        let result = try CatalogImporter.read(contentsOf: Self.path)
        #expect(result.warnings.isEmpty)
        #expect(result.document == SampleCatalog.make())
    }

    @Test func hasAboutFortyProductsAndOneHundredFiftyVariants() {
        let document = SampleCatalog.make()
        #expect(document.products.count == 42)
        #expect(document.variants.count == 150)
        #expect(Set(document.variants.map(\.sku)).count == 150)
        #expect(document.locations.map(\.code) == ["main", "berlin"])
        #expect(document.variants.allSatisfy { $0.barcode?.isValidGTIN ?? true })
    }

    /// Every format can take the sample: prices, SKUs, barcodes and option values survive a trip
    /// through the CSV formats, which carry less than JSON Lines.
    @Test(arguments: [CatalogFileFormat.shopifyCSV, .wooCommerceCSV])
    func convertsToCSVAndBackKeepingWhatTheFormatCarries(_ format: CatalogFileFormat) throws {
        let document = SampleCatalog.make()
        let text = CatalogExporter.write(document, format: format, options: ExportOptions(stockLocation: "main"))
        let result = try CatalogImporter.read(
            text: text, fileName: "sample.csv", format: format, options: ImportOptions(currency: .eur))
        let converted = result.document
        #expect(converted.variants.map(\.sku) == document.variants.map(\.sku))
        #expect(converted.variants.map(\.price) == document.variants.map(\.price))
        #expect(converted.variants.map(\.compareAtPrice) == document.variants.map(\.compareAtPrice))
        #expect(converted.variants.map(\.barcode) == document.variants.map(\.barcode))
        #expect(converted.variants.map(\.options) == document.variants.map(\.options))
        #expect(converted.variants.map { $0.weight?.grams } == document.variants.map { $0.weight?.grams })
        #expect(
            converted.variants.map { $0.stock.first?.available }
                == document.variants.map { $0.stock.first { $0.location == "main" }?.available })
        #expect(converted.products.map(\.title) == document.products.map(\.title))
        #expect(converted.products.map(\.descriptionHTML) == document.products.map(\.descriptionHTML))
    }
}
