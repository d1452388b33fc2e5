import CatalogModel

/// A listing matched to its catalog variant, as the ``FieldComparator`` and the
/// ``StockComparison`` read it.
///
/// The comparisons run once per matched listing, a million times in a large store. Copying a
/// `Listing`, `Product` or `Variant` out of its array would retain every string and array in it,
/// so this holds pointers into the snapshot's listings and the catalog instead. They are valid
/// only inside the settling loop that makes them (``StoreReconciliation/settle(_:candidates:claims:)``).
///
/// Noncopyable, so that it is only ever borrowed: passed down to every field's comparison, a copy
/// would cost a retain of the SKU per field, and nothing can keep one past the loop.
struct MatchedListing: ~Copyable {
    let listing: UnsafePointer<Listing>
    let product: UnsafePointer<Product>
    let variant: UnsafePointer<Variant>
    /// The listing's position in the snapshot, which a base record names.
    let index: Int
    /// The variant's catalog entry.
    let entry: Int
    let sku: SKU
    /// Where the SKU's base values sit (see `BaseTable`), looked up once for all its fields.
    let baseSlot: BaseTable.Slot?

    var ref: RemoteRef { listing.pointee.ref }
}
