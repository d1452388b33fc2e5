import CatalogModel
import Foundation
import JSONValue
import MagentoSimulator
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import WooCommerceSimulator

/// Everything that decides what a simulated store holds and how it behaves.
public struct StoreSpec: Sendable {
    /// Where the store's listings come from.
    public enum Source: Sendable {
        /// `count` products made by `CatalogGenerator` from the spec's seed.
        case generated(count: Int)
        /// A canonical catalog (read from a file, or generated once and shared by several stores).
        case catalog(products: [Product], locations: [Location])
    }

    public var platform: Platform
    public var name: String
    public var seed: UInt64
    public var source: Source
    public var currency: CurrencyCode
    /// Share of products (0...1) that get a deliberate listing error.
    public var listingErrorShare: Double
    public var drift: DriftProfile
    public var server: ServerOptions
    public var clock: SimClock
    /// The platform API to serve, when not the platform's default (e.g. a Shopify API with a
    /// larger cost bucket for a test that is not about throttling).
    public var api: (any PlatformAPI)?

    /// - Parameters:
    ///   - platform: Which admin API the store speaks.
    ///   - name: The store's name; also seeds its credentials. Defaults to `sim-<platform>`.
    ///   - seed: Seeds the catalog, drift, errors, faults and activity; same seed, same store.
    ///   - source: Generated products (default 100) or a given catalog.
    ///   - currency: The store's currency; default EUR.
    ///   - listingErrorShare: Share of products with a planted listing error; default none.
    ///   - drift: Differences from the catalog to plant; default none.
    ///   - server: Port, faults, live activity and request limit; default any port, none of the rest.
    ///   - clock: Where timestamps come from; default the wall clock.
    ///   - api: The platform API to serve; default the platform's own with its default options.
    public init(
        platform: Platform, name: String? = nil, seed: UInt64 = 42, source: Source = .generated(count: 100),
        currency: CurrencyCode = .eur, listingErrorShare: Double = 0, drift: DriftProfile = .none,
        server: ServerOptions = ServerOptions(), clock: SimClock = .system, api: (any PlatformAPI)? = nil
    ) {
        self.api = api
        self.platform = platform
        self.name = name ?? "sim-" + platform.rawValue
        self.seed = seed
        self.source = source
        self.currency = currency
        self.listingErrorShare = listingErrorShare
        self.drift = drift
        self.server = server
        self.clock = clock
    }
}

/// A running simulated store: its state and its server on a loopback port.
public final class SimulatedStore: Sendable {
    public let spec: StoreSpec
    public let shop: SimulatedShop
    public let server: SimulatorServer
    /// The platform API the server answers with.
    let api: any PlatformAPI

    /// Seeds the store, starts its server and returns once it listens.
    public static func start(_ spec: StoreSpec) async throws -> SimulatedStore {
        let store = try SimulatedStore(spec: spec)
        try await store.server.start()
        return store
    }

    init(spec: StoreSpec) throws {
        self.spec = spec
        let catalog: (products: [Product], locations: [Location])
        switch spec.source {
        case .generated(let count):
            let output = CatalogGenerator(seed: spec.seed, productCount: count, currency: spec.currency).generate()
            catalog = (output.products, output.locations)
        case .catalog(let products, let locations):
            catalog = (products, locations)
        }
        shop = SimulatedShop.seeded(
            platform: spec.platform, storeName: spec.name, seed: spec.seed, catalog: catalog.products,
            locations: catalog.locations, currency: spec.currency, listingErrorShare: spec.listingErrorShare,
            drift: spec.drift, clock: spec.clock
        )
        api = spec.api ?? Self.api(for: spec.platform)
        server = try SimulatorServer(shop: shop, api: api, options: spec.server)
    }

    /// Runs the store's message queue consumer once, as `bin/magento queue:consumers:start
    /// async.operations.all` does on a Magento store: every queued asynchronous bulk operation is
    /// processed.
    ///
    /// - Returns: How many operations it processed (0 for a store that is not a plain Magento one).
    @discardableResult
    public func runQueueConsumer() -> Int {
        (api as? MagentoPlatform)?.runQueueConsumer(shop: shop) ?? 0
    }

    public func stop() async { await server.stop() }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { server.baseURL }

    public var credentials: SimCredentials { shop.credentials }

    /// The banner lines: platform, URL and credentials in the platform's own form.
    public var banner: [String] { server.banner }

    /// The platform API each platform's stores serve.
    public static func api(for platform: Platform) -> any PlatformAPI {
        switch platform {
        case .shopify: ShopifyPlatform()
        case .woocommerce: WooCommercePlatform()
        case .magento: MagentoPlatform()
        }
    }

    /// The endpoint Concord's adapters use for this store, with its credentials as secrets.
    public var endpoint: StoreEndpoint {
        let credentials = self.credentials
        let id = StoreID(spec.name)
        switch spec.platform {
        case .shopify:
            return StoreEndpoint(store: id, platform: .shopify, baseURL: baseURL, token: Secret(credentials.shopifyAccessToken))
        case .woocommerce:
            return StoreEndpoint(
                store: id, platform: .woocommerce, baseURL: baseURL,
                key: Secret(credentials.wooConsumerKey), secret: Secret(credentials.wooConsumerSecret))
        case .magento:
            return StoreEndpoint(store: id, platform: .magento, baseURL: baseURL, token: Secret(credentials.magentoToken))
        }
    }

    /// What a client needs to reach the store, as `concord-sim serve --ready-file` writes it.
    /// Carries credentials: written only to files the user asked for, with mode 0600.
    public var connectionJSON: JSONValue {
        let credentials = self.credentials
        var object = JSONObject()
        object["platform"] = .string(spec.platform.rawValue)
        object["name"] = .string(spec.name)
        object["base_url"] = .string(baseURL)
        object["products"] = .int(shop.read { $0.productIDs.count })
        switch spec.platform {
        case .shopify:
            object["access_token"] = .string(credentials.shopifyAccessToken)
        case .woocommerce:
            object["consumer_key"] = .string(credentials.wooConsumerKey)
            object["consumer_secret"] = .string(credentials.wooConsumerSecret)
        case .magento:
            object["token"] = .string(credentials.magentoToken)
            object["admin_username"] = .string(credentials.magentoAdminUsername)
            object["admin_password"] = .string(credentials.magentoAdminPassword)
        }
        return .object(object)
    }
}
