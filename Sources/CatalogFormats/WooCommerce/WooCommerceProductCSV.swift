import CatalogModel
import Foundation

/// WooCommerce's product CSV, as its built-in exporter writes it and its importer reads it
/// (`WC_Product_CSV_Exporter` in woocommerce/woocommerce).
///
/// Every product is a row: `simple` products carry their one variant's fields; a `variable`
/// product's row carries the product's fields and attributes, and each `variation` row points at
/// it in `Parent`, by the parent's SKU or as `id:123`.
///
/// Mapping to the model, where the two differ:
/// - The handle of a simple product is its SKU; of a variable product, its SKU, or a slug of its
///   name when it has none.
/// - `Sale price` becomes the price with `Regular price` as the compare-at price; without a sale
///   price the regular price is the price.
/// - `Published` is `1` (published), `0` (private), `-1` (draft) or `2` (pending); all but `1`
///   are drafts in Concord (see ``ListingStatus``).
/// - Option names are the parent's attributes that its variations give a value; an attribute no
///   variation sets is descriptive only and not kept.
/// - A variation without a weight has its parent's, as in WooCommerce.
/// - `Categories` is kept verbatim as the product type, `Brands` as the vendor,
///   `GTIN, UPC, EAN, or ISBN` as the barcode, `Cost of goods` as the cost.
/// - `virtual` in `Type` means the item does not need shipping.
/// - `Description` has line breaks written as `\n` by the exporter; they are turned back.
/// - `Stock` is stock at ``ImportOptions/defaultLocation``; an empty cell means WooCommerce does not
///   manage the item's stock, so none is imported.
/// - `grouped` and `external` products hold no stock of their own and are skipped with a warning.
enum WooCommerceProductCSV {
    enum Column {
        static let id = "ID"
        static let type = "Type"
        static let sku = "SKU"
        static let gtin = "GTIN, UPC, EAN, or ISBN"
        static let name = "Name"
        static let published = "Published"
        static let visibility = "Visibility in catalog"
        static let shortDescription = "Short description"
        static let description = "Description"
        static let inStock = "In stock?"
        static let stock = "Stock"
        static let backorders = "Backorders allowed?"
        static let salePrice = "Sale price"
        static let regularPrice = "Regular price"
        static let categories = "Categories"
        static let tags = "Tags"
        static let images = "Images"
        static let parent = "Parent"
        static let position = "Position"
        static let brands = "Brands"
        static let cost = "Cost of goods"

        static func attributeName(_ number: Int) -> String { "Attribute \(number) name" }
        static func attributeValues(_ number: Int) -> String { "Attribute \(number) value(s)" }
        static func attributeVisible(_ number: Int) -> String { "Attribute \(number) visible" }
        static func attributeGlobal(_ number: Int) -> String { "Attribute \(number) global" }
    }

    /// The product types in `Type`, with the flags WooCommerce appends (`simple, virtual`).
    private struct ProductKind {
        enum Base: String { case simple, variable, variation, grouped, external }
        var base: Base
        var isVirtual: Bool
    }

    private struct Attribute {
        var name: String
        var values: [String]
    }

    private struct ParentDraft {
        var product: Product
        var line: Int
        var attributes: [Attribute]
        var weight: Weight?
        /// The name to derive a handle from, for a variable product without a SKU.
        var unnamedHandleSource: String?
        var variations: [VariationDraft] = []
    }

    private struct VariationDraft {
        var variant: Variant
        var line: Int
        var position: Int
        var attributes: [Attribute]
        var parentReference: String
        /// The variation's own `Published`, or `nil` to take the parent's.
        var status: ListingStatus?
    }

    /// Products in file order: finished simple products, or variable ones still collecting variations.
    private enum Slot {
        case simple(Product)
        case variable(parentIndex: Int)
    }

    /// The weight column and the unit its header names, if any.
    private struct WeightColumn {
        var name: String
        var unit: Weight.Unit?
    }

    static func read(_ table: CSVTable, options: ImportOptions, log: inout DiagnosticLog) -> CatalogDocument {
        let columns = CSVColumns(header: table.header)
        for required in [Column.sku, Column.name, Column.regularPrice] where !columns.contains(required) {
            log.error(
                .missingColumn, line: 1, column: required,
                "the header has no \"\(required)\" column; this does not look like a WooCommerce product "
                    + "export — export the products again with all columns")
        }
        guard !log.hasErrors else { return CatalogDocument() }

        let weightColumn = findWeightColumn(in: table.header)
        let weightUnit = options.weightUnit ?? weightColumn?.unit
        if let header = weightColumn?.unit, let chosen = options.weightUnit, header != chosen {
            log.warning(
                .overridden, line: 1, column: weightColumn?.name,
                "the header says weights are in \(header.rawValue) but the import was told \(chosen.rawValue); "
                    + "weights are read as \(chosen.rawValue)")
        }
        var attributeCount = 0
        while columns.contains(Column.attributeName(attributeCount + 1)) { attributeCount += 1 }

        let context = RowContext(
            options: options, weightColumn: weightColumn, weightUnit: weightUnit, attributeCount: attributeCount)
        var slots: [Slot] = []
        var parents: [ParentDraft] = []
        var variations: [VariationDraft] = []
        var parentBySKU: [String: Int] = [:]
        var parentByID: [Int: Int] = [:]
        var simpleSKUs: Set<String> = []
        var usedHandles: Set<String> = []
        var skus = SKURegistry()
        var kits: [KitDefinition] = []
        var reportedMissingUnit = false

        for record in table.records where !record.isBlank {
            guard record.cells.count == table.header.count else {
                log.error(
                    .malformedRow, line: record.line,
                    "this row has \(record.cells.count) cells but the header has \(table.header.count); a cell "
                        + "containing a comma or line break has probably lost its quotes, or a quote is not closed")
                continue
            }
            let row = CSVRecordReader(record: record, columns: columns)
            if weightUnit == nil, let column = weightColumn, row.hasValue(column.name), !reportedMissingUnit {
                reportedMissingUnit = true
                log.error(
                    .missingColumn, line: row.line, column: column.name,
                    "the weight column's header names no unit, so this weight cannot be read; name the unit "
                        + "in the header (\"Weight (kg)\") or pass the weight unit to the import")
            }
            guard let kind = readKind(row, log: &log) else { continue }
            let errorsBefore = log.errors.count

            switch kind.base {
            case .grouped, .external:
                log.warning(
                    .unsupported, line: row.line, column: Column.type, sku: SKU(row.raw(Column.sku)),
                    "\(kind.base.rawValue) product \"\(row.text(Column.name))\" was skipped: it holds no stock of "
                        + "its own, and Concord only imports simple and variable products")

            case .simple:
                let sku = row.sku(Column.sku, log: &log)
                if sku == nil {
                    log.error(
                        .missingSKU, line: row.line, column: Column.sku,
                        "the SKU is empty; Concord keys products by SKU, so give \"\(row.text(Column.name))\" "
                            + "a SKU that is unique in the catalog")
                }
                var product = readProductFields(row, handle: sku?.rawValue ?? "", sku: sku, log: &log)
                let variant = readVariantFields(row, sku: sku, kind: kind, context: context, log: &log)
                if let sku, var variant, log.errors.count == errorsBefore {
                    skus.register(sku, line: row.line, column: Column.sku, log: &log)
                    if let kit = KitColumn.read(
                        row.optionalText(KitColumn.csvName), sku: sku, line: row.line, column: KitColumn.csvName, log: &log)
                    {
                        kits.append(kit)
                    }
                    simpleSKUs.insert(sku.rawValue)
                    usedHandles.insert(sku.rawValue)
                    variant.status = product.status
                    product.variants = [variant]
                    slots.append(.simple(product))
                }

            case .variable:
                let sku = row.sku(Column.sku, log: &log)
                let product = readProductFields(row, handle: sku?.rawValue ?? "", sku: sku, log: &log)
                let weight = readWeight(row, context: context, sku: sku, log: &log)
                guard log.errors.count == errorsBefore else { continue }
                if let sku {
                    skus.register(sku, line: row.line, column: Column.sku, log: &log)
                    parentBySKU[sku.rawValue] = parents.count
                    usedHandles.insert(sku.rawValue)
                }
                if let id = Int(row.text(Column.id)) { parentByID[id] = parents.count }
                slots.append(.variable(parentIndex: parents.count))
                parents.append(
                    ParentDraft(
                        product: product, line: row.line, attributes: readAttributes(row, count: attributeCount),
                        weight: weight,
                        unnamedHandleSource: sku == nil ? slug(row.text(Column.name), fallback: "product") : nil))

            case .variation:
                let sku = row.sku(Column.sku, log: &log)
                if sku == nil {
                    log.error(
                        .missingSKU, line: row.line, column: Column.sku,
                        "the variation's SKU is empty; Concord keys variants by SKU, so give \"\(row.text(Column.name))\" "
                            + "a SKU that is unique in the catalog")
                }
                let parentReference = row.text(Column.parent)
                if parentReference.isEmpty {
                    log.error(
                        .missingValue, line: row.line, column: Column.parent, sku: sku,
                        "the variation names no parent; write the parent product's SKU (or id:123 with its ID)")
                }
                let variant = readVariantFields(row, sku: sku, kind: kind, context: context, log: &log)
                let status = readStatus(row, sku: sku, log: &log)
                let position = row.integer(Column.position, sku: sku, log: &log) ?? 0
                guard let sku, let variant, log.errors.count == errorsBefore else { continue }
                skus.register(sku, line: row.line, column: Column.sku, log: &log)
                if let kit = KitColumn.read(
                    row.optionalText(KitColumn.csvName), sku: sku, line: row.line, column: KitColumn.csvName, log: &log)
                {
                    kits.append(kit)
                }
                variations.append(
                    VariationDraft(
                        variant: variant, line: row.line, position: position,
                        attributes: readAttributes(row, count: attributeCount), parentReference: parentReference,
                        status: status))
            }
        }

        // Handles derived from names are chosen last, so that they cannot take a handle a SKU needs.
        for index in parents.indices {
            if let source = parents[index].unnamedHandleSource {
                parents[index].product.handle = uniqueHandle(source, used: &usedHandles)
            }
        }

        for variation in variations {
            let reference = variation.parentReference
            let parentIndex: Int?
            if reference.lowercased().hasPrefix("id:") {
                parentIndex = Int(String(reference.dropFirst(3)).trimmingWhitespace()).flatMap { parentByID[$0] }
            } else {
                parentIndex = parentBySKU[reference]
            }
            guard let parentIndex else {
                let reason =
                    simpleSKUs.contains(reference)
                    ? "\"\(reference)\" is a simple product, and only variable products have variations; change "
                        + "its Type to variable"
                    : "\"\(reference)\" matches no variable product in this file by SKU (or by ID, written id:123); "
                        + "import variations together with their parent product"
                log.error(
                    .unknownParent, line: variation.line, column: Column.parent, sku: variation.variant.sku, reason)
                continue
            }
            parents[parentIndex].variations.append(variation)
        }

        let finished = parents.map { finish($0, log: &log) }
        let products = slots.map { slot -> Product in
            switch slot {
            case .simple(let product): product
            case .variable(let parentIndex): finished[parentIndex]
            }
        }
        return CatalogDocument(
            products: products, locations: options.singleLocation(for: products), kits: kits,
            stockScope: .availableAtOneLocation)
    }

    /// What every row reader needs from the header and the options.
    private struct RowContext {
        var options: ImportOptions
        var weightColumn: WeightColumn?
        var weightUnit: Weight.Unit?
        var attributeCount: Int
    }

    private static func readKind(_ row: CSVRecordReader, log: inout DiagnosticLog) -> ProductKind? {
        let words = CommaSeparatedList.split(row.raw(Column.type)).map { $0.lowercased() }
        guard !words.isEmpty else { return ProductKind(base: .simple, isVirtual: false) }
        let bases = words.compactMap(ProductKind.Base.init(rawValue:))
        let flags: Set<String> = ["virtual", "downloadable"]
        guard bases.count == 1, words.allSatisfy({ ProductKind.Base(rawValue: $0) != nil || flags.contains($0) })
        else {
            log.error(
                .invalidValue, line: row.line, column: Column.type, sku: SKU(row.raw(Column.sku)),
                "\"\(row.text(Column.type))\" is not a product type Concord reads; write simple, variable or "
                    + "variation (optionally followed by , virtual)")
            return nil
        }
        return ProductKind(base: bases[0], isVirtual: words.contains("virtual"))
    }

    /// Fields of a simple or variable product's own row.
    private static func readProductFields(
        _ row: CSVRecordReader, handle: String, sku: SKU?, log: inout DiagnosticLog
    ) -> Product {
        let title = row.text(Column.name)
        if title.isEmpty {
            log.error(
                .missingValue, line: row.line, column: Column.name, sku: sku,
                "the product has no name; give it the name shoppers see")
        }
        let brands = CommaSeparatedList.split(row.raw(Column.brands))
        return Product(
            handle: handle,
            title: title,
            descriptionHTML: unescapeDescription(row.raw(Column.description)),
            vendor: brands.isEmpty ? nil : brands.joined(separator: ", "),
            productType: row.optionalText(Column.categories),
            tags: CommaSeparatedList.split(row.raw(Column.tags)),
            status: readStatus(row, sku: sku, log: &log) ?? .active,
            images: CommaSeparatedList.split(row.raw(Column.images))
        )
    }

    private static func readStatus(_ row: CSVRecordReader, sku: SKU?, log: inout DiagnosticLog) -> ListingStatus? {
        let text = row.text(Column.published)
        switch text {
        case "": return nil
        case "1": return .active
        // 0 is private, -1 draft, 2 pending review (WC_Product_CSV_Exporter::get_column_value_published).
        case "0", "-1", "2": return .draft
        default:
            if let status = ListingStatus(platformValue: text) { return status }
            log.error(
                .invalidStatus, line: row.line, column: Column.published, sku: sku,
                "\"\(text)\" is not a publication status; write 1 (published), 0 (private) or -1 (draft)")
            return nil
        }
    }

    /// The sellable fields of a simple product or a variation; options are filled in later.
    private static func readVariantFields(
        _ row: CSVRecordReader, sku: SKU?, kind: ProductKind, context: RowContext, log: inout DiagnosticLog
    ) -> Variant? {
        let currency = context.options.currency
        let regular = row.money(Column.regularPrice, currency: currency, sku: sku, log: &log)
        let sale = row.money(Column.salePrice, currency: currency, sku: sku, log: &log)
        if row.text(Column.regularPrice).isEmpty {
            log.error(
                .missingValue, line: row.line, column: Column.regularPrice, sku: sku,
                "the regular price is empty; every product and variation needs one, such as 19.90")
        }
        if let sale, let regular, sale >= regular {
            log.warning(
                .suspiciousPrice, line: row.line, column: Column.salePrice, sku: sku,
                "the sale price \(sale.amountString) is not below the regular price \(regular.amountString), so "
                    + "WooCommerce shows no sale; check that the two columns are not swapped")
        }
        let cost = row.money(Column.cost, currency: currency, sku: sku, log: &log)
        log.checkNotNegative(regular, what: "regular price", line: row.line, column: Column.regularPrice, sku: sku)
        log.checkNotNegative(sale, what: "sale price", line: row.line, column: Column.salePrice, sku: sku)
        log.checkNotNegative(cost, what: "cost", line: row.line, column: Column.cost, sku: sku)
        // The row's own publication status is read elsewhere (variations inherit theirs): warn for any.
        log.checkPriceNotZero(
            sale ?? regular, isForSale: true, line: row.line, column: sale == nil ? Column.regularPrice : Column.salePrice,
            sku: sku)
        let weight = readWeight(row, context: context, sku: sku, log: &log)
        let barcode = row.barcode(Column.gtin, sku: sku, log: &log)

        var stock: [StockLevel] = []
        let stockText = row.text(Column.stock)
        if stockText.lowercased() == "parent" {
            log.warning(
                .unsupported, line: row.line, column: Column.stock, sku: sku,
                "the stock is managed on the parent product and shared by its variations; Concord counts stock "
                    + "per variant, so none was imported — manage stock on each variation in WooCommerce")
        } else if let quantity = row.integer(Column.stock, sku: sku, log: &log) {
            log.checkOnHand(quantity, location: context.options.defaultLocation, line: row.line, column: Column.stock, sku: sku)
            stock = [StockLevel(location: context.options.defaultLocation, onHand: quantity)]
        }

        let backorders = row.text(Column.backorders)
        var allowsBackorder = false
        switch backorders.lowercased() {
        case "", "0", "no", "false": allowsBackorder = false
        case "1", "yes", "true", "notify": allowsBackorder = true
        default:
            log.error(
                .invalidValue, line: row.line, column: Column.backorders, sku: sku,
                "\"\(backorders)\" is not a backorder setting; write 1 (allowed), notify, or 0 (not allowed)")
        }

        guard let sku, let regular else { return nil }
        return Variant(
            sku: sku,
            barcode: barcode,
            price: sale ?? regular,
            compareAtPrice: sale == nil ? nil : regular,
            cost: cost,
            weight: weight,
            images: kind.base == .variation ? CommaSeparatedList.split(row.raw(Column.images)) : [],
            allowsBackorder: allowsBackorder,
            requiresShipping: !kind.isVirtual,
            stock: stock
        )
    }

    private static func readWeight(
        _ row: CSVRecordReader, context: RowContext, sku: SKU?, log: inout DiagnosticLog
    ) -> Weight? {
        guard let column = context.weightColumn, let unit = context.weightUnit else { return nil }
        let text = row.text(column.name)
        guard !text.isEmpty else { return nil }
        guard let weight = Weight.parse(text, unit: unit) else {
            log.error(
                .invalidValue, line: row.line, column: column.name, sku: sku,
                "\"\(text)\" is not a weight; write a plain number with a decimal point, such as 0.5")
            return nil
        }
        return weight
    }

    private static func readAttributes(_ row: CSVRecordReader, count: Int) -> [Attribute] {
        guard count > 0 else { return [] }
        return (1...count).compactMap { number in
            let name = row.text(Column.attributeName(number))
            guard !name.isEmpty else { return nil }
            return Attribute(name: name, values: CommaSeparatedList.split(row.raw(Column.attributeValues(number))))
        }
    }

    /// Orders a variable product's variations, derives its option names and fills in each
    /// variation's options, title, inherited weight and status.
    private static func finish(_ draft: ParentDraft, log: inout DiagnosticLog) -> Product {
        var product = draft.product
        let variations = draft.variations.enumerated()
            .sorted { ($0.element.position, $0.offset) < ($1.element.position, $1.offset) }
            .map(\.element)

        func key(_ name: String) -> String { name.lowercased() }
        let usedNames = Set(
            variations.flatMap { $0.attributes.filter { !$0.values.isEmpty }.map { key($0.name) } })
        var optionNames = draft.attributes.map(\.name).filter { usedNames.contains(key($0)) }
        for variation in variations {
            for attribute in variation.attributes where !attribute.values.isEmpty {
                guard !optionNames.contains(where: { key($0) == key(attribute.name) }) else { continue }
                optionNames.append(attribute.name)
                log.warning(
                    .inconsistentProduct, line: variation.line, column: Column.parent, sku: variation.variant.sku,
                    "the variation has attribute \"\(attribute.name)\", which its parent \"\(product.handle)\" "
                        + "(line \(draft.line)) does not list; add the attribute to the parent in WooCommerce")
            }
        }
        product.optionNames = optionNames

        if variations.isEmpty, !log.hasErrors {
            log.warning(
                .unsupported, line: draft.line, column: Column.type,
                "variable product \"\(product.handle)\" has no variations in this file, so it is imported without "
                    + "variants; export it together with its variations")
        }

        var lineByOptions: [[String]: Int] = [:]
        for variation in variations {
            var variant = variation.variant
            var values: [String] = []
            for name in optionNames {
                let value =
                    variation.attributes.first { key($0.name) == key(name) }?.values
                    .joined(separator: ", ") ?? ""
                if value.isEmpty {
                    log.error(
                        .missingValue, line: variation.line, column: Column.attributeValues(1), sku: variant.sku,
                        "the variation has no value for \"\(name)\" (WooCommerce's \"Any \(name)\"); Concord needs "
                            + "one value per option for every variant — choose one")
                }
                values.append(value)
            }
            if let earlier = lineByOptions[values] {
                log.error(
                    .inconsistentProduct, line: variation.line, column: Column.attributeValues(1), sku: variant.sku,
                    "the options \(values.joined(separator: " / ")) are already used by the variation on line "
                        + "\(earlier); each variation needs its own combination of attribute values")
            } else {
                lineByOptions[values] = variation.line
            }
            variant.options = values
            variant.title = values.joined(separator: " / ")
            if variant.weight == nil { variant.weight = draft.weight }
            variant.status = variation.status ?? product.status
            product.variants.append(variant)
        }
        return product
    }

    private static func findWeightColumn(in header: [String]) -> WeightColumn? {
        for name in header {
            let lower = name.lowercased()
            if lower == "weight" { return WeightColumn(name: name, unit: nil) }
            if lower.hasPrefix("weight ("), lower.hasSuffix(")") {
                let unitName = lower.dropFirst("weight (".count).dropLast()
                return WeightColumn(name: name, unit: Weight.Unit(platformName: String(unitName)))
            }
        }
        return nil
    }

    /// A handle for a variable product without a SKU, in the spirit of a WordPress slug.
    private static func slug(_ name: String, fallback: String) -> String {
        var slug = ""
        for scalar in name.lowercased().unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                slug.unicodeScalars.append(scalar)
            } else if !slug.isEmpty, !slug.hasSuffix("-") {
                slug += "-"
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        return slug.isEmpty ? fallback : slug
    }

    private static func uniqueHandle(_ base: String, used: inout Set<String>) -> String {
        var handle = base
        var suffix = 2
        while used.contains(handle) {
            handle = "\(base)-\(suffix)"
            suffix += 1
        }
        used.insert(handle)
        return handle
    }

    /// Undoes the exporter's description escaping: it writes line breaks as the two characters
    /// `\n`, and a literal `\n` as `\\n` (`filter_description_field`).
    static func unescapeDescription(_ text: String) -> String {
        text.components(separatedBy: "\\\\n")
            .map { $0.replacingOccurrences(of: "\\n", with: "\n") }
            .joined(separator: "\\n")
    }

    /// The exporter's description escaping.
    static func escapeDescription(_ text: String) -> String {
        text.replacingOccurrences(of: "\\n", with: "\\\\n").replacingOccurrences(of: "\n", with: "\\n")
    }
}
