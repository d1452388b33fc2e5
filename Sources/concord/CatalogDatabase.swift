import CatalogStorage
import Foundation
import PostgresCatalogStorage
import PostgresClient
import Sync

/// Where the catalog lives, from `--db`, `CONCORD_DB` or `database =`: a SQLite file (the
/// default, nothing to start) or a PostgreSQL database for several agents
/// (`postgres://user@host:5432/concord`, optionally `?schema=shop_eu` for one catalog of several
/// in one database). The password comes from PGPASSWORD or ~/.pgpass, as libpq reads them; it is
/// never printed.
enum CatalogDatabase: Sendable {
    case sqlite(path: String)
    case postgres(url: String, schema: String)

    init(_ location: String) {
        guard location.hasPrefix("postgres://") || location.hasPrefix("postgresql://") else {
            self = .sqlite(path: location)
            return
        }
        // `schema` is Concord's own parameter: libpq would refuse it, so it is taken out here.
        guard var components = URLComponents(string: location) else {
            self = .postgres(url: location, schema: "public")
            return
        }
        let schema = components.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        components.queryItems = components.queryItems?.filter { $0.name != "schema" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        self = .postgres(url: components.string ?? location, schema: schema)
    }

    /// The location for messages, without a password.
    var description: String {
        switch self {
        case .sqlite(let path): path
        case .postgres(let url, let schema): PostgresURL.redacted(url) + (schema == "public" ? "" : " (schema \(schema))")
        }
    }

    var isPostgres: Bool { if case .postgres = self { true } else { false } }

    /// The SQLite file, when the catalog is one.
    var sqlitePath: String? { if case .sqlite(let path) = self { path } else { nil } }

    /// Opens the catalog (creating its tables when they are missing).
    func open() async throws -> any CatalogStore {
        switch self {
        case .sqlite(let path):
            let store = try SQLiteCatalogStore(path: path)
            if let warning = store.permissionWarning { Terminal.printError("warning: " + warning) }
            return store
        case .postgres(let url, let schema):
            return try await PostgresCatalogStore(url: url, schema: schema)
        }
    }
}

/// One sync or apply at a time per catalog: the lock file beside a SQLite catalog
/// (``SyncLock``), the catalog's advisory lock in PostgreSQL, held for the command's life.
struct CatalogSyncLock {
    private let file: SyncLock?

    static func take(_ database: CatalogDatabase, store: any CatalogStore, command: String) async throws -> CatalogSyncLock {
        switch database {
        case .sqlite(let path):
            return CatalogSyncLock(file: try SyncLock(databasePath: path, command: command))
        case .postgres:
            try await (store as? PostgresCatalogStore)?.holdSyncLock(command: command)
            return CatalogSyncLock(file: nil)
        }
    }

    /// Frees a lock file; a PostgreSQL lock goes with the connection when the process ends.
    func release() { file?.release() }
}
