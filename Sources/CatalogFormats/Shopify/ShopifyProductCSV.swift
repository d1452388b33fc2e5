import CatalogModel

/// Shopify's product CSV: the file merchants download as the import template and get from
/// *Products › Export*.
///
/// A product takes one row per variant, plus rows that only add an image. Rows of a product share
/// its `Handle`; product-level cells (title, description, option names, status) are read from the
/// product's first row only, and later rows inherit them, as Shopify's importer does
/// (help.shopify.com/en/manual/products/import-export/using-csv).
///
/// Mapping to the model, where the two differ:
/// - `Type` is the product type; `Product Category` (Shopify's taxonomy) has no place in the model.
/// - `Status` (`active`/`draft`/`archived`) is the product status; older files without it fall
///   back to `Published` (`FALSE` → draft). Variants take the product's status.
/// - `Variant Grams` is always grams; `Variant Weight Unit` is the unit the merchant entered, so
///   the weight is converted into it.
/// - `Variant Inventory Qty` is stock at ``ImportOptions/defaultLocation`` when `Variant Inventory
///   Tracker` names a tracker; with no tracker Shopify does not count stock, so none is imported.
/// - `Option1 Name` `Title` with the value `Default Title` is Shopify's spelling of "no options"
///   and becomes a product without options.
/// - Variant titles are the option values joined by ` / `, as Shopify shows them.
/// - SEO, Google Shopping, tax, gift card and market price columns are not part of the model and
///   are ignored.
enum ShopifyProductCSV {
    enum Column {
        static let handle = "Handle"
        static let title = "Title"
        static let body = "Body (HTML)"
        static let vendor = "Vendor"
        static let productCategory = "Product Category"
        static let type = "Type"
        static let tags = "Tags"
        static let published = "Published"
        static let sku = "Variant SKU"
        static let grams = "Variant Grams"
        static let inventoryTracker = "Variant Inventory Tracker"
        static let inventoryQuantity = "Variant Inventory Qty"
        static let inventoryPolicy = "Variant Inventory Policy"
        static let fulfillmentService = "Variant Fulfillment Service"
        static let price = "Variant Price"
        static let compareAtPrice = "Variant Compare At Price"
        static let requiresShipping = "Variant Requires Shipping"
        static let taxable = "Variant Taxable"
        static let barcode = "Variant Barcode"
        static let imageSource = "Image Src"
        static let imagePosition = "Image Position"
        static let imageAltText = "Image Alt Text"
        static let giftCard = "Gift Card"
        static let variantImage = "Variant Image"
        static let weightUnit = "Variant Weight Unit"
        static let cost = "Cost per item"
        static let status = "Status"

        static func optionName(_ number: Int) -> String { "Option\(number) Name" }
        static func optionValue(_ number: Int) -> String { "Option\(number) Value" }
    }

    /// The columns of Shopify's product template, in its order (the fixture
    /// `shopify/product_template.csv`). Export writes exactly these, so the file opens in a
    /// merchant's spreadsheet the way the template does.
    static let templateColumns: [String] = [
        "Handle", "Title", "Body (HTML)", "Vendor", "Product Category", "Type", "Tags", "Published",
        "Option1 Name", "Option1 Value", "Option2 Name", "Option2 Value", "Option3 Name", "Option3 Value",
        "Variant SKU", "Variant Grams", "Variant Inventory Tracker", "Variant Inventory Qty",
        "Variant Inventory Policy", "Variant Fulfillment Service", "Variant Price", "Variant Compare At Price",
        "Variant Requires Shipping", "Variant Taxable", "Variant Barcode", "Image Src", "Image Position",
        "Image Alt Text", "Gift Card", "SEO Title", "SEO Description",
        "Google Shopping / Google Product Category", "Google Shopping / Gender", "Google Shopping / Age Group",
        "Google Shopping / MPN", "Google Shopping / Condition", "Google Shopping / Custom Product",
        "Variant Image", "Variant Weight Unit", "Variant Tax Code", "Cost per item",
        "Included / United States", "Price / United States", "Compare At Price / United States",
        "Included / International", "Price / International", "Compare At Price / International", "Status",
    ]

    /// Shopify allows three options per product.
    static let maximumOptions = 3

    /// Shopify's option name and value for a product without options.
    static let defaultOptionName = "Title"
    static let defaultOptionValue = "Default Title"

    /// Cells that make a row a variant row; a row with none of them only adds an image.
    private static let variantColumns: [String] =
        (1...maximumOptions).map(Column.optionValue) + [
            Column.sku, Column.grams, Column.inventoryQuantity, Column.price, Column.compareAtPrice,
            Column.barcode, Column.cost,
        ]

    /// A product while its rows are read.
    private struct ProductDraft {
        var product: Product
        var line: Int
        var images: [(position: Int?, url: String)] = []
        var lineByOptions: [[String]: Int] = [:]
    }

    static func read(_ table: CSVTable, options: ImportOptions, log: inout DiagnosticLog) -> CatalogDocument {
        let columns = CSVColumns(header: table.header)
        for required in [Column.handle, Column.title, Column.sku, Column.price] where !columns.contains(required) {
            log.error(
                .missingColumn, line: 1, column: required,
                "the header has no \"\(required)\" column; this does not look like a complete Shopify product "
                    + "export — export the products again from Shopify, or start from its product template")
        }
        guard !log.hasErrors else { return CatalogDocument() }

        var drafts: [ProductDraft] = []
        var indexByHandle: [String: Int] = [:]
        var skus = SKURegistry()
        var kits: [KitDefinition] = []

        for record in table.records where !record.isBlank {
            guard record.cells.count == table.header.count else {
                log.error(
                    .malformedRow, line: record.line,
                    "this row has \(record.cells.count) cells but the header has \(table.header.count); a cell "
                        + "containing a comma or line break has probably lost its quotes, or a quote is not closed")
                continue
            }
            let row = CSVRecordReader(record: record, columns: columns)
            let handle = row.text(Column.handle)
            guard !handle.isEmpty else {
                log.error(
                    .missingValue, line: row.line, column: Column.handle,
                    "the handle is empty; every row needs the handle of its product (a product's later rows "
                        + "repeat the handle of its first row)")
                continue
            }

            let index: Int
            if let existing = indexByHandle[handle] {
                index = existing
            } else {
                index = drafts.count
                indexByHandle[handle] = index
                drafts.append(ProductDraft(product: readProduct(row, handle: handle, log: &log), line: row.line))
            }

            if let url = row.optionalText(Column.imageSource) {
                let position = row.integer(Column.imagePosition, sku: nil, log: &log)
                drafts[index].images.append((position, url))
            }

            guard variantColumns.contains(where: row.hasValue) else { continue }
            guard let variant = readVariant(row, of: &drafts[index], options: options, log: &log) else { continue }
            skus.register(variant.sku, line: row.line, column: Column.sku, log: &log)
            drafts[index].product.variants.append(variant)
            if columns.contains(KitColumn.csvName),
                let kit = KitColumn.read(
                    row.optionalText(KitColumn.csvName), sku: variant.sku, line: row.line, column: KitColumn.csvName, log: &log)
            {
                kits.append(kit)
            }
        }

        let products = drafts.map { finish($0, log: &log) }
        return CatalogDocument(
            products: products, locations: options.singleLocation(for: products), kits: kits,
            stockScope: .availableAtOneLocation)
    }

    /// Product-level fields, from a product's first row.
    private static func readProduct(_ row: CSVRecordReader, handle: String, log: inout DiagnosticLog) -> Product {
        let title = row.text(Column.title)
        if title.isEmpty {
            log.error(
                .missingValue, line: row.line, column: Column.title,
                "the title is empty on the first row of product \"\(handle)\"; Shopify reads a product's "
                    + "title, description and option names from its first row — put them there")
        }

        var status = ListingStatus.active
        let statusText = row.text(Column.status)
        if !statusText.isEmpty {
            if let parsed = ListingStatus(platformValue: statusText) {
                status = parsed
            } else {
                log.error(
                    .invalidStatus, line: row.line, column: Column.status,
                    "\"\(statusText)\" is not a product status; write active, draft or archived")
            }
        } else if !row.boolean(Column.published, default: true, sku: nil, log: &log) {
            status = .draft
        }

        var optionNames: [String] = []
        for number in 1...maximumOptions {
            let name = row.text(Column.optionName(number))
            if name.isEmpty { continue }
            if optionNames.count != number - 1 {
                log.error(
                    .inconsistentProduct, line: row.line, column: Column.optionName(number),
                    "option \(number) is named \"\(name)\" but option \(optionNames.count + 1) has no name; "
                        + "fill the option names in order, without gaps")
            }
            optionNames.append(name)
        }

        return Product(
            handle: handle,
            title: title,
            descriptionHTML: row.raw(Column.body),
            vendor: row.optionalText(Column.vendor),
            productType: row.optionalText(Column.type),
            tags: CommaSeparatedList.split(row.raw(Column.tags)),
            status: status,
            optionNames: optionNames
        )
    }

    /// One variant row, or `nil` (with the reasons logged) when any of its cells is bad.
    private static func readVariant(
        _ row: CSVRecordReader, of draft: inout ProductDraft, options: ImportOptions, log: inout DiagnosticLog
    ) -> Variant? {
        let errorsBefore = log.errors.count
        let names = draft.product.optionNames
        let sku = row.sku(Column.sku, log: &log)

        var values: [String] = []
        for number in 1...maximumOptions {
            let column = Column.optionValue(number)
            let value = row.text(column)
            if number <= names.count {
                if value.isEmpty {
                    log.error(
                        .missingValue, line: row.line, column: column, sku: sku,
                        "the value is empty; option \(number) of \"\(draft.product.handle)\" is "
                            + "\"\(names[number - 1])\" (named on line \(draft.line)), so every variant needs one")
                } else {
                    values.append(value)
                }
            } else if !value.isEmpty {
                log.error(
                    .inconsistentProduct, line: row.line, column: column, sku: sku,
                    "\"\(value)\" belongs to no option: \(Column.optionName(number)) is empty on the first row "
                        + "of \"\(draft.product.handle)\" (line \(draft.line)) — name the option there")
            }
        }
        if values.count == names.count {
            if let earlier = draft.lineByOptions[values] {
                log.error(
                    .inconsistentProduct, line: row.line, column: Column.optionValue(1), sku: sku,
                    "the options \(values.joined(separator: " / ")) are already used by the variant on line "
                        + "\(earlier); each variant of a product needs its own combination of option values")
            } else {
                draft.lineByOptions[values] = row.line
            }
        }

        if sku == nil {
            let which = values.isEmpty ? "this variant" : "the variant \(values.joined(separator: " / "))"
            log.error(
                .missingSKU, line: row.line, column: Column.sku,
                "the SKU is empty; Concord keys variants by SKU, so give \(which) of \"\(draft.product.handle)\" "
                    + "a SKU that is unique in the catalog")
        }

        let price = row.money(Column.price, currency: options.currency, sku: sku, log: &log)
        if row.text(Column.price).isEmpty {
            log.error(
                .missingValue, line: row.line, column: Column.price, sku: sku,
                "the price is empty; every variant needs a price, such as 19.90")
        }
        let compareAtPrice = row.money(Column.compareAtPrice, currency: options.currency, sku: sku, log: &log)
        let cost = row.money(Column.cost, currency: options.currency, sku: sku, log: &log)
        log.checkNotNegative(price, what: "price", line: row.line, column: Column.price, sku: sku)
        log.checkNotNegative(compareAtPrice, what: "compare-at price", line: row.line, column: Column.compareAtPrice, sku: sku)
        log.checkNotNegative(cost, what: "cost", line: row.line, column: Column.cost, sku: sku)
        log.checkPriceNotZero(
            price, isForSale: draft.product.status == .active, line: row.line, column: Column.price, sku: sku)
        if let price, let compareAtPrice, compareAtPrice <= price {
            log.warning(
                .suspiciousPrice, line: row.line, column: Column.compareAtPrice, sku: sku,
                "the compare-at price \(compareAtPrice.amountString) is not above the price "
                    + "\(price.amountString), so Shopify shows no sale; check that the two columns are not swapped")
        }

        let weight = readWeight(row, sku: sku, log: &log)
        let stock = readStock(row, sku: sku, options: options, log: &log)

        var allowsBackorder = false
        let policy = row.text(Column.inventoryPolicy)
        switch policy.lowercased() {
        case "", "deny": allowsBackorder = false
        case "continue": allowsBackorder = true
        default:
            log.error(
                .invalidValue, line: row.line, column: Column.inventoryPolicy, sku: sku,
                "\"\(policy)\" is not an inventory policy; write deny (stop selling at zero) or continue "
                    + "(keep selling)")
        }
        let requiresShipping = row.boolean(Column.requiresShipping, default: true, sku: sku, log: &log)
        let barcode = row.barcode(Column.barcode, sku: sku, log: &log)

        guard log.errors.count == errorsBefore, let sku, let price else { return nil }
        return Variant(
            sku: sku,
            barcode: barcode,
            title: values.joined(separator: " / "),
            options: values,
            price: price,
            compareAtPrice: compareAtPrice,
            cost: cost,
            weight: weight,
            status: draft.product.status,
            images: row.optionalText(Column.variantImage).map { [$0] } ?? [],
            allowsBackorder: allowsBackorder,
            requiresShipping: requiresShipping,
            stock: stock
        )
    }

    private static func readWeight(_ row: CSVRecordReader, sku: SKU?, log: inout DiagnosticLog) -> Weight? {
        var unit = Weight.Unit.grams
        let unitText = row.text(Column.weightUnit)
        if !unitText.isEmpty {
            if let parsed = Weight.Unit(platformName: unitText) {
                unit = parsed
            } else {
                log.error(
                    .invalidValue, line: row.line, column: Column.weightUnit, sku: sku,
                    "\"\(unitText)\" is not a weight unit; write g, kg, lb or oz")
            }
        }
        let gramsText = row.text(Column.grams)
        guard !gramsText.isEmpty else { return nil }
        guard let grams = Weight.parse(gramsText, unit: .grams) else {
            log.error(
                .invalidValue, line: row.line, column: Column.grams, sku: sku,
                "\"\(gramsText)\" is not a weight in grams; write a plain number with a decimal point, such as 145")
            return nil
        }
        return Weight.fromGrams(grams.value, in: unit)
    }

    private static func readStock(
        _ row: CSVRecordReader, sku: SKU?, options: ImportOptions, log: inout DiagnosticLog
    ) -> [StockLevel] {
        guard let quantity = row.integer(Column.inventoryQuantity, sku: sku, log: &log) else { return [] }
        guard row.hasValue(Column.inventoryTracker) else {
            if quantity != 0 {
                log.warning(
                    .unsupported, line: row.line, column: Column.inventoryQuantity, sku: sku,
                    "the quantity \(quantity) was not imported because \(Column.inventoryTracker) is empty, "
                        + "which tells Shopify not to count this variant's stock; write shopify there to import it")
            }
            return []
        }
        log.checkOnHand(quantity, location: options.defaultLocation, line: row.line, column: Column.inventoryQuantity, sku: sku)
        return [StockLevel(location: options.defaultLocation, onHand: quantity)]
    }

    /// Images in `Image Position` order (rows without a position keep their place after the
    /// numbered ones), each URL once; option-less products lose Shopify's `Title`/`Default Title`.
    private static func finish(_ draft: ProductDraft, log: inout DiagnosticLog) -> Product {
        var product = draft.product
        let ordered = draft.images.enumerated().sorted { lhs, rhs in
            (lhs.element.position ?? Int.max, lhs.offset) < (rhs.element.position ?? Int.max, rhs.offset)
        }
        var seen: Set<String> = []
        product.images = ordered.map(\.element.url).filter { seen.insert($0).inserted }

        if product.optionNames == [defaultOptionName],
            product.variants.allSatisfy({ $0.options == [defaultOptionValue] })
        {
            product.optionNames = []
            for index in product.variants.indices {
                product.variants[index].options = []
                product.variants[index].title = ""
            }
        }
        if product.variants.isEmpty, !log.hasErrors {
            log.warning(
                .unsupported, line: draft.line, column: Column.sku,
                "product \"\(product.handle)\" has no variant rows, so it is imported without variants; "
                    + "add a row with a SKU and a price to sell it")
        }
        return product
    }
}
