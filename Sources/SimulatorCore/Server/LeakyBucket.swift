import Foundation

/// A leaky bucket like the platforms meter with: `capacity` points, refilled at `restoreRate`
/// points a second. Shopify's GraphQL cost limit is one; a REST request limit is one with cost 1.
public struct LeakyBucket: Hashable, Sendable {
    public var capacity: Double
    public var restoreRate: Double
    public private(set) var available: Double
    private var updatedAt: Date?

    public init(capacity: Double, restoreRate: Double) {
        self.capacity = capacity
        self.restoreRate = restoreRate
        self.available = capacity
    }

    /// Refills for the time since the last call, as of `now`.
    public mutating func refill(now: Date) {
        if let updatedAt {
            available = min(capacity, available + max(0, now.timeIntervalSince(updatedAt)) * restoreRate)
        }
        updatedAt = now
    }

    /// Takes `cost` points if they are there; otherwise takes nothing and says how long until they
    /// will be (whole seconds, at least 1), for a `Retry-After`.
    public mutating func take(_ cost: Double, now: Date) -> (granted: Bool, retryAfter: Int) {
        refill(now: now)
        if cost <= available {
            available -= cost
            return (true, 0)
        }
        let wait = restoreRate > 0 ? (min(cost, capacity) - available) / restoreRate : 60
        return (false, max(1, Int(wait.rounded(.up))))
    }

    /// Gives points back (Shopify refunds the difference between requested and actual cost).
    public mutating func refund(_ points: Double) {
        available = min(capacity, available + max(0, points))
    }
}
