import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import SimulatorCore
import Sync
import Testing

/// A journal left by a crash is resumed later, when the stores have sold meanwhile: queued stock
/// quantities are planned again from a fresh read, with the orders read first, never sent as
/// they were.
@Suite("resuming a journal never writes a stock quantity computed before a sale")
struct ResumeStockTests {
    @Test("WooCommerce (no compare-and-set): a sale after the crash is counted before the queued stock is written")
    func queuedStockIsPlannedAgain() async throws {
        try await withSyncScenario(platform: .woocommerce, products: 10, drift: DriftProfile(stockShare: 0.5)) { scenario in
            let planned = try await SyncPlanner(catalog: scenario.catalog, allowMassChange: true).plan(scenario.stores)
            let changes = try #require(planned.first?.plan?.changes)
            let stock = try #require(changes.first { if case .stock = $0.field { true } else { false } })
            guard case .quantity(let queued) = stock.new else { Issue.record("not a quantity"); return }
            // The crash: the plan is journaled, nothing sent.
            let runID = try await scenario.catalog.startRun(kind: .sync, startedAt: Date())
            try await scenario.catalog.journalPlan([changes], firstBatch: 0, runID: runID)
            // A shopper buys one unit before anyone resumes.
            let sold = scenario.store.shop.mutate { state -> Bool in
                guard let variant = state.variants(sku: stock.sku.rawValue).first?.variant, let location = variant.available.keys.min()
                else { return false }
                return state.placeOrder(variantID: variant.id, locationID: location, quantity: 1, customer: ShopDay.customer, now: Date())
                    != nil
            }
            #expect(sold)

            var planner = SyncPlanner(catalog: scenario.catalog, allowMassChange: true)
            planner.committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
            let runner = SyncRunner(catalog: scenario.catalog, stores: scenario.stores, options: SyncOptions(apply: true))
            let entry = scenario.stores[0]
            let reports = try await PlanExecutor(catalog: scenario.catalog).resume(
                runID: runID,
                work: [StoreWork(adapter: entry.adapter, changes: [], replan: runner.replanner(for: entry, planner: planner, since: nil))])
            let settled = reports.allSatisfy { $0.isSettled }
            let errors = reports.compactMap(\.error)
            #expect(settled, "\(errors)")
            let shown = scenario.store.shop.read { $0.variants(sku: stock.sku.rawValue).first?.variant.totalAvailable }
            #expect(shown == queued - 1, "the queued \(queued) was written over the sale")
            let journal = try await scenario.catalog.journalEntries(runID: runID).filter {
                $0.change.sku == stock.sku && $0.change.field == stock.field
            }
            #expect(journal.contains { $0.state == .stale }, "the queued change was settled as stale: \(journal.map(\.state))")
            var fresh = SyncPlanner(catalog: scenario.catalog, allowMassChange: true)
            fresh.committed = try await CommittedStock.load(from: scenario.catalog, stores: [scenario.configuration])
            let left = try await fresh.plan(scenario.stores).first?.plan?.changes.filter { $0.sku == stock.sku } ?? []
            #expect(left.isEmpty, "\(left)")
        }
    }
}
