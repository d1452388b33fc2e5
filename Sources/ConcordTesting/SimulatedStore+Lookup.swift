import CatalogModel
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator

extension SimulatedStore {
    /// The store's first variant with `sku`, as the store holds it now (traps when there is none).
    public func variant(sku: String) -> SimVariant {
        shop.read { $0.variants(sku: sku)[0].variant }
    }

    /// The product holding the store's first variant with `sku` (traps when there is none).
    public func product(sku: String) -> SimProduct {
        shop.read { $0.variants(sku: sku)[0].product }
    }

    /// A Magento store's endpoint signed in as its admin user (username and password) instead of
    /// with its integration token; `password` replaces the right one.
    public func magentoAdminEndpoint(password: String? = nil) -> StoreEndpoint {
        StoreEndpoint(
            store: endpoint.store, platform: .magento, baseURL: baseURL, key: Secret(credentials.magentoAdminUsername),
            secret: Secret(password ?? credentials.magentoAdminPassword))
    }
}
