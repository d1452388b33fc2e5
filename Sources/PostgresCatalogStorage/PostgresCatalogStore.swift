import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// A ``CatalogStore`` in PostgreSQL, for teams that run several Concord agents on one catalog.
///
/// It keeps the same tables as ``SQLiteCatalogStore`` (see `PostgresMigrations` for the types)
/// and gives the same answers: the shared test suite runs every role's behaviour against both.
/// Every write is one transaction, and writers of one catalog take turns through a
/// transaction-scoped advisory lock, as SQLite's single writer does: the ledger and the review
/// queue read, decide and write inside one transaction, and two agents interleaving there would
/// count a shipment twice. Readers never wait (MVCC); a read of several statements reads one
/// snapshot.
///
/// One instance holds one connection, whose calls run one at a time; open one store per agent.
public final class PostgresCatalogStore: Sendable {
    /// The schema the catalog's tables live in.
    public let schema: String
    /// Where the catalog is, for messages (`host:port schema x`); never holds a password.
    public let location: String
    let connection: PostgresConnection
    /// The advisory lock every write of this catalog holds: a hash of the schema's name.
    let writerLock: Int64

    /// Opens the catalog in `schema` (created if needed) and brings its tables up to date.
    ///
    /// - Parameters:
    ///   - url: A libpq connection string (`postgres://user@host:port/database`); the password
    ///     belongs in PGPASSWORD or ~/.pgpass, not here.
    ///   - schema: The schema holding the catalog, so that several catalogs (or tests running side
    ///     by side) can share one database: letters, digits and `_`, not starting with a digit.
    /// - Throws: ``CatalogStoreError``: `cannotOpen` when the server cannot be reached or the
    ///   schema's name is not plain, `schemaTooNew` when a newer Concord migrated it.
    public init(url: String, schema: String = "public") async throws {
        let redacted = PostgresURL.redacted(url)
        guard Self.isPlainIdentifier(schema) else {
            throw CatalogStoreError(
                code: .cannotOpen, path: redacted,
                message: "\"\(schema)\" is not a schema name Concord uses; use letters, digits and _ (not starting with a digit)")
        }
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(url: url)
        } catch let error as PostgresError {
            throw CatalogStoreError(code: .cannotOpen, path: redacted, message: "\(error)", cause: error)
        }
        self.schema = schema
        self.location = "\(connection.server) schema \(schema)"
        self.connection = connection
        self.writerLock = Self.lockKey(schema: schema)
        do {
            // Notices are not for the person running Concord.
            try await connection.execute("SET client_min_messages TO warning")
            // Created only when missing: CREATE SCHEMA IF NOT EXISTS asks for the right to create
            // schemas in the database even when there is nothing to create, and an agent's role
            // may own its catalog's schema and nothing more.
            if try await connection.run("SELECT 1 FROM pg_namespace WHERE nspname = $1", schema).isEmpty {
                try await connection.execute("CREATE SCHEMA IF NOT EXISTS \"\(schema)\"")
            }
            try await connection.execute("SET search_path TO \"\(schema)\"")
            try await PostgresMigrator().migrate(connection, lockKey: writerLock, label: location)
        } catch let error as CatalogStoreError {
            await connection.close()
            throw error
        } catch let error as PostgresError {
            await connection.close()
            throw CatalogStoreError(
                code: .cannotOpen, path: location, message: "the catalog's tables could not be set up: \(error)", cause: error)
        }
    }

    /// Closes the connection; calls made afterwards fail.
    public func close() async {
        await connection.close()
    }

    // MARK: Transactions

    /// Runs a write transaction holding the catalog's writer lock, turning PostgreSQL failures
    /// into ``CatalogStoreError``s that say nothing was changed.
    @discardableResult
    func write<T>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await connection.transaction { db in
                try await db.run("SELECT pg_advisory_xact_lock($1)", writerLock)
                return try await body(db)
            }
        } catch let error as CatalogStoreError {
            throw error
        } catch let error as PostgresError {
            throw CatalogStoreError(
                code: error.isSerializationFailure ? .busy : .writeFailed, path: location,
                message: "could not \(what): \(error.message); nothing was changed", cause: error)
        }
    }

    /// Runs reads of several statements on one snapshot (REPEATABLE READ), as SQLite's reads see
    /// one state of the file.
    func read<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        try await connection.transaction(isolation: .repeatableRead) { db in try await body(db) }
    }

    // MARK: Names

    static func isPlainIdentifier(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, !(("0"..."9").contains(first)), name.utf8.count <= 63 else { return false }
        return name.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// A stable 64-bit key for `pg_advisory_xact_lock` (FNV-1a of the schema's name): every
    /// process opening the same schema computes the same one.
    static func lockKey(schema: String) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "concord.catalog:\(schema)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return Int64(bitPattern: hash)
    }
}

extension PostgresCatalogStore {
    /// Whether `location` names a PostgreSQL catalog (a `postgres://` or `postgresql://` URL)
    /// rather than a SQLite file.
    public static func isURL(_ location: String) -> Bool {
        location.hasPrefix("postgres://") || location.hasPrefix("postgresql://")
    }

    /// A catalog URL split into what libpq takes and the schema: `schema` is Concord's own
    /// parameter (one catalog of several in a database), which libpq would refuse.
    public static func splitSchema(_ url: String) -> (url: String, schema: String) {
        guard var components = URLComponents(string: url) else { return (url, "public") }
        let schema = components.queryItems?.first { $0.name == "schema" }?.value ?? "public"
        components.queryItems = components.queryItems?.filter { $0.name != "schema" }
        if components.queryItems?.isEmpty == true { components.queryItems = nil }
        return (components.string ?? url, schema)
    }
}
