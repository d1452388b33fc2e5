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

    /// The instant a Shopify order read asked from (`updated_at:>='…'`), per order read in `log`.
    static func orderReadStarts(_ log: [RequestLogEntry]) -> [Date] {
        log.compactMap { entry in
            guard (entry.query ?? "").contains("query ConcordOrders("), let filter = entry.variables?["query"]?.stringValue,
                let open = filter.firstIndex(of: "'"), let close = filter.lastIndex(of: "'"), open < close
            else { return nil }
            return try? Date(String(filter[filter.index(after: open)..<close]), strategy: .iso8601)
        }
    }

    @Test(
        "a targeted sync after a sale reads orders from its own cursor with a one-minute overlap, leaves the scheduled cursor, and the sale shows elsewhere; the next scheduled read covers the whole window again"
    )
    func targetedOrderReads() async throws {
        try await withSyncScenario(platform: .shopify, products: 10, drift: DriftProfile(), singleLocation: true) { scenario in
            let other = try await scenario.addStore(.woocommerce, name: "woo")
            let stores = scenario.stores + [(other.configuration, other.adapter)]
            let shop = scenario.stores[0].configuration.id
            _ = try await SyncRunner(catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true)).run()
            let scheduled = try #require(try await scenario.catalog.cursor(store: shop, stream: .orders))

            let sale = try #require(ShopDay.placeOrder(on: scenario.store, id: shop, seed: 5))
            let sku = try #require(sale.split(separator: "×").last?.trimmingCharacters(in: .whitespaces))
            let mark = scenario.store.server.log.last?.sequence ?? 0
            var targeted = SyncRunner(catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true))
            targeted.skus = [SKU(sku)!]
            let report = try await targeted.run()
            #expect(report.stores.allSatisfy { $0.error == nil }, "\(report.stores.compactMap(\.error))")

            // It asked from at most a minute before the scheduled cursor, not five.
            let starts = Self.orderReadStarts(scenario.store.server.log.filter { $0.sequence > mark })
            #expect(!starts.isEmpty)
            for start in starts {
                #expect(start >= scheduled.updatedAt.addingTimeInterval(-61), "\(start) for \(scheduled)")
            }
            #expect(try await scenario.catalog.cursor(store: shop, stream: .orders) == scheduled, "the scheduled cursor moved")
            #expect(try await scenario.catalog.cursor(store: shop, stream: .ordersTargeted) != nil)
            // The sale shows in the other store.
            let onHand = scenario.generated.products.flatMap(\.variants).first { $0.sku.rawValue == sku }?.totalOnHand ?? 0
            let sold = Self.sold(in: scenario.store)[sku] ?? 0
            #expect(sold > 0)
            #expect(other.store.shop.read { $0.variants(sku: sku).first?.variant.totalAvailable } == onHand - sold)

            // The next scheduled read asks from the whole window before the scheduled cursor.
            let before = scenario.store.server.log.last?.sequence ?? 0
            _ = try await SyncRunner(catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true)).run()
            let next = Self.orderReadStarts(scenario.store.server.log.filter { $0.sequence > before })
            #expect(next.contains { $0 <= scheduled.updatedAt.addingTimeInterval(-120) }, "\(next) for \(scheduled)")
        }
    }
}
