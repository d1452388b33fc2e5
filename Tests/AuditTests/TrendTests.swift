import Audit
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@Suite("Accuracy trend from the run history")
struct TrendTests {
    @Test("audits and syncs that recorded a summary become trend points, oldest first, this audit last")
    func trendFromRuns() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        func record(_ kind: RunKind, at offset: TimeInterval, inSync: Int, status: RunStatus = .succeeded, summary: String? = nil)
            async throws
        {
            let id = try await catalog.startRun(kind: kind, startedAt: AuditFixture.t0 + offset)
            let text =
                summary
                ?? RunSummary(stores: [
                    RunStoreSummary(store: "shop", fieldsCompared: 100, fieldsInSync: inSync, listingErrors: 100 - inSync)
                ]).jsonText()
            try await catalog.finishRun(id, status: status, finishedAt: AuditFixture.t0 + offset + 60, summaryJSON: text)
        }
        try await record(.audit, at: 0, inSync: 90)
        try await record(.sync, at: 3_600, inSync: 95)
        try await record(.plan, at: 7_200, inSync: 0, summary: "{\"version\":1}")  // another shape: skipped
        // An offline audit re-measures a saved read; an incremental sync covered a few listings.
        var offline = RunSummary(stores: [RunStoreSummary(store: "shop", fieldsCompared: 100, fieldsInSync: 95)])
        offline.offline = true
        try await record(.audit, at: 7_300, inSync: 0, summary: offline.jsonText())
        try await record(
            .sync, at: 7_400, inSync: 0,
            summary:
                #"{"version":1,"stores":[{"store":"shop","incremental":true,"fields_compared":12,"fields_in_sync":12,"fields":{},"findings_by_code":{},"listing_errors":0}]}"#
        )
        let current = try await catalog.startRun(kind: .audit, startedAt: AuditFixture.now)  // still running: skipped

        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(AuditFixture.reconciled())], catalog: AuditFixture.catalog, orders: [],
                history: try await catalog.runs(limit: 50), options: AuditOptions(now: AuditFixture.now, runID: current)))
        #expect(report.trend.map(\.kind) == ["audit", "sync", "audit"])
        #expect(report.trend.map(\.overall) == [Ratio(90, of: 100), Ratio(95, of: 100), Ratio(5, of: 6)])
        #expect(report.trend.map(\.listingErrors).prefix(2) == [10, 5])
        #expect(report.trend.last?.runId == current)
        #expect(report.trend[1].stores.map(\.store) == ["shop"])
    }
}
