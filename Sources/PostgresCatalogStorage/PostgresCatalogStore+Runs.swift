import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore: RunLog {
    public func startRun(kind: RunKind, startedAt: Date) async throws -> Int64 {
        try await write("start a run record") { db in
            try await db.run(
                """
                INSERT INTO sync_run(kind, status, started_at, catalog_revision)
                VALUES ($1, $2, $3, (SELECT revision FROM catalog_state WHERE id = 1)) RETURNING id
                """, kind.rawValue, RunStatus.running.rawValue, startedAt
            )[0].get(0)
        }
    }

    public func finishRun(_ id: Int64, status: RunStatus, finishedAt: Date, summaryJSON: String) async throws {
        try await write("finish run \(id)") { db in
            try await db.run(
                "UPDATE sync_run SET status = $1, finished_at = $2, summary_json = $3 WHERE id = $4", status.rawValue, finishedAt,
                summaryJSON, id)
        }
    }

    public func runs(limit: Int) async throws -> [RunRecord] {
        // SQLite reads a negative limit as none; PostgreSQL refuses one, and reads NULL as none.
        try await connection.run("SELECT * FROM sync_run ORDER BY id DESC LIMIT $1", limit < 0 ? nil : limit).map(Self.runRecord)
    }

    public func run(id: Int64) async throws -> RunRecord? {
        try await connection.run("SELECT * FROM sync_run WHERE id = $1", id).first.map(Self.runRecord)
    }

    static func runRecord(_ row: PostgresRow) throws -> RunRecord {
        RunRecord(
            id: try row.get("id"), kind: RunKind(rawValue: try row.get("kind")) ?? .sync,
            status: RunStatus(rawValue: try row.get("status")) ?? .failed,
            startedAt: try row.date("started_at"), finishedAt: try row.optionalDate("finished_at"),
            summaryJSON: try row.get("summary_json"), catalogRevision: try row.get("catalog_revision"))
    }
}

extension PostgresCatalogStore {
    public func schemaVersions() async throws -> [String] {
        let applied = Set(try await connection.run("SELECT identifier FROM concord_schema_migrations").map { try $0[0, as: String.self] })
        return PostgresMigrations.all.map(\.identifier).filter(applied.contains)
    }
}
