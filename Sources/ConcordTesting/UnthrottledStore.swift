import CatalogModel
import ConcordConfig
import Foundation
import HTTPClient
import MagentoAdapter
import ShopifyAdapter
import ShopifySimulator
import StorefrontAdapter
import StorefrontSimulator
import WooCommerceAdapter

/// A simulated store and the adapter that reads it with nothing to wait for: Shopify's cost
/// bucket roomy, the WooCommerce and Magento adapters' pace lifted to 10,000 requests a second.
/// For tests about what is read and written, not about how fast.
public enum UnthrottledStore {
    /// A store of `platform` seeded from `source`; Shopify's with a roomy cost bucket.
    public static func spec(_ platform: Platform, source: StoreSpec.Source) -> StoreSpec {
        StoreSpec(platform: platform, source: source, api: platform == .shopify ? ShopifyPlatform.roomy : nil)
    }

    /// The real adapter for `endpoint`'s platform, unpaced.
    public static func adapter(_ endpoint: StoreEndpoint, _ client: HTTPClient) -> any StorefrontAdapter {
        switch endpoint.platform {
        case .shopify: ShopifyAdapter(endpoint: endpoint, client: client)
        case .woocommerce:
            WooCommerceAdapter(endpoint: endpoint, client: client, options: WooCommerceAdapterOptions(requestsPerSecond: 10_000))
        case .magento: MagentoAdapter(endpoint: endpoint, client: client, options: MagentoAdapterOptions(requestsPerSecond: 10_000))
        }
    }

    /// The store's configuration as concord.toml would give it: its id, platform and URL, and
    /// `locations` mapping the store's locations to the catalog's.
    public static func configuration(_ endpoint: StoreEndpoint, locations: [String: String] = [:]) -> StoreConfiguration {
        StoreConfiguration(id: endpoint.store, platform: endpoint.platform, url: URL(string: endpoint.baseURL)!, locations: locations)
    }
}
