import CatalogModel
import Foundation
import SimulatorCore
import StorefrontAdapter
import Sync
import Testing

/// Write calls an adapter re-reads together (``AdapterLimits/listingsPerApply``) go to it in one
/// apply: WooCommerce writes each variable product's variations in a call of its own, but re-reads
/// 100 variations of any products in one `GET /variations`.
@Suite("write calls joined into one apply where the adapter re-reads them together")
struct JoinedWriteCallsTests {
    /// Consecutive write calls joined while their listings stay within 100, as the contract says.
    static func applies(_ batches: [[Change]]) -> [[[Change]]] {
        var groups: [[[Change]]] = []
        var listings = 0
        for batch in batches {
            let count = Set(batch.map(\.ref.variantID)).count
            if !groups.isEmpty, listings + count <= 100 {
                groups[groups.count - 1].append(batch)
                listings += count
            } else {
                groups.append([batch])
                listings = count
            }
        }
        return groups
    }

    @Test(
        "a WooCommerce apply re-reads many products' variation calls in one GET /variations a 100 listings; each product is still its own write call",
        arguments: [0.1, 1.0])
    func variationCallsShareTheirReread(priceShare: Double) async throws {
        try await withSyncScenario(
            platform: .woocommerce, products: 60, drift: DriftProfile(stockShare: 0, priceShare: priceShare)
        ) { scenario in
            let plan = try #require(
                try await SyncPlanner(catalog: scenario.catalog, allowMassChange: true).plan(scenario.stores).first?.plan)
            let variationCalls = plan.batches.filter { $0.productID != nil }
            try #require(variationCalls.count >= 3)
            let applies = Self.applies(plan.batches.map(\.changes))
            let appliesWithVariations = applies.filter { group in group.contains { $0.contains { $0.ref.productID != $0.ref.variantID } } }
            if priceShare < 0.5 { try #require(applies.count == 1) } else { try #require(applies.count > 1) }

            let runID = try await scenario.catalog.startRun(kind: .apply, startedAt: Date())
            let before = scenario.store.server.counters
            let work = [StoreWork(adapter: scenario.adapter, changes: plan.changes)]
            let report = try #require(try await PlanExecutor(catalog: scenario.catalog).apply(work, runID: runID).first)
            #expect(report.applied == plan.changes.count && report.isSettled)
            #expect(report.writeCalls == plan.batches.count)

            let counters = scenario.store.server.counters
            func made(_ endpoint: String) -> Int { (counters.byEndpoint[endpoint] ?? 0) - (before.byEndpoint[endpoint] ?? 0) }
            #expect(made("GET /wp-json/wc/v3/variations") == appliesWithVariations.count)
            #expect(made("GET /wp-json/wc/v3/products/{id}/variations") == 0)
            #expect(made("POST /wp-json/wc/v3/products/{id}/variations/batch") == variationCalls.count)
            #expect(counters.writes - before.writes == plan.batches.count)

            let entries = try await scenario.catalog.journalEntries(runID: runID)
            #expect(entries.count == plan.changes.count && entries.allSatisfy { $0.state == .applied })
            #expect(try await scenario.remainingChanges().isEmpty)
        }
    }
}
