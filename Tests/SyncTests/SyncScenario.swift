import CatalogModel
import CatalogStorage
import ConcordConfig
import ConcordTesting
import Foundation
import HTTPClient
import MagentoAdapter
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Synchronization
import WooCommerceAdapter

/// A catalog in a real SQLite file and one simulated store seeded from it (with drift), wired to
/// the real adapter over libcurl: the setting of every sync test. Made by `withSyncScenario`,
/// which closes it.
final class SyncScenario: Sendable {
    let directory: TemporaryDirectory
    let catalog: SQLiteCatalogStore
    let products: [Product]
    let store: SimulatedStore
    let client: HTTPClient
    let adapter: any StorefrontAdapter
    let configuration: StoreConfiguration

    fileprivate init(
        platform: Platform, seed: UInt64, products productCount: Int, drift: DriftProfile, faults: [FaultRule], maxAttempts: Int,
        singleLocation: Bool, magentoOptions: MagentoAdapterOptions, clock: SimClock
    ) async throws {
        var generated = CatalogGenerator(seed: seed, productCount: productCount).generate()
        if platform == .woocommerce || singleLocation { generated = Self.singleLocation(generated) }
        directory = try TemporaryDirectory()
        catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
        products = generated.products
        let api: (any PlatformAPI)? = platform == .shopify ? ShopifyPlatform.roomy : nil
        store = try await SimulatedStore.start(
            StoreSpec(
                platform: platform, name: "shop", seed: seed,
                source: .catalog(products: generated.products, locations: generated.locations),
                drift: drift, clock: clock, api: api))
        if !faults.isEmpty { store.server.setFaults(faults) }
        client = HTTPClient(configuration: .simulatorTesting(maxAttempts: maxAttempts))
        (configuration, adapter) = ShopDay.wire(
            store, id: "shop", client: client, location: generated.locations[0].code, magento: magentoOptions)
        self.generated = generated
        self.seed = seed
    }

    let generated: CatalogGenerator.Output
    let seed: UInt64
    /// The stores `addStore` started, stopped with the scenario's own.
    private let addedStores = Mutex<[SimulatedStore]>([])

    /// Another simulated store of the same catalog (no drift), on the same HTTP client; `close`
    /// stops it.
    func addStore(_ platform: Platform, name: String) async throws -> (
        store: SimulatedStore, configuration: StoreConfiguration, adapter: any StorefrontAdapter
    ) {
        let api: (any PlatformAPI)? = platform == .shopify ? ShopifyPlatform.roomy : nil
        let other = try await SimulatedStore.start(
            StoreSpec(
                platform: platform, name: name, seed: seed + 1,
                source: .catalog(products: generated.products, locations: generated.locations), api: api))
        addedStores.withLock { $0.append(other) }
        let (configuration, adapter) = ShopDay.wire(other, id: StoreID(name), client: client, location: generated.locations[0].code)
        return (other, configuration, adapter)
    }

    /// Shuts the client down and stops every store.
    fileprivate func close() async {
        client.shutdown()
        await store.stop()
        for other in addedStores.withLock({ $0 }) { await other.stop() }
    }

    var stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] { [(configuration, adapter)] }

    func runner(_ options: SyncOptions) -> SyncRunner {
        SyncRunner(catalog: catalog, stores: stores, options: options)
    }

    /// A fresh plan of the store as it is now (nothing recorded).
    func remainingChanges() async throws -> [Change] {
        let reports = try await SyncPlanner(catalog: catalog, allowMassChange: true).plan(stores)
        return reports.first?.plan?.changes ?? []
    }

    /// The catalog with all stock at its first location.
    static func singleLocation(_ catalog: CatalogGenerator.Output) -> CatalogGenerator.Output {
        ShopDay.singleLocation(catalog)
    }
}

/// Runs `body` with a new `SyncScenario` and closes it afterwards, also when `body` throws: its
/// stores are stopped before this returns.
///
/// - Parameters:
///   - singleLocation: keep all stock at the catalog's first location (WooCommerce has one
///     stock number per item).
func withSyncScenario<T>(
    platform: Platform, seed: UInt64 = 21, products productCount: Int = 30,
    drift: DriftProfile = DriftProfile(stockShare: 0.1, priceShare: 0.05), faults: [FaultRule] = [], maxAttempts: Int = 1,
    singleLocation: Bool = false, magentoOptions: MagentoAdapterOptions = MagentoAdapterOptions(requestsPerSecond: 1_000),
    clock: SimClock = .system, _ body: (SyncScenario) async throws -> T
) async throws -> T {
    let scenario = try await SyncScenario(
        platform: platform, seed: seed, products: productCount, drift: drift, faults: faults, maxAttempts: maxAttempts,
        singleLocation: singleLocation, magentoOptions: magentoOptions, clock: clock)
    return try await withAwaitedCleanup {
        try await body(scenario)
    } cleanup: {
        await scenario.close()
    }
}
