import CatalogModel
import CatalogStorage
import ConcordConfig
import ConcordTesting
import Foundation
import HTTPClient
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Synchronization
import Testing

/// A clock for the service that jumps ahead when the service sleeps: schedules and backoffs are
/// followed exactly, and no test waits for them.
final class JumpingClock: Sendable {
    private let current = Mutex(Date(timeIntervalSince1970: 1_800_000_000))
    private let sleeps = Mutex<[Duration]>([])

    var now: Date { current.withLock { $0 } }

    var clock: ServiceClock {
        ServiceClock(
            now: { self.now },
            sleep: { duration in
                self.sleeps.withLock { $0.append(duration) }
                self.current.withLock { $0 += duration.timeIntervalForTests }
                return true
            })
    }
}

extension Duration {
    var timeIntervalForTests: TimeInterval { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}

/// Collects what a service reports.
final class ServiceRecorder: Sendable {
    private let state = Mutex<(events: [ServiceEvent], reports: [(SyncReport, String)])>(([], []))
    var events: [ServiceEvent] { state.withLock { $0.events } }
    var reports: [(report: SyncReport, kind: String)] { state.withLock { $0.reports.map { ($0.0, $0.1) } } }
    func record(_ event: ServiceEvent) { state.withLock { $0.events.append(event) } }
    func record(_ report: SyncReport, kind: String) { state.withLock { $0.reports.append((report, kind)) } }
}

@Suite("concord run: the scheduled service loop")
struct SchedulerTests {
    /// Two simulated Shopify stores seeded from one catalog, each with drift.
    struct TwoStores {
        let directory: TemporaryDirectory
        let catalog: SQLiteCatalogStore
        let stores: [SimulatedStore]
        let client: HTTPClient
        let entries: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)]

        init(seed: UInt64) async throws {
            let generated = CatalogGenerator(seed: seed, productCount: 12).generate()
            directory = try TemporaryDirectory()
            catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
            _ = try await catalog.writeCatalog(generated.products, locations: generated.locations, mode: .replace)
            var stores: [SimulatedStore] = []
            for (offset, name) in ["east", "west"].enumerated() {
                stores.append(
                    try await SimulatedStore.start(
                        StoreSpec(
                            platform: .shopify, name: name, seed: seed + UInt64(offset),
                            source: .catalog(products: generated.products, locations: generated.locations),
                            drift: DriftProfile(stockShare: 0.2, priceShare: 0.1), api: ShopifyPlatform.roomy)))
            }
            self.stores = stores
            let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))
            self.client = client
            entries = zip(["east", "west"], stores).map { name, store in
                var endpoint = store.endpoint
                endpoint.store = StoreID(name)
                return (
                    StoreConfiguration(
                        id: StoreID(name), platform: .shopify, url: URL(string: store.baseURL)!, credentials: CredentialNames(tokenEnv: "T")
                    ),
                    // A roomy bucket from the start: failed answers carry no cost to learn it from,
                    // and the jumping clock gives the real bucket no time to refill.
                    ShopifyAdapter(endpoint: endpoint, client: client, governor: RateGovernor(capacity: 100_000, refillPerSecond: 100_000))
                        as any StorefrontAdapter
                )
            }
        }

        func close() async {
            client.shutdown()
            for store in stores { await store.stop() }
        }

        func remaining(_ index: Int) async throws -> Int {
            let reports = try await SyncPlanner(catalog: catalog, allowMassChange: true).plan([entries[index]])
            return reports.first?.plan?.changes.count ?? -1
        }
    }

    /// Runs `body` with `TwoStores` seeded from `seed` and closes them afterwards, also when
    /// `body` throws.
    func withTwoStores(seed: UInt64, _ body: (TwoStores) async throws -> Void) async throws {
        let setup = try await TwoStores(seed: seed)
        try await withAwaitedCleanup {
            try await body(setup)
        } cleanup: {
            await setup.close()
        }
    }

    @Test("a store down for a while: its breaker opens, the other store carries on, and once it answers again it is caught up")
    func storeDownThenBack() async throws {
        try await withTwoStores(seed: 61) { setup in
            // West answers 503 to its next six requests, whatever they are.
            setup.stores[1].server.setFaults([FaultRule(kind: .status(503), times: 6)])
            let clock = JumpingClock()
            let recorder = ServiceRecorder()
            var service = SyncService(
                catalog: setup.catalog, databasePath: setup.directory.path("catalog.sqlite"), stores: setup.entries,
                options: ServiceOptions(
                    every: .seconds(60), fullEvery: .seconds(86_400), maxRuns: 12,
                    breaker: CircuitBreaker(threshold: 2, baseBackoff: .seconds(180), maxBackoff: .seconds(3600))),
                clock: clock.clock, events: { recorder.record($0) })
            service.onReport = { report, kind in recorder.record(report, kind: kind) }
            let summary = try await service.run()
            #expect(summary.runs == 12)

            let kinds = recorder.events.map(\.kind)
            let down = try #require(kinds.firstIndex(of: "store_down"), "\(recorder.events.map(\.message))")
            let recovered = try #require(kinds.firstIndex(of: "store_recovered"), "\(recorder.events.map(\.message))")
            #expect(down < recovered)
            #expect(recorder.events.filter { $0.kind == "store_down" }.count == 1)
            #expect(recorder.events.filter { $0.kind == "store_recovered" }.count == 1)
            #expect(recorder.events[down].store == "west" && recorder.events[recovered].store == "west")
            #expect(recorder.events[down].message.contains("the other stores carry on"))

            // While west was skipped, east was synced on schedule.
            let eastOnly = recorder.reports.filter { $0.report.stores.map(\.store) == ["east"] }
            #expect(eastOnly.count >= 2, "\(recorder.reports.map { $0.report.stores.map(\.store) })")
            #expect(recorder.reports.allSatisfy { report in report.report.stores.first { $0.store == "east" }?.error == nil })
            // Both stores end with nothing left to do: west was caught up when it came back.
            #expect(try await setup.remaining(0) == 0)
            #expect(try await setup.remaining(1) == 0)
            #expect(setup.stores[1].server.counters.writes > 0)
        }
    }

    @Test("incremental runs on the fast schedule, a full one on the slow schedule")
    func fullOnTheSlowSchedule() async throws {
        try await withTwoStores(seed: 62) { setup in
            let clock = JumpingClock()
            let recorder = ServiceRecorder()
            var service = SyncService(
                catalog: setup.catalog, databasePath: nil, stores: setup.entries,
                options: ServiceOptions(every: .seconds(900), fullEvery: .seconds(3600), maxRuns: 9), clock: clock.clock)
            service.onReport = { report, kind in recorder.record(report, kind: kind) }
            _ = try await service.run()
            // t = 0, 15, ..., 120 min: full at 60 and 120 min.
            #expect(
                recorder.reports.map(\.kind) == [
                    "incremental", "incremental", "incremental", "incremental", "full", "incremental", "incremental", "incremental", "full",
                ])
            let fullRun = recorder.reports[4].report
            #expect(fullRun.stores.allSatisfy { !$0.incremental })
            #expect(recorder.reports[2].report.stores.allSatisfy { $0.incremental })
        }
    }

    @Test("a stop request ends the loop while it waits (an hour's wait ends at once)", .timeLimit(.minutes(5)))
    func stopWhileWaiting() async throws {
        try await withTwoStores(seed: 63) { setup in
            let stop = StopSignal()
            let recorder = ServiceRecorder()
            let service = SyncService(
                catalog: setup.catalog, databasePath: nil, stores: Array(setup.entries.prefix(1)),
                options: ServiceOptions(every: .seconds(3600), apply: false), stop: stop,
                events: { event in
                    recorder.record(event)
                    if event.kind == "run_finished" { stop.request(reason: "SIGTERM") }
                })
            let summary = try await service.run()
            #expect(summary.runs == 1)
            #expect(summary.stoppedBy == "SIGTERM")
            #expect(recorder.events.last?.kind == "stopped")
        }
    }

    @Test(
        "durations as written on the command line",
        arguments: [
            ("30s", Duration.seconds(30)), ("15m", .seconds(900)), ("24h", .seconds(86_400)), ("1h30m", .seconds(5400)),
            ("250ms", .milliseconds(250)),
        ])
    func durations(text: String, expected: Duration) {
        #expect(ServiceDuration.parse(text) == expected)
    }

    @Test(
        "durations without a unit, with an unknown one, or too large to hold are refused",
        arguments: ["15", "", "10x", "m", "9000000000000000000d"])
    func badDurations(text: String) {
        #expect(ServiceDuration.parse(text) == nil)
    }
}

@Suite("The circuit breaker")
struct CircuitBreakerTests {
    @Test("opens after the threshold, backs off exponentially up to the cap, half-opens, and closes on success")
    func lifecycle() {
        var breaker = CircuitBreaker(threshold: 2, baseBackoff: .seconds(60), maxBackoff: .seconds(200))
        let start = Date(timeIntervalSince1970: 0)
        let r1 = breaker.allows(at: start)
        #expect(r1)
        let r2 = breaker.recordFailure(at: start)
        #expect(r2 == nil)
        let r3 = breaker.recordFailure(at: start)
        #expect(r3 == .opened(failures: 2, backoff: .seconds(60)))
        let r4 = breaker.allows(at: start + 59)
        #expect(!r4)
        let r5 = breaker.allows(at: start + 60)
        #expect(r5)
        #expect(breaker.state == .halfOpen)
        let r6 = breaker.recordFailure(at: start + 60)
        #expect(r6 == .reopened(failures: 3, backoff: .seconds(120)))
        let r7 = breaker.allows(at: start + 179)
        #expect(!r7)
        let r8 = breaker.allows(at: start + 180)
        #expect(r8)
        let r9 = breaker.recordFailure(at: start + 180)
        #expect(r9 == .reopened(failures: 4, backoff: .seconds(200)))
        let r10 = breaker.allows(at: start + 380)
        #expect(r10)
        let r11 = breaker.recordSuccess(at: start + 380)
        #expect(r11 == .recovered(failures: 4, downFor: 380))
        #expect(breaker.state == .closed)
        let r12 = breaker.recordSuccess(at: start + 400)
        #expect(r12 == nil)
    }
}
