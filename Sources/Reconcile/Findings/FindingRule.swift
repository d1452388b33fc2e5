/// One rule of the catalogue: its code, default severity, what it means and how to fix it.
///
/// Reports and the review screen read ``summary`` and ``fix`` from here, so the wording lives in
/// one place. Rules with ``isConfigurable`` can be switched off or re-levelled per store; the
/// three-way comparison codes cannot (they decide what is written; change the field's policy
/// instead).
public struct FindingRule: Hashable, Sendable, Identifiable {
    public let code: FindingCode
    public let defaultSeverity: Severity
    /// One line: what is wrong.
    public let summary: String
    /// One line: what to do about it.
    public let fix: String
    public let isConfigurable: Bool

    public var id: FindingCode { code }

    init(_ code: FindingCode, _ severity: Severity, _ summary: String, fix: String, configurable: Bool = true) {
        self.code = code
        self.defaultSeverity = severity
        self.summary = summary
        self.fix = fix
        self.isConfigurable = configurable
    }

    /// The rule for a code, if it is one of Concord's.
    public static func rule(for code: FindingCode) -> FindingRule? { byCode[code] }

    private static let byCode: [FindingCode: FindingRule] = Dictionary(
        uniqueKeysWithValues: all.map { ($0.code, $0) })

    /// Every rule, in the order reports list them.
    public static let all: [FindingRule] = [
        // Three-way comparison.
        .init(
            .catalogChanged, .info, "the catalog changed since the last sync; the store still has the old value",
            fix: "none needed: Concord pushes the catalog value", configurable: false),
        .init(
            .storeEdited, .warning, "the store was edited outside Concord since the last sync",
            fix: "the field's store-edit policy decides; review it if the edit was deliberate", configurable: false),
        .init(
            .conflict, .warning, "the catalog and the store both changed since the last sync, to different values",
            fix: "choose the right value in the review queue; nothing is written until then", configurable: false),
        .init(
            .firstSync, .info, "Concord has never synced this field here and the values differ",
            fix: "the field's first-sync policy decides; review descriptive fields before accepting",
            configurable: false),
        .init(
            .currencyMismatch, .error, "the store's price is in another currency than the price rule gives",
            fix: "set the store's currency in its price rule (currency = \"...\") or fix the store's currency",
            configurable: false),
        .init(
            .priceRuleFailed, .error, "the price rule cannot compute a price for this amount",
            fix: "check the store's price rule (multiplier, markup) and the catalog price", configurable: false),
        // Stock by cause.
        .init(
            .stockMovedByOrders, .info,
            "the store's stock moved by its own orders since the last sync (sales, cancellations, restocked refunds) and the sellable quantity differs",
            fix: "none needed: Concord pushes the sellable quantity", configurable: false),
        .init(
            .stockEditAdopted, .info,
            "the store's stock was changed in its admin and the store's stock policy adopts such edits",
            fix: "none needed: the difference is booked in the ledger as an adjustment at the location the store's stock comes from",
            configurable: false),
        // Catalog values.
        .init(
            .catalogPriceNotPositive, .error,
            "the catalog price (or what the store's price rule makes of it) is zero or negative; Concord does not write it",
            fix: "set a positive price in the catalog and import it again, mark the variant draft, or fix the store's price rule",
            configurable: false),
        // Matching.
        .init(
            .skuNearMiss, .warning, "the store's SKU differs from a catalog SKU only by letter case or white space",
            fix: "correct the SKU in the store (or the catalog) so that both are identical"),
        .init(
            .barcodePointsElsewhere, .warning, "the listing's barcode belongs to another catalog SKU",
            fix: "correct the SKU or the barcode in the store; Concord does not sync this listing until then"),
        .init(
            .ambiguousBarcode, .warning, "the listing has no usable SKU and its barcode matches no single free catalog variant",
            fix: "give the listing its catalog SKU in the store"),
        .init(
            .skuDiffersFromMapping, .info, "the store's SKU text differs from the SKU this listing was mapped to",
            fix: "correct the SKU in the store; Concord keeps syncing by the stored mapping"),
        .init(
            .remapped, .info, "the SKU is now at another listing than the one stored for it",
            fix: "none if the product was re-created in the store; otherwise check for a duplicate"),
        // Stock.
        .init(
            .oversellRisk, .error, "the store shows more units than Concord can sell",
            fix: "let Concord push the sellable quantity, or lower the store's stock by hand now"),
        .init(
            .unmappedLocation, .info, "the store has locations that are not in the store's location map; their stock is ignored",
            fix: "map each store location to a catalog location in concord.toml ([stores.<id>.locations])"),
        .init(
            .noLocationMapped, .warning,
            "none of the store's locations maps to a catalog location, so Concord syncs no stock to this store",
            fix: "map a store location to a catalog location in concord.toml ([stores.<id>.locations], e.g. default = \"main\")",
            configurable: false),
        .init(
            .stockNotTracked, .warning, "the store does not track stock for this item, so it can sell any quantity",
            fix: "turn on stock tracking for the item in the store"),
        .init(
            .untrackedOutOfStock, .warning,
            "the store does not count this item's stock and marks it out of stock, while the catalog has units to sell",
            fix: "set the item in stock in the store, or turn on stock tracking there so that Concord keeps its count"),
        .init(
            .channelsOversell, .warning, "the stores together show more units of the SKU than are sellable",
            fix:
                "lower the stores' shares or maximums in [stores.<id>.allocation], or set oversell_allowed = true if the overlap is deliberate"
        ),
        // Kits.
        .init(
            .kitMissingComponent, .error, "a component of the kit is not in the catalog, so the kit shows 0",
            fix: "add the component to the catalog, or correct the kit with concord catalog kit add"),
        // Listing errors.
        .init(
            .missingSKU, .error, "the listing has no SKU, so Concord cannot tell which product it is",
            fix: "enter the catalog SKU on the listing in the store"),
        .init(
            .duplicateSKU, .error, "several listings in this store carry the same SKU; none is synced",
            fix: "delete or re-SKU the duplicates so that one listing per SKU remains"),
        .init(
            .orphan, .warning, "the listing's SKU is not in the catalog",
            fix: "add the SKU to the catalog, correct it in the store, or delete the listing"),
        .init(
            .missingListing, .warning, "a catalog variant this store should carry has no listing there",
            fix: "create the listing in the store, or exclude the SKU from the store's assortment"),
        .init(
            .priceNotPositive, .error, "the listing's price is zero, negative or missing",
            fix: "set the price; the catalog price (through the store's rule) is the expected one"),
        .init(
            .priceBelowCost, .warning, "the listing sells below the catalog cost",
            fix: "raise the price or check the cost in the catalog"),
        .init(
            .compareAtNotAbovePrice, .warning, "the compare-at price is not above the price, so no discount is shown",
            fix: "raise the compare-at price above the price or clear it"),
        .init(.noImage, .warning, "the listing has no image", fix: "add at least one product image"),
        .init(
            .placeholderTitle, .warning, "the listing's title is empty or a placeholder",
            fix: "give the product its real title"),
        .init(
            .emptyDescription, .info, "the listing has no description",
            fix: "add a description (the catalog's, if Concord manages descriptions)"),
        .init(
            .activeOutOfStock, .warning, "the listing is for sale with no stock and no backorders",
            fix: "restock, allow backorders, or set the listing to draft"),
        .init(
            .inactiveInStock, .info, "the listing is draft or archived while it has stock and the catalog sells it",
            fix: "publish the listing if it should be for sale"),
        .init(
            .invalidBarcode, .warning, "the barcode is not a valid GTIN (8, 12, 13 or 14 digits with a correct check digit)",
            fix: "correct the barcode from the product's packaging"),
        .init(
            .scientificBarcode, .error, "the barcode was turned into a number in scientific notation by a spreadsheet",
            fix: "re-enter the full barcode; the digits that were lost cannot be recovered"),
        .init(
            .missingWeight, .warning, "the item ships but has no weight, so shipping rates are wrong",
            fix: "enter the weight in the catalog or the store"),
        .init(
            .optionMismatch, .warning, "the listing's option values differ from the catalog's",
            fix: "correct the option values so that the variant is the one the catalog describes"),
    ]
}
