import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord apply and concord sync against a simulated store")
struct ApplyCommandTests {
    @Test("plan → apply writes the plan once; the next plan is empty")
    func planThenApply() async throws {
        try await withCLIScenario(seed: 31, products: 20, drift: DriftProfile(stockShare: 0.1, priceShare: 0.1)) { setup in
            #expect(try await setup.run(["plan", "--out", "plan.json"]).status == 2)
            let applied = try await setup.run(["apply", "plan.json", "--json"])
            #expect(applied.status == 0, "\(applied.stderr)\n\(applied.stdout)")
            let summary = try JSONValue.parse(applied.stdout)
            let planned = setup.store.shop.manifest.drift.filter { $0.field != "title" }.count
            #expect(summary["stores"]?[0]?["applied"]?.intValue == planned)
            #expect(try await setup.changeCount() == 0)
            #expect(setup.store.server.log.shopifyWritesPerItem().values.allSatisfy { $0 == 1 })
            // The run is recorded, settled, with nothing to resume: not an error for cron.
            let resume = try await setup.run(["apply", "--resume"])
            #expect(resume.status == 0, "\(resume.stderr)")
            #expect(resume.stdout.contains("nothing to resume"), "\(resume.stdout)")
            // The same file again is refused before anything is sent.
            let writes = setup.store.server.counters.writes
            let again = try await setup.run(["apply", "plan.json"])
            #expect(again.status == 1)
            #expect(again.stderr.contains("already applied in run"), "\(again.stderr)")
            #expect(setup.store.server.counters.writes == writes)
        }
    }

    @Test("apply refuses a plan edited by hand, or made from another catalog, and writes nothing")
    func editedOrForeignPlan() async throws {
        try await withCLIScenario(seed: 33, products: 10, drift: DriftProfile(stockShare: 0.1, priceShare: 0.3)) { setup in
            #expect(try await setup.run(["plan", "--out", "plan.json"]).status == 2)
            let text = try String(contentsOfFile: setup.directory.path + "/plan.json", encoding: .utf8)
            // A price typed into the plan: one amount changed, nothing else.
            let amount = try #require(text.range(of: #""amount" *: *"[0-9.]+""#, options: .regularExpression))
            let edited = text.replacingCharacters(in: amount, with: #""amount" : "0.01""#)
            #expect(edited != text)
            _ = try setup.directory.write(edited, to: "edited.json")
            let refused = try await setup.run(["apply", "edited.json"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("changed after concord plan wrote it"), "\(refused.stderr)")

            // The same catalog imported into another database: same revision, another catalog.
            _ = try setup.directory.write(
                CatalogExporter.write(
                    CatalogDocument(products: setup.catalog.products, locations: setup.catalog.locations), format: .jsonLines),
                to: "same.jsonl")
            #expect(try await setup.run(["catalog", "import", "same.jsonl", "--db", "other.sqlite"]).status == 0)
            let foreign = try await setup.run(["plan", "--db", "other.sqlite", "--out", "other.json"])
            #expect(foreign.status == 2, "\(foreign.stderr)")
            let applied = try await setup.run(["apply", "other.json"])
            #expect(applied.status == 1)
            #expect(applied.stderr.contains("made from another catalog"), "\(applied.stderr)")
            #expect(setup.store.server.counters.writes == 0)
            // The genuine plan still applies.
            #expect(try await setup.run(["apply", "plan.json"]).status == 0)
        }
    }

    @Test("apply refuses a plan whose catalog changed since, and writes nothing")
    func catalogChangedSincePlan() async throws {
        try await withCLIScenario(seed: 32, products: 10, drift: DriftProfile(stockShare: 0.2)) { setup in
            #expect(try await setup.run(["plan", "--out", "plan.json"]).status == 2)
            var changed = setup.catalog
            changed.products[0].variants[0].price = Money(minorUnits: 1, currency: changed.products[0].variants[0].price.currency)
            _ = try setup.directory.write(
                CatalogExporter.write(CatalogDocument(products: changed.products, locations: changed.locations), format: .jsonLines),
                to: "changed.jsonl")
            #expect(try await setup.run(["catalog", "import", "changed.jsonl"]).status == 0)
            let applied = try await setup.run(["apply", "plan.json"])
            #expect(applied.status == 1)
            #expect(applied.stderr.contains("catalog has changed since this plan was made"), "\(applied.stderr)")
            #expect(setup.store.server.counters.writes == 0)
        }
    }

    /// Where a kill lands: after the stock write was answered (the price write not begun), or
    /// after the price write's precondition read (the price write about to go or in flight).
    @Test(
        "SIGKILL at several points of an apply, then --resume: the store ends as planned and no change is applied twice",
        arguments: [(1, "inventorySetQuantities"), (2, "ConcordVariantsByID"), (3, "ConcordVariantsByID")])
    func killThenResume(round: Int, killAfter marker: String) async throws {
        try await withCLIScenario(seed: 40 + UInt64(round), products: 24, drift: DriftProfile(stockShare: 0.15, priceShare: 0.3)) { setup in
            #expect(try await setup.run(["plan", "--out", "plan.json"]).status == 2)
            let plan = try JSONValue.parse(Array(try Data(contentsOf: URL(fileURLWithPath: setup.directory.path("plan.json")))))
            // Stock in one inventorySetQuantities call, every product's prices in one aliased call.
            let calls = try #require(plan["stores"]?[0]?["estimated_write_calls"]?.intValue)
            #expect(calls == 2)
            // Writes answer slowly, so the kill lands while a call is in flight or between calls.
            setup.store.server.setFaults([FaultRule(kind: .slow(milliseconds: 150), method: "POST", queryContains: "mutation")])
            let server = setup.store.server
            let killed = try await setup.run(["apply", "plan.json"]) {
                await server.waitForRequest { entry in entry.status == 200 && (entry.query ?? "").contains(marker) }
            }
            #expect(killed.status == SIGKILL, "the apply finished before the kill (\(killed.status)): \(killed.stdout)")

            let database = try SQLiteCatalogStore(path: setup.directory.path("catalog.sqlite"))
            let run = try #require(try await database.runs(limit: 1).first)
            let atKill = try await database.journalEntries(runID: run.id)
            let settledAtKill = atKill.filter { $0.state == .applied }.count
            #expect(settledAtKill < atKill.count, "the kill came after the last write")
            #expect(atKill.allSatisfy { [.applied, .queued, .pending].contains($0.state) })

            // The lock of the killed run is stale (its pid is gone) and is taken over.
            let resumed = try await setup.run(["apply", "--resume", "--json"])
            #expect(resumed.status == 0, "\(resumed.stderr)\n\(resumed.stdout)")
            let report = try #require(try JSONValue.parse(resumed.stdout)["stores"]?[0])
            let finished = (report["applied"]?.intValue ?? 0) + (report["confirmed_on_resume"]?.intValue ?? 0)
            #expect(finished == atKill.count - settledAtKill)
            #expect(try await setup.changeCount() == 0)
            let writes = setup.store.server.log.shopifyWritesPerItem()
            #expect(writes.values.allSatisfy { $0 == 1 }, "applied twice: \(writes.filter { $0.value > 1 })")
            #expect(try await database.runs(limit: 1).first?.status == .succeeded)
            #expect(try await database.journalEntries(runID: run.id).allSatisfy { $0.state == .applied })
        }
    }

    @Test(
        "concord sync: a dry run (said or not) writes nothing; --apply writes and exits 0 (2 with --detailed-exitcode); the next sync exits 0 with a one-line summary"
    )
    func syncExitCodes() async throws {
        try await withCLIScenario(seed: 33, products: 12, drift: DriftProfile(stockShare: 0.2, priceShare: 0.1)) { setup in
            let dry = try await setup.run(["sync"])
            #expect(dry.status == 0, "\(dry.stderr)\n\(dry.stdout)")
            #expect(dry.stdout.contains("changes planned (dry run)"))
            let detailed = try await setup.run(["sync", "--dry-run", "--detailed-exitcode"])
            #expect(detailed.status == 2, "\(detailed.stderr)\n\(detailed.stdout)")
            #expect(try await setup.run(["sync", "--dry-run", "--apply"]).status == 64)
            #expect(setup.store.server.counters.writes == 0)
            let requestsBefore = setup.store.server.counters.total
            let applied = try await setup.run(["sync", "--apply", "--json", "--detailed-exitcode"])
            let requestsSeen = setup.store.server.counters.total - requestsBefore
            #expect(applied.status == 2, "\(applied.stderr)\n\(applied.stdout)")
            let report = try JSONValue.parse(applied.stdout)
            #expect(report["mode"] == "apply")
            #expect(report["stores"]?[0]?["apply"]?["applied"]?.intValue == report["stores"]?[0]?["changes_planned"]?.intValue)
            // The run's API calls are counted per store, and equal what the store saw.
            let calls = try #require(report["stores"]?[0]?["http"]?["requests"]?.intValue)
            #expect(calls > 0 && calls == requestsSeen)
            let again = try await setup.run(["sync", "--apply"])
            #expect(again.status == 0, "\(again.stderr)\n\(again.stdout)")
            #expect(again.stdout.contains("in sync"))
        }
    }

    @Test("a sync that finds edits for a person exits 3 and puts them in the review queue")
    func syncFillsTheReviewQueue() async throws {
        try await withCLIScenario(seed: 35, products: 12, drift: DriftProfile(titleShare: 0.4)) { setup in
            let sync = try await setup.run(["sync", "--json"])
            #expect(sync.status == 3, "\(sync.stderr)\n\(sync.stdout)")
            let reviews = try #require(try JSONValue.parse(sync.stdout)["stores"]?[0]?["reviews"]?.intValue)
            #expect(reviews > 0)
            let list = try await setup.run(["review", "--list", "--json"])
            #expect(list.status == 2, "\(list.stderr)")
            let items = try JSONValue.parse(list.stdout)
            let count = items.arrayValue?.count ?? items["items"]?.arrayValue?.count
            #expect(count == reviews)
        }
    }

    @Test("a sync whose every change the mass-change guard refused says nothing was written, and exits 3")
    func guardRefusalIsNotSuccess() async throws {
        try await withCLIScenario(seed: 36, products: 12, drift: DriftProfile(stockShare: 0.9, priceShare: 0.9)) { setup in
            let refused = try await setup.run(["sync", "--apply"])
            #expect(refused.status == 3, "\(refused.stderr)\n\(refused.stdout)")
            let last = refused.stdout.split(separator: "\n").last.map(String.init) ?? ""
            #expect(last.contains("nothing written to shop") && last.contains("mass-change guard refused"), "\(last)")
            #expect(!last.contains("changes written"))
            #expect(setup.store.server.counters.writes == 0)
        }
    }

    @Test("a second sync while one holds the lock is refused, naming the holder")
    func lockIsHeld() async throws {
        try await withCLIScenario(seed: 34, products: 5, drift: DriftProfile()) { setup in
            // A live owner: this test process, on this host (the lock file's documented form).
            var host = [CChar](repeating: 0, count: 256)
            gethostname(&host, host.count)
            let owner =
                "{\"pid\":\(getpid()),\"host\":\"\(String(decoding: host.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self))\",\"startedAt\":\(Date().timeIntervalSince1970),\"command\":\"concord sync\"}"
            _ = try setup.directory.write(owner, to: "catalog.sqlite.lock")
            let refused = try await setup.run(["sync", "--apply"])
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("pid \(getpid())"), "\(refused.stderr)")
            #expect(setup.store.server.counters.total == 0)
        }
    }
}
