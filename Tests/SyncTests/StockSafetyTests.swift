import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import SimulatorCore
import Sync
import Testing

/// Sellable stock is a sum over every channel: a run that could not read one store's orders writes
/// no stock anywhere, says why, and leaves the cursors so the next run writes it.
@Suite("stock safety: no stock written while any channel's orders are unknown")
struct StockSafetyTests {
    @Test("WooCommerce's orders fail: no stock goes to Shopify or WooCommerce, prices still go, and the next run writes the stock")
    func unreadOrdersHoldBackStock() async throws {
        try await withSyncScenario(
            platform: .shopify, products: 12, drift: DriftProfile(stockShare: 0.3, priceShare: 0.3), singleLocation: true
        ) { scenario in
            let woo = try await scenario.addStore(.woocommerce, name: "woo")
            // Every order read of the WooCommerce store fails, whatever the retries.
            woo.store.server.setFaults([FaultRule(kind: .status(503), pathContains: "/orders", times: 10)])
            let stores = scenario.stores + [(woo.configuration, woo.adapter)]
            let first = try await SyncRunner(
                catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true, allowMassChange: true)
            ).run()
            let entries = try await scenario.catalog.journalEntries(runID: first.runID)
            #expect(!entries.isEmpty, "the price drift is written")
            #expect(entries.allSatisfy { if case .stock = $0.change.field { false } else { true } }, "\(entries.map(\.change.field))")
            for summary in first.stores {
                #expect(summary.stockWithheld?.contains("the orders of woo could not be read") == true, "\(summary.store)")
            }
            #expect(first.exitCode == 1)

            // The store answers again: the held-back stock is written.
            woo.store.server.setFaults([])
            let second = try await SyncRunner(
                catalog: scenario.catalog, stores: stores, options: SyncOptions(apply: true, allowMassChange: true)
            ).run()
            let written = try await scenario.catalog.journalEntries(runID: second.runID)
            #expect(written.contains { if case .stock = $0.change.field { true } else { false } })
            #expect(second.stores.allSatisfy { $0.stockWithheld == nil })
            #expect(try await scenario.remainingChanges().isEmpty)
        }
    }
}
