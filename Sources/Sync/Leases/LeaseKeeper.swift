import CatalogModel
import CatalogStorage
import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// This agent's share of the stores when several agents sync one catalog (``StoreLeases``).
///
/// Each scheduled tick it claims its stores: it keeps the leases it holds up to its fair share
/// (the stores divided by the live agents, rounded up), gives back what is over it so that an
/// agent that just started gets work, and takes free stores up to it. A store found free at two
/// ticks in a row is taken whatever the share, so no store goes unsynced while agents come and
/// go; pinned stores (`--stores a,b`) are the only ones it asks for, and always.
///
/// Between ticks it renews what it holds (``renew()``, every third of the time to live), and
/// before every write call the executor asks ``writeRefusal(_:)`` whether the lease is still
/// its own, confirmed within a third of the time to live. A lease can only change hands once it
/// has expired, so a write that starts after a confirmation has at least two thirds of the time
/// to live before anyone else may write the store.
public actor LeaseKeeper {
    public nonisolated let leases: any StoreLeases
    public nonisolated let agent: AgentIdentity
    public nonisolated let ttl: Duration
    /// The stores this agent may sync, in configuration order.
    public nonisolated let candidates: [StoreID]
    /// Only ``candidates``, always asked for; never shared out.
    public nonisolated let pinned: Bool

    /// The stores whose lease this agent holds, as of the last call to the database.
    public private(set) var held: Set<StoreID> = []
    /// When the agent plans its next scheduled run (shown by `concord status`).
    public var nextRunAt: Date?
    private var confirmed: ContinuousClock.Instant?
    /// Stores found free at the last claim, with the lease row they had then (`nil`: none):
    /// found free again with the very same row, nobody took them in between.
    private var freeLastTick: [StoreID: LeaseMark?] = [:]
    private var lost: [StoreID: String] = [:]

    public init(leases: any StoreLeases, agent: AgentIdentity, ttl: Duration, candidates: [StoreID], pinned: Bool) {
        self.leases = leases
        self.agent = agent
        self.ttl = ttl
        self.candidates = candidates
        self.pinned = pinned
    }

    /// Claims this tick's stores (see the type's description).
    public func claim() async throws -> LeaseClaim {
        let before = held
        // A tick is starting: `concord status` shows this agent's next run as now until the
        // service says when the one after is due.
        nextRunAt = Date()
        try await confirm()
        let agents = max(1, try await leases.liveAgents().count)
        let share = pinned ? candidates.count : (candidates.count + agents - 1) / agents
        var keep = candidates.filter(held.contains)
        var released: [StoreID] = []
        if keep.count > share {
            released = Array(keep[share...])
            keep = Array(keep[..<share])
            try await leases.releaseLeases(released, for: agent)
            held.subtract(released)
        }
        let standing = Dictionary(uniqueKeysWithValues: try await leases.storeLeases().map { ($0.store, $0) })
        let free = candidates.filter { store in
            !held.contains(store) && (standing[store].map { $0.isExpired } ?? true)
        }
        let marks = Dictionary(uniqueKeysWithValues: free.map { ($0, standing[$0].map(LeaseMark.init)) })
        var wanted = free.filter { store in freeLastTick[store].map { $0 == marks[store]! } ?? false }
        for store in free where keep.count + wanted.count < share && !wanted.contains(store) { wanted.append(store) }
        freeLastTick = marks.filter { !wanted.contains($0.key) && !released.contains($0.key) }
        var elsewhere: [StoreID: StoreLease] = [:]
        if !wanted.isEmpty {
            let outcome = try await leases.acquireLeases(wanted, for: agent, ttl: ttl)
            for store in wanted {
                if let lease = outcome[store], lease.holder.id == agent.id {
                    held.insert(store)
                } else if let lease = outcome[store] {
                    elsewhere[store] = lease
                }
            }
            confirmed = .now
        }
        for store in candidates where !held.contains(store) && elsewhere[store] == nil {
            if let lease = standing[store], !lease.isExpired { elsewhere[store] = lease }
        }
        let ordered = candidates.filter(held.contains)
        return LeaseClaim(
            held: ordered, acquired: ordered.filter { !before.contains($0) }, released: released, heldElsewhere: elsewhere,
            liveAgents: agents)
    }

    /// Renews this agent's presence and leases; a lease found gone is remembered, and every
    /// write to its store refused from then on.
    public func renew() async throws {
        try await confirm()
    }

    /// Why this agent must not write `store` now, or `nil` when it may: the lease is its own,
    /// renewed within a third of the time to live (renewed now when it was not).
    public func writeRefusal(_ store: StoreID) async -> String? {
        if confirmed.map({ ContinuousClock.now - $0 >= ttl / 3 }) ?? true {
            do { try await confirm() } catch {
                return "the lease on \(store) could not be renewed (\(error)); the rest stays in the journal for whoever holds it next"
            }
        }
        if held.contains(store) { return nil }
        return lost[store]
            ?? "this agent does not hold the lease on \(store); the rest stays in the journal for whoever holds it"
    }

    /// Gives every lease back and leaves the live agents (a graceful stop).
    public func retire() async {
        try? await leases.retireAgent(agent)
        held = []
    }

    private func confirm() async throws {
        let stillHeld = try await leases.renewAgent(agent, ttl: ttl, nextRunAt: nextRunAt)
        for store in held.subtracting(stillHeld) {
            lost[store] = "the lease on \(store) expired and another agent took the store over; this agent stopped writing it"
        }
        held = stillHeld
        confirmed = .now
    }

    public func setNextRun(_ date: Date?) { nextRunAt = date }

    /// The time to live agents use unless told otherwise: long enough that a write call (with
    /// its retries) finishes inside the two thirds a confirmation leaves, short enough that a
    /// dead agent's stores are taken over within a minute or two.
    public static let defaultTTL: Duration = .seconds(90)

    /// Renews every third of the time to live until cancelled; a failed renewal is tried again
    /// at the next turn (writes are refused meanwhile, once the last confirmation is too old).
    public nonisolated func renewing() -> Task<Void, Never> {
        Task { [ttl] in
            while !Task.isCancelled {
                try? await Task.sleep(for: ttl / 3)
                if Task.isCancelled { break }
                try? await self.renew()
            }
        }
    }
}

extension AgentIdentity {
    /// This process, running `command`.
    public static func current(command: String) -> AgentIdentity {
        AgentIdentity(host: SyncLock.hostName(), pid: getpid(), command: command)
    }
}

/// A lease row as a claim saw it, to tell whether anyone took the store since.
struct LeaseMark: Hashable, Sendable {
    var holder: String
    var expiresAt: Date

    init(_ lease: StoreLease) {
        holder = lease.holder.id
        expiresAt = lease.expiresAt
    }
}

/// What one ``LeaseKeeper/claim()`` came to.
public struct LeaseClaim: Sendable {
    /// The stores to sync this tick, in configuration order.
    public var held: [StoreID]
    /// Those taken at this claim: their unfinished journal, if any, is finished first.
    public var acquired: [StoreID]
    /// Given back so that other agents get a share.
    public var released: [StoreID]
    /// Stores another live agent holds.
    public var heldElsewhere: [StoreID: StoreLease]
    public var liveAgents: Int
}
