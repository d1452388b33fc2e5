import CatalogFormats
import CatalogModel
import Foundation
import Testing

@Suite struct ConcordJSONLinesTests {
    /// A catalog with every field of the model set to something other than its default, stock at
    /// several locations, a product without variants, and text that needs escaping.
    static let everyField = CatalogDocument(
        products: [
            Product(
                handle: "linen-shirt", title: "Linen Shirt \"Grandad\"",
                descriptionHTML: "<p>Airy.</p>\n<p>Tab\there, backslash \\ and ✓.</p>", vendor: "Fern & Fold",
                productType: "Shirts", tags: ["linen", "summer, hot"], status: .draft, optionNames: ["Colour", "Size"],
                images: ["https://cdn.example/1.jpg", "https://cdn.example/2.jpg"],
                variants: [
                    Variant(
                        sku: SKU("LS-WHT-S")!, barcode: Barcode("04006381333931"), title: "White / S",
                        options: ["White", "S"], price: Money(minorUnits: 6900, currency: .eur),
                        compareAtPrice: Money(minorUnits: 7900, currency: .eur),
                        cost: Money(minorUnits: 2150, currency: .eur),
                        weight: Weight(value: Decimal(string: "0.215")!, unit: .kilograms), status: .archived,
                        images: ["https://cdn.example/white.jpg", "https://cdn.example/white-2.jpg"],
                        allowsBackorder: true, requiresShipping: false,
                        stock: [
                            StockLevel(location: "main", onHand: 12, available: 9, committed: 2),
                            StockLevel(location: "berlin", onHand: 3),
                        ]),
                    Variant(
                        sku: SKU("LS-WHT-M")!, title: "custom title", options: ["White", "M"],
                        price: Money(minorUnits: 1200, currency: CurrencyCode("JPY")!)),
                ]),
            Product(handle: "coming-soon", title: "Coming Soon"),
        ],
        locations: [
            Location(code: "main", name: "Main warehouse"),
            Location(code: "berlin", name: "Berlin shop"),
            Location(code: "empty", name: "A location without stock"),
        ])

    static func read(_ text: String) throws(ImportFailure) -> ImportResult {
        try CatalogImporter.read(text: text, fileName: "catalog.jsonl")
    }

    @Test func roundTripIsIdentityForEveryField() throws {
        let text = CatalogExporter.write(Self.everyField, format: .jsonLines)
        let result = try Self.read(text)
        #expect(result.document == Self.everyField)
        #expect(result.warnings.isEmpty)
        #expect(CatalogExporter.write(result.document, format: .jsonLines) == text)
    }

    @Test func writesOneSelfContainedObjectPerVariantAfterTheLocations() throws {
        let lines = CatalogExporter.write(Self.everyField, format: .jsonLines).split(separator: "\n")
        #expect(lines.count == 3 + 2 + 1)
        #expect(lines[0] == #"{"location":{"code":"main","name":"Main warehouse"}}"#)
        #expect(lines[3].hasPrefix(#"{"handle":"linen-shirt","productTitle":"Linen Shirt \"Grandad\"","#))
        #expect(lines[3].contains(#""price":{"amount":"69.00","currency":"EUR"}"#))
        #expect(lines[3].contains(#""weight":{"value":"0.215","unit":"kg"}"#))
        #expect(lines[3].contains(#"{"location":"main","onHand":12,"available":9,"committed":2}"#))
        #expect(lines[4].contains(#""sku":"LS-WHT-M""#))
        #expect(lines[4].contains(#""price":{"amount":"1200","currency":"JPY"}"#))
        #expect(!lines[4].contains("compareAtPrice"))
        #expect(
            lines[5]
                == #"{"handle":"coming-soon","productTitle":"Coming Soon","descriptionHTML":"","tags":[],"productStatus":"active","optionNames":[],"productImages":[]}"#
        )
    }

    @Test func linesOfAProductNeedNotBeAdjacentAndLocationsComeFromStock() throws {
        let text = """
            {"handle":"a","productTitle":"A","sku":"A-1","price":{"amount":"1.00","currency":"USD"},"stock":[{"location":"shop","onHand":2}]}

            {"handle":"b","productTitle":"B","sku":"B-1","price":{"amount":"2.00","currency":"USD"}}
            {"handle":"a","productTitle":"A","sku":"A-2","price":{"amount":"3.00","currency":"USD"},"stock":[{"location":"main","onHand":5,"committed":1}]}
            """
        let document = try Self.read(text).document
        #expect(document.products.map(\.handle) == ["a", "b"])
        #expect(document.products[0].variants.map(\.sku.rawValue) == ["A-1", "A-2"])
        #expect(document.locations == [Location(code: "shop", name: "shop"), Location(code: "main", name: "main")])
        #expect(
            document.products[0].variants[1].stock == [
                StockLevel(location: "main", onHand: 5, available: 4, committed: 1)
            ])
        #expect(document.products[0].variants[0].requiresShipping)
        #expect(document.products[0].status == .active)
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        var name: String
        var json: String
        var column: String?
        var code: ImportDiagnostic.Code
        var testDescription: String { name }
    }

    static let valid = #"{"handle":"ok","productTitle":"OK","sku":"OK-1","price":{"amount":"1.00","currency":"USD"}}"#

    static let badLines: [BadLine] = [
        BadLine(
            name: "truncated JSON", json: #"{"handle":"x","productTitle":"X","sku":"X-1","#, column: nil,
            code: .malformedLine),
        BadLine(name: "not an object", json: #"["x", 1]"#, column: nil, code: .malformedLine),
        BadLine(
            name: "comma amount",
            json: #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"19,90","currency":"USD"}}"#,
            column: "price.amount", code: .malformedLine),
        BadLine(
            name: "numeric amount",
            json: #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":19.9,"currency":"USD"}}"#,
            column: "price.amount", code: .malformedLine),
        BadLine(
            name: "missing currency", json: #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00"}}"#,
            column: "price.currency", code: .malformedLine),
        BadLine(
            name: "stock as text",
            json:
                #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"},"stock":[{"location":"main","onHand":"5"}]}"#,
            column: "stock[0].onHand", code: .malformedLine),
        BadLine(
            name: "missing handle",
            json: #"{"productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"}}"#, column: "handle",
            code: .missingValue),
        BadLine(
            name: "missing title", json: #"{"handle":"x","sku":"X-1","price":{"amount":"1.00","currency":"USD"}}"#,
            column: "productTitle", code: .missingValue),
        BadLine(
            name: "missing price", json: #"{"handle":"x","productTitle":"X","sku":"X-1"}"#, column: "price",
            code: .missingValue),
        BadLine(
            name: "empty SKU",
            json: #"{"handle":"x","productTitle":"X","sku":" ","price":{"amount":"1.00","currency":"USD"}}"#,
            column: "sku", code: .missingSKU),
        BadLine(
            name: "variant without SKU",
            json: #"{"handle":"x","productTitle":"X","price":{"amount":"1.00","currency":"USD"}}"#, column: "sku",
            code: .missingSKU),
        BadLine(
            name: "unknown status",
            json:
                #"{"handle":"x","productTitle":"X","sku":"X-1","status":"live","price":{"amount":"1.00","currency":"USD"}}"#,
            column: "status", code: .invalidStatus),
        BadLine(
            name: "options do not match option names",
            json:
                #"{"handle":"x","productTitle":"X","optionNames":["Size"],"sku":"X-1","options":[],"price":{"amount":"1.00","currency":"USD"}}"#,
            column: "options", code: .inconsistentProduct),
        BadLine(
            name: "mixed currencies",
            json:
                #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"},"cost":{"amount":"0.50","currency":"EUR"}}"#,
            column: "cost", code: .invalidMoney),
        BadLine(
            name: "bad weight unit",
            json:
                #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"},"weight":{"value":"1","unit":"stone"}}"#,
            column: "weight.unit", code: .invalidValue),
        BadLine(
            name: "product fields differ from the first line",
            json: #"{"handle":"ok","productTitle":"Other","sku":"OK-2","price":{"amount":"1.00","currency":"USD"}}"#,
            column: "productTitle", code: .inconsistentProduct),
        BadLine(name: "duplicate SKU", json: valid, column: "sku", code: .duplicateSKU),
    ]

    @Test(arguments: badLines)
    func badLineIsAnErrorWithItsLineNumber(_ bad: BadLine) throws {
        // Line 1 is valid, line 2 blank, line 3 the bad one.
        do {
            _ = try Self.read(Self.valid + "\n\n" + bad.json + "\n")
            Issue.record("expected a failure")
        } catch {
            let diagnostic = try #require(error.errors.first)
            #expect(error.errorCount == 1, "\(error)")
            #expect(diagnostic.line == 3)
            #expect(diagnostic.column == bad.column)
            #expect(diagnostic.code == bad.code)
            #expect(diagnostic.file == "catalog.jsonl")
        }
    }

    @Test func malformedLineMessageSaysWhatToDo() throws {
        do {
            _ = try Self.read(Self.valid + "\n{\"handle\": \"x\",\n")
            Issue.record("expected a failure")
        } catch {
            let diagnostic = try #require(error.errors.first)
            #expect(diagnostic.line == 2)
            #expect(diagnostic.message.contains("not valid JSON"))
            #expect(diagnostic.message.contains("one complete JSON object"))
        }
    }

    @Test func skuOfALineThatFailsToDecodeIsStillReported() throws {
        do {
            _ = try Self.read(
                #"{"handle":"x","productTitle":"X","sku":"TSH-RED-M","price":{"amount":"19,90","currency":"EUR"}}"#)
            Issue.record("expected a failure")
        } catch {
            #expect(
                error.errors.map(\.description) == [
                    "catalog.jsonl:1: column \"price.amount\": \"19,90\" uses a comma; write amounts with a decimal "
                        + "point and no thousands separator, e.g. 19.90 (SKU TSH-RED-M)"
                ])
        }
    }

    @Test func unknownKeysAreAWarning() throws {
        let result = try Self.read(
            #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"},"compareAtprice":{"amount":"2.00","currency":"USD"}}"#
        )
        #expect(result.warnings.map(\.column) == ["compareAtprice"])
        #expect(result.warnings.map(\.code) == [.unknownKey])
        #expect(result.document.variants.first?.compareAtPrice == nil)
    }

    @Test func crlfLineEndingsAndNumericWeightsAreAccepted() throws {
        let text =
            #"{"handle":"x","productTitle":"X","sku":"X-1","price":{"amount":"1.00","currency":"USD"},"weight":{"value":0.5,"unit":"lb"}}"#
            + "\r\n" + #"{"handle":"x","productTitle":"X","sku":"X-2","price":{"amount":"1.00","currency":"USD"}}"#
            + "\r\n"
        let document = try Self.read(text).document
        #expect(document.variants.count == 2)
        #expect(document.variants.first?.weight == Weight(value: Decimal(string: "0.5")!, unit: .pounds))
    }

    @Test func locationLinesAreDeclaredOnce() throws {
        do {
            _ = try Self.read(
                #"{"location":{"code":"main","name":"A"}}"# + "\n" + #"{"location":{"code":"main","name":"B"}}"# + "\n"
                    + Self.valid)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.line) == [2])
            #expect(error.errors.map(\.column) == ["location.code"])
        }
    }
}

/// A NUL character in the catalog's text is refused at the file, before any database could cut
/// the text at it (SQLite) or refuse it halfway through a write (PostgreSQL).
@Suite struct NULCharacterTests {
    @Test("a title or an option holding U+0000, escaped in JSON Lines or raw in a CSV, fails the import with the product and field named")
    func refused() throws {
        let jsonLines = #"{"handle":"tee","productTitle":"Tee\u0000shirt","sku":"TEE-1","price":{"amount":"19.00","currency":"EUR"}}"#
        #expect {
            _ = try CatalogImporter.read(text: jsonLines + "\n", fileName: "catalog.jsonl")
        } throws: { error in
            let text = (error as? ImportFailure)?.description ?? ""
            return text.contains("product tee: the title holds a NUL character (U+0000)") && text.contains("nothing was imported")
        }
        let csv = "Handle,Title,Variant SKU,Variant Price,Option1 Name,Option1 Value\ntee,Tee,TEE-1,19.00,Size,M\u{0}L\n"
        #expect {
            _ = try CatalogImporter.read(text: csv, fileName: "products.csv", format: .shopifyCSV, options: ImportOptions(currency: .eur))
        } throws: { error in
            ((error as? ImportFailure)?.description ?? "").contains("holds a NUL character")
        }
        // Text without one imports as before.
        let clean = try CatalogImporter.read(
            text: jsonLines.replacingOccurrences(of: #"\u0000"#, with: " ") + "\n", fileName: "catalog.jsonl")
        #expect(clean.document.products.first?.title == "Tee shirt")
    }
}
