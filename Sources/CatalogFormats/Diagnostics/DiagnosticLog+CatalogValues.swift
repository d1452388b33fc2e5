import CatalogModel

extension DiagnosticLog {
    /// A price, compare-at price or cost below zero is an error: no store sells for less than
    /// nothing, and a minus sign in a price column is a typing or spreadsheet mistake.
    mutating func checkNotNegative(_ money: Money?, what: String, line: Int, column: String, sku: SKU?) {
        guard let money, money.minorUnits < 0 else { return }
        error(
            .negativeAmount, line: line, column: column, sku: sku,
            "the \(what) \(money.amountString) is negative; write the amount without a minus sign")
    }

    /// A zero price imports (a placeholder is a real thing in a catalog) but is never pushed to a
    /// store (the reconciler's `catalog.price-not-positive`), so a variant for sale is warned about.
    mutating func checkPriceNotZero(_ price: Money?, isForSale: Bool, line: Int, column: String, sku: SKU?) {
        guard isForSale, let price, price.minorUnits == 0 else { return }
        warning(
            .zeroPrice, line: line, column: column, sku: sku,
            "price 0: Concord will not push it to any store; set the price or mark the variant draft")
    }

    /// Negative on hand is kept, with a warning: Shopify's inventory import takes negative counts
    /// (help.shopify.com/en/manual/products/inventory/getting-started-with-inventory/inventory-csv,
    /// "positive, negative, or 0") — a location that sold more than it held — and Concord sells none
    /// of it.
    mutating func checkOnHand(_ onHand: Int, location: String, line: Int, column: String, sku: SKU?) {
        guard onHand < 0 else { return }
        warning(
            .negativeStock, line: line, column: column, sku: sku,
            "on hand \(onHand) at location \(location) is negative (more sold than held); it is imported as "
                + "it is and Concord sells none there — count the stock and import the real number")
    }

    /// A location the catalog does not have is refused unless the import may create locations,
    /// so that a misspelt code never becomes a new, empty warehouse.
    mutating func checkKnown(location: String, options: ImportOptions, line: Int?, column: String, sku: SKU? = nil) {
        guard let known = options.knownLocations, !known.contains(location) else { return }
        let list = known.sorted().joined(separator: ", ")
        error(
            .unknownLocation, line: line, column: column, sku: sku,
            "location \"\(location)\" is not in the catalog (known: \(list.isEmpty ? "none" : list)); correct the "
                + "code, or pass --new-locations to create it")
    }
}
