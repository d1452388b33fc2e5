import CatalogModel
import StorefrontAdapter
import Testing

/// Listings picked from a full read of a WooCommerce store: simple products, and the variations
/// of two variable products.
struct ListingPicks {
    var simple: [Listing]
    var first: [Listing]  // variations of one variable product
    var second: [Listing]  // variations of another

    /// Picks from `snapshot`; a requirement fails (and this throws) when it has fewer than three
    /// simple products or two variable products with two variations each.
    init(_ snapshot: StoreSnapshot) throws {
        let simple = snapshot.listings.filter { $0.ref.productID == $0.ref.variantID }
        let byParent = Dictionary(grouping: snapshot.listings.filter { $0.ref.productID != $0.ref.variantID }, by: \.ref.productID)
        let parents = byParent.keys.filter { byParent[$0]!.count >= 2 }.sorted()
        try #require(simple.count >= 3 && parents.count >= 2)
        self.simple = simple
        first = byParent[parents[0]]!
        second = byParent[parents[1]]!
    }
}
