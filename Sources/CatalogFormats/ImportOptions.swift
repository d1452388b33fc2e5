import CatalogModel

/// What an import needs to know that the file itself may not say.
///
/// CSV exports of Shopify and WooCommerce carry prices without a currency and one stock number
/// per variant without a location; these options fill in both. JSON Lines files carry their own
/// currencies and locations and ignore ``currency`` and ``defaultLocation``.
public struct ImportOptions: Sendable, Hashable {
    /// The currency of prices in CSV files, which write bare amounts.
    public var currency: CurrencyCode
    /// The location code that single-quantity formats (Shopify's `Variant Inventory Qty`,
    /// WooCommerce's `Stock`) put their stock at.
    public var defaultLocation: String
    /// The unit of WooCommerce weights. `nil` reads it from the column header (`Weight (kg)`,
    /// `Weight (lbs)`), which WooCommerce writes from the store's setting; set it for files whose
    /// header has no unit. When both are present and differ, this wins and a warning says so.
    public var weightUnit: Weight.Unit?
    /// The location codes the catalog has. A file whose stock names (or, in JSON Lines, declares)
    /// another code is refused with the known codes listed. `nil` accepts any code (a first import
    /// into an empty catalog, or `--new-locations`).
    public var knownLocations: Set<String>?
    /// The CSV separator: `,` by default; `;` or a tab for a file saved that way on purpose
    /// (`--delimiter`). A file separated otherwise than said is refused with what it is.
    public var delimiter: UnicodeScalar = ","

    /// - Parameters:
    ///   - currency: The currency of CSV prices; USD unless the shop sells in another.
    ///   - defaultLocation: Where single-quantity formats put their stock; `main` by default.
    ///   - weightUnit: The WooCommerce weight unit; `nil` to take it from the header.
    ///   - knownLocations: The catalog's location codes; `nil` to accept new ones.
    public init(
        currency: CurrencyCode = .usd, defaultLocation: String = "main", weightUnit: Weight.Unit? = nil,
        knownLocations: Set<String>? = nil
    ) {
        self.currency = currency
        self.defaultLocation = defaultLocation
        self.weightUnit = weightUnit
        self.knownLocations = knownLocations
    }
}

extension ImportOptions {
    /// The locations of a document read from a single-quantity format: ``defaultLocation`` when
    /// any variant has stock, else none.
    func singleLocation(for products: [Product]) -> [Location] {
        let hasStock = products.contains { $0.variants.contains { !$0.stock.isEmpty } }
        return hasStock ? [Location(code: defaultLocation, name: defaultLocation)] : []
    }
}
