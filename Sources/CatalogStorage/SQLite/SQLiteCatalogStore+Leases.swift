import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // One host shares a SQLite catalog, so its clock is the only one: expiry is judged by it.

    public func renewAgent(_ agent: AgentIdentity, ttl: Duration, nextRunAt: Date?) async throws -> Set<StoreID> {
        try await write("renew the leases of \(agent.description)") { db in
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    INSERT INTO agent(id, host, pid, command, started_at, seen_at, expires_at, next_run_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at,
                        next_run_at = excluded.next_run_at
                    """,
                arguments: [
                    agent.id, agent.host, agent.pid, agent.command, now, now, now + LeaseTerms.seconds(ttl),
                    nextRunAt?.timeIntervalSince1970,
                ])
            try db.execute(sql: "DELETE FROM agent WHERE expires_at < ?", arguments: [now - LeaseTerms.forgetAgentsAfter])
            try db.execute(
                sql: "UPDATE store_lease SET renewed_at = ?, expires_at = ? WHERE agent_id = ?",
                arguments: [now, now + LeaseTerms.seconds(ttl), agent.id])
            return Set(
                try String.fetchAll(db, sql: "SELECT store FROM store_lease WHERE agent_id = ?", arguments: [agent.id]).map { StoreID($0) })
        }
    }

    public func acquireLeases(_ stores: [StoreID], for agent: AgentIdentity, ttl: Duration) async throws -> [StoreID: StoreLease] {
        try await write("take the leases of \(stores.map(\.rawValue).joined(separator: ", "))") { db in
            // Read inside the transaction: a writer that waited for its turn judges expiry by now.
            let now = Date().timeIntervalSince1970
            for store in stores {
                try db.execute(
                    sql: """
                        INSERT INTO store_lease(store, agent_id, host, pid, command, acquired_at, renewed_at, expires_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT(store) DO UPDATE SET
                            acquired_at = CASE WHEN store_lease.agent_id = excluded.agent_id THEN store_lease.acquired_at
                                               ELSE excluded.acquired_at END,
                            agent_id = excluded.agent_id, host = excluded.host, pid = excluded.pid, command = excluded.command,
                            renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
                        WHERE store_lease.agent_id = excluded.agent_id OR store_lease.expires_at <= excluded.renewed_at
                        """,
                    arguments: [store.rawValue, agent.id, agent.host, agent.pid, agent.command, now, now, now + LeaseTerms.seconds(ttl)])
            }
            let wanted = Set(stores)
            return Dictionary(
                uniqueKeysWithValues: try Self.leases(db, readAt: now).filter { wanted.contains($0.store) }.map { ($0.store, $0) })
        }
    }

    public func releaseLeases(_ stores: [StoreID], for agent: AgentIdentity) async throws {
        try await write("release leases") { db in
            for store in stores {
                try db.execute(sql: "DELETE FROM store_lease WHERE store = ? AND agent_id = ?", arguments: [store.rawValue, agent.id])
            }
        }
    }

    public func retireAgent(_ agent: AgentIdentity) async throws {
        try await write("retire \(agent.description)") { db in
            try db.execute(sql: "DELETE FROM store_lease WHERE agent_id = ?", arguments: [agent.id])
            try db.execute(sql: "DELETE FROM agent WHERE id = ?", arguments: [agent.id])
        }
    }

    public func storeLeases() async throws -> [StoreLease] {
        try await read { db in try Self.leases(db, readAt: Date().timeIntervalSince1970) }
    }

    public func liveAgents() async throws -> [AgentPresence] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM agent WHERE expires_at > ? ORDER BY started_at, id", arguments: [Date().timeIntervalSince1970]
            ).map { row in
                AgentPresence(
                    agent: AgentIdentity(id: row["id"], host: row["host"], pid: row["pid"], command: row["command"]),
                    startedAt: Date(timeIntervalSince1970: row["started_at"]), seenAt: Date(timeIntervalSince1970: row["seen_at"]),
                    expiresAt: Date(timeIntervalSince1970: row["expires_at"]),
                    nextRunAt: (row["next_run_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }

    static func leases(_ db: Database, readAt now: Double) throws -> [StoreLease] {
        try Row.fetchAll(db, sql: "SELECT * FROM store_lease ORDER BY store").map { row in
            StoreLease(
                store: StoreID(row["store"]),
                holder: AgentIdentity(id: row["agent_id"], host: row["host"], pid: row["pid"], command: row["command"]),
                acquiredAt: Date(timeIntervalSince1970: row["acquired_at"]), renewedAt: Date(timeIntervalSince1970: row["renewed_at"]),
                expiresAt: Date(timeIntervalSince1970: row["expires_at"]), readAt: Date(timeIntervalSince1970: now))
        }
    }
}
