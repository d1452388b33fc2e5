import CatalogModel
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
        guard PostgresCatalogStore.isURL(location) else {
            self = .sqlite(path: location)
            return
        }
        let (url, schema) = PostgresCatalogStore.splitSchema(location)
        self = .postgres(url: url, schema: schema)
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

/// Who may sync what: on SQLite one sync or apply at a time per catalog (the lock file beside
/// it, ``SyncLock``); on PostgreSQL the leases of the stores the command touches
/// (``LeaseKeeper``), so a `concord sync` of one store runs beside agents syncing the others, and
/// is refused, naming the holder, when an agent holds one of its stores.
struct CatalogSyncLock {
    private let file: SyncLock?
    /// The stores' leases and their renewal, on PostgreSQL.
    let keeper: LeaseKeeper?
    private let renewal: Task<Void, Never>?

    static func take(_ database: CatalogDatabase, store: any CatalogStore, command: String, stores: [StoreID]) async throws
        -> CatalogSyncLock
    {
        switch database {
        case .sqlite(let path):
            return CatalogSyncLock(file: try SyncLock(databasePath: path, command: command), keeper: nil, renewal: nil)
        case .postgres:
            let keeper = LeaseKeeper(
                leases: store, agent: AgentIdentity.current(command: command), ttl: LeaseKeeper.defaultTTL, candidates: stores, pinned: true
            )
            let claim = try await keeper.claim()
            guard claim.held.count == stores.count else {
                await keeper.retire()
                let holders = stores.compactMap { id in
                    claim.heldElsewhere[id].map { lease in
                        "\(id) is held by \(lease.holder.description) until \(Int(max(0, lease.expiresAt.timeIntervalSince(lease.readAt)))) s from now"
                    }
                }
                throw CLIError(
                    "another agent is syncing: \(holders.isEmpty ? "the stores' leases could not be taken" : holders.joined(separator: "; ")); wait for it, sync the other stores with --store, or stop that agent (its leases are free once they expire)"
                )
            }
            return CatalogSyncLock(file: nil, keeper: keeper, renewal: keeper.renewing())
        }
    }

    /// No lock at all (nothing to hold).
    static let none = CatalogSyncLock(file: nil, keeper: nil, renewal: nil)

    /// The check the executor makes before each write call (`nil` on SQLite, where the lock
    /// file is held for the whole command).
    var writeRefusal: (@Sendable (StoreID) async -> String?)? {
        guard let keeper else { return nil }
        return { store in await keeper.writeRefusal(store) }
    }

    /// Runs `body`, then frees the lock whether it threw or not.
    func holding<T>(_ body: () async throws -> T) async throws -> T {
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    /// Frees the lock file, or gives the leases back.
    func release() async {
        file?.release()
        renewal?.cancel()
        await keeper?.retire()
    }
}
