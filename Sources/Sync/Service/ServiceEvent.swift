import CatalogModel
import Foundation

/// Something the service did that belongs in its log: one line each, for people (text) or log
/// shippers (`--log-format json`).
public struct ServiceEvent: Sendable, Hashable {
    public enum Level: String, Sendable, Hashable, Codable {
        case debug, info, warning, error
    }

    /// A stable name for machines: `run_finished`, `store_down`, `store_recovered`, `store_skipped`,
    /// `resumed`, `lock_busy`, `stopping`, `webhook_sync`...
    public var kind: String
    public var level: Level
    public var message: String
    public var store: StoreID?
    public var runID: Int64?
    public var time: Date

    public init(kind: String, level: Level = .info, message: String, store: StoreID? = nil, runID: Int64? = nil, time: Date = Date()) {
        self.kind = kind
        self.level = level
        self.message = message
        self.store = store
        self.runID = runID
        self.time = time
    }
}

/// Where the service's time comes from: the wall clock and real sleeps, or a test's clock that
/// jumps ahead when the service sleeps (no test waits for a schedule to pass).
public struct ServiceClock: Sendable {
    public var now: @Sendable () -> Date
    /// Sleeps for the duration; returns `false` when the sleep ended early because a stop was
    /// requested.
    public var sleep: @Sendable (Duration) async -> Bool

    public init(now: @escaping @Sendable () -> Date, sleep: @escaping @Sendable (Duration) async -> Bool) {
        self.now = now
        self.sleep = sleep
    }

    /// The wall clock; a sleep ends early when `stop` is requested.
    public static func system(stop: StopSignal) -> ServiceClock {
        ServiceClock(now: { Date() }, sleep: { duration in await stop.sleep(for: duration) })
    }
}

/// One run at a time within the process (scheduled syncs and webhook-triggered ones take turns);
/// across processes the ``SyncLock`` file does the same.
actor RunGate {
    private var busy = false
    private var waiters: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy {
            await withCheckedContinuation { waiters.append($0) }
        }
        busy = true
        defer {
            if waiters.isEmpty { busy = false } else { waiters.removeFirst().resume() }
        }
        return try await body()
    }
}
