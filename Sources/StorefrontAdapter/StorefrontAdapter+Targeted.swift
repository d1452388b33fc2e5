import CatalogModel

extension StorefrontAdapter {
    /// The default targeted read: the whole store, filtered to `skus`.
    ///
    /// Correct on every platform, if not cheap; platforms that can search by SKU (Shopify's
    /// `productVariants(query: "sku:A OR sku:B")`) implement ``StorefrontAdapter/fetchListings(skus:)``
    /// with a few requests instead.
    public func fetchListings(skus: Set<SKU>) async throws -> StoreSnapshot {
        var snapshot = try await fetchCatalog(since: nil)
        snapshot.listings = snapshot.listings.filter { $0.sku.map(skus.contains) ?? false }
        snapshot.isComplete = false
        snapshot.nextCursor = nil
        return snapshot
    }
}

extension StorefrontAdapter {
    /// None: the platform keeps an order it can still ship (Shopify and Magento cancel or
    /// archive orders; they do not delete open ones).
    public func vanishedOrders(among ids: [String]) async throws -> Set<String> { [] }
}
