import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import Testing

@Suite struct WooCommerceProductCSVTests {
    static let columns = [
        "ID", "Type", "SKU", "Name", "Published", "Description", "Stock", "Backorders allowed?", "Weight (kg)",
        "Sale price", "Regular price", "Categories", "Tags", "Images", "Parent", "Position",
        "Attribute 1 name", "Attribute 1 value(s)", "Attribute 1 visible", "Attribute 1 global",
        "Attribute 2 name", "Attribute 2 value(s)", "Attribute 2 visible", "Attribute 2 global",
    ]

    /// One CSV line with `cells` under their column names and every other cell empty.
    static func row(_ cells: [String: String], columns: [String] = columns) -> String {
        columns.map { name in
            let value = cells[name] ?? ""
            let needsQuotes = value.contains(",") || value.contains("\"") || value.contains("\n")
            return needsQuotes ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
        }.joined(separator: ",")
    }

    /// Reads rows below the header; the first row is line 2.
    static func read(
        _ rows: [[String: String]], columns: [String] = columns, options: ImportOptions = .init()
    ) throws(ImportFailure) -> ImportResult {
        let header = columns.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        let text = ([header] + rows.map { row($0, columns: columns) }).joined(separator: "\n") + "\n"
        return try CatalogImporter.read(text: text, fileName: "woo.csv", format: .wooCommerceCSV, options: options)
    }

    static func failure(_ rows: [[String: String]]) -> ImportFailure? {
        do {
            _ = try read(rows)
            Issue.record("expected the import to fail")
            return nil
        } catch {
            return error
        }
    }

    static let hoodie: [String: String] = [
        "ID": "10", "Type": "variable", "SKU": "HOODIE", "Name": "Hoodie", "Published": "1",
        "Description": "<p>Warm.</p>\\n<p>Soft.</p>", "Weight (kg)": "0.62", "Categories": "Clothing > Hoodies",
        "Tags": "organic, winter", "Images": "https://cdn.example/h1.jpg, https://cdn.example/h2.jpg",
        "Attribute 1 name": "Material", "Attribute 1 value(s)": "Cotton", "Attribute 1 visible": "1",
        "Attribute 2 name": "Colour", "Attribute 2 value(s)": "Charcoal, Forest", "Attribute 2 visible": "1",
    ]

    static func variation(
        _ sku: String, colour: String, position: String, parent: String = "HOODIE", extra: [String: String] = [:]
    ) -> [String: String] {
        [
            "Type": "variation", "SKU": sku, "Name": "Hoodie - \(colour)", "Published": "1", "Regular price": "79.00",
            "Stock": "5", "Parent": parent, "Position": position, "Attribute 1 name": "Colour",
            "Attribute 1 value(s)": colour,
        ].merging(extra) { $1 }
    }

    @Test func variableProductCollectsItsVariationsInPositionOrder() throws {
        let result = try Self.read([
            Self.hoodie,
            Self.variation(
                "HOODIE-FOR", colour: "Forest", position: "2",
                extra: ["Weight (kg)": "0.7", "Published": "-1", "Images": "https://cdn.example/forest.jpg"]),
            Self.variation(
                "HOODIE-CHA", colour: "Charcoal", position: "1", parent: "id:10", extra: ["Sale price": "59.00"]),
        ])
        #expect(result.warnings.isEmpty)
        let hoodie = try #require(result.document.products.first)
        #expect(result.document.products.count == 1)
        #expect(hoodie.handle == "HOODIE")
        #expect(hoodie.title == "Hoodie")
        #expect(hoodie.descriptionHTML == "<p>Warm.</p>\n<p>Soft.</p>")
        #expect(hoodie.productType == "Clothing > Hoodies")
        #expect(hoodie.tags == ["organic", "winter"])
        #expect(hoodie.images == ["https://cdn.example/h1.jpg", "https://cdn.example/h2.jpg"])
        // Material is descriptive: no variation sets it, so it is not an option.
        #expect(hoodie.optionNames == ["Colour"])
        #expect(hoodie.variants.map(\.sku.rawValue) == ["HOODIE-CHA", "HOODIE-FOR"])
        #expect(hoodie.variants.map(\.options) == [["Charcoal"], ["Forest"]])
        #expect(hoodie.variants.map(\.title) == ["Charcoal", "Forest"])
        #expect(hoodie.variants.map(\.status) == [.active, .draft])
        // The charcoal variation has no weight of its own and takes the parent's.
        #expect(
            hoodie.variants.map(\.weight) == [
                Weight(value: Decimal(string: "0.62")!, unit: .kilograms),
                Weight(value: Decimal(string: "0.7")!, unit: .kilograms),
            ])
        #expect(hoodie.variants[1].images == ["https://cdn.example/forest.jpg"])
        #expect(hoodie.variants[0].stock == [StockLevel(location: "main", onHand: 5)])
    }

    @Test func salePriceBecomesThePriceWithTheRegularPriceToCompare() throws {
        let result = try Self.read([
            ["Type": "simple", "SKU": "CANDLE", "Name": "Candle", "Sale price": "19.90", "Regular price": "24.90"],
            ["Type": "simple", "SKU": "MUG", "Name": "Mug", "Regular price": "18.00"],
        ])
        let candle = try #require(result.document.products.first?.variants.first)
        #expect(candle.price == Money(minorUnits: 1990, currency: .usd))
        #expect(candle.compareAtPrice == Money(minorUnits: 2490, currency: .usd))
        let mug = try #require(result.document.products.last?.variants.first)
        #expect(mug.price == Money(minorUnits: 1800, currency: .usd))
        #expect(mug.compareAtPrice == nil)
        #expect(result.document.products.map(\.handle) == ["CANDLE", "MUG"])
    }

    @Test func salePriceNotBelowRegularIsAWarning() throws {
        let result = try Self.read([
            ["Type": "simple", "SKU": "CANDLE", "Name": "Candle", "Sale price": "29.90", "Regular price": "24.90"]
        ])
        #expect(result.warnings.map(\.code) == [.suspiciousPrice])
        #expect(result.warnings.map(\.column) == ["Sale price"])
    }

    @Test func simpleProductFieldsMapToOneVariant() throws {
        let result = try Self.read([
            [
                "Type": "simple, virtual", "SKU": "GIFT-50", "Name": "Gift Card", "Published": "0",
                "Regular price": "50.00",
                "Backorders allowed?": "notify", "Stock": "-2",
            ]
        ])
        let product = try #require(result.document.products.first)
        let variant = try #require(product.variants.first)
        #expect(product.status == .draft)
        #expect(variant.status == .draft)
        #expect(variant.requiresShipping == false)
        #expect(variant.allowsBackorder)
        #expect(variant.stock == [StockLevel(location: "main", onHand: -2)])
        #expect(variant.options.isEmpty)
    }

    @Test(arguments: [("1", ListingStatus.active), ("0", .draft), ("-1", .draft), ("2", .draft), ("", .active)])
    func publishedCodes(_ code: String, _ status: ListingStatus) throws {
        let result = try Self.read([["SKU": "X", "Name": "X", "Published": code, "Regular price": "1.00"]])
        #expect(result.document.products.first?.status == status)
    }

    @Test func variationWithAnyValueIsAnError() throws {
        let failure = try #require(
            Self.failure([
                Self.hoodie,
                Self.variation("HOODIE-CHA", colour: "Charcoal", position: "1"),
                Self.variation("HOODIE-ANY", colour: "", position: "2"),
            ]))
        #expect(failure.errors.map(\.line) == [4])
        #expect(failure.errors.map(\.code) == [.missingValue])
        #expect(failure.errors.first?.message.contains("Any Colour") == true)
    }

    @Test func variationOfAnUnknownParentIsAnError() throws {
        let failure = try #require(
            Self.failure([
                ["Type": "simple", "SKU": "MUG", "Name": "Mug", "Regular price": "18.00"],
                Self.variation("HOODIE-CHA", colour: "Charcoal", position: "1", parent: "HOODIE"),
                Self.variation("MUG-RED", colour: "Red", position: "1", parent: "MUG"),
                Self.variation("X-1", colour: "Red", position: "1", parent: "id:99"),
            ]))
        #expect(failure.errors.map(\.line) == [3, 4, 5])
        #expect(failure.errors.allSatisfy { $0.column == "Parent" && $0.code == .unknownParent })
        #expect(failure.errors[1].message.contains("simple product"))
    }

    @Test func groupedAndExternalProductsAreSkippedWithAWarning() throws {
        let result = try Self.read([
            ["Type": "grouped", "SKU": "SET", "Name": "Gift Set"],
            ["Type": "external", "SKU": "AFF", "Name": "Affiliate", "Regular price": "10.00"],
            ["Type": "simple", "SKU": "MUG", "Name": "Mug", "Regular price": "18.00"],
        ])
        #expect(result.document.products.map(\.handle) == ["MUG"])
        #expect(result.warnings.map(\.line) == [2, 3])
        #expect(result.warnings.allSatisfy { $0.code == .unsupported })
    }

    @Test func unknownTypeIsAnError() throws {
        let failure = try #require(
            Self.failure([["Type": "bundle", "SKU": "B", "Name": "B", "Regular price": "1.00"]]))
        #expect(failure.errors.map(\.column) == ["Type"])
    }

    @Test func stockManagedOnTheParentIsAWarning() throws {
        let result = try Self.read([
            Self.hoodie, Self.variation("HOODIE-CHA", colour: "Charcoal", position: "1", extra: ["Stock": "parent"]),
        ])
        #expect(result.document.variants.first?.stock == [])
        #expect(result.warnings.map(\.column) == ["Stock"])
    }

    @Test func variableProductWithoutSKUGetsAHandleFromItsName() throws {
        var parent = Self.hoodie
        parent["SKU"] = ""
        parent["Name"] = "Linen Napkins (Set of 4)"
        let result = try Self.read([parent, Self.variation("NAP-1", colour: "Sage", position: "1", parent: "id:10")])
        #expect(result.document.products.first?.handle == "linen-napkins-set-of-4")
    }

    @Test func weightUnitComesFromTheHeaderOrTheOptions() throws {
        var columns = Self.columns
        columns[columns.firstIndex(of: "Weight (kg)")!] = "Weight (lbs)"
        let rows: [[String: String]] = [["SKU": "X", "Name": "X", "Regular price": "1.00", "Weight (lbs)": "1.5"]]
        let fromHeader = try Self.read(rows, columns: columns)
        #expect(fromHeader.document.variants.first?.weight == Weight(value: Decimal(string: "1.5")!, unit: .pounds))

        let overridden = try Self.read(rows, columns: columns, options: ImportOptions(weightUnit: .ounces))
        #expect(overridden.document.variants.first?.weight == Weight(value: Decimal(string: "1.5")!, unit: .ounces))
        #expect(overridden.warnings.map(\.line) == [1])
        #expect(overridden.warnings.map(\.code) == [.overridden])
    }

    @Test func weightWithoutAUnitAnywhereIsAnError() throws {
        var columns = Self.columns
        columns[columns.firstIndex(of: "Weight (kg)")!] = "Weight"
        do {
            _ = try Self.read([["SKU": "X", "Name": "X", "Regular price": "1.00", "Weight": "1.5"]], columns: columns)
            Issue.record("expected a failure")
        } catch {
            #expect(error.errors.map(\.column) == ["Weight"])
            #expect(error.errors.map(\.line) == [2])
        }
    }

    @Test func localisedPriceWithACommaIsAnError() throws {
        let failure = try #require(Self.failure([["SKU": "X", "Name": "X", "Regular price": "19,90"]]))
        #expect(
            failure.errors.map(\.description) == [
                "woo.csv:2: column \"Regular price\": \"19,90\" uses a comma; write amounts with a decimal point and no "
                    + "thousands separator, e.g. 19.90 (SKU X)"
            ])
    }

    @Test func duplicateSKUAcrossProductsAndVariationsIsAnError() throws {
        let failure = try #require(
            Self.failure([
                Self.hoodie,
                Self.variation("HOODIE", colour: "Charcoal", position: "1"),
            ]))
        #expect(failure.errors.map(\.code) == [.duplicateSKU])
        #expect(failure.errors.map(\.line) == [3])
    }

    @Test func sampleFixtureImportsWithExactValues() throws {
        let path = FixturePaths.package("catalog/sample-woocommerce.csv")
        let result = try CatalogImporter.read(contentsOf: path, options: ImportOptions(currency: .eur))
        #expect(result.warnings.isEmpty)
        let document = result.document
        #expect(
            document.products.map(\.handle) == [
                "FF-HOODIE", "linen-napkins-set-of-4", "FF-TOTE", "FF-GIFT-50", "FF-CANDLE-FIG",
            ])
        #expect(document.products.map(\.variants.count) == [5, 3, 1, 1, 1])

        let hoodie = document.products[0]
        #expect(hoodie.vendor == "Fern & Fold")
        #expect(hoodie.optionNames == ["Colour", "Size"])
        let charcoalM = hoodie.variants[1]
        #expect(charcoalM.sku == SKU("FF-HOODIE-CHA-M"))
        #expect(charcoalM.title == "Charcoal / M")
        #expect(charcoalM.price == Money(minorUnits: 5900, currency: .eur))
        #expect(charcoalM.compareAtPrice == Money(minorUnits: 7900, currency: .eur))
        #expect(charcoalM.weight == Weight(value: Decimal(string: "0.62")!, unit: .kilograms))
        #expect(charcoalM.stock == [StockLevel(location: "main", onHand: 9)])
        #expect(charcoalM.barcode == Barcode("2000000010021"))
        #expect(hoodie.variants[2].allowsBackorder)
        #expect(hoodie.variants[4].status == .draft)
        #expect(hoodie.descriptionHTML.contains("</p>\n<p>"))

        let napkins = document.products[1]
        #expect(napkins.optionNames == ["Colour"])
        #expect(napkins.variants.map(\.options) == [["Natural"], ["Sage"], ["Terracotta"]])

        let gift = document.products[3].variants[0]
        #expect(gift.requiresShipping == false)
        #expect(gift.stock.isEmpty)
        let candle = document.products[4]
        #expect(candle.status == .draft)
        #expect(candle.variants[0].allowsBackorder)
    }

    @Test func sampleFixtureRoundTrips() throws {
        let path = FixturePaths.package("catalog/sample-woocommerce.csv")
        let options = ImportOptions(currency: .eur)
        let imported = try CatalogImporter.read(contentsOf: path, options: options).document
        let exported = CatalogExporter.write(imported, format: .wooCommerceCSV)
        let reimported = try CatalogImporter.read(
            text: exported, fileName: "export.csv", format: .wooCommerceCSV, options: options)
        #expect(reimported.document == imported)
        #expect(reimported.warnings.isEmpty)
    }

    @Test func roundTripIsIdentityForEveryFieldWooCommerceCarries() throws {
        let eur = { (cents: Int64) in Money(minorUnits: cents, currency: .eur) }
        let document = CatalogDocument(
            products: [
                Product(
                    handle: "FF-HOODIE", title: "Hoodie, \"heavy\"", descriptionHTML: "<p>Warm.</p>\n<p>C:\\new</p>",
                    vendor: "Fern, Fold & Co", productType: "Clothing > Hoodies", tags: ["organic", "a, b"],
                    status: .active, optionNames: ["Colour", "Size"], images: ["https://cdn.example/1.jpg"],
                    variants: [
                        Variant(
                            sku: SKU("H-CHA-S")!, barcode: Barcode("4006381333931"), title: "Charcoal / S",
                            options: ["Charcoal", "S"], price: eur(5900), compareAtPrice: eur(7900), cost: eur(2000),
                            weight: Weight(value: Decimal(string: "0.62")!, unit: .kilograms), status: .draft,
                            images: ["https://cdn.example/cha.jpg"], allowsBackorder: true,
                            stock: [StockLevel(location: "main", onHand: 3)]),
                        Variant(
                            sku: SKU("H-FOR-S")!, title: "Forest, dark / S", options: ["Forest, dark", "S"],
                            price: eur(7900), requiresShipping: false),
                    ]),
                Product(
                    handle: "FF-TOTE", title: "Tote", status: .draft, images: ["https://cdn.example/tote.jpg"],
                    variants: [
                        Variant(
                            sku: SKU("FF-TOTE")!, price: eur(2400), weight: Weight(value: 1, unit: .kilograms),
                            status: .draft, stock: [StockLevel(location: "main", onHand: 40)])
                    ]),
            ],
            locations: [Location(code: "main", name: "main")])
        let csv = CatalogExporter.write(document, format: .wooCommerceCSV)
        let imported = try CatalogImporter.read(
            text: csv, fileName: "export.csv", format: .wooCommerceCSV, options: ImportOptions(currency: .eur))
        // The one stock column speaks for one location: the document says so, for the catalog write.
        #expect(imported.document.stockScope == .availableAtOneLocation)
        var expected = document
        expected.stockScope = .availableAtOneLocation
        #expect(imported.document == expected)
        #expect(imported.warnings.isEmpty)
        #expect(csv.hasPrefix("ID,Type,SKU,\"GTIN, UPC, EAN, or ISBN\",Name,Published,"))
    }
}
