import Foundation

/// Keeps a store that keeps failing from being hammered, while the other stores carry on.
///
/// Closed: the store is synced every run. After ``threshold`` consecutive failed runs the breaker
/// opens: the store is skipped until its backoff has passed (``baseBackoff`` doubled at each
/// failed probe, at most ``maxBackoff``). Then one run probes it (half-open): a success closes the
/// breaker, a failure opens it again for longer. A pure value: the service owns one per store
/// and passes the time in, so tests drive it with a fake clock.
public struct CircuitBreaker: Sendable, Hashable {
    public enum State: Sendable, Hashable {
        case closed
        /// Skipped until the date.
        case open(until: Date)
        /// The backoff has passed; the next run is a probe.
        case halfOpen
    }

    /// What happened to the breaker after a run, to be logged as one line.
    public enum Transition: Sendable, Hashable {
        /// The store failed `failures` runs in a row; it is skipped for `backoff`.
        case opened(failures: Int, backoff: Duration)
        /// A probe failed; the store is skipped again, for longer.
        case reopened(failures: Int, backoff: Duration)
        /// The store answered again after `failures` failed runs and `downFor` seconds.
        case recovered(failures: Int, downFor: TimeInterval)
    }

    public var threshold: Int
    public var baseBackoff: Duration
    public var maxBackoff: Duration
    public private(set) var state: State = .closed
    public private(set) var consecutiveFailures = 0
    /// When the current outage began (the first failure of the streak).
    public private(set) var failingSince: Date?
    private var opens = 0

    /// - Parameters:
    ///   - threshold: Consecutive failed runs that open the breaker (default 3).
    ///   - baseBackoff: The first skip; doubled at each failed probe.
    ///   - maxBackoff: The longest skip (default one hour), so a store that comes back is caught
    ///     up within that time even after a long outage.
    public init(threshold: Int = 3, baseBackoff: Duration = .seconds(60), maxBackoff: Duration = .seconds(3600)) {
        self.threshold = max(1, threshold)
        self.baseBackoff = baseBackoff
        self.maxBackoff = max(baseBackoff, maxBackoff)
    }

    /// Whether the store takes part in a run starting `now`; moves an expired open breaker to
    /// half-open (this run is the probe).
    public mutating func allows(at now: Date) -> Bool {
        switch state {
        case .closed, .halfOpen:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            return true
        }
    }

    public mutating func recordSuccess(at now: Date) -> Transition? {
        defer {
            state = .closed
            consecutiveFailures = 0
            failingSince = nil
            opens = 0
        }
        guard opens > 0 else { return nil }
        return .recovered(failures: consecutiveFailures, downFor: failingSince.map { now.timeIntervalSince($0) } ?? 0)
    }

    public mutating func recordFailure(at now: Date) -> Transition? {
        consecutiveFailures += 1
        if failingSince == nil { failingSince = now }
        switch state {
        case .closed:
            guard consecutiveFailures >= threshold else { return nil }
            opens = 1
            state = .open(until: now + backoff.timeInterval)
            return .opened(failures: consecutiveFailures, backoff: backoff)
        case .halfOpen, .open:
            opens += 1
            state = .open(until: now + backoff.timeInterval)
            return .reopened(failures: consecutiveFailures, backoff: backoff)
        }
    }

    /// The current skip: ``baseBackoff`` × 2^(opens − 1), at most ``maxBackoff``.
    public var backoff: Duration {
        let doublings = max(0, min(opens - 1, 30))
        let scaled = baseBackoff * (1 << doublings)
        return scaled > maxBackoff ? maxBackoff : scaled
    }

    public var isOpen: Bool {
        if case .open = state { return true }
        return false
    }
}

extension Duration {
    var timeInterval: TimeInterval { seconds }
}
