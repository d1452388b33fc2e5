import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing

@Suite("stock with orders across stores")
struct OrdersStockTests {
    /// Units sold per SKU in a simulated store's open orders.
    static func sold(in store: SimulatedStore) -> [String: Int] {
        store.shop.read { state in
            var units: [String: Int] = [:]
            for order in state.allOrders where order.cancelledAt == nil {
                for line in order.lines { units[line.sku, default: 0] += line.quantity - line.fulfilledQuantity - line.refundedQuantity }
            }
            return units
        }
    }

    @Test("sales in one store, also while the sync runs, lower every store's stock: no unit is sold twice")
    func salesAcrossStoresDuringTheSync() async throws {
        try await withSyncScenario(platform: .shopify, products: 20, drift: DriftProfile(), singleLocation: true) { scenario in
            let other = try await scenario.addStore(.woocommerce, name: "woo")
            // A shopper buys something in the Shopify store every 4th request it serves, also in the
            // middle of Concord's reads and writes.
            scenario.store.server.setActivity(ActivitySettings(orderEveryRequests: 4))
            let stores = scenario.stores + [(other.configuration, other.adapter)]
            let first = try await SyncRunner(catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true)).run()
            #expect(first.stores.allSatisfy { $0.error == nil }, "\(first.stores.compactMap(\.error))")
            scenario.store.server.setActivity(.off)
            // Once the shoppers stop, one more sync settles whatever sold during the last one.
            let second = try await SyncRunner(catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true)).run()
            #expect(second.stores.allSatisfy { $0.error == nil && ($0.apply?.isSettled ?? true) })

            let sold = Self.sold(in: scenario.store)
            #expect(!sold.isEmpty, "the shoppers bought nothing")
            let onHand = Dictionary(
                uniqueKeysWithValues: scenario.generated.products.flatMap(\.variants).map { ($0.sku.rawValue, $0.totalOnHand) })
            let shopify = scenario.store.shop.read { state in
                Dictionary(
                    state.allProducts.flatMap(\.variants).map { ($0.sku, $0.totalAvailable) }, uniquingKeysWith: { first, _ in first })
            }
            let woo = other.store.shop.read { state in
                Dictionary(
                    state.allProducts.flatMap(\.variants).map { ($0.sku, $0.totalAvailable) }, uniquingKeysWith: { first, _ in first })
            }
            for (sku, units) in sold {
                let free = max(0, (onHand[sku] ?? 0) - units)
                #expect(shopify[sku] == free, "\(sku): Shopify shows \(shopify[sku] ?? -1), \(free) are free")
                #expect(woo[sku] == free, "\(sku): WooCommerce shows \(woo[sku] ?? -1), \(free) are free")
            }
        }
    }
}
