import AdapterRegistry
import CatalogModel
import Planning
import Sync

/// How a synthetic store names things, after one of the platforms: its ids, its stock locations
/// and the batch sizes its writes are planned with. Stores of a run take the styles in turn.
enum StoreStyle: String, CaseIterable, Sendable {
    case shopify
    case woocommerce
    case magento

    /// The store's locations (its own ids), and which catalog location each sells from.
    var locations: [(id: String, catalogCode: String)] {
        switch self {
        case .shopify: [("gid://shopify/Location/71", "main"), ("gid://shopify/Location/72", "berlin")]
        // WooCommerce keeps one stock number per item.
        case .woocommerce: [("default", "main")]
        case .magento: [("main", "main"), ("berlin", "berlin")]
        }
    }

    var locationMap: [String: String] {
        Dictionary(uniqueKeysWithValues: locations.map { ($0.id, $0.catalogCode) })
    }

    /// The platform's write shape, as its adapter states it (``AdapterRegistry``).
    var planningLimits: PlanningLimits {
        let platform: Platform =
            switch self {
            case .shopify: .shopify
            case .woocommerce: .woocommerce
            case .magento: .magento
            }
        return PlanningLimits(AdapterRegistry.limits(for: platform))
    }

    /// The ids of a listing: `product` and `entry` are the catalog's product and variant numbers.
    func ref(product: Int, entry: Int, parentSKU: @autoclosure () -> String) -> RemoteRef {
        switch self {
        case .shopify:
            RemoteRef(
                productID: "gid://shopify/Product/" + String(8_000_000 + product),
                variantID: "gid://shopify/ProductVariant/" + String(40_000_000 + entry),
                inventoryItemID: "gid://shopify/InventoryItem/" + String(50_000_000 + entry))
        case .woocommerce:
            RemoteRef(productID: String(10 + product), variantID: String(20_000_000 + entry))
        case .magento:
            RemoteRef(productID: parentSKU(), variantID: String(100 + entry))
        }
    }
}
