import CatalogFormats
import CatalogModel
import Foundation
import Testing

/// Kits survive a trip through the CSV formats: the exporters write the `Kit Components` column
/// the importers read, on the kit's own row (a simple product's, a variation's).
@Suite struct KitCSVRoundTripTests {
    /// The sample catalog with two kits: one on a single-variant product, one on a variant of a
    /// product with options (a variation row in WooCommerce, a variant row in Shopify).
    static func documentWithKits() throws -> CatalogDocument {
        var document = SampleCatalog.make()
        let single = try #require(document.products.first { $0.variants.count == 1 && $0.optionNames.isEmpty })
        let multi = try #require(document.products.first { $0.variants.count > 2 && !$0.optionNames.isEmpty })
        let others = document.variants.map(\.sku).filter { $0 != single.variants[0].sku && $0 != multi.variants[1].sku }
        document.kits = [
            KitDefinition(
                sku: single.variants[0].sku,
                components: [KitComponent(sku: others[0], quantity: 2), KitComponent(sku: others[5], quantity: 1)]),
            KitDefinition(sku: multi.variants[1].sku, components: [KitComponent(sku: others[3], quantity: 3)]),
        ]
        return document
    }

    @Test(arguments: [CatalogFileFormat.shopifyCSV, .wooCommerceCSV])
    func kitsSurviveExportAndImport(_ format: CatalogFileFormat) throws {
        let document = try Self.documentWithKits()
        let text = CatalogExporter.write(document, format: format, options: ExportOptions(stockLocation: "main"))
        #expect(text.prefix { $0 != "\n" }.contains("Kit Components"), "the header names the kit column")
        let result = try CatalogImporter.read(text: text, fileName: "kits.csv", format: format, options: ImportOptions(currency: .eur))
        let byKit = { (kits: [KitDefinition]) in Dictionary(uniqueKeysWithValues: kits.map { ($0.sku, $0.componentsText) }) }
        #expect(byKit(result.document.kits) == byKit(document.kits))
        #expect(result.document.variants.map(\.sku) == document.variants.map(\.sku))
    }

    @Test(arguments: [CatalogFileFormat.shopifyCSV, .wooCommerceCSV])
    func aCatalogWithoutKitsHasNoKitColumn(_ format: CatalogFileFormat) {
        let text = CatalogExporter.write(SampleCatalog.make(), format: format)
        #expect(!text.contains("Kit Components"))
    }
}
