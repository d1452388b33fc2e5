import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import PostgresCatalogStorage
import PostgresClient
import Testing

/// The two catalog backends every test here runs against, with the same expectations: what the
/// PostgreSQL store must give is exactly what the SQLite store gives.
enum Backend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    var testDescription: String { rawValue }

    /// Runs `body` with a fresh, empty catalog of this backend, removed afterwards (also when
    /// `body` throws): a SQLite file in its own temporary folder, or a PostgreSQL schema of its own
    /// on `CONCORD_TEST_POSTGRES_URL`'s database, so tests run side by side without meeting.
    ///
    /// - Throws: ``TestPostgres/Unavailable`` for ``postgres`` when `CONCORD_TEST_POSTGRES_URL`
    ///   is not set: the test fails saying how to run it, never passes without a database.
    func withCatalog<Value>(_ body: (TestCatalog) async throws -> Value) async throws -> Value {
        switch self {
        case .sqlite:
            let folder = try TemporaryDirectory(prefix: "concord-backend")
            let path = folder.path("catalog.sqlite")
            let open: @Sendable () async throws -> TestCatalog = { TestCatalog(try SQLiteCatalogStore(path: path)) }
            // The folder (and the file in it) goes when the test is done with it.
            defer { withExtendedLifetime(folder) {} }
            let catalog = try await open()
            return try await body(catalog.opening(with: open))
        case .postgres:
            let url = try TestPostgres.url
            let schema = "catalog_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
            let opened = OpenedStores()
            let open: @Sendable () async throws -> TestCatalog = {
                let store = try await PostgresCatalogStore(url: url, schema: String(schema))
                await opened.add(store)
                return TestCatalog(store)
            }
            let result: Result<Value, any Error>
            do {
                let catalog = try await open()
                result = .success(try await body(catalog.opening(with: open)))
            } catch {
                result = .failure(error)
            }
            await opened.closeAll()
            try await TestPostgres.dropSchema(String(schema))
            return try result.get()
        }
    }
}

/// One catalog seen through its roles, the way the code that uses it sees it.
struct TestCatalog: Sendable {
    let runs: any RunLog
    let records: any CatalogRecords
    let ledger: any StockLedger
    let review: any ReviewStore
    let sync: any SyncStateStore
    let leases: any StoreLeases
    /// All five roles at once, for code that takes a whole ``CatalogStore``.
    let store: any CatalogStore
    private var reopen: (@Sendable () async throws -> TestCatalog)?

    init(_ store: some CatalogStore) {
        runs = store
        records = store
        ledger = store
        review = store
        sync = store
        leases = store
        self.store = store
    }

    fileprivate func opening(with open: @escaping @Sendable () async throws -> TestCatalog) -> TestCatalog {
        var catalog = self
        catalog.reopen = open
        return catalog
    }

    /// Another store on the same catalog: a second agent, or the same one after a restart.
    func another() async throws -> TestCatalog {
        try await reopen!().opening(with: reopen!)
    }
}

/// The PostgreSQL stores a test opened, closed when it ends so that the schema can be dropped.
private actor OpenedStores {
    var stores: [PostgresCatalogStore] = []

    func add(_ store: PostgresCatalogStore) { stores.append(store) }

    func closeAll() async {
        for store in stores { await store.close() }
        stores = []
    }
}

/// The PostgreSQL server the `.postgres` cases run against: the throwaway one
/// `scripts/with-postgres.sh` starts and names in `CONCORD_TEST_POSTGRES_URL`.
enum TestPostgres {
    static let variable = "CONCORD_TEST_POSTGRES_URL"

    struct Unavailable: Error, CustomStringConvertible {
        var description: String {
            "\(TestPostgres.variable) is not set, so the PostgreSQL half of this test has no server to run against. Run the tests "
                + "through scripts/with-postgres.sh, which starts a throwaway one: "
                + "scripts/with-postgres.sh swift test --filter PostgresCatalogStorageTests"
        }
    }

    static var url: String {
        get throws {
            guard let url = ProcessInfo.processInfo.environment[variable], !url.isEmpty else { throw Unavailable() }
            return url
        }
    }

    static func dropSchema(_ schema: String) async throws {
        let connection = try await PostgresConnection.connect(url: url)
        do {
            try await connection.execute("SET client_min_messages TO warning; DROP SCHEMA IF EXISTS \"\(schema)\" CASCADE")
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
    }
}
