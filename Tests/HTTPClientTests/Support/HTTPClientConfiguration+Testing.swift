import HTTPClient

extension HTTPClient.Configuration {
    /// A configuration for tests against the local server: backoff recorded instead of slept,
    /// and jitter pinned to its ceiling so delays are predictable. The time limits are generous
    /// (tests that check a timeout set their own): a loaded CI machine can keep a test's task
    /// off Swift's two-thread pool for seconds between redirect hops.
    static func testing(
        maxAttempts: Int = 3,
        sleeps: SleepRecorder,
        totalTimeout: Duration = .seconds(60),
        maxRedirects: Int = 5,
        maxConnectionsPerHost: Int = 6,
        recorder: HTTPRecorder? = nil,
        redactor: Redactor = Redactor()
    ) -> HTTPClient.Configuration {
        HTTPClient.Configuration(
            connectTimeout: .seconds(30),
            totalTimeout: totalTimeout,
            maxRedirects: maxRedirects,
            maxConnectionsPerHost: maxConnectionsPerHost,
            retryPolicy: RetryPolicy(
                maxAttempts: maxAttempts,
                baseDelay: .milliseconds(100),
                maxDelay: .seconds(1),
                random: { $0.upperBound },
                sleep: { try await sleeps.sleep($0) }
            ),
            recorder: recorder,
            redactor: redactor
        )
    }
}
