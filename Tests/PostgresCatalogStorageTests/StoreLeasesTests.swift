import CatalogModel
import CatalogStorage
import Foundation
import Sync
import Testing

/// ``StoreLeases`` on both backends, and ``LeaseKeeper`` sharing stores out over them: a store's
/// lease has one holder at a time, passes on only once it expires or is given back, and agents
/// that come and go end up with every store synced by exactly one of them.
@Suite("store leases, on SQLite and PostgreSQL alike")
struct StoreLeasesTests {
    static func agent(_ name: String) -> AgentIdentity {
        AgentIdentity(id: name, host: "host-\(name)", pid: 100, command: "concord run")
    }

    @Test("a held lease is refused to another agent, who gets the free stores and is told who holds the rest", arguments: Backend.allCases)
    func heldIsRefused(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let leases = catalog.leases
            let first = Self.agent("a"), second = Self.agent("b")
            let taken = try await leases.acquireLeases(["s1", "s2"], for: first, ttl: .seconds(60))
            #expect(taken.mapValues(\.holder) == ["s1": first, "s2": first])
            let other = try await catalog.another().leases
            let answer = try await other.acquireLeases(["s1", "s2", "s3"], for: second, ttl: .seconds(60))
            #expect(answer.mapValues(\.holder.id) == ["s1": "a", "s2": "a", "s3": "b"])
            #expect(answer["s1"].map { !$0.isExpired && $0.expiresAt == taken["s1"]?.expiresAt } == true)
            // Asking again for one's own keeps it, with the time it was first taken.
            let again = try await leases.acquireLeases(["s1"], for: first, ttl: .seconds(60))
            #expect(again["s1"]?.acquiredAt == taken["s1"]?.acquiredAt)
            #expect(try await leases.storeLeases().map(\.store) == ["s1", "s2", "s3"])
        }
    }

    @Test("an expired lease goes to the next agent that asks, and its old holder learns it lost it", arguments: Backend.allCases)
    func expiredIsTakenOver(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let dying = Self.agent("dying"), next = Self.agent("next")
            // A time to live of zero: expired as soon as it is written, as a dead agent's is.
            _ = try await catalog.leases.acquireLeases(["s1", "s2"], for: dying, ttl: .zero)
            #expect(try await catalog.leases.storeLeases().allSatisfy(\.isExpired))
            let taken = try await catalog.leases.acquireLeases(["s1"], for: next, ttl: .seconds(60))
            #expect(taken["s1"]?.holder == next)
            // The old holder's renewal no longer includes s1, but keeps s2 (nobody took it).
            #expect(try await catalog.leases.renewAgent(dying, ttl: .seconds(60), nextRunAt: nil) == ["s2"])
            #expect(try await catalog.leases.renewAgent(next, ttl: .seconds(60), nextRunAt: nil) == ["s1"])
        }
    }

    @Test("release and retire give leases back; live agents are those that renewed in time", arguments: Backend.allCases)
    func releaseAndRetire(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let leases = catalog.leases
            let first = Self.agent("a"), second = Self.agent("b"), gone = Self.agent("gone")
            let next = Date(timeIntervalSince1970: 1_900_000_000.5)
            _ = try await leases.renewAgent(first, ttl: .seconds(60), nextRunAt: next)
            _ = try await leases.renewAgent(second, ttl: .seconds(60), nextRunAt: nil)
            _ = try await leases.renewAgent(gone, ttl: .zero, nextRunAt: nil)
            #expect(Set(try await leases.liveAgents().map(\.agent)) == [first, second])
            #expect(try await leases.liveAgents().first { $0.agent == first }?.nextRunAt == next)

            _ = try await leases.acquireLeases(["s1", "s2", "s3"], for: first, ttl: .seconds(60))
            // Only the holder's release counts.
            try await leases.releaseLeases(["s1"], for: second)
            #expect(try await leases.storeLeases().map(\.store) == ["s1", "s2", "s3"])
            try await leases.releaseLeases(["s1"], for: first)
            #expect(try await leases.acquireLeases(["s1"], for: second, ttl: .seconds(60))["s1"]?.holder == second)
            try await leases.retireAgent(first)
            #expect(try await leases.storeLeases().map(\.holder) == [second])
            #expect(try await leases.liveAgents().map(\.agent) == [second])
        }
    }

    @Test("agents racing for one store: exactly one gets it", arguments: Backend.allCases)
    func raceHasOneWinner(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            var stores: [any StoreLeases] = []
            for _ in 0..<6 { stores.append(try await catalog.another().leases) }
            let winners = try await withThrowingTaskGroup(of: Bool.self) { group in
                for (index, leases) in stores.enumerated() {
                    group.addTask {
                        let agent = Self.agent("racer-\(index)")
                        return try await leases.acquireLeases(["contested"], for: agent, ttl: .seconds(60))["contested"]?.holder == agent
                    }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(winners == 1)
        }
    }

    @Test("three agents share six stores two each, and a dead agent's stores are taken over", arguments: Backend.allCases)
    func keepersShareStores(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let stores: [StoreID] = ["s1", "s2", "s3", "s4", "s5", "s6"]
            var keepers: [LeaseKeeper] = []
            for name in ["a", "b", "c"] {
                let leases = try await catalog.another().leases
                // Everyone says it is alive first, as agents that have been running a while have.
                _ = try await leases.renewAgent(Self.agent(name), ttl: .seconds(60), nextRunAt: nil)
                // c is about to die: its leases and its presence lapse as soon as they are
                // written (a time to live of zero), as a dead agent's do once its time is up.
                let ttl: Duration = name == "c" ? .zero : .seconds(60)
                keepers.append(LeaseKeeper(leases: leases, agent: Self.agent(name), ttl: ttl, candidates: stores, pinned: false))
            }
            for keeper in keepers { _ = try await keeper.claim() }
            var held: [Set<StoreID>] = []
            for keeper in keepers { held.append(await keeper.held) }
            #expect(held.map(\.count) == [2, 2, 2])
            #expect(held.reduce(into: Set<StoreID>()) { $0.formUnion($1) } == Set(stores))
            #expect(await keepers[0].writeRefusal(held[0].first!) == nil)
            #expect(await keepers[0].writeRefusal(held[1].first!) != nil)

            let dead = held[2]
            // Two agents left: each may hold three. Free stores are taken on the next claims.
            for keeper in keepers.prefix(2) { _ = try await keeper.claim() }
            var after: [Set<StoreID>] = []
            for keeper in keepers.prefix(2) { after.append(await keeper.held) }
            #expect(after.map(\.count) == [3, 3])
            #expect(after[0].isDisjoint(with: after[1]))
            #expect(after[0].union(after[1]) == Set(stores))
            #expect(dead.isSubset(of: after[0].union(after[1])))
            // The dead agent's keeper, were it to wake, may no longer write what it held.
            #expect(await keepers[2].writeRefusal(dead.first!) != nil)
        }
    }

    @Test("a pinned agent asks only for its stores; a new agent gets a share from one that held everything", arguments: Backend.allCases)
    func pinnedAndRebalanced(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let stores: [StoreID] = ["s1", "s2", "s3", "s4"]
            let lone = LeaseKeeper(
                leases: try await catalog.another().leases, agent: Self.agent("lone"), ttl: .seconds(60), candidates: stores, pinned: false)
            #expect(try await lone.claim().held == stores)
            let pinned = LeaseKeeper(
                leases: try await catalog.another().leases, agent: Self.agent("pinned"), ttl: .seconds(60), candidates: ["s4"], pinned: true
            )
            // s4 is the lone agent's: the pinned one waits for it.
            let refused = try await pinned.claim()
            #expect(refused.held.isEmpty && refused.heldElsewhere["s4"]?.holder.id == "lone")
            // With two agents alive, the lone one keeps two and gives the rest back ...
            let shared = try await lone.claim()
            #expect(shared.held == ["s1", "s2"] && shared.released == ["s3", "s4"])
            // ... and the pinned one gets its store.
            #expect(try await pinned.claim().held == ["s4"])
        }
    }
}
