import CatalogModel
import Foundation
import GRDB

/// The default ``CatalogStore``: one SQLite file on local disk, no server to run.
///
/// The database runs in WAL mode (GRDB's `DatabasePool`), so audits and `catalog show` can read
/// while a sync writes, with foreign keys on and every write in one transaction.
public final class SQLiteCatalogStore: CatalogStore {
    /// The path of the database file.
    public let path: String
    let pool: DatabasePool
    /// Set when the database file was already readable by other users of this machine: it holds
    /// the plan-signing key, and the catalog. The caller says so (Concord never widens a file).
    public let permissionWarning: String?

    /// Opens (creating if needed) the catalog database at `path` and brings its schema up to date.
    ///
    /// - Throws: ``CatalogStoreError`` when the file is not a SQLite database, was written by a
    ///   newer Concord, or cannot be opened; the message says which file and what to do.
    public init(path: String) throws {
        self.path = path
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true
        configuration.busyMode = .timeout(10)
        configuration.label = "concord.catalog"
        // 64 MiB of page cache a connection instead of SQLite's 2 MiB: a million-SKU catalog's
        // tables and indexes run to gigabytes, and the default cache re-reads them page by page.
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA cache_size = -65536") }
        do {
            let directory = (path as NSString).deletingLastPathComponent
            if !directory.isEmpty, !FileManager.default.fileExists(atPath: directory) {
                throw CatalogStoreError(
                    code: .cannotOpen, path: path,
                    message: "the folder \(directory) does not exist; create it or pass another --db path")
            }
            // The file holds the plan-signing key: only its owner may read it. SQLite creates the
            // -wal and -shm files with the database file's permissions, so they follow.
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                    throw CatalogStoreError(
                        code: .cannotOpen, path: path, message: "the file cannot be created; check the folder's permissions")
                }
            }
            permissionWarning = Self.widePermissions(path)
            pool = try DatabasePool(path: path, configuration: configuration)
            let migrator = CatalogMigrations.migrator
            if try pool.read({ try migrator.hasBeenSuperseded($0) }) {
                throw CatalogStoreError(
                    code: .schemaTooNew, path: path,
                    message: "this catalog was written by a newer version of Concord; upgrade Concord to open it")
            }
            try migrator.migrate(pool)
        } catch let error as CatalogStoreError {
            throw error
        } catch let error as DatabaseError {
            let code: CatalogStoreError.Code =
                error.resultCode == .SQLITE_NOTADB ? .notADatabase : .cannotOpen
            let advice =
                code == .notADatabase
                ? "the file is not a Concord catalog (not a SQLite database); pass the right file with --db"
                : "SQLite could not open it (\(error.message ?? "\(error.resultCode)"))"
            throw CatalogStoreError(code: code, path: path, message: advice, cause: error)
        }
    }

    /// Runs a write transaction, turning SQLite failures into ``CatalogStoreError``s.
    func write<T: Sendable>(_ what: String, _ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        do {
            return try await pool.write(body)
        } catch let error as CatalogStoreError {
            throw error
        } catch let error as DatabaseError {
            throw CatalogStoreError(
                code: error.resultCode == .SQLITE_BUSY ? .busy : .writeFailed, path: path,
                message: "could not \(what): \(error.message ?? "\(error.resultCode)"); nothing was changed",
                cause: error)
        }
    }

    /// Why the file at `path` is too open, or `nil`.
    static func widePermissions(_ path: String) -> String? {
        guard let mode = (try? FileManager.default.attributesOfItem(atPath: path))?[.posixPermissions] as? Int, mode & 0o077 != 0 else {
            return nil
        }
        return
            "\(path) can be read by other users of this machine (mode \(String(mode & 0o777, radix: 8))); it holds the key that signs plans: chmod 600 \(path)"
    }

    func read<T: Sendable>(_ body: @Sendable @escaping (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }
}

/// A failure of the catalog database, with the file it concerns and what to do.
public struct CatalogStoreError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        let name: String
        public var description: String { name }
        public static let cannotOpen = Code(name: "cannot-open")
        public static let notADatabase = Code(name: "not-a-database")
        public static let schemaTooNew = Code(name: "schema-too-new")
        public static let busy = Code(name: "busy")
        public static let writeFailed = Code(name: "write-failed")
        public static let corruptValue = Code(name: "corrupt-value")
        public static let duplicateSKU = Code(name: "duplicate-sku")
        /// A review decision that cannot be made or undone (the message says why).
        public static let refused = Code(name: "refused")
        public static let notFound = Code(name: "not-found")
    }

    public var code: Code
    public var path: String
    public var message: String
    public var cause: (any Error)?

    public init(code: Code, path: String, message: String, cause: (any Error)? = nil) {
        self.code = code
        self.path = path
        self.message = message
        self.cause = cause
    }

    public var description: String { "\(path): \(message)" }
}

extension SQLiteCatalogStore {
    /// The database file's path.
    public var location: String { path }
}

extension SQLiteCatalogStore {
    public func schemaVersions() async throws -> [String] {
        let applied = try await pool.read { db in try CatalogMigrations.migrator.appliedIdentifiers(db) }
        return CatalogMigrations.identifiers.filter(applied.contains)
    }
}
