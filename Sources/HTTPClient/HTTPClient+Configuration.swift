extension HTTPClient {
    /// Timeouts, limits and policies for one client. Every field has a default suited to storefront
    /// admin APIs; tests shrink the timeouts and delays.
    public struct Configuration: Sendable {
        /// Longest wait to establish a connection, TLS included.
        public var connectTimeout: Duration
        /// Longest time for one attempt, redirects included (a request may override it with
        /// ``HTTPRequest/timeout``). Large bulk downloads need more.
        public var totalTimeout: Duration
        /// Bytes per second below which a transfer counts as stalled (0 disables the check)...
        public var lowSpeedLimit: Int
        /// ...for this long, after which it fails with ``HTTPClientError/Code/timeout``. This catches
        /// a dead connection long before ``totalTimeout`` would.
        public var lowSpeedTime: Duration
        /// Redirects followed per attempt; one more fails with ``HTTPClientError/Code/tooManyRedirects``.
        public var maxRedirects: Int
        /// Connections open at once to one host; further requests queue for a free connection.
        /// Storefront rate limits make more pointless, and fewer connections are kinder to shared hosting.
        public var maxConnectionsPerHost: Int
        /// When to retry and how long to wait.
        public var retryPolicy: RetryPolicy
        /// Sent as `User-Agent` unless a request sets its own.
        public var userAgent: String
        /// Captures every exchange to disk, redacted; nil records nothing.
        public var recorder: HTTPRecorder?
        /// Scrubs credentials from log lines, errors and recordings. Register the store's secrets
        /// with it (``Redactor/registering(_:)``) so they are caught wherever they appear.
        public var redactor: Redactor

        /// Creates a configuration.
        ///
        /// - Parameters:
        ///   - connectTimeout: Connection (and TLS) setup limit; default 10 s.
        ///   - totalTimeout: Limit for one attempt; default 60 s.
        ///   - lowSpeedLimit: Stall threshold in bytes per second; default 1.
        ///   - lowSpeedTime: How long below the threshold counts as stalled; default 30 s.
        ///   - maxRedirects: Redirects followed per attempt; default 5.
        ///   - maxConnectionsPerHost: Concurrent connections per host; default 6.
        ///   - retryPolicy: Retry rules; default ``RetryPolicy/init(maxAttempts:baseDelay:maxDelay:maxRetryAfter:retryableStatuses:random:sleep:)``.
        ///   - userAgent: Default `User-Agent`; default `Concord/0.1`.
        ///   - recorder: Exchange recorder; default none.
        ///   - redactor: Credential scrubber; default knows the platforms' header, query and body names.
        public init(
            connectTimeout: Duration = .seconds(10),
            totalTimeout: Duration = .seconds(60),
            lowSpeedLimit: Int = 1,
            lowSpeedTime: Duration = .seconds(30),
            maxRedirects: Int = 5,
            maxConnectionsPerHost: Int = 6,
            retryPolicy: RetryPolicy = RetryPolicy(),
            userAgent: String = "Concord/0.1",
            recorder: HTTPRecorder? = nil,
            redactor: Redactor = Redactor()
        ) {
            self.connectTimeout = connectTimeout
            self.totalTimeout = totalTimeout
            self.lowSpeedLimit = lowSpeedLimit
            self.lowSpeedTime = lowSpeedTime
            self.maxRedirects = maxRedirects
            self.maxConnectionsPerHost = maxConnectionsPerHost
            self.retryPolicy = retryPolicy
            self.userAgent = userAgent
            self.recorder = recorder
            self.redactor = redactor
        }
    }
}
