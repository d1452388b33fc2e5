import CatalogModel

extension ShopifyProductCSV {
    /// Writes `document` in the template's column order, one product at a time.
    ///
    /// Each product gets one row per variant; the first row carries the product's fields and
    /// option names, and images go one per row in display order, with image-only rows after the
    /// variants when there are more images than variants — the shape Shopify's own export has.
    /// What the format cannot carry is left out: variant titles (Shopify derives them), variant
    /// statuses (Shopify has one status per product), all but the first variant image, stock per
    /// location (see ``ExportOptions/stockLocation``).
    ///
    /// A catalog with kits gets a `Kit Components` column after the template's (`SKU-A*2;SKU-B*1`
    /// on the kit's row, as ``ShopifyProductCSV/read`` takes it back); Shopify's own importer
    /// ignores columns it does not know, and a catalog without kits keeps the template's exact shape.
    static func write(_ document: CatalogDocument, options: ExportOptions, to output: (String) -> Void) {
        let kits = Dictionary(document.kits.map { ($0.sku, $0.componentsText) }, uniquingKeysWith: { _, last in last })
        output(CSVText.row(kits.isEmpty ? templateColumns : templateColumns + [KitColumn.csvName]))
        for product in document.products {
            for (index, row) in rows(for: product, options: options).enumerated() {
                guard !kits.isEmpty else {
                    output(CSVText.row(row))
                    continue
                }
                let kit = index < product.variants.count ? kits[product.variants[index].sku] ?? "" : ""
                output(CSVText.row(row + [kit]))
            }
        }
    }

    private static let columnIndex: [String: Int] = Dictionary(
        uniqueKeysWithValues: templateColumns.enumerated().map { ($0.element, $0.offset) })

    static func rows(for product: Product, options: ExportOptions) -> [[String]] {
        let rowCount = max(product.variants.count, product.images.count, 1)
        let optionNames = product.optionNames.isEmpty ? [defaultOptionName] : product.optionNames
        var rows: [[String]] = []
        for rowIndex in 0..<rowCount {
            var cells = Array(repeating: "", count: templateColumns.count)
            func set(_ column: String, _ value: String) { cells[columnIndex[column]!] = value }

            set(Column.handle, product.handle)
            if rowIndex == 0 {
                set(Column.title, product.title)
                set(Column.body, product.descriptionHTML)
                set(Column.vendor, product.vendor ?? "")
                set(Column.type, product.productType ?? "")
                set(Column.tags, product.tags.joined(separator: ", "))
                set(Column.published, product.status == .active ? "TRUE" : "FALSE")
                for (offset, name) in optionNames.enumerated() { set(Column.optionName(offset + 1), name) }
                set(Column.giftCard, "FALSE")
                set(Column.status, product.status.rawValue)
            }
            if rowIndex < product.variants.count {
                let variant = product.variants[rowIndex]
                let values = product.optionNames.isEmpty ? [defaultOptionValue] : variant.options
                for (offset, value) in values.prefix(maximumOptions).enumerated() {
                    set(Column.optionValue(offset + 1), value)
                }
                set(Column.sku, variant.sku.rawValue)
                if let weight = variant.weight {
                    set(Column.grams, weight.exactGrams.plainText)
                    set(Column.weightUnit, weight.unit.rawValue)
                }
                if let quantity = options.exportedStock(of: variant) {
                    set(Column.inventoryTracker, "shopify")
                    set(Column.inventoryQuantity, String(quantity))
                }
                set(Column.inventoryPolicy, variant.allowsBackorder ? "continue" : "deny")
                set(Column.fulfillmentService, "manual")
                set(Column.price, variant.price.amountString)
                set(Column.compareAtPrice, variant.compareAtPrice?.amountString ?? "")
                set(Column.requiresShipping, variant.requiresShipping ? "TRUE" : "FALSE")
                set(Column.taxable, "TRUE")
                set(Column.barcode, variant.barcode?.rawValue ?? "")
                set(Column.variantImage, variant.images.first ?? "")
                set(Column.cost, variant.cost?.amountString ?? "")
            }
            if rowIndex < product.images.count {
                set(Column.imageSource, product.images[rowIndex])
                set(Column.imagePosition, String(rowIndex + 1))
            }
            rows.append(cells)
        }
        return rows
    }
}
