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
    /// Seconds spent waiting for a rate governor or a Retry-After before sending.
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
