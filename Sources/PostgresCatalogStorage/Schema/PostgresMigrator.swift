import CatalogStorage
import Foundation
import PostgresClient

/// Brings a catalog schema up to date: applies the migrations it has not had, recording each
/// identifier in `concord_schema_migrations`, and refuses a schema a newer Concord has migrated
/// further.
///
/// PostgreSQL's DDL is transactional, so every pending step goes in one transaction: a step that
/// fails leaves the schema exactly at the version it had.
///
/// Several agents may open the same catalog at once: the first to take the schema's advisory
/// lock migrates, the others wait and then find nothing left to do.
struct PostgresMigrator {
    let migrations: [PostgresMigrations.Migration]

    init(migrations: [PostgresMigrations.Migration] = PostgresMigrations.all) {
        self.migrations = migrations
    }

    /// - Throws: ``CatalogStoreError`` with code `schemaTooNew` when the schema has migrations
    ///   this Concord does not know.
    func migrate(_ connection: PostgresConnection, lockKey: Int64, label: String) async throws {
        try await connection.transaction { db in
            try await db.query("SELECT pg_advisory_xact_lock($1)", [.int64(lockKey)])
            try await db.execute(
                """
                CREATE TABLE IF NOT EXISTS concord_schema_migrations (
                    identifier text COLLATE "C" PRIMARY KEY,
                    applied_at timestamptz NOT NULL DEFAULT now()
                )
                """)
            let applied = Set(try await db.query("SELECT identifier FROM concord_schema_migrations").map { try $0[0, as: String.self] })
            let known = Set(migrations.map(\.identifier))
            if !applied.subtracting(known).isEmpty {
                throw CatalogStoreError(
                    code: .schemaTooNew, path: label,
                    message: "this catalog was written by a newer version of Concord; upgrade Concord to open it")
            }
            for migration in migrations where !applied.contains(migration.identifier) {
                try await migration.apply(db)
                try await db.query("INSERT INTO concord_schema_migrations(identifier) VALUES ($1)", [.text(migration.identifier)])
            }
        }
    }
}
