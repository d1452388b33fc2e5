import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontAdapter
import Sync
import Testing

@Suite("concord sync --apply against simulated stores")
struct SyncApplyTests {
    @Test(
        "a sync applies the planted drift once, records bases and cursors, and the next sync is incremental and in sync",
        arguments: [Platform.shopify, .woocommerce, .magento])
    func convergesAndGoesIncremental(platform: Platform) async throws {
        try await withSyncScenario(platform: platform, products: 25) { scenario in
            let planted = scenario.store.shop.manifest.drift.filter { $0.field != "title" }
            #expect(!planted.isEmpty)

            let first = try await scenario.runner(SyncOptions(apply: true)).run()
            let store = try #require(first.stores.first)
            #expect(store.error == nil)
            #expect(first.exitCode == 2 || first.exitCode == 3)
            let apply = try #require(store.apply)
            #expect(apply.applied == store.changesPlanned)
            #expect(apply.isSettled && apply.stale == 0 && apply.rejected == 0)
            #expect(apply.seconds > 0 && apply.writeCalls > 0)
            #expect(apply.applied >= planted.count)

            // Journal: every change applied; bases hold the written values; the run is recorded.
            let entries = try await scenario.catalog.journalEntries(runID: first.runID)
            #expect(entries.count == apply.applied)
            #expect(entries.allSatisfy { $0.state == .applied })
            let bases = try await scenario.catalog.baseValues(store: "shop")
            for entry in entries { #expect(bases[BaseKey(sku: entry.change.sku, field: entry.change.field)] == entry.change.new) }
            let run = try #require(try await scenario.catalog.runs(limit: 1).first)
            #expect(run.status == .succeeded)
            // The run record reads as the audit's run summary too (the accuracy trend).
            let recorded = try #require(RunSummary.parse(run.summaryJSON))
            #expect(recorded.stores.first?.fieldsCompared == store.fieldsCompared && store.fieldsCompared > 0)
            #expect(recorded.stores.first?.fields["price"]?.compared ?? 0 > 0)
            #expect(try await scenario.catalog.cursor(store: "shop", stream: .catalog) != nil)

            // Nothing is left to push.
            #expect(try await scenario.remainingChanges().isEmpty)

            // The next sync reads only what changed and finds nothing to do.
            let before = scenario.store.server.counters
            let second = try await scenario.runner(SyncOptions(apply: true)).run()
            let again = try #require(second.stores.first)
            #expect(again.incremental)
            #expect(again.changesPlanned == 0)
            #expect(again.error == nil)
            let requests = scenario.store.server.counters.total - before.total
            #expect(requests <= 12, "an incremental sync with nothing changed should cost a handful of calls, took \(requests)")
            #expect(scenario.store.server.counters.writes == before.writes)
        }
    }

    @Test("a dry-run sync writes nothing to the store and leaves the cursor where it was")
    func dryRunWritesNothing() async throws {
        try await withSyncScenario(platform: .shopify, products: 12) { scenario in
            let report = try await scenario.runner(SyncOptions(apply: false)).run()
            #expect(report.exitCode == 2 || report.exitCode == 3)
            #expect(report.stores.first?.changesPlanned ?? 0 > 0)
            #expect(report.stores.first?.apply == nil)
            #expect(scenario.store.server.counters.writes == 0)
            #expect(try await scenario.catalog.cursor(store: "shop", stream: .catalog) == nil)
            #expect(try await scenario.remainingChanges().count == report.stores.first?.changesPlanned)
        }
    }

    @Test("a 429 storm during the apply: the writes wait for Retry-After and every change is applied once")
    func rateLimitStormDuringApply() async throws {
        try await withSyncScenario(
            platform: .woocommerce, products: 20,
            faults: [FaultRule(kind: .rateLimit(retryAfter: 0), pathContains: "/batch", method: "POST", times: 3)], maxAttempts: 5
        ) { scenario in
            let report = try await scenario.runner(SyncOptions(apply: true)).run()
            let apply = try #require(report.stores.first?.apply)
            #expect(apply.isSettled && apply.applied == report.stores.first?.changesPlanned && apply.applied > 0)
            let throttled = scenario.store.server.log.filter { $0.path.hasSuffix("/batch") && $0.status == 429 }
            #expect(throttled.count == 3)
            #expect(try await scenario.remainingChanges().isEmpty)
        }
    }

    @Test("a 503 on a write call: its changes are unknown, the run is resumable, and resume applies each change exactly once")
    func serverErrorThenResume() async throws {
        try await withSyncScenario(
            platform: .shopify, products: 30, drift: DriftProfile(stockShare: 0.2, priceShare: 0.1),
            faults: [FaultRule(kind: .status(503), method: "POST", queryContains: "inventorySetQuantities", times: 1)]
        ) { scenario in
            let report = try await scenario.runner(SyncOptions(apply: true)).run()
            let apply = try #require(report.stores.first?.apply)
            #expect(report.exitCode == 1)
            #expect(apply.unknown > 0)
            #expect(apply.error != nil)
            let runs = try await scenario.catalog.resumableRuns()
            #expect(runs.map(\.id) == [report.runID])
            #expect(runs.first?.status == .interrupted)
            // The cursor did not move: the next read must see this store whole again.
            #expect(try await scenario.catalog.cursor(store: "shop", stream: .catalog) == nil)

            let resumed = try await PlanExecutor(catalog: scenario.catalog).resume(
                runID: report.runID, work: [StoreWork(adapter: scenario.adapter, changes: [])])
            let result = try #require(resumed.first)
            #expect(result.isSettled)
            let entries = try await scenario.catalog.journalEntries(runID: report.runID)
            #expect(entries.allSatisfy { $0.state == .applied })
            #expect(try await scenario.remainingChanges().isEmpty)
            #expect(try await scenario.catalog.resumableRuns().isEmpty)

            // Each inventory quantity was set by exactly one successful call.
            var sets: [String: Int] = [:]
            for entry in scenario.store.server.log where entry.status == 200 && (entry.query ?? "").contains("inventorySetQuantities") {
                for quantity in entry.variables?["input"]?["quantities"]?.arrayValue ?? [] {
                    let key = "\(quantity["inventoryItemId"]?.stringValue ?? "")@\(quantity["locationId"]?.stringValue ?? "")"
                    sets[key, default: 0] += 1
                }
            }
            #expect(!sets.isEmpty)
            #expect(sets.values.allSatisfy { $0 == 1 }, "\(sets.filter { $0.value > 1 })")
        }
    }

    @Test("a write answered but lost (connection dropped mid-body): resume re-reads, finds it applied, and does not send it again")
    func droppedAnswerIsConfirmedByReread() async throws {
        try await withSyncScenario(
            platform: .woocommerce, products: 20,
            faults: [FaultRule(kind: .dropMidBody, pathContains: "/batch", method: "POST", times: 1)]
        ) { scenario in
            let report = try await scenario.runner(SyncOptions(apply: true)).run()
            let apply = try #require(report.stores.first?.apply)
            #expect(apply.unknown > 0)
            let writesBefore = scenario.store.server.log.filter { $0.path.hasSuffix("/batch") }.count

            let resumed = try await PlanExecutor(catalog: scenario.catalog).resume(
                runID: report.runID, work: [StoreWork(adapter: scenario.adapter, changes: [])])
            let result = try #require(resumed.first)
            #expect(result.isSettled)
            // The dropped call had been applied by the store: the resume confirms it from a read.
            #expect(result.confirmedOnResume == apply.unknown)
            let writesAfter = scenario.store.server.log.filter { $0.path.hasSuffix("/batch") }.count
            #expect(writesAfter - writesBefore == result.writeCalls)
            #expect(try await scenario.remainingChanges().isEmpty)
        }
    }

    @Test("an admin edit between plan and apply is not overwritten: the item is re-planned from the store's new value")
    func staleChangeIsReplanned() async throws {
        try await withSyncScenario(platform: .shopify, products: 15, drift: DriftProfile(stockShare: 0, priceShare: 0.3)) { scenario in
            let reports = try await SyncPlanner(catalog: scenario.catalog).plan(scenario.stores)
            let changes = try #require(reports.first?.plan?.changes.filter { $0.field == .price })
            let target = try #require(changes.first)
            // A colleague sets another price in the admin after the plan.
            let now = scenario.store.shop.now
            scenario.store.shop.mutate { state in
                for id in state.productIDs {
                    guard var product = state.product(id: id),
                        let index = product.variants.firstIndex(where: { $0.sku == target.sku.rawValue })
                    else { continue }
                    product.variants[index].price = Money(minorUnits: 123_45, currency: product.variants[index].price.currency)
                    product.variants[index].updatedAt = now
                    product.updatedAt = now
                    state.upsert(product)
                }
            }
            let runID = try await scenario.catalog.startRun(kind: .apply, startedAt: Date())
            let planner = SyncPlanner(catalog: scenario.catalog)
            let configuration = scenario.configuration
            let adapter = scenario.adapter
            let since = reports.first?.fetchStartedAt
            let result = try await PlanExecutor(catalog: scenario.catalog).apply(
                [
                    StoreWork(
                        adapter: adapter, changes: changes,
                        replan: { skus in try await planner.replan(skus, configuration: configuration, adapter: adapter, since: since) })
                ],
                runID: runID)
            let report = try #require(result.first)
            #expect(report.replanned == 1)
            #expect(report.stale == 0)
            #expect(report.applied == changes.count)
            // The re-planned change was sent with the admin's value as its precondition.
            let entries = try await scenario.catalog.journalEntries(runID: runID)
            let replanned = try #require(entries.first { $0.change.sku == target.sku })
            #expect(replanned.change.expected == .money(Money(minorUnits: 123_45, currency: target.new.money!.currency)))
            #expect(replanned.state == .applied)
        }
    }
}

extension FieldValue {
    var money: Money? {
        if case .money(let money) = self { return money }
        return nil
    }
}
