import CatalogModel
import Foundation

/// Runs (plans, applies, syncs, audits, imports, pulls) and their summaries: `concord status`, the
/// audit's trend, and resuming an interrupted apply.
public protocol RunLog: Sendable {
    func startRun(kind: RunKind, startedAt: Date) async throws -> Int64

    func finishRun(_ id: Int64, status: RunStatus, finishedAt: Date, summaryJSON: String) async throws

    func runs(limit: Int) async throws -> [RunRecord]

    /// One run by id, or `nil` when there is none.
    func run(id: Int64) async throws -> RunRecord?
}
