import Foundation

/// When and how long the client waits before sending a request again.
///
/// Exponential backoff with full jitter (the delay before retry *n* is uniform in
/// `0...min(maxDelay, baseDelay × 2^(n-1))`), which spreads out many clients retrying at once
/// better than equal or no jitter (AWS Architecture Blog, "Exponential Backoff And Jitter").
/// A `Retry-After` header, in seconds or as an HTTP-date, takes precedence over the backoff,
/// capped at ``maxRetryAfter`` so a server cannot park a sync for an hour.
///
/// What is retried: the statuses in ``retryableStatuses`` and transient transport failures
/// (timeouts, resets, connections closed mid-body, failed connects), but only for requests that
/// are safe to repeat (``HTTPRequest/isRetrySafe``). A 429 is the exception: it is retried for
/// every method, POST included, because a rate-limited request was refused before it was
/// processed (RFC 6585 §4), so repeating it cannot apply a change twice.
public struct RetryPolicy: Sendable {
    /// Attempts in total, the first included; 1 disables retries.
    public var maxAttempts: Int
    /// The backoff ceiling before the first retry; it doubles for each further retry.
    public var baseDelay: Duration
    /// The largest backoff ceiling.
    public var maxDelay: Duration
    /// The longest wait a `Retry-After` header can impose.
    public var maxRetryAfter: Duration
    /// Statuses that mean "try again later": rate limited, bad gateway, unavailable, gateway timeout.
    /// 500 is not here: it usually means the request itself breaks the server.
    public var retryableStatuses: Set<Int>
    /// Returns a random value in the range; injectable so tests can pin the jitter.
    public var random: @Sendable (ClosedRange<Double>) -> Double
    /// Waits between attempts; injectable so tests can record delays instead of waiting.
    public var sleep: @Sendable (Duration) async throws -> Void

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - maxAttempts: Attempts in total, the first included (default 5).
    ///   - baseDelay: Backoff ceiling before the first retry (default 0.5 s).
    ///   - maxDelay: Largest backoff ceiling (default 30 s).
    ///   - maxRetryAfter: Cap on a server's `Retry-After` (default 60 s).
    ///   - retryableStatuses: Statuses retried (default 429, 502, 503, 504).
    ///   - random: Source of jitter (default `Double.random(in:)`).
    ///   - sleep: How to wait (default `Task.sleep(for:)`, which throws on cancellation).
    public init(
        maxAttempts: Int = 5,
        baseDelay: Duration = .milliseconds(500),
        maxDelay: Duration = .seconds(30),
        maxRetryAfter: Duration = .seconds(60),
        retryableStatuses: Set<Int> = [429, 502, 503, 504],
        random: @escaping @Sendable (ClosedRange<Double>) -> Double = { Double.random(in: $0) },
        sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) }
    ) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
        self.retryableStatuses = retryableStatuses
        self.random = random
        self.sleep = sleep
    }

    /// A policy that never retries.
    public static var none: RetryPolicy { RetryPolicy(maxAttempts: 1) }

    /// The ceiling of the jittered backoff after attempt `attempt` (1-based): `min(maxDelay, baseDelay × 2^(attempt-1))`.
    public func backoffCeiling(afterAttempt attempt: Int) -> Duration {
        let exponent = Double(max(0, attempt - 1))
        let seconds = min(maxDelay.inSeconds, baseDelay.inSeconds * pow(2, exponent))
        return .seconds(max(0, seconds))
    }

    /// The full-jitter backoff after attempt `attempt` (1-based): a random value in `0...ceiling`.
    public func backoffDelay(afterAttempt attempt: Int) -> Duration {
        let ceiling = backoffCeiling(afterAttempt: attempt).inSeconds
        let drawn = random(0...ceiling)
        return .seconds(min(max(0, drawn), ceiling))
    }

    /// The delay before the next attempt: the server's `Retry-After` when it parses (capped at
    /// ``maxRetryAfter``), otherwise the jittered backoff.
    public func delay(afterAttempt attempt: Int, retryAfter: String?, now: Date = Date()) -> Duration {
        if let retryAfter, let requested = Self.retryAfterDelay(retryAfter, now: now) {
            return min(requested, maxRetryAfter)
        }
        return backoffDelay(afterAttempt: attempt)
    }

    /// Parses a `Retry-After` value: delta-seconds or an HTTP-date (RFC 9110 §10.2.3).
    ///
    /// - Returns: The wait from `now` (zero for a date in the past), or nil if the value parses as neither.
    public static func retryAfterDelay(_ value: String, now: Date = Date()) -> Duration? {
        let trimmed = value.trimmingCharacters(in: .whitespaces)
        if !trimmed.isEmpty, trimmed.allSatisfy(\.isASCIIDigit) {
            guard let seconds = Int64(trimmed) else { return .seconds(Int64.max / 2) }
            return .seconds(seconds)
        }
        guard let date = HTTPDate.parse(trimmed) else { return nil }
        return .seconds(max(0, date.timeIntervalSince(now)))
    }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
