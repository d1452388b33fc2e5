import CatalogModel

/// What one store shows of its own stock: the SKUs it lists as active and which of them it shows
/// with no stock. Measured from the store's read (or saved snapshot), so the per-store stock-out
/// rate reflects what shoppers there saw, not what the catalog holds.
public struct ListedStock: Hashable, Sendable {
    /// Distinct SKUs with at least one active listing (blank SKUs are not counted).
    public var activeSKUs: Int
    /// Those whose every active listing shows no stock, sorted.
    public var outOfStockSKUs: [String]

    public init(activeSKUs: Int, outOfStockSKUs: [String]) {
        self.activeSKUs = activeSKUs
        self.outOfStockSKUs = outOfStockSKUs
    }

    /// Measures a store's listings.
    ///
    /// A listing is out of stock when the units it shows at all its locations add up to 0 or
    /// less, or, where the store does not count units (WooCommerce `manage_stock: false`), when it
    /// says `outofstock`. Backorders do not count as stock: a stock-out that takes backorders is
    /// still a stock-out. A SKU listed twice is out only when every active listing of it is.
    public static func measure(_ listings: [Listing]) -> ListedStock {
        var inStock: [String: Bool] = [:]
        for listing in listings where listing.status == .active {
            guard let sku = listing.sku?.rawValue else { continue }
            let hasStock: Bool
            if listing.tracksStock {
                hasStock = listing.stock.reduce(0) { $0 + $1.available } > 0
            } else {
                hasStock = listing.availability != .outOfStock
            }
            inStock[sku] = (inStock[sku] ?? false) || hasStock
        }
        return ListedStock(activeSKUs: inStock.count, outOfStockSKUs: inStock.filter { !$0.value }.keys.sorted())
    }
}
