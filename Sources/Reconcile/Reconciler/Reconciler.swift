import CatalogModel

/// Reconciles one store against the catalog: match listings, compare every managed field three
/// ways, apply the stock, price and listing-error rules.
///
/// A pure function of its input: no I/O, no clock, no randomness, so the same input always gives
/// the same findings in the same order. Its cost is O(listings + catalog variants) plus a hash
/// lookup per compared field; nothing is allocated for fields that are in sync. It runs on the
/// calling thread and, for a large store, on Dispatch's worker threads beside it.
public enum Reconciler {
    /// Reconciles one store.
    ///
    /// A large store's listings are settled in chunks on all cores (`chunks`: how many; default
    /// by size, one below about 32,000 listings). The result is the same for any chunk count:
    /// findings keep listing order.
    public static func reconcile(_ input: ReconcileInput, chunks: Int? = nil) -> ReconcileResult {
        var work = StoreReconciliation(input)
        work.run(chunks: chunks)
        return work.finish()
    }

    /// The store's value of a scalar field, normalised as the comparison sees it, or `nil` when
    /// the store did not report it (a description the adapter did not read).
    public static func storeValue(_ field: ManagedField, of listing: Listing) -> FieldValue? {
        switch field {
        case .stock: nil
        case .price: listing.price.map(FieldValue.money) ?? FieldValue.none
        case .compareAtPrice: compareAtValue(listing.compareAtPrice)
        case .barcode: barcodeValue(listing.barcode)
        case .title: .text(listing.productTitle)
        case .description: listing.descriptionHTML.map(FieldValue.text)
        case .status: .status(listing.status)
        case .images: .list(listing.images)
        case .weight: listing.weight.map(FieldValue.weight) ?? FieldValue.none
        }
    }

    /// The status a store should show for a variant: the more withdrawn of product and variant.
    public static func canonicalStatus(product: ListingStatus, variant: ListingStatus) -> ListingStatus {
        if product == .archived || variant == .archived { return .archived }
        if product == .draft || variant == .draft { return .draft }
        return .active
    }

    /// The images a store should show for a variant: the product's, then the variant's own.
    public static func canonicalImages(product: [String], variant: [String]) -> [String] {
        if variant.isEmpty { return product }
        var images = product
        for image in variant where !images.contains(image) { images.append(image) }
        return images
    }

    /// A compare-at price of zero means "none" on every platform Concord speaks.
    static func compareAtValue(_ money: Money?) -> FieldValue {
        guard let money, money.minorUnits != 0 else { return .none }
        return .money(money)
    }

    static func barcodeValue(_ text: String?) -> FieldValue {
        guard let text else { return .none }
        let trimmed = TextChecks.trimmed(text)
        return trimmed.isEmpty ? .none : .text(trimmed)
    }

    /// Titles that mean nobody wrote one (compared case-insensitively, trimmed).
    public static let placeholderTitles: Set<String> = [
        "untitled", "untitled product", "default title", "test", "test product", "testing", "product",
        "new product", "title", "product title", "sample", "sample product", "placeholder", "todo", "tbd",
        "xxx", "n/a", "na", "none", "item", "new item", "lorem ipsum", "copy", "asdf",
    ]

    static func isPlaceholderTitle(_ title: String) -> Bool {
        let trimmed = TextChecks.trimmed(title)
        if trimmed.isEmpty { return true }
        let length = trimmed.utf8.count
        guard length < 64, placeholderLengths & (1 << UInt64(length)) != 0 else { return false }
        // Compare bytes case-insensitively with the few placeholders of the same length, so an
        // ordinary title costs no lowercasing or hashing.
        for placeholder in placeholderBytes where placeholder.count == length {
            var same = true
            for (lhs, rhs) in zip(trimmed.utf8, placeholder) where (lhs | 0x20) != rhs && lhs != rhs {
                same = false
                break
            }
            if same { return true }
        }
        return false
    }

    private static let placeholderLengths: UInt64 = placeholderTitles.reduce(0) { $0 | 1 << UInt64($1.utf8.count) }
    private static let placeholderBytes: [[UInt8]] = placeholderTitles.sorted().map { Array($0.utf8) }

    /// Shopify gives a single-variant product the option value `Default Title`; a catalog
    /// variant without options is the same thing.
    static func optionsMatch(store: [String], catalog: [String]) -> Bool {
        if store == catalog { return true }
        if catalog.isEmpty && store.count == 1 && store[0] == "Default Title" { return true }
        guard store.count == catalog.count else { return false }
        for (lhs, rhs) in zip(store, catalog) where TextChecks.trimmed(lhs) != TextChecks.trimmed(rhs) { return false }
        return true
    }
}
