/// A token bucket per store, so Concord paces itself instead of running into 429s.
///
/// Each request takes ``HTTPRequest/cost`` tokens (1 for a REST call, a GraphQL query's estimated
/// cost for Shopify); tokens refill continuously at ``refillPerSecond`` up to ``capacity``. The
/// platforms publish their own bucket, and adapters feed it back with
/// ``update(available:capacity:restoreRate:)``: Shopify GraphQL's
/// `extensions.cost.throttleStatus { currentlyAvailable maximumAvailable restoreRate }`, Shopify
/// REST's `X-Shopify-Shop-Api-Call-Limit: used/limit`, BigCommerce's `X-Rate-Limit-Requests-Left`.
/// After a 429 the client calls ``pause(for:)`` so every request to that store waits, not just the
/// one that was refused.
///
/// Time comes from a ``TimeSource`` so tests can check the arithmetic without waiting.
public actor RateGovernor {
    /// Where the governor reads the time and how it waits.
    public struct TimeSource: Sendable {
        /// A monotonic time since an arbitrary origin.
        public var now: @Sendable () -> Duration
        /// Waits for the duration; throws when the task is cancelled.
        public var sleep: @Sendable (Duration) async throws -> Void

        public init(now: @escaping @Sendable () -> Duration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
            self.now = now
            self.sleep = sleep
        }

        /// The real monotonic clock.
        public static var continuous: TimeSource {
            let clock = ContinuousClock()
            let origin = clock.now
            return TimeSource(now: { clock.now - origin }, sleep: { try await clock.sleep(for: $0) })
        }
    }

    /// The most tokens the bucket holds.
    public private(set) var capacity: Double
    /// Tokens added per second.
    public private(set) var refillPerSecond: Double
    private var tokens: Double
    private var lastRefill: Duration
    private var pausedUntil: Duration?
    private let time: TimeSource

    /// Tolerance for floating-point drift, so a wait computed to refill exactly `cost` tokens suffices.
    private static let epsilon = 1e-9

    /// Creates a governor with a full bucket (or `initialTokens`).
    ///
    /// - Parameters:
    ///   - capacity: The most tokens the bucket holds (Shopify REST: 40; GraphQL: the plan's maximum).
    ///   - refillPerSecond: Tokens restored per second (Shopify REST: 2; GraphQL: the plan's restore rate).
    ///   - initialTokens: Tokens available now; defaults to `capacity`.
    ///   - timeSource: The clock; `.continuous` outside tests.
    public init(capacity: Double, refillPerSecond: Double, initialTokens: Double? = nil, timeSource: TimeSource = .continuous) {
        self.capacity = max(0, capacity)
        self.refillPerSecond = max(0, refillPerSecond)
        self.tokens = min(max(0, initialTokens ?? capacity), max(0, capacity))
        self.time = timeSource
        self.lastRefill = timeSource.now()
    }

    /// Tokens available now.
    public var availableTokens: Double {
        refill()
        return tokens
    }

    /// Waits until `cost` tokens are available (and any pause is over), then takes them.
    ///
    /// A cost above ``capacity`` is treated as the whole bucket, since it could never be met. When
    /// the task is cancelled the wait ends early without taking tokens; the caller's next
    /// cancellation check (the client makes one) reports it.
    public func acquire(cost: Double = 1) async {
        let needed = min(max(0, cost), capacity)
        while !Task.isCancelled {
            refill()
            let now = time.now()
            if let pausedUntil, now < pausedUntil {
                guard (try? await time.sleep(pausedUntil - now)) != nil else { return }
                continue
            }
            if tokens + Self.epsilon >= needed {
                tokens = max(0, tokens - needed)
                return
            }
            // With no refill, only an update() can help: look again every second.
            let wait = refillPerSecond > 0 ? (needed - tokens) / refillPerSecond : 1
            guard (try? await time.sleep(.seconds(wait))) != nil else { return }
        }
    }

    /// Replaces the bucket's state with what the platform reported.
    ///
    /// - Parameters:
    ///   - available: Tokens the platform says are available now (Shopify's `currentlyAvailable`,
    ///     or `limit - used` from `X-Shopify-Shop-Api-Call-Limit`).
    ///   - capacity: The bucket size, if reported (`maximumAvailable`); unchanged when nil.
    ///   - restoreRate: Tokens restored per second, if reported (`restoreRate`); unchanged when nil.
    public func update(available: Double, capacity: Double? = nil, restoreRate: Double? = nil) {
        if let capacity { self.capacity = max(0, capacity) }
        if let restoreRate { self.refillPerSecond = max(0, restoreRate) }
        tokens = min(max(0, available), self.capacity)
        lastRefill = time.now()
    }

    /// Stops every acquirer for `seconds` and empties the bucket, as after a 429: the server has
    /// said the store's budget is spent, so resuming at full speed would only be refused again.
    public func pause(for seconds: Double) {
        refill()
        tokens = 0
        let until = time.now() + .seconds(max(0, seconds))
        pausedUntil = max(pausedUntil ?? until, until)
    }

    private func refill() {
        let now = time.now()
        let elapsed = (now - lastRefill).inSeconds
        guard elapsed > 0 else { return }
        tokens = min(capacity, tokens + elapsed * refillPerSecond)
        lastRefill = now
    }
}
