import CatalogModel

/// A whole catalog as one file holds it: the products with their variants, and the locations
/// their stock refers to.
///
/// This is what every importer produces and every exporter consumes, so that converting between
/// formats is `read` followed by `write` with nothing format-specific in between.
public struct CatalogDocument: Hashable, Sendable {
    /// Products in file order.
    public var products: [Product]
    /// The locations named by the variants' stock, in order of first appearance (or as declared
    /// in a JSON Lines file).
    public var locations: [Location]
    /// Kits defined in the file (a `Kit Components` column or `kitComponents` key on the kit's row).
    public var kits: [KitDefinition]
    /// What the variants' stock covers: every location (JSON Lines) or one available quantity at
    /// one location (the CSV formats), which a catalog write must not take for the whole stock.
    public var stockScope: StockScope

    public init(
        products: [Product] = [], locations: [Location] = [], kits: [KitDefinition] = [],
        stockScope: StockScope = .perLocation
    ) {
        self.products = products
        self.locations = locations
        self.kits = kits
        self.stockScope = stockScope
    }

    /// All variants of all products, in order.
    public var variants: [Variant] { products.flatMap(\.variants) }
}
