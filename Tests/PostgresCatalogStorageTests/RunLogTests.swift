import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// ``RunLog`` on both backends: runs numbered in order, newest first, with the catalog revision
/// they started from, and times that come back to the last bit.
@Suite("runs, on SQLite and PostgreSQL alike")
struct RunLogTests {
    static let start = Date(timeIntervalSince1970: 1_750_000_000.123_456_7)

    @Test("runs are numbered, listed newest first and finished in place", arguments: Backend.allCases)
    func runsRecordAndFinish(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let runs = catalog.runs
            let first = try await runs.startRun(kind: .plan, startedAt: Self.start)
            let second = try await runs.startRun(kind: .apply, startedAt: Self.start + 60)
            #expect(second == first + 1)
            try await runs.finishRun(first, status: .succeeded, finishedAt: Self.start + 30.5, summaryJSON: #"{"changes":3}"#)

            let listed = try await runs.runs(limit: 10)
            #expect(
                listed == [
                    RunRecord(
                        id: second, kind: .apply, status: .running, startedAt: Self.start + 60, finishedAt: nil, summaryJSON: nil,
                        catalogRevision: 0),
                    RunRecord(
                        id: first, kind: .plan, status: .succeeded, startedAt: Self.start, finishedAt: Self.start + 30.5,
                        summaryJSON: #"{"changes":3}"#, catalogRevision: 0),
                ])
            #expect(try await runs.runs(limit: 1).map(\.id) == [second])
            #expect(try await runs.run(id: first) == listed[1])
            #expect(try await runs.run(id: second + 100) == nil)
        }
    }

    @Test("a run remembers the catalog revision it started from", arguments: Backend.allCases)
    func runKeepsTheRevision(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            _ = try await catalog.records.writeCatalog([sampleProduct()], locations: [], mode: .merge)
            _ = try await catalog.records.writeCatalog([sampleProduct(handle: "mug", skus: ["MUG-1"])], locations: [], mode: .merge)
            let run = try await catalog.runs.startRun(kind: .sync, startedAt: Self.start)
            #expect(try await catalog.runs.run(id: run)?.catalogRevision == 2)
        }
    }

    @Test("two agents starting runs at once get distinct numbers, and both runs are kept", arguments: Backend.allCases)
    func agentsStartRunsTogether(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let other = try await catalog.another()
            let ids = try await withThrowingTaskGroup(of: Int64.self) { group in
                for index in 0..<20 {
                    let runs = index.isMultiple(of: 2) ? catalog.runs : other.runs
                    group.addTask { try await runs.startRun(kind: .audit, startedAt: Self.start + Double(index)) }
                }
                return try await group.reduce(into: Set<Int64>()) { $0.insert($1) }
            }
            #expect(ids.count == 20)
            #expect(Set(try await other.runs.runs(limit: 100).map(\.id)) == ids)
        }
    }
}
