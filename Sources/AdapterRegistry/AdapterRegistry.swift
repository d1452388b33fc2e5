import CatalogModel
import HTTPClient
import MagentoAdapter
import ShopifyAdapter
import StorefrontAdapter
import WooCommerceAdapter

/// Every platform Concord syncs, in one place: how to build its adapter from a store's endpoint,
/// how to check a connection, and the read and write shape the adapter states for the platform.
///
/// The command line, the benchmarks and the tests build adapters here, and plan offline with the
/// limits here, so what a platform can do is said once, by its adapter. Adding a platform is one
/// new target under `Adapters/` and one line in ``platforms``.
public enum AdapterRegistry {
    /// One platform's entry.
    public struct Registration: Sendable {
        public var platform: Platform
        /// The adapter's read and write shape with its default options.
        public var limits: AdapterLimits
        public var makeAdapter: @Sendable (StoreEndpoint, HTTPClient, AdapterSettings) -> any StorefrontAdapter
        public var checkConnection: @Sendable (StoreEndpoint, HTTPClient) async throws -> ConnectionReport
    }

    /// The platforms, one line each.
    public static let platforms: [Registration] = [
        Registration(
            platform: .shopify, limits: ShopifyAdapter.limits(),
            makeAdapter: { endpoint, client, _ in ShopifyAdapter(endpoint: endpoint, client: client) },
            checkConnection: { try await ShopifyConnection.check($0, client: $1) }),
        Registration(
            platform: .woocommerce, limits: WooCommerceAdapter.limits(),
            makeAdapter: { endpoint, client, settings in
                WooCommerceAdapter(
                    endpoint: endpoint, client: client,
                    options: WooCommerceAdapterOptions(
                        requestsPerSecond: settings.requestsPerSecond ?? WooCommerceAdapterOptions().requestsPerSecond))
            },
            checkConnection: { try await WooCommerceConnection.check($0, client: $1) }),
        Registration(
            platform: .magento, limits: MagentoAdapter.limits(),
            makeAdapter: { endpoint, client, settings in
                MagentoAdapter(
                    endpoint: endpoint, client: client,
                    options: MagentoAdapterOptions(
                        requestsPerSecond: settings.requestsPerSecond ?? MagentoAdapterOptions().requestsPerSecond,
                        asyncBulk: settings.magentoAsyncBulk))
            },
            checkConnection: { try await MagentoConnection.check($0, client: $1) }),
    ]

    public static func registration(for platform: Platform) -> Registration {
        guard let entry = platforms.first(where: { $0.platform == platform }) else {
            preconditionFailure("\(platform) has no adapter registered in AdapterRegistry.platforms")
        }
        return entry
    }

    /// The adapter for a store's endpoint.
    public static func adapter(for endpoint: StoreEndpoint, client: HTTPClient, settings: AdapterSettings = AdapterSettings())
        -> any StorefrontAdapter
    {
        registration(for: endpoint.platform).makeAdapter(endpoint, client, settings)
    }

    /// Reaches the store with its platform's connection check (read-only).
    public static func checkConnection(_ endpoint: StoreEndpoint, client: HTTPClient) async throws -> ConnectionReport {
        try await registration(for: endpoint.platform).checkConnection(endpoint, client)
    }

    /// A platform's read and write shape with its adapter's default options: what an offline plan
    /// batches with.
    public static func limits(for platform: Platform) -> AdapterLimits {
        registration(for: platform).limits
    }
}

/// What a store's configuration tunes in its adapter.
public struct AdapterSettings: Sendable, Hashable {
    /// The pace for platforms metered per request (WooCommerce, Magento); nil keeps the adapter's
    /// default, which suits shared hosting.
    public var requestsPerSecond: Double?
    /// `magento_async_bulk`: product fields through Magento's asynchronous bulk API.
    public var magentoAsyncBulk: Bool

    public init(requestsPerSecond: Double? = nil, magentoAsyncBulk: Bool = false) {
        self.requestsPerSecond = requestsPerSecond
        self.magentoAsyncBulk = magentoAsyncBulk
    }
}
