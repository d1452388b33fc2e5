/// What a catalog file's stock numbers cover, and so what a catalog write may do with the stock
/// it does not mention.
///
/// Concord JSON Lines lists each variant's stock per location; Shopify's and WooCommerce's product
/// CSVs have one quantity column, which can only speak for one location. A write must never read
/// "not in the file" as "zero" for a location the format could not have named.
public enum StockScope: String, Sendable, Hashable, Codable {
    /// Each variant lists its stock per location (on hand, available, committed), as JSON Lines and
    /// a store pull do. The levels given are written as given; with a replace, a variant's levels at
    /// locations it does not list are removed, with a merge they are kept.
    case perLocation
    /// One available quantity per variant, at one location (a CSV's single stock column). It sets
    /// what is available there, keeping the units committed and moving on hand by the same amount;
    /// the variant's other locations are kept, in a merge and a replace alike.
    case availableAtOneLocation
}
