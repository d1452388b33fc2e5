import CatalogFormats
import CatalogModel
import Foundation
import Testing

/// Shopify CSV rules on small hand-written files, where the line numbers can be read off the text.
@Suite struct ShopifyProductCSVTests {
    static let header =
        "Handle,Title,Body (HTML),Option1 Name,Option1 Value,Option2 Name,Option2 Value,Variant SKU,Variant Grams,"
        + "Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Price,"
        + "Variant Compare At Price,Variant Barcode,Image Src,Image Position,Variant Weight Unit,Status"

    /// Reads `rows` below ``header``; the first row is line 2.
    static func read(_ rows: [String], options: ImportOptions = .init()) throws(ImportFailure) -> ImportResult {
        try CatalogImporter.read(
            text: ([header] + rows).joined(separator: "\n") + "\n", fileName: "sample.csv", format: .shopifyCSV,
            options: options)
    }

    /// The failure of reading `rows`, or a test failure when the import succeeds.
    static func failure(_ rows: [String]) -> ImportFailure? {
        do {
            let result = try read(rows)
            Issue.record("expected the import to fail, got \(result.document.products.count) products")
            return nil
        } catch {
            return error
        }
    }

    @Test func laterRowsInheritProductFieldsAndOptionNames() throws {
        let result = try Self.read([
            "tee,Organic Tee,<p>Soft.</p>,Colour,Red,Size,S,TEE-RED-S,180,shopify,4,continue,29.00,,4006381333931,,,g,draft",
            "tee,,,,Red,,M,TEE-RED-M,180,shopify,0,deny,29.00,35.00,,,,g,",
            "tee,,,,Blue,,S,TEE-BLU-S,0.2,shopify,7,,31.50,,,,,kg,",
        ])
        let product = try #require(result.document.products.first)
        #expect(result.document.products.count == 1)
        #expect(product.title == "Organic Tee")
        #expect(product.status == .draft)
        #expect(product.optionNames == ["Colour", "Size"])
        #expect(product.variants.map(\.sku.rawValue) == ["TEE-RED-S", "TEE-RED-M", "TEE-BLU-S"])
        #expect(product.variants.map(\.title) == ["Red / S", "Red / M", "Blue / S"])
        #expect(product.variants.allSatisfy { $0.status == .draft })

        let first = product.variants[0]
        #expect(first.allowsBackorder)
        #expect(first.barcode == Barcode("4006381333931"))
        #expect(first.stock == [StockLevel(location: "main", onHand: 4)])
        #expect(product.variants[1].compareAtPrice == Money(minorUnits: 3500, currency: .usd))
        #expect(product.variants[1].allowsBackorder == false)
        #expect(product.variants[2].price == Money(minorUnits: 3150, currency: .usd))
        #expect(product.variants[2].weight == Weight(value: Decimal(string: "0.0002")!, unit: .kilograms))
        #expect(result.warnings.isEmpty)
    }

    @Test func imageOnlyRowsAddImagesInPositionOrder() throws {
        let result = try Self.read([
            "mug,Mug,,Colour,Moss,,,MUG-MOSS,380,,,,18.00,,,https://cdn.example/mug-b.jpg,2,,active",
            "mug,,,,Clay,,,MUG-CLAY,380,,,,18.00,,,https://cdn.example/mug-a.jpg,1,,",
            "mug,,,,,,,,,,,,,,,https://cdn.example/mug-c.jpg,3,,",
            "mug,,,,,,,,,,,,,,,https://cdn.example/mug-a.jpg,4,,",
        ])
        let product = try #require(result.document.products.first)
        #expect(product.variants.count == 2)
        #expect(
            product.images == [
                "https://cdn.example/mug-a.jpg", "https://cdn.example/mug-b.jpg", "https://cdn.example/mug-c.jpg",
            ])
    }

    @Test func scientificNotationBarcodeIsAWarningWithItsLine() throws {
        let result = try Self.read([
            "cap,Cap,,Colour,Olive,,,CAP-OLV,85,,,,29.00,,4006381333931,,,,",
            "cap,,,,Stone,,,CAP-STO,85,,,,29.00,,4.00638E+12,,,,",
        ])
        let warning = try #require(result.warnings.first)
        #expect(result.warnings.count == 1)
        #expect(warning.code == .scientificNotation)
        #expect(warning.line == 3)
        #expect(warning.column == "Variant Barcode")
        #expect(warning.sku == SKU("CAP-STO"))
        #expect(result.document.variants[1].barcode == nil)
        #expect(result.document.variants[0].barcode == Barcode("4006381333931"))
    }

    @Test func commaInPriceIsAnErrorWithLineColumnAndSKU() throws {
        let failure = try #require(
            Self.failure([
                "tee,Tee,,Colour,Red,Size,S,TSH-RED-S,,,,,19.90,,,,,,",
                "tee,,,,Red,,M,TSH-RED-M,,,,,\"19,90\",,,,,,",
            ]))
        let error = try #require(failure.errors.first)
        #expect(failure.errorCount == 1)
        #expect(error.code == .invalidMoney)
        #expect(error.severity == .error)
        #expect(
            error.description
                == "sample.csv:3: column \"Variant Price\": \"19,90\" uses a comma; write amounts with a decimal point "
                + "and no thousands separator, e.g. 19.90 (SKU TSH-RED-M)")
    }

    @Test func missingSKUIsAnErrorNamingTheVariant() throws {
        let failure = try #require(
            Self.failure([
                "tee,Tee,,Size,S,,,TEE-S,,,,,19.90,,,,,,",
                "tee,,,,M,,,,,,,,19.90,,,,,,",
            ]))
        let error = try #require(failure.errors.first)
        #expect(error.code == .missingSKU)
        #expect(error.line == 3)
        #expect(error.column == "Variant SKU")
        #expect(error.sku == nil)
        #expect(error.message.contains("the variant M of \"tee\""))
    }

    @Test func duplicateSKUNamesBothLines() throws {
        let failure = try #require(
            Self.failure([
                "tee,Tee,,Size,S,,,TEE-1,,,,,19.90,,,,,,",
                "tee,,,,M,,,TEE-2,,,,,19.90,,,,,,",
                "mug,Mug,,,,,,TEE-1,,,,,12.00,,,,,,",
            ]))
        let error = try #require(failure.errors.first)
        #expect(failure.errorCount == 1)
        #expect(error.code == .duplicateSKU)
        #expect(error.line == 4)
        #expect(error.sku == SKU("TEE-1"))
        #expect(error.message.contains("line 2 and again on line 4"))
    }

    @Test func skusDifferingOnlyByCaseAreAWarning() throws {
        let result = try Self.read([
            "tee,Tee,,Size,S,,,tee-red-m,,,,,19.90,,,,,,",
            "tee,,,,M,,,TEE-RED-M,,,,,19.90,,,,,,",
        ])
        let warning = try #require(result.warnings.first)
        #expect(warning.code == .caseOnlySKU)
        #expect(warning.line == 3)
        #expect(warning.message.contains("\"tee-red-m\" on line 2"))
        #expect(result.document.variants.count == 2)
    }

    @Test func quotedMultiLineCellsKeepLaterLineNumbersRight() throws {
        // The body of the first product spans lines 2–4 (one CRLF and one LF inside), so its second
        // variant is line 5, the scarf (whose body spans 6–7) starts on line 6 and the belt is line 8.
        let failure = try #require(
            Self.failure([
                "shirt,Shirt,\"<p>Airy linen.</p>\r\n<p>Wash cold.</p>\n<p>Iron damp.</p>\",Size,S,,,LS-S,,,,,59.00,,,,,,",
                "shirt,,,,M,,,LS-M,,,,,59.00,,,,,,",
                "scarf,Scarf,\"<p>Wool,\n\"\"soft\"\".</p>\",,,,,SCF-1,,,,,\"49,00\",,,,,,",
                "belt,Belt,,,,,,BLT-1,,,,,55.0.0,,,,,,",
            ]))
        #expect(failure.errors.map(\.line) == [6, 8])
        #expect(failure.errors.map(\.sku) == [SKU("SCF-1"), SKU("BLT-1")])
    }

    @Test func multiLineBodyIsImportedVerbatim() throws {
        let result = try Self.read([
            "shirt,Shirt,\"<p>Airy, light linen.</p>\n<p>Say \"\"hello\"\".</p>\",Size,S,,,LS-S,,,,,59.00,,,,,,"
        ])
        #expect(result.document.products.first?.descriptionHTML == "<p>Airy, light linen.</p>\n<p>Say \"hello\".</p>")
    }

    @Test func everyBadRowIsReportedNotOnlyTheFirst() throws {
        let failure = try #require(
            Self.failure([
                "a,A,,,,,,A-1,,,,,1,00,,,,,,",  // an unquoted comma: one cell too many
                "b,B,,,,,,,,,,,2.00,,,,,,",
                "c,C,,,,,,C-1,,,,,3.00,,,,,,",
                "d,D,,,,,,D-1,,,,,,,,,,,",
            ]))
        #expect(failure.errors.map(\.line) == [2, 3, 5])
        #expect(failure.errors.map(\.code) == [.malformedRow, .missingSKU, .missingValue])
    }

    @Test func failuresAreCappedButCounted() throws {
        let rows = (1...60).map { "p\($0),P,,,,,,SKU-\($0),,,,,\"1,5\",,,,,," }
        let failure = try #require(Self.failure(rows))
        #expect(failure.errors.count == ImportFailure.reportLimit)
        #expect(failure.errorCount == 60)
        #expect(failure.errors.first?.line == 2)
        #expect(failure.description.hasPrefix("sample.csv: 60 errors; nothing was imported."))
        #expect(failure.description.hasSuffix("... and 10 more"))
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        var name: String
        var row: String
        var column: String?
        var code: ImportDiagnostic.Code
        var testDescription: String { name }
    }

    static let badRows: [BadRow] = [
        BadRow(
            name: "comma price", row: "x,X,,,,,,X-1,,,,,\"2,50\",,,,,,", column: "Variant Price", code: .invalidMoney),
        BadRow(
            name: "exponent price", row: "x,X,,,,,,X-1,,,,,1.99E+01,,,,,,", column: "Variant Price", code: .invalidMoney
        ),
        BadRow(name: "empty price", row: "x,X,,,,,,X-1,,,,,,,,,,,", column: "Variant Price", code: .missingValue),
        BadRow(
            name: "comma compare-at", row: "x,X,,,,,,X-1,,,,,2.50,\"3,00\",,,,,", column: "Variant Compare At Price",
            code: .invalidMoney),
        BadRow(name: "missing SKU", row: "x,X,,Size,M,,,,,,,,2.50,,,,,,", column: "Variant SKU", code: .missingSKU),
        BadRow(name: "unknown status", row: "x,X,,,,,,X-1,,,,,2.50,,,,,,live", column: "Status", code: .invalidStatus),
        BadRow(
            name: "unknown inventory policy", row: "x,X,,,,,,X-1,,,,sometimes,2.50,,,,,,",
            column: "Variant Inventory Policy", code: .invalidValue),
        BadRow(
            name: "comma grams", row: "x,X,,,,,,X-1,\"1,5\",,,,2.50,,,,,,", column: "Variant Grams", code: .invalidValue
        ),
        BadRow(
            name: "unknown weight unit", row: "x,X,,,,,,X-1,10,,,,2.50,,,,,stone,", column: "Variant Weight Unit",
            code: .invalidValue),
        BadRow(
            name: "fractional quantity", row: "x,X,,,,,,X-1,,shopify,2.5,,2.50,,,,,,", column: "Variant Inventory Qty",
            code: .invalidValue),
        BadRow(
            name: "missing option value", row: "x,X,,Size,,,,X-1,,,,,2.50,,,,,,", column: "Option1 Value",
            code: .missingValue),
        BadRow(name: "empty handle", row: ",X,,,,,,X-1,,,,,2.50,,,,,,", column: "Handle", code: .missingValue),
        BadRow(name: "empty title", row: "x,,,,,,,X-1,,,,,2.50,,,,,,", column: "Title", code: .missingValue),
        BadRow(name: "too few cells", row: "x,X,,,,,,X-1,,,,,2.50", column: nil, code: .malformedRow),
        BadRow(
            name: "bad image position", row: "x,X,,,,,,X-1,,,,,2.50,,,https://cdn/x.jpg,first,,",
            column: "Image Position", code: .invalidValue),
    ]

    @Test(arguments: badRows)
    func badCellIsAnErrorOnItsLineAndColumn(_ bad: BadRow) throws {
        let failure = try #require(Self.failure(["ok,OK,,,,,,OK-1,,,,,1.00,,,,,,", bad.row]))
        let error = try #require(failure.errors.first)
        #expect(failure.errorCount == 1, "\(failure)")
        #expect(error.line == 3)
        #expect(error.column == bad.column)
        #expect(error.code == bad.code)
        #expect(!error.message.isEmpty)
    }

    @Test func optionValueWithoutAnOptionNameIsAnError() throws {
        let failure = try #require(Self.failure(["x,X,,,M,,,X-1,,,,,2.50,,,,,,"]))
        #expect(failure.errors.map(\.column) == ["Option1 Value"])
        #expect(failure.errors.map(\.code) == [.inconsistentProduct])
    }

    @Test func repeatedOptionCombinationIsAnError() throws {
        let failure = try #require(
            Self.failure([
                "x,X,,Size,M,,,X-1,,,,,2.50,,,,,,",
                "x,,,,M,,,X-2,,,,,2.50,,,,,,",
            ]))
        #expect(failure.errors.map(\.line) == [3])
        #expect(failure.errors.first?.message.contains("line 2") == true)
    }

    @Test func quantityWithoutTrackerIsNotImportedAndSaysSo() throws {
        let result = try Self.read(["x,X,,,,,,X-1,,,5,,2.50,,,,,,"])
        #expect(result.document.variants.first?.stock == [])
        #expect(result.warnings.map(\.column) == ["Variant Inventory Qty"])
        #expect(result.document.locations.isEmpty)
    }

    @Test func stockGoesToTheConfiguredLocationInTheConfiguredCurrency() throws {
        let options = ImportOptions(currency: .eur, defaultLocation: "berlin")
        let result = try Self.read(["x,X,,,,,,X-1,,shopify,5,,2.50,,,,,,"], options: options)
        let variant = try #require(result.document.variants.first)
        #expect(variant.stock == [StockLevel(location: "berlin", onHand: 5)])
        #expect(variant.price == Money(minorUnits: 250, currency: .eur))
        #expect(result.document.locations == [Location(code: "berlin", name: "berlin")])
    }

    @Test func missingRequiredColumnIsAnErrorOnTheHeader() throws {
        do {
            _ = try CatalogImporter.read(
                text: "Handle,Title,Variant Price\nx,X,1.00\n", fileName: "short.csv", format: .shopifyCSV)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.column) == ["Variant SKU"])
            #expect(error.errors.map(\.line) == [1])
            #expect(error.errors.map(\.code) == [.missingColumn])
        }
    }

    @Test func roundTripIsIdentityForEveryFieldShopifyCarries() throws {
        let document = CatalogDocument(
            products: [
                Product(
                    handle: "linen-shirt", title: "Linen Shirt, \"Grandad\"",
                    descriptionHTML: "<p>Airy, light.</p>\n<p>Wash cold.</p>", vendor: "Fern & Fold",
                    productType: "Shirts", tags: ["linen", "summer"], status: .draft, optionNames: ["Colour", "Size"],
                    images: ["https://cdn.example/1.jpg", "https://cdn.example/2.jpg", "https://cdn.example/3.jpg"],
                    variants: [
                        Variant(
                            sku: SKU("LS-WHT-S")!, barcode: Barcode("4006381333931"), title: "White / S",
                            options: ["White", "S"], price: Money(minorUnits: 6900, currency: .eur),
                            compareAtPrice: Money(minorUnits: 7900, currency: .eur),
                            cost: Money(minorUnits: 2100, currency: .eur),
                            weight: Weight(value: Decimal(string: "0.5")!, unit: .pounds), status: .draft,
                            images: ["https://cdn.example/white.jpg"], allowsBackorder: true, requiresShipping: true,
                            stock: [StockLevel(location: "main", onHand: 7)]),
                        Variant(
                            sku: SKU("LS-WHT-M")!, title: "White / M", options: ["White", "M"],
                            price: Money(minorUnits: 6900, currency: .eur), weight: Weight(value: 230, unit: .grams),
                            status: .draft, requiresShipping: false),
                    ]),
                Product(
                    handle: "gift-card", title: "Gift Card", status: .archived,
                    variants: [
                        Variant(
                            sku: SKU("GIFT-25")!, price: Money(minorUnits: 2500, currency: .eur), status: .archived,
                            requiresShipping: false, stock: [StockLevel(location: "main", onHand: 0)])
                    ]),
            ],
            locations: [Location(code: "main", name: "main")])

        let csv = CatalogExporter.write(document, format: .shopifyCSV)
        let imported = try CatalogImporter.read(
            text: csv, fileName: "export.csv", format: .shopifyCSV, options: ImportOptions(currency: .eur))
        // The one stock column speaks for one location: the document says so, for the catalog write.
        #expect(imported.document.stockScope == .availableAtOneLocation)
        var expected = document
        expected.stockScope = .availableAtOneLocation
        #expect(imported.document == expected)
        #expect(imported.warnings.isEmpty)
        // Three images for two variants: the third goes on an image-only row.
        #expect(csv.contains("\nlinen-shirt" + String(repeating: ",", count: 25) + "https://cdn.example/3.jpg,3,"))
    }
}
