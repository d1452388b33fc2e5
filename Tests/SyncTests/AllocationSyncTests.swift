import CatalogModel
import CatalogStorage
import ConcordConfig
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import Reconcile
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing
import WooCommerceAdapter

@Suite("one warehouse feeds two stores with their own allocation rules")
struct AllocationSyncTests {
    /// Shopify: half of everything, at most 8. WooCommerce: 1 held back, nothing below 5, then 30 %.
    static func expectedShop(_ onHand: Int) -> Int { min(onHand / 2, 8) }
    static func expectedWoo(_ onHand: Int) -> Int {
        let sellable = max(0, onHand - 1)
        return sellable < 5 ? 0 : sellable * 3 / 10
    }

    @Test("the planned quantities follow each store's rules, and the apply pushes exactly them")
    func oneWarehouseTwoStores() async throws {
        let generated = SyncScenario.singleLocation(CatalogGenerator(seed: 31, productCount: 12).generate())
        let warehouse = try #require(generated.locations.first)
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
        let onHand = Dictionary(uniqueKeysWithValues: generated.products.flatMap(\.variants).map { ($0.sku, $0.totalOnHand) })

        let source = StoreSpec.Source.catalog(products: generated.products, locations: generated.locations)
        let shopStore = try await SimulatedStore.start(
            StoreSpec(platform: .shopify, name: "shop", seed: 31, source: source, api: ShopifyPlatform.roomy))
        let wooStore = try await SimulatedStore.start(StoreSpec(platform: .woocommerce, name: "woo", seed: 31, source: source))
        let client = HTTPClient(configuration: .simulatorTesting())
        try await withAwaitedCleanup {
            let configuration = try ConfigurationLoader.parse(
                """
                [stores.shop]
                platform = "shopify"
                url = "\(shopStore.baseURL)"
                token_env = "SHOP_TOKEN"

                [stores.shop.allocation]
                share = "50%"
                maximum = 8

                [stores.woo]
                platform = "woocommerce"
                url = "\(wooStore.baseURL)"
                key_env = "WOO_KEY"
                secret_env = "WOO_SECRET"
                stock_buffer = 1

                [stores.woo.locations]
                \(WooCommerceAdapterOptions().locationCode) = ["\(warehouse.code)"]

                [stores.woo.allocation]
                minimum = 5
                share = "30%"
                """, file: "concord.toml")
            let stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)] = [
                (try #require(configuration.store("shop")), ShopifyAdapter(endpoint: shopStore.endpoint, client: client)),
                (
                    try #require(configuration.store("woo")),
                    WooCommerceAdapter(
                        endpoint: wooStore.endpoint, client: client,
                        options: WooCommerceAdapterOptions(
                            requestsPerSecond: 1_000, currency: wooStore.spec.currency, weightUnit: .kilograms))
                ),
            ]

            // The plan: every stock change is the rule's number, with the chain that produced it.
            let reports = try await SyncPlanner(catalog: catalog, allowMassChange: true).plan(stores)
            var planned: [StoreID: [Int]] = [:]
            for report in reports {
                #expect(report.error == nil)
                let plan = try #require(report.plan)
                let stock = plan.changes.filter { ManagedField($0.field) == .stock }
                #expect(!stock.isEmpty)
                for change in stock {
                    let units = try #require(onHand[change.sku])
                    let expected = report.store == "shop" ? Self.expectedShop(units) : Self.expectedWoo(units)
                    #expect(change.new == .quantity(expected), "\(report.store) \(change.sku): \(change.reason ?? "")")
                    #expect(change.reason?.hasSuffix("→ \(expected)") == true)
                    planned[report.store, default: []].append(expected)
                }
                // 50 % + 30 % of one warehouse: the stores together stay within it.
                #expect(!report.findings.contains { $0.code == .channelsOversell })
            }

            // The apply: the simulators' request logs show exactly the planned quantities going out.
            shopStore.server.clearLog()
            wooStore.server.clearLog()
            let sync = try await SyncRunner(catalog: catalog, stores: stores, options: SyncOptions(apply: true, allowMassChange: true))
                .run()
            #expect(sync.stores.allSatisfy { $0.error == nil && ($0.apply?.isSettled ?? false) })
            #expect(Self.writtenQuantities(shopStore.server.log, key: "quantity").sorted() == planned["shop", default: []].sorted())
            #expect(Self.writtenQuantities(wooStore.server.log, key: "stock_quantity").sorted() == planned["woo", default: []].sorted())

            // Nothing is left to push in either store.
            let after = try await SyncPlanner(catalog: catalog, allowMassChange: true).plan(stores)
            for report in after {
                #expect(report.plan?.changes.filter { ManagedField($0.field) == .stock }.isEmpty == true, "\(report.store)")
            }
        } cleanup: {
            client.shutdown()
            await shopStore.stop()
            await wooStore.stop()
        }
    }

    /// Every integer under `key` in the bodies and GraphQL variables of the logged writes.
    static func writtenQuantities(_ log: [RequestLogEntry], key: String) -> [Int] {
        var found: [Int] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for (name, inner) in object {
                    if name == key, let number = inner.intValue { found.append(number) } else { walk(inner) }
                }
            case .array(let items):
                items.forEach(walk)
            default:
                break
            }
        }
        for entry in log where entry.method != "GET" && (entry.query.map { $0.contains("mutation") } ?? true) {
            // A REST call's `variables` reads as JSON null, not as absent.
            if let variables = entry.variables, !variables.isNull { walk(variables) } else { walk(entry.body) }
        }
        return found
    }
}
