import CatalogModel
import Foundation

/// Which agent may sync which store, when several `concord run` agents share one catalog.
///
/// An agent holds a lease on each store it syncs, renewed while it works; two agents never hold
/// the same store's lease, so two agents never plan or write one store at once. A lease that is
/// not renewed expires, and whoever asks next takes the store over (and finishes its journal):
/// an agent that dies, or loses the database, gives its stores up without anyone's help.
///
/// Expiry is judged by the database's clock where there is one (PostgreSQL), so agents on hosts
/// whose clocks disagree still agree on who holds what. Every call is one atomic statement and
/// none waits for the catalog's writers, so a renewal is never held up by another agent's sync.
public protocol StoreLeases: Sendable {
    /// Says the agent is alive until `ttl` from now, renews every lease it holds by as much, and
    /// returns the stores whose lease it still holds (one missing from what it thought it held
    /// was taken over after it expired: the agent must stop writing that store).
    func renewAgent(_ agent: AgentIdentity, ttl: Duration, nextRunAt: Date?) async throws -> Set<StoreID>

    /// Takes each store's lease that is free (never taken, released, or expired) or already the
    /// agent's, until `ttl` from now, and returns every asked-for store's lease as it now stands:
    /// the agent's own for those it got, the other holder's for the rest.
    func acquireLeases(_ stores: [StoreID], for agent: AgentIdentity, ttl: Duration) async throws -> [StoreID: StoreLease]

    /// Gives the stores' leases up (only those the agent holds).
    func releaseLeases(_ stores: [StoreID], for agent: AgentIdentity) async throws

    /// The agent stops: every lease it holds is released and it no longer counts as alive.
    func retireAgent(_ agent: AgentIdentity) async throws

    /// Every lease taken and not released, expired ones included (`concord status`).
    func storeLeases() async throws -> [StoreLease]

    /// The agents that renewed their presence within their time to live.
    func liveAgents() async throws -> [AgentPresence]
}

/// One agent process: a random id for its life, and where it runs, for people.
public struct AgentIdentity: Codable, Hashable, Sendable {
    /// Unique for the process's life (a UUID): a restarted agent is a new one.
    public var id: String
    public var host: String
    public var pid: Int32
    /// What it runs (`concord run`), shown to whoever finds a store held.
    public var command: String

    public init(id: String = UUID().uuidString.lowercased(), host: String, pid: Int32, command: String) {
        self.id = id
        self.host = host
        self.pid = pid
        self.command = command
    }

    /// `concord run (pid 4242 on shop-2)`.
    public var description: String { "\(command) (pid \(pid) on \(host))" }
}

/// Who holds a store's lease, and until when.
public struct StoreLease: Hashable, Sendable {
    public var store: StoreID
    public var holder: AgentIdentity
    public var acquiredAt: Date
    public var renewedAt: Date
    public var expiresAt: Date
    /// The database's time when this was read: compare ``expiresAt`` with it, not with the local
    /// clock.
    public var readAt: Date

    public init(store: StoreID, holder: AgentIdentity, acquiredAt: Date, renewedAt: Date, expiresAt: Date, readAt: Date) {
        self.store = store
        self.holder = holder
        self.acquiredAt = acquiredAt
        self.renewedAt = renewedAt
        self.expiresAt = expiresAt
        self.readAt = readAt
    }

    public var isExpired: Bool { expiresAt <= readAt }
}

/// An agent as the database last heard of it.
public struct AgentPresence: Hashable, Sendable {
    public var agent: AgentIdentity
    public var startedAt: Date
    public var seenAt: Date
    public var expiresAt: Date
    /// When it plans its next scheduled run, if it said.
    public var nextRunAt: Date?

    public init(agent: AgentIdentity, startedAt: Date, seenAt: Date, expiresAt: Date, nextRunAt: Date?) {
        self.agent = agent
        self.startedAt = startedAt
        self.seenAt = seenAt
        self.expiresAt = expiresAt
        self.nextRunAt = nextRunAt
    }
}

/// What both backends agree on about leases.
package enum LeaseTerms {
    /// An agent gone this long (seconds) is forgotten: `concord status` lists the living.
    package static let forgetAgentsAfter: Double = 86_400

    package static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
