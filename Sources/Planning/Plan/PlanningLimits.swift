import Reconcile

/// How a platform takes writes, as plain numbers (Planning knows no adapter).
///
/// For example, Shopify: `writeBatchSize: 250, perProductCalls: true` (`productVariantsBulkUpdate`
/// takes one product's variants) and `stockWriteBatchSize: 250` (`inventorySetQuantities` spans
/// products); WooCommerce: `writeBatchSize: 100` (the `/batch` endpoints), stock written with the
/// product (`stockWriteBatchSize: nil`); Magento: `writeBatchSize: 1, perProductCalls: true`.
/// The adapters own the real numbers; the integrator passes them in.
public struct PlanningLimits: Hashable, Sendable {
    /// Listings (variants) per write call. All of one listing's changes go in the same call.
    public var writeBatchSize: Int
    /// Whether one write call can only touch the variants of one product.
    public var perProductCalls: Bool
    /// Stock quantities per call when stock has its own endpoint spanning products; `nil` when
    /// stock is written with the other fields.
    public var stockWriteBatchSize: Int?
    /// Fields that belong to the product rather than the variant: written once per product.
    public var productLevelFields: Set<ManagedField>
    /// Whether variants of a product with several (remote variant id ≠ product id) go in a call of
    /// their own per product, while single-variant products share calls: WooCommerce's
    /// `/products/{id}/variations/batch` next to `/products/batch`.
    public var variantsPerParentCall: Bool
    /// With ``perProductCalls``: how many products' calls the platform takes in one request
    /// (Shopify runs several aliased mutations of one document, each its own product). 1 keeps
    /// one product a call.
    public var productsPerCall: Int

    public init(
        writeBatchSize: Int = 50, perProductCalls: Bool = false, stockWriteBatchSize: Int? = nil,
        productLevelFields: Set<ManagedField> = [.title, .description, .images], variantsPerParentCall: Bool = false,
        productsPerCall: Int = 1
    ) {
        self.productsPerCall = max(1, productsPerCall)
        self.writeBatchSize = max(1, writeBatchSize)
        self.perProductCalls = perProductCalls
        self.variantsPerParentCall = variantsPerParentCall
        self.stockWriteBatchSize = stockWriteBatchSize.map { max(1, $0) }
        self.productLevelFields = productLevelFields
    }
}
