import CatalogModel
import Foundation
import JSONValue
import MagentoAdapter
import SimulatorCore
import StorefrontAdapter
import Sync
import Testing

@Suite("Magento async bulk writes through the journal")
struct MagentoAsyncBulkResumeTests {
    @Test(
        "bulk saves whose status cannot be learnt are unknown; once the store's consumer has run them, resume confirms them and sends nothing again"
    )
    func openOperationsSettleOnResume() async throws {
        let options = MagentoAdapterOptions(requestsPerSecond: 1_000, asyncBulk: true, asyncPollAttempts: 2, asyncPollBaseDelay: .zero)
        // Both status requests fail, so the writer never learns what became of the queued saves
        // (and the simulator's consumer, which runs on a status request, has not run them yet).
        try await withSyncScenario(
            platform: .magento, products: 20, drift: DriftProfile(titleShare: 0.4),
            faults: [FaultRule(kind: .status(503), pathContains: "/V1/bulk/", method: "GET", times: 2)], magentoOptions: options
        ) { scenario in
            // The planted titles are pushed on this first sync rather than put up for review.
            var configuration = scenario.configuration
            configuration.firstSyncPolicies = [.title: .canonical]
            let report = try await SyncRunner(
                catalog: scenario.catalog, stores: [(configuration, scenario.adapter)], options: SyncOptions(apply: true)
            )
            .run()
            let apply = try #require(report.stores.first?.apply)
            #expect(apply.unknown > 0 && apply.unknown == report.stores.first?.changesPlanned, "\(apply)")
            #expect(try await scenario.catalog.resumableRuns().map(\.id) == [report.runID])
            let bulkSaves = scenario.store.server.log.filter { $0.path.contains("/async/bulk/V1/products/bySku") }
            #expect(bulkSaves.count == 1)

            // The store's consumer comes round (cron) and runs the queued saves.
            #expect(scenario.store.runQueueConsumer() > 0)

            let resumed = try await PlanExecutor(catalog: scenario.catalog).resume(
                runID: report.runID, work: [StoreWork(adapter: scenario.adapter, changes: [])])
            let result = try #require(resumed.first)
            #expect(result.isSettled, "\(result)")
            #expect(result.confirmedOnResume == apply.unknown)
            #expect(result.writeCalls == 0)
            #expect(try await scenario.catalog.journalEntries(runID: report.runID).allSatisfy { $0.state == .applied })
            #expect(try await scenario.remainingChanges().isEmpty)

            // Each product was saved by exactly one queued operation, and never synchronously.
            let log = scenario.store.server.log
            #expect(log.filter { $0.path.contains("/async/bulk/") }.count == 1)
            #expect(!log.contains { $0.method == "PUT" && $0.path.contains("/V1/products/") && !$0.path.contains("/async/") })
            var saves: [String: Int] = [:]
            for entry in log where entry.path.contains("/async/bulk/") {
                for item in entry.body.arrayValue ?? [] { saves[item["product"]?["sku"]?.stringValue ?? "?", default: 0] += 1 }
            }
            #expect(!saves.isEmpty && saves.values.allSatisfy { $0 == 1 }, "\(saves)")
        }
    }
}
