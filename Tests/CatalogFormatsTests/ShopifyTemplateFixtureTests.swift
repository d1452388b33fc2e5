import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import Testing

/// Imports Shopify's own product template (`shared/fixtures/shopify/product_template.csv`) as a
/// merchant would download it, quirks included: option names only on each product's first row,
/// an image-only row, every barcode mangled by a spreadsheet into `3.65275E+11`, a compare-at price
/// below the price, weights in grams shown in ounces, and `Title`/`Default Title` for the
/// option-less beanie.
@Suite struct ShopifyTemplateFixtureTests {
    let path = FixturePaths.shared("shopify/product_template.csv")

    @Test func importsThreeProductsAndSixteenVariants() throws {
        let result = try CatalogImporter.read(contentsOf: path)
        let products = result.document.products
        #expect(products.map(\.handle) == ["example-shirt", "example-pants", "example-hat"])
        #expect(products.map(\.variants.count) == [12, 3, 1])
        #expect(result.document.locations == [Location(code: "main", name: "main")])
    }

    @Test func firstRowCarriesProductFieldsAndLaterRowsInheritThem() throws {
        let shirt = try #require(try CatalogImporter.read(contentsOf: path).document.products.first)
        #expect(shirt.title == "Example T-Shirt")
        #expect(shirt.vendor == "Acme")
        #expect(shirt.productType == "Shirts")
        #expect(shirt.tags == ["Made to Order", "Shirt Tag"])
        #expect(shirt.status == .active)
        #expect(shirt.optionNames == ["Color", "Size"])
        #expect(shirt.descriptionHTML.hasPrefix("<p>This t-shirt is as simple as it gets."))
        #expect(shirt.images.count == 6)
        #expect(shirt.images.first == "https://burst.shopifycdn.com/photos/tshirts.jpg?width=1500")

        let purpleLarge = try #require(shirt.variants.last)
        #expect(purpleLarge.sku == SKU("SRT_COT_433"))
        #expect(purpleLarge.options == ["Purple", "L"])
        #expect(purpleLarge.title == "Purple / L")
        #expect(purpleLarge.status == .active)
        #expect(purpleLarge.price == Money(minorUnits: 2500, currency: .usd))
        #expect(purpleLarge.weight == Weight(value: 145, unit: .grams))
        #expect(purpleLarge.images == ["https://burst.shopifycdn.com/photos/purple-t-shirt.jpg?width=1500"])
        // The shirt's Variant Inventory Tracker is empty: Shopify does not count its stock.
        #expect(purpleLarge.stock.isEmpty)
        #expect(purpleLarge.barcode == nil)
    }

    @Test func jeansRowsKeepPricesCostWeightInOuncesAndStock() throws {
        let products = try CatalogImporter.read(contentsOf: path).document.products
        let jeans = products[1]
        #expect(jeans.status == .draft)
        #expect(jeans.optionNames == ["Size"])
        // Three variant images plus the image-only row 17.
        #expect(jeans.images.count == 4)
        #expect(
            jeans.images.last
                == "https://burst.shopifycdn.com/photos/female-fashion-model-poses-in-city-street.jpg?width=1500")

        let size30 = jeans.variants[1]
        #expect(size30.sku == SKU("PNT_DEN_305"))
        #expect(size30.options == ["30"])
        #expect(size30.price == Money(minorUnits: 9500, currency: .usd))
        #expect(size30.compareAtPrice == Money(minorUnits: 6495, currency: .usd))
        #expect(size30.cost == Money(minorUnits: 5000, currency: .usd))
        // 283.4952313 g entered in ounces is 10 oz.
        #expect(size30.weight == Weight(value: 10, unit: .ounces))
        #expect(size30.stock == [StockLevel(location: "main", onHand: 15)])
        #expect(size30.allowsBackorder == false)
    }

    @Test func defaultTitleBecomesAProductWithoutOptions() throws {
        let hat = try CatalogImporter.read(contentsOf: path).document.products[2]
        #expect(hat.status == .archived)
        #expect(hat.optionNames.isEmpty)
        let variant = try #require(hat.variants.first)
        #expect(variant.options.isEmpty)
        #expect(variant.title == "")
        #expect(variant.sku == SKU("HAT_GRY_275"))
        #expect(variant.price == Money(minorUnits: 1799, currency: .usd))
        #expect(variant.compareAtPrice == Money(minorUnits: 2299, currency: .usd))
        #expect(variant.cost == Money(minorUnits: 850, currency: .usd))
        #expect(variant.weight == Weight(value: 72, unit: .grams))
        #expect(variant.stock == [StockLevel(location: "main", onHand: 50)])
    }

    @Test func everyMangledBarcodeIsAWarningWithItsLineAndIsNotImported() throws {
        let result = try CatalogImporter.read(contentsOf: path)
        let barcodeWarnings = result.warnings.filter { $0.code == .scientificNotation }
        // Every variant row: lines 2–16 and 18 (line 17 only adds an image).
        #expect(barcodeWarnings.compactMap(\.line) == Array(2...16) + [18])
        #expect(barcodeWarnings.allSatisfy { $0.column == "Variant Barcode" && $0.severity == .warning })
        #expect(result.document.variants.allSatisfy { $0.barcode == nil })

        let first = try #require(barcodeWarnings.first)
        #expect(first.sku == SKU("SRT_COT_111"))
        #expect(first.description.hasPrefix("\(path):2: column \"Variant Barcode\": \"3.65275E+11\""))
        #expect(first.description.hasSuffix("(SKU SRT_COT_111)"))
        #expect(first.message.contains("re-enter"))
    }

    @Test func compareAtPricesBelowThePriceAreWarnings() throws {
        let warnings = try CatalogImporter.read(contentsOf: path).warnings.filter { $0.code == .suspiciousPrice }
        #expect(warnings.compactMap(\.line) == [14, 15, 16])
        #expect(warnings.allSatisfy { $0.column == "Variant Compare At Price" })
        #expect(try CatalogImporter.read(contentsOf: path).warnings.count == 19)
    }

    @Test func roundTripsThroughShopifyExport() throws {
        let imported = try CatalogImporter.read(contentsOf: path).document
        let exported = CatalogExporter.write(imported, format: .shopifyCSV)
        let reimported = try CatalogImporter.read(text: exported, fileName: "export.csv", format: .shopifyCSV)
        #expect(reimported.document == imported)
        // The export has the template's header, byte for byte.
        let template = try String(contentsOfFile: path, encoding: .utf8)
        #expect(exported.prefix { $0 != "\n" } == template.prefix { $0 != "\n" && $0 != "\r\n" })
    }
}
