import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    /// Takes the catalog's sync lock for as long as this store's connection lives: one sync,
    /// apply or `concord run` at a time per catalog, across every host, as the lock file beside a
    /// SQLite catalog does on one. A session advisory lock, so an agent that dies (its connection
    /// gone) frees it at once; no stale lock is left behind.
    ///
    /// - Throws: ``CatalogStoreError`` (`locked`) saying another agent holds it, with that
    ///   agent's host and process as PostgreSQL knows them.
    public func holdSyncLock(command: String) async throws {
        let key = syncLockKey
        let taken = try await connection.run("SELECT pg_try_advisory_lock($1)", key)
        if try taken.first?[0, as: Bool.self] == true {
            _ = try await connection.run("SELECT set_config('application_name', $1, false)", String(command.prefix(60)))
            return
        }
        let holder = try? await connection.run(
            """
            SELECT a.pid, COALESCE(a.client_addr::text, 'local'), a.application_name
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = $1
            """, key)
        let who =
            holder?.first.map { row in
                "\((try? row[2, as: String.self]) ?? "an agent") (server pid \((try? row[0, as: Int64.self]) ?? 0), from \((try? row[1, as: String.self]) ?? "?"))"
            } ?? "another Concord agent"
        throw CatalogStoreError(
            code: .busy, path: location,
            message: "\(who) is syncing this catalog; wait for it to finish, or stop it (its lock goes with its connection)")
    }

    /// The sync lock's key: the writer lock's, moved, so holding it never blocks a write.
    var syncLockKey: Int64 { writerLock &+ 1 }
}
