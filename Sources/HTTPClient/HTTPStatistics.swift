import Foundation

/// What a client has spent against a store: the numbers a run record and the metrics endpoint
/// report per store (API calls, retries, and time spent waiting on the platform's rate limits).
public struct HTTPStatistics: Hashable, Sendable, Codable {
    /// Attempts sent, retries included.
    public var requests = 0
    /// Attempts that were retries.
    public var retries = 0
    /// Responses with status 429.
    public var throttled = 0
    /// Wall-clock seconds in which at least one request waited for the store's rate limit (the
    /// governor's pace, a `THROTTLED` refill, a 429's Retry-After). Requests waiting side by
    /// side count once, so this never exceeds the time the client was in use.
    public var throttleWaitSeconds = 0.0

    public init() {}

    /// The difference since an earlier reading, for one run of a long-lived client.
    public func since(_ earlier: HTTPStatistics) -> HTTPStatistics {
        var result = HTTPStatistics()
        result.requests = requests - earlier.requests
        result.retries = retries - earlier.retries
        result.throttled = throttled - earlier.throttled
        result.throttleWaitSeconds = throttleWaitSeconds - earlier.throttleWaitSeconds
        return result
    }
}

/// The client's running totals, updated from any thread.
final class HTTPStatisticsCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = HTTPStatistics()
    /// Requests waiting on the rate limit now, and since when one has been.
    private var waiting = 0
    private var waitingSince: ContinuousClock.Instant?

    /// A request starts waiting on the rate limit; pair with ``endWait()``.
    func beginWait() {
        lock.lock()
        if waiting == 0 { waitingSince = .now }
        waiting += 1
        lock.unlock()
    }

    func endWait() {
        lock.lock()
        waiting -= 1
        if waiting == 0, let since = waitingSince {
            let seconds = (ContinuousClock.now - since).inSeconds
            // Below a millisecond is a governor with tokens to spare, not a wait.
            if seconds > 0.001 { value.throttleWaitSeconds += seconds }
            waitingSince = nil
        }
        lock.unlock()
    }

    func update(_ body: (inout HTTPStatistics) -> Void) {
        lock.lock()
        body(&value)
        lock.unlock()
    }

    var current: HTTPStatistics {
        lock.lock()
        defer { lock.unlock() }
        return value
    }
}
