import Foundation
import HTTPClient
import Testing

struct RetryPolicyTests {
    private static func policy(random: @escaping @Sendable (ClosedRange<Double>) -> Double) -> RetryPolicy {
        RetryPolicy(baseDelay: .milliseconds(500), maxDelay: .seconds(30), random: random)
    }

    @Test(arguments: [(1, 0.5), (2, 1.0), (3, 2.0), (4, 4.0), (6, 16.0), (7, 30.0), (20, 30.0)])
    func fullJitterCeilingDoublesUpToTheCap(attempt: Int, ceilingSeconds: Double) {
        let atCeiling = Self.policy { $0.upperBound }
        let atFloor = Self.policy { $0.lowerBound }

        #expect(atCeiling.backoffCeiling(afterAttempt: attempt) == .seconds(ceilingSeconds))
        #expect(atCeiling.backoffDelay(afterAttempt: attempt) == .seconds(ceilingSeconds))
        #expect(atFloor.backoffDelay(afterAttempt: attempt) == .zero)
    }

    @Test func jitterIsDrawnFromZeroToTheCeiling() {
        let ranges = RangeLog()
        let policy = Self.policy { range in
            ranges.append(range)
            return Double.random(in: range)
        }

        for attempt in 1...10 {
            for _ in 0..<50 {
                let delay = policy.backoffDelay(afterAttempt: attempt)
                #expect(delay >= .zero)
                #expect(delay <= policy.backoffCeiling(afterAttempt: attempt))
            }
        }
        #expect(ranges.values.allSatisfy { $0.lowerBound == 0 && $0.upperBound <= 30 })
        #expect(ranges.values.count == 500)
    }

    @Test func outOfRangeRandomValuesAreClamped() {
        #expect(Self.policy { _ in 1_000 }.backoffDelay(afterAttempt: 1) == .milliseconds(500))
        #expect(Self.policy { _ in -5 }.backoffDelay(afterAttempt: 1) == .zero)
    }

    @Test(arguments: [("120", 120.0), ("0", 0.0), (" 5 ", 5.0)])
    func retryAfterSeconds(value: String, seconds: Double) {
        #expect(RetryPolicy.retryAfterDelay(value) == .seconds(seconds))
    }

    /// 784111777 is Sun, 06 Nov 1994 08:49:37 GMT, RFC 9110's example date.
    @Test(arguments: [
        "Sun, 06 Nov 1994 08:50:07 GMT",
        "Sunday, 06-Nov-94 08:50:07 GMT",
        "Sun Nov  6 08:50:07 1994",
    ])
    func retryAfterHTTPDateInEveryAcceptedFormat(value: String) {
        let now = Date(timeIntervalSince1970: 784_111_777)

        #expect(RetryPolicy.retryAfterDelay(value, now: now) == .seconds(30))
    }

    @Test func retryAfterDateInThePastMeansNoWait() {
        let now = Date(timeIntervalSince1970: 784_111_777)

        #expect(RetryPolicy.retryAfterDelay("Sat, 05 Nov 1994 08:49:37 GMT", now: now) == .zero)
    }

    @Test(arguments: ["soon", "-1", "1.5", "", "Sun, 06 Nov 1994 25:00:00 GMT", "Sun, 31 Foo 1994 08:49:37 GMT"])
    func unparseableRetryAfterIsIgnored(value: String) {
        #expect(RetryPolicy.retryAfterDelay(value) == nil)
    }

    @Test func retryAfterTakesPrecedenceButIsCapped() {
        var policy = Self.policy { $0.upperBound }
        policy.maxRetryAfter = .seconds(60)
        let now = Date(timeIntervalSince1970: 784_111_777)

        #expect(policy.delay(afterAttempt: 1, retryAfter: "7", now: now) == .seconds(7))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "3600", now: now) == .seconds(60))
        #expect(policy.delay(afterAttempt: 1, retryAfter: "Sun, 06 Nov 1994 08:49:47 GMT", now: now) == .seconds(10))
        #expect(policy.delay(afterAttempt: 2, retryAfter: "garbage", now: now) == .seconds(1))
        #expect(policy.delay(afterAttempt: 2, retryAfter: nil, now: now) == .seconds(1))
    }

    @Test func idempotencyDecidesRetrySafetyUnlessOverridden() {
        #expect(HTTPRequest(method: .get, url: "http://x/").isRetrySafe)
        #expect(HTTPRequest(method: .put, url: "http://x/").isRetrySafe)
        #expect(HTTPRequest(method: .delete, url: "http://x/").isRetrySafe)
        #expect(HTTPRequest(method: .head, url: "http://x/").isRetrySafe)
        #expect(!HTTPRequest(method: .post, url: "http://x/").isRetrySafe)
        #expect(!HTTPRequest(method: .patch, url: "http://x/").isRetrySafe)
        #expect(HTTPRequest(method: .post, url: "http://x/", retrySafe: true).isRetrySafe)
        #expect(!HTTPRequest(method: .get, url: "http://x/", retrySafe: false).isRetrySafe)
    }
}

/// Collects the ranges a policy asks its random source for.
private final class RangeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var ranges: [ClosedRange<Double>] = []

    var values: [ClosedRange<Double>] {
        lock.lock()
        defer { lock.unlock() }
        return ranges
    }

    func append(_ range: ClosedRange<Double>) {
        lock.lock()
        ranges.append(range)
        lock.unlock()
    }
}
