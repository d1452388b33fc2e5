import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("SIGTERM during concord sync --apply")
struct SignalTests {
    @Test(
        "SIGTERM after the first answered write: the call in flight is journaled, the rest stays queued, the run is interrupted, --resume applies each change once"
    )
    func sigtermStopsGracefully() async throws {
        try await withCLIScenario(seed: 51, products: 24, drift: DriftProfile(stockShare: 0.15, priceShare: 0.3)) { setup in
            // Writes answer slowly, so the signal lands while the second call is in flight.
            setup.store.server.setFaults([FaultRule(kind: .slow(milliseconds: 200), method: "POST", queryContains: "mutation")])
            let server = setup.store.server
            let stopped = try await setup.concord.run(
                ["sync", "--apply"], environment: setup.environment, directory: setup.directory.path,
                interrupt: {
                    // The first write: a mutation that changes the store (not the start of a bulk read).
                    await server.waitForRequest { $0.isWrite }
                }, signal: SIGTERM)
            #expect(stopped.status == 1, "\(stopped.stderr)\n\(stopped.stdout)")
            #expect(stopped.stderr.contains("SIGTERM received"), "\(stopped.stderr)")
            #expect(stopped.stderr.contains("concord apply --resume"), "\(stopped.stderr)")

            let database = try SQLiteCatalogStore(path: setup.directory.path("catalog.sqlite"))
            let run = try #require(try await database.runs(limit: 1).first)
            #expect(run.kind == .sync)
            #expect(run.status == .interrupted)
            let atStop = try await database.journalEntries(runID: run.id)
            #expect(!atStop.contains { $0.state == .pending || $0.state == .unknown }, "a write was left half-recorded")
            let applied = atStop.filter { $0.state == .applied }.count
            let queued = atStop.filter { $0.state == .queued }.count
            #expect(applied > 0)
            #expect(queued > 0, "the sync finished before the signal")

            let resumed = try await setup.run(["apply", "--resume", "--json"])
            #expect(resumed.status == 0, "\(resumed.stderr)\n\(resumed.stdout)")
            let report = try #require(try JSONValue.parse(resumed.stdout)["stores"]?[0])
            #expect(report["applied"]?.intValue == queued)
            #expect(try await setup.changeCount() == 0)
            let writes = setup.store.server.log.shopifyWritesPerItem()
            #expect(writes.values.allSatisfy { $0 == 1 }, "applied twice: \(writes.filter { $0.value > 1 })")
            #expect(try await database.journalEntries(runID: run.id).allSatisfy { $0.state == .applied })
        }
    }
}
