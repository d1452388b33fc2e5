import CatalogModel
import Foundation
import SimulatorCore
import Sync
import Synchronization
import Testing

/// "A no-change incremental sync costs O(1) API calls per store" (issue 6), with the adapters'
/// default 5-minute overlap: the cursor follows the store's clock (its `Date` header), so once
/// the overlap has passed nothing is read again, however large the store.
@Suite("an idle sync after the overlap window: a constant number of calls, no listings read")
struct IdleSyncTests {
    /// One store of `products` products on a clock the test moves: sync and apply, let ten minutes
    /// pass, sync (reading back its own writes), let ten more pass, then the idle sync.
    static func idleSync(_ platform: Platform, products: Int) async throws -> (summary: StoreSyncSummary, requests: Int, locations: Int) {
        let now = Mutex(Date(timeIntervalSince1970: 1_790_000_000))
        return try await withSyncScenario(platform: platform, products: products, clock: SimClock { now.withLock { $0 } }) { scenario in
            func wait(minutes: Double) { now.withLock { $0 = $0.addingTimeInterval(minutes * 60) } }

            let first = try await scenario.runner(SyncOptions(apply: true)).run()
            #expect(first.stores.first?.apply?.applied ?? 0 > 0, "the planted drift is applied")
            wait(minutes: 10)
            let second = try #require(try await scenario.runner(SyncOptions(apply: true)).run().stores.first)
            #expect(second.incremental && second.changesPlanned == 0)
            wait(minutes: 10)

            let before = scenario.store.server.counters
            let idle = try #require(try await scenario.runner(SyncOptions(apply: true)).run().stores.first)
            let requests = scenario.store.server.counters.total - before.total
            #expect(scenario.store.server.counters.writes == before.writes)
            return (idle, requests, scenario.store.shop.read { $0.locations.count })
        }
    }

    @Test("the same few calls for a store four times larger, and no listing read", arguments: [Platform.shopify, .woocommerce, .magento])
    func constantCost(platform: Platform) async throws {
        let small = try await Self.idleSync(platform, products: 12)
        let large = try await Self.idleSync(platform, products: 48)
        for run in [small, large] {
            #expect(run.summary.error == nil)
            #expect(run.summary.incremental)
            #expect(run.summary.listingsRead == 0, "an idle store read \(run.summary.listingsRead) listings again")
            #expect(run.summary.changesPlanned == 0)
        }
        #expect(small.requests == large.requests, "idle sync calls: \(small.requests) for 12 products, \(large.requests) for 48")
        #expect(large.requests <= 10)
        // At each platform's minimum (README, "Every platform at its minimum"): the orders once
        // (the catalog read takes the products they sold from that read), no second order read
        // when no listing was read, and the changed-since reads.
        let minimum =
            switch platform {
            case .shopify: 2 + large.locations  // orders count, locations with the updated-products count, a stock page a location
            case .woocommerce: 3  // orders, products, variations modified since
            default: 2  // orders, products updated since
            }
        #expect(large.requests == minimum, "\(platform) idle sync: \(large.requests) calls for a minimum of \(minimum)")
    }
}
