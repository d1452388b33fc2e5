import CatalogModel

/// Choices for formats that cannot hold everything a catalog document can.
public struct ExportOptions: Sendable, Hashable {
    /// The location whose available stock goes into single-quantity formats (Shopify CSV,
    /// WooCommerce CSV). `nil` writes the sum over all locations, which is what a single-location
    /// store should hold after a migration.
    public var stockLocation: String?
    /// The unit of WooCommerce's single `Weight (unit)` column. `nil` uses the unit most variants
    /// already have (kilograms when none has a weight), so that most weights are written unconverted.
    public var weightUnit: Weight.Unit?

    /// - Parameters:
    ///   - stockLocation: The location to export stock from; `nil` sums all locations.
    ///   - weightUnit: The WooCommerce weight unit; `nil` picks the most common one.
    public init(stockLocation: String? = nil, weightUnit: Weight.Unit? = nil) {
        self.stockLocation = stockLocation
        self.weightUnit = weightUnit
    }
}

extension ExportOptions {
    /// The single stock number a one-quantity format gets for `variant`: the available stock at
    /// ``stockLocation``, or summed over all locations; `nil` when the variant's stock is not tracked.
    func exportedStock(of variant: Variant) -> Int? {
        guard !variant.stock.isEmpty else { return nil }
        if let stockLocation {
            return variant.stock.first { $0.location == stockLocation }?.available ?? 0
        }
        return variant.stock.reduce(0) { $0 + $1.available }
    }
}
