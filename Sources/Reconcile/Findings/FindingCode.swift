/// The stable code of a finding (`listing.missing-sku`), used in reports, policies and the review
/// queue. An open set, like NIO's error codes: new rules add codes without breaking anyone.
public struct FindingCode: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: FindingCode, rhs: FindingCode) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    // MARK: Three-way comparison (carry an action; not switchable)

    /// The catalog changed since the last sync and the store did not: push.
    public static let catalogChanged: FindingCode = "drift.catalog-changed"
    /// The store was edited outside Concord: the field's store-edit policy decides.
    public static let storeEdited: FindingCode = "drift.store-edited"
    /// Both sides moved away from the last synced value, differently: a person decides.
    public static let conflict: FindingCode = "drift.conflict"
    /// Never synced and different: the field's first-sync policy decides.
    public static let firstSync: FindingCode = "drift.first-sync"
    /// The store's price is in another currency than the price rule gives: nothing is written.
    public static let currencyMismatch: FindingCode = "price.currency-mismatch"
    /// The price rule cannot produce a price for this amount (overflow): nothing is written.
    public static let priceRuleFailed: FindingCode = "price.rule-failed"

    // MARK: Catalog values (decide what is written; not switchable)

    /// The catalog's price or compare-at price, or what the store's price rule makes of it, is zero
    /// or negative: nothing is written to the store.
    public static let catalogPriceNotPositive: FindingCode = "catalog.price-not-positive"

    // MARK: Matching

    public static let skuNearMiss: FindingCode = "match.sku-case-or-whitespace"
    public static let barcodePointsElsewhere: FindingCode = "match.barcode-points-elsewhere"
    public static let ambiguousBarcode: FindingCode = "match.ambiguous-barcode"
    public static let skuDiffersFromMapping: FindingCode = "match.sku-differs-from-mapping"
    public static let remapped: FindingCode = "match.remapped"

    // MARK: Stock

    /// The store's count moved by its own orders since Concord last wrote it (sales, restocking
    /// cancellations and refunds), and by nothing else: not an edit; the sellable number is pushed.
    public static let stockMovedByOrders: FindingCode = "stock.moved-by-orders"
    /// The store's count differs from what Concord wrote less the store's own orders since, and
    /// the store's stock policy is `adopt`: the difference is booked as an adjustment in the ledger.
    public static let stockEditAdopted: FindingCode = "stock.edit-adopted"
    public static let oversellRisk: FindingCode = "stock.oversell-risk"
    public static let unmappedLocation: FindingCode = "stock.unmapped-location"
    /// None of the store's locations maps to a catalog location: no stock is synced there.
    public static let noLocationMapped: FindingCode = "stock.no-location-mapped"
    public static let stockNotTracked: FindingCode = "stock.not-tracked"
    /// An untracked item the store marks out of stock while the catalog can sell it.
    public static let untrackedOutOfStock: FindingCode = "stock.untracked-out-of-stock"
    /// The stores together show more of a SKU than is sellable, and their rules do not allow it.
    public static let channelsOversell: FindingCode = "stock.channels-oversell"

    // MARK: Kits

    public static let kitMissingComponent: FindingCode = "kit.missing-component"

    // MARK: Listing errors

    public static let missingSKU: FindingCode = "listing.missing-sku"
    public static let duplicateSKU: FindingCode = "listing.duplicate-sku"
    public static let orphan: FindingCode = "listing.orphan"
    public static let missingListing: FindingCode = "listing.missing"
    public static let priceNotPositive: FindingCode = "listing.price-not-positive"
    public static let priceBelowCost: FindingCode = "listing.price-below-cost"
    public static let compareAtNotAbovePrice: FindingCode = "listing.compare-at-not-above-price"
    public static let noImage: FindingCode = "listing.no-image"
    public static let placeholderTitle: FindingCode = "listing.placeholder-title"
    public static let emptyDescription: FindingCode = "listing.empty-description"
    public static let activeOutOfStock: FindingCode = "listing.active-out-of-stock"
    public static let inactiveInStock: FindingCode = "listing.inactive-in-stock"
    public static let invalidBarcode: FindingCode = "listing.invalid-barcode"
    public static let scientificBarcode: FindingCode = "listing.barcode-scientific-notation"
    public static let missingWeight: FindingCode = "listing.missing-weight"
    public static let optionMismatch: FindingCode = "listing.option-mismatch"
}
