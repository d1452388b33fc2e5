import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore: StoreLeases {
    // Every statement reads the server's clock once (`now` below) and is atomic on its own: a
    // lease is taken by one upsert whose WHERE sees the row as it is after any other agent's, so
    // two agents asking at once never both get it. None takes the writers' lock: a renewal must
    // not wait behind another agent's sync.

    public func renewAgent(_ agent: AgentIdentity, ttl: Duration, nextRunAt: Date?) async throws -> Set<StoreID> {
        try await leaseCall("renew the leases of \(agent.description)") { db in
            try await db.run(
                """
                WITH t AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now)
                INSERT INTO agent(id, host, pid, command, started_at, seen_at, expires_at, next_run_at)
                SELECT $1, $2, $3, $4, t.now, t.now, t.now + $5, $6 FROM t
                ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at, expires_at = excluded.expires_at,
                    next_run_at = excluded.next_run_at
                """, agent.id, agent.host, Int(agent.pid), agent.command, LeaseTerms.seconds(ttl), nextRunAt)
            try await db.run(
                "DELETE FROM agent WHERE expires_at < extract(epoch FROM clock_timestamp())::float8 - $1", LeaseTerms.forgetAgentsAfter)
            return Set(
                try await db.run(
                    """
                    WITH t AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now)
                    UPDATE store_lease SET renewed_at = t.now, expires_at = t.now + $2 FROM t WHERE agent_id = $1 RETURNING store
                    """, agent.id, LeaseTerms.seconds(ttl)
                ).map { StoreID(try $0[0, as: String.self]) })
        }
    }

    public func acquireLeases(_ stores: [StoreID], for agent: AgentIdentity, ttl: Duration) async throws -> [StoreID: StoreLease] {
        let names = stores.map(\.rawValue).sorted()
        return try await leaseCall("take the leases of \(names.joined(separator: ", "))") { db in
            // Sorted, so that two agents asking for overlapping stores lock their rows in one order.
            try await db.run(
                """
                WITH t AS (SELECT extract(epoch FROM clock_timestamp())::float8 AS now)
                INSERT INTO store_lease(store, agent_id, host, pid, command, acquired_at, renewed_at, expires_at)
                SELECT s.store, $2, $3, $4, $5, t.now, t.now, t.now + $6 FROM unnest($1::text[]) AS s(store), t ORDER BY s.store
                ON CONFLICT (store) DO UPDATE SET
                    acquired_at = CASE WHEN store_lease.agent_id = excluded.agent_id THEN store_lease.acquired_at
                                       ELSE excluded.acquired_at END,
                    agent_id = excluded.agent_id, host = excluded.host, pid = excluded.pid, command = excluded.command,
                    renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
                WHERE store_lease.agent_id = excluded.agent_id OR store_lease.expires_at <= excluded.renewed_at
                """, names, agent.id, agent.host, Int(agent.pid), agent.command, LeaseTerms.seconds(ttl))
            let wanted = Set(stores)
            return Dictionary(uniqueKeysWithValues: try await Self.leases(db).filter { wanted.contains($0.store) }.map { ($0.store, $0) })
        }
    }

    public func releaseLeases(_ stores: [StoreID], for agent: AgentIdentity) async throws {
        try await leaseCall("release leases") { db in
            try await db.run("DELETE FROM store_lease WHERE store = ANY($1::text[]) AND agent_id = $2", stores.map(\.rawValue), agent.id)
        }
    }

    public func retireAgent(_ agent: AgentIdentity) async throws {
        try await leaseCall("retire \(agent.description)") { db in
            try await db.transaction { db in
                try await db.run("DELETE FROM store_lease WHERE agent_id = $1", agent.id)
                try await db.run("DELETE FROM agent WHERE id = $1", agent.id)
            }
        }
    }

    public func storeLeases() async throws -> [StoreLease] {
        try await leaseCall("read the store leases") { db in try await Self.leases(db) }
    }

    public func liveAgents() async throws -> [AgentPresence] {
        try await leaseCall("read the agents") { db in
            try await db.run(
                "SELECT * FROM agent WHERE expires_at > extract(epoch FROM clock_timestamp())::float8 ORDER BY started_at, id"
            ).map { row in
                AgentPresence(
                    agent: AgentIdentity(
                        id: try row.get("id"), host: try row.get("host"), pid: Int32(try row.get("pid") as Int64),
                        command: try row.get("command")),
                    startedAt: try row.date("started_at"), seenAt: try row.date("seen_at"), expiresAt: try row.date("expires_at"),
                    nextRunAt: try row.optionalDate("next_run_at"))
            }
        }
    }

    static func leases(_ db: PostgresConnection) async throws -> [StoreLease] {
        try await db.run("SELECT *, extract(epoch FROM clock_timestamp())::float8 AS read_at FROM store_lease ORDER BY store").map { row in
            StoreLease(
                store: StoreID(try row.get("store")),
                holder: AgentIdentity(
                    id: try row.get("agent_id"), host: try row.get("host"), pid: Int32(try row.get("pid") as Int64),
                    command: try row.get("command")),
                acquiredAt: try row.date("acquired_at"), renewedAt: try row.date("renewed_at"), expiresAt: try row.date("expires_at"),
                readAt: try row.date("read_at"))
        }
    }

    /// Runs a lease statement outside the writers' lock, turning PostgreSQL failures into
    /// ``CatalogStoreError``s.
    @discardableResult
    func leaseCall<T>(_ what: String, _ body: (PostgresConnection) async throws -> T) async throws -> T {
        do {
            return try await body(connection)
        } catch let error as PostgresError {
            throw CatalogStoreError(
                code: .busy, path: location, message: "could not \(what): \(error.message)", cause: error)
        }
    }
}
