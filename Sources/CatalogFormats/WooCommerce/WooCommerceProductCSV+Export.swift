import CatalogModel

extension WooCommerceProductCSV {
    /// Writes `document` as WooCommerce's importer reads it.
    ///
    /// A product with one variant and no options becomes a `simple` product (its handle is not
    /// written: a simple product's key in WooCommerce is its SKU). Every other product becomes a
    /// `variable` product whose SKU is the handle, followed by its variations, which point at it by
    /// that SKU in `Parent`; option names become custom (non-global) attributes. `ID` is left empty
    /// so that WooCommerce matches by SKU. All weights are written in one unit (see
    /// ``ExportOptions/weightUnit``). What the format cannot carry is left out: variant titles,
    /// stock per location, the `archived` status (written as private, `0`), a simple product's
    /// variant-specific images (merged into its gallery). A catalog with kits gets a
    /// `Kit Components` column (`SKU-A*2;SKU-B*1` on the kit's simple or variation row, as
    /// ``WooCommerceProductCSV/read`` takes it back); WooCommerce's importer leaves unknown columns
    /// unmapped.
    static func write(_ document: CatalogDocument, options: ExportOptions, to output: (String) -> Void) {
        let unit = options.weightUnit ?? mostCommonWeightUnit(in: document) ?? .kilograms
        let hasCost = document.products.contains { $0.variants.contains { $0.cost != nil } }
        let attributeCount = document.products.map(\.optionNames.count).max() ?? 0
        let weightColumn = "Weight (\(unit == .pounds ? "lbs" : unit.rawValue))"

        var header = [
            Column.id, Column.type, Column.sku, Column.gtin, Column.name, Column.published, Column.visibility,
            Column.shortDescription, Column.description, Column.inStock, Column.stock, Column.backorders,
            weightColumn, Column.salePrice, Column.regularPrice, Column.categories, Column.tags, Column.images,
            Column.parent, Column.position, Column.brands,
        ]
        if hasCost { header.append(Column.cost) }
        let kits = Dictionary(document.kits.map { ($0.sku, $0.componentsText) }, uniquingKeysWith: { _, last in last })
        if !kits.isEmpty { header.append(KitColumn.csvName) }
        for number in stride(from: 1, through: attributeCount, by: 1) {
            header += [
                Column.attributeName(number), Column.attributeValues(number), Column.attributeVisible(number),
                Column.attributeGlobal(number),
            ]
        }
        output(CSVText.row(header))

        let columnIndex = Dictionary(uniqueKeysWithValues: header.enumerated().map { ($0.element, $0.offset) })
        func emptyRow() -> [String] { Array(repeating: "", count: header.count) }
        func set(_ row: inout [String], _ column: String, _ value: String) { row[columnIndex[column]!] = value }

        func setProductFields(_ row: inout [String], _ product: Product) {
            set(&row, Column.name, product.title)
            set(&row, Column.published, publishedCode(product.status))
            set(&row, Column.visibility, "visible")
            set(&row, Column.description, escapeDescription(product.descriptionHTML))
            set(&row, Column.categories, product.productType ?? "")
            set(&row, Column.tags, CommaSeparatedList.join(product.tags))
            set(&row, Column.brands, product.vendor.map { CommaSeparatedList.join([$0]) } ?? "")
        }

        func setVariantFields(_ row: inout [String], _ variant: Variant, isVariation: Bool) {
            set(
                &row, Column.type,
                (isVariation ? "variation" : "simple") + (variant.requiresShipping ? "" : ", virtual"))
            set(&row, Column.sku, variant.sku.rawValue)
            set(&row, Column.gtin, variant.barcode?.rawValue ?? "")
            let stock = options.exportedStock(of: variant)
            set(&row, Column.stock, stock.map(String.init) ?? "")
            let inStock = stock.map { $0 > 0 } ?? true
            set(&row, Column.inStock, inStock ? "1" : (variant.allowsBackorder ? "backorder" : "0"))
            set(&row, Column.backorders, variant.allowsBackorder ? "1" : "0")
            set(&row, weightColumn, variant.weight.map { $0.converted(to: unit).value.plainText } ?? "")
            if let compareAtPrice = variant.compareAtPrice {
                set(&row, Column.salePrice, variant.price.amountString)
                set(&row, Column.regularPrice, compareAtPrice.amountString)
            } else {
                set(&row, Column.regularPrice, variant.price.amountString)
            }
            if hasCost { set(&row, Column.cost, variant.cost?.amountString ?? "") }
            if let kit = kits[variant.sku] { set(&row, KitColumn.csvName, kit) }
        }

        for product in document.products {
            if product.variants.count == 1, product.optionNames.isEmpty {
                let variant = product.variants[0]
                var row = emptyRow()
                setProductFields(&row, product)
                setVariantFields(&row, variant, isVariation: false)
                var images = product.images
                for image in variant.images where !images.contains(image) { images.append(image) }
                set(&row, Column.images, CommaSeparatedList.join(images))
                set(&row, Column.position, "0")
                output(CSVText.row(row))
                continue
            }

            var parent = emptyRow()
            set(&parent, Column.type, "variable")
            set(&parent, Column.sku, product.handle)
            setProductFields(&parent, product)
            set(&parent, Column.images, CommaSeparatedList.join(product.images))
            set(&parent, Column.position, "0")
            for (offset, name) in product.optionNames.enumerated() {
                var values: [String] = []
                for variant in product.variants where offset < variant.options.count {
                    if !values.contains(variant.options[offset]) { values.append(variant.options[offset]) }
                }
                set(&parent, Column.attributeName(offset + 1), name)
                set(&parent, Column.attributeValues(offset + 1), CommaSeparatedList.join(values))
                set(&parent, Column.attributeVisible(offset + 1), "1")
                set(&parent, Column.attributeGlobal(offset + 1), "0")
            }
            output(CSVText.row(parent))

            for (position, variant) in product.variants.enumerated() {
                var row = emptyRow()
                setVariantFields(&row, variant, isVariation: true)
                let label = variant.options.joined(separator: ", ")
                set(&row, Column.name, label.isEmpty ? product.title : "\(product.title) - \(label)")
                set(&row, Column.published, publishedCode(variant.status))
                set(&row, Column.images, CommaSeparatedList.join(variant.images))
                set(&row, Column.parent, product.handle)
                set(&row, Column.position, String(position + 1))
                for (offset, name) in product.optionNames.enumerated() where offset < variant.options.count {
                    set(&row, Column.attributeName(offset + 1), name)
                    set(&row, Column.attributeValues(offset + 1), CommaSeparatedList.join([variant.options[offset]]))
                    set(&row, Column.attributeGlobal(offset + 1), "0")
                }
                output(CSVText.row(row))
            }
        }
    }

    /// WooCommerce's `Published` codes: archived products are written as private (hidden from the
    /// shop, kept for staff), the nearest WooCommerce has.
    private static func publishedCode(_ status: ListingStatus) -> String {
        switch status {
        case .active: "1"
        case .draft: "-1"
        case .archived: "0"
        }
    }

    private static func mostCommonWeightUnit(in document: CatalogDocument) -> Weight.Unit? {
        var counts: [Weight.Unit: Int] = [:]
        var firstSeen: [Weight.Unit] = []
        for variant in document.variants {
            guard let unit = variant.weight?.unit else { continue }
            if counts[unit] == nil { firstSeen.append(unit) }
            counts[unit, default: 0] += 1
        }
        return firstSeen.max { counts[$0]! < counts[$1]! }
    }
}
