import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import PostgresCatalogStorage
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Synchronization
import Testing

/// Several `concord run` agents on one PostgreSQL catalog, as a merchant with failover runs them:
/// the stores are shared out by leases, every channel sells between and during the syncs, and
/// one agent dies with SIGKILL in the middle of an apply.
@Suite("several agents on one PostgreSQL catalog")
struct MultiAgentTests {
    @Test(
        "three agents share six stores while every channel sells; one is killed mid-apply: every store converges, each price is written once, and no store is written by two agents at once"
    )
    func threeAgentsSixStores() async throws {
        guard let postgres = TestPostgresCatalog.make("agents") else { return }
        let (server, schema) = (postgres.server, postgres.schema)
        let generated = ShopDay.singleLocation(CatalogGenerator(seed: 88, productCount: 6).generate())
        let catalog = try await PostgresCatalogStore(url: server, schema: schema)
        _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
        var channels: [ShopDay.Channel] = []
        try await withAwaitedCleanup {
            let platforms: [Platform] = [.shopify, .woocommerce, .magento, .shopify, .woocommerce, .magento]
            for (index, platform) in platforms.enumerated() {
                let name = "\(platform.rawValue)-\(index + 1)"
                let store = try await SimulatedStore.start(
                    StoreSpec(
                        platform: platform, name: name, seed: UInt64(80 + index),
                        source: .catalog(products: generated.products, locations: generated.locations),
                        drift: DriftProfile(priceShare: 0.3), api: platform == .shopify ? ShopifyPlatform.roomy : nil))
                channels.append((StoreID(name), store, 0))
            }
            try await Self.agentsScenario(channels: channels, catalog: catalog, database: postgres.url, generated: generated)
        } cleanup: {
            for channel in channels { await channel.store.stop() }
            await catalog.close()
        }
    }

    /// Sales, three agents, a kill and the checks, once the stores run.
    static func agentsScenario(
        channels: [ShopDay.Channel], catalog: PostgresCatalogStore, database: String, generated: CatalogGenerator.Output
    ) async throws {
        let location = generated.locations[0].code
        var onHand: [SKU: Int] = [:]
        var prices: [SKU: Money] = [:]
        for variant in generated.products.flatMap(\.variants) {
            onHand[variant.sku] = variant.stock.reduce(0) { $0 + $1.onHand }
            prices[variant.sku] = variant.price
        }
        let skus = onHand.keys.sorted()
        let directory = try TemporaryDirectory()
        let (toml, environment) = ShopDay.configurationFile(
            stores: channels, database: database, location: location)
        _ = try directory.write(toml, to: "concord.toml")
        var random = SeededGenerator(seed: 88)
        // Every channel sells before the agents start ...
        for channel in channels {
            for _ in 0..<3 {
                _ = ShopDay.placeOrder(on: channel.store, id: channel.id, seed: UInt64.random(in: 0...UInt64.max, using: &random))
            }
        }
        // ... and writes answer slowly, so that the kill lands while an apply has calls left.
        for channel in channels {
            channel.store.server.setFaults([
                channel.store.spec.platform == .shopify
                    ? FaultRule(kind: .slow(milliseconds: 150), method: "POST", queryContains: "mutation")
                    : FaultRule(kind: .slow(milliseconds: 150), method: "POST")
            ])
        }
        let watch = AgentWatch()
        let firstWrite = Latch()
        for channel in channels {
            let server = channel.store.server
            let id = channel.id
            Task {
                _ = await server.waitForRequest { $0.isWrite }
                if watch.firstWritten.withLock({ written in
                    defer { written = written ?? id }
                    return written == nil
                }) {
                    firstWrite.open()
                }
            }
        }

        let concord = try CommandRunner(product: "concord")
        let stopAgents = Latch()
        let arguments = ["run", "--every", "1s", "--lease-ttl", "3s", "--allow-mass-change"]
        let folder = directory.path
        let agents = Task {
            try await withThrowingTaskGroup(of: CommandRunner.Result.self) { group in
                for _ in 0..<3 {
                    group.addTask {
                        try await concord.run(
                            arguments, environment: environment, directory: folder, interrupt: { await stopAgents.wait() },
                            signal: SIGTERM, started: { pid in watch.pids.withLock { $0.append(pid) } })
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
        }

        // The agent writing the first store written dies at once, in the middle of its apply.
        await firstWrite.wait()
        let victimStore = try #require(watch.firstWritten.withLock { $0 })
        let leases = try await catalog.storeLeases()
        let victim = try #require(leases.first { $0.store == victimStore }?.holder.pid)
        #expect(watch.pids.withLock { $0.contains(victim) })
        kill(victim, SIGKILL)
        // The killed agent's runs: those with open entries for its stores (a live agent's run in
        // progress has open entries too, but only for the stores it holds).
        let victimStores = Set(leases.filter { $0.holder.pid == victim }.map(\.store))
        var interrupted: [Int64] = []
        for run in try await catalog.resumableRuns() {
            let open = try await catalog.journalEntries(runID: run.id).filter { $0.state.isOpen }
            if open.contains(where: { victimStores.contains($0.change.store) }) { interrupted.append(run.id) }
        }
        #expect(!interrupted.isEmpty, "the killed agent had nothing left in its journal")
        for channel in channels { channel.store.server.setFaults([]) }
        // Sales go on while the others take its stores over.
        for channel in channels {
            for _ in 0..<2 {
                _ = ShopDay.placeOrder(on: channel.store, id: channel.id, seed: UInt64.random(in: 0...UInt64.max, using: &random))
            }
        }

        // Converged: every store shows what can be sold and the catalog's prices, and no
        // journal is left open. Polled, as a person watching the stores would.
        var remaining: [String] = []
        for _ in 0..<360 {
            remaining = ShopDay.stockMismatches(stores: channels, skus: skus, onHand: onHand)
            for channel in channels {
                for sku in skus {
                    let shown = channel.store.shop.read { $0.variants(sku: sku.rawValue).first?.variant.price }
                    if let shown, shown != prices[sku] { remaining.append("\(channel.id) sells \(sku) at \(shown), not \(prices[sku]!)") }
                }
            }
            if remaining.isEmpty, try await catalog.resumableRuns().isEmpty { break }
            try await Task.sleep(for: .milliseconds(500))  // polling the stores, not timing the agents
        }
        stopAgents.open()
        let results = try await agents.value
        #expect(remaining.isEmpty, "not converged: \(remaining.prefix(8))")
        #expect(results.filter { $0.status == SIGKILL }.count == 1)
        for result in results where result.status != SIGKILL {
            #expect(result.status == 0, "\(result.stderr.suffix(2_000))")
        }
        let log = results.map(\.stderr).joined(separator: "\n")
        if ProcessInfo.processInfo.environment["MULTI_AGENT_TRACE"] != nil {
            for result in results { print("=== agent exit \(result.status)\n\(result.stderr)") }
            for channel in channels {
                print(
                    channel.id, channel.store.server.log.filter(\.isWrite).map { "\($0.userAgent ?? "?")" },
                    channel.store.server.log.priceWritesPerItem(platform: channel.store.spec.platform))
            }
        }
        // The survivors finished the killed agent's run: "run N resumed and finished", or "run N:
        // finished <its stores>" from one that took over only some of them.
        let survivors = results.filter { $0.status != SIGKILL }.map(\.stderr).joined(separator: "\n")
        for run in interrupted {
            #expect(
                survivors.contains("run \(run) resumed") || survivors.contains("run \(run): finished"),
                "no agent finished run \(run): \(log.suffix(3_000))")
        }

        for channel in channels {
            let entries = channel.store.server.log
            // Exactly once: each drifted price written once, across the kill and the takeover.
            let writes = entries.priceWritesPerItem(platform: channel.store.spec.platform)
            #expect(!writes.isEmpty, "\(channel.id): no price written")
            #expect(writes.values.allSatisfy { $0 == 1 }, "\(channel.id) written twice: \(writes.filter { $0.value > 1 })")
            // Never two agents at once: each agent's writes to a store are one unbroken stretch.
            var stretches: [String] = []
            for entry in entries where entry.isWrite {
                let agent = entry.userAgent ?? "?"
                if stretches.last != agent { stretches.append(agent) }
            }
            #expect(Set(stretches).count == stretches.count, "\(channel.id) written by agents in turn: \(stretches)")
        }
        let writers = Set(channels.flatMap { $0.store.server.log.filter(\.isWrite).compactMap(\.userAgent) })
        #expect(writers.count >= 2, "one agent wrote every store: \(writers)")

        // And the catalog agrees: a plan of every store has nothing left to do.
        let plan = try await concord.run(["plan", "--json"], environment: environment, directory: directory.path)
        #expect(plan.status == 0, "\(plan.stderr)\n\(plan.stdout.prefix(2_000))")
    }
}

/// Who a test saw first, and the agents' process ids, shared with the tasks that watch them.
private final class AgentWatch: Sendable {
    let firstWritten = Mutex<StoreID?>(nil)
    let pids = Mutex<[Int32]>([])
}
