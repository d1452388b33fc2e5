import CatalogModel
import Foundation
import Logging

/// The HTTP client every storefront adapter uses: libcurl underneath, retries, rate governing,
/// redaction and recording on top.
///
/// One client owns one thread driving a curl multi handle (see ``shutdown()``), a connection
/// cache shared by all its requests, and at most ``Configuration/maxConnectionsPerHost``
/// connections per host. Make one per process (or per store, to give each its own redactor
/// secrets) and share it; `send` may be called from any number of tasks at once.
///
/// What `send` does with a request:
/// - waits for its ``HTTPRequest/governor``, if any, before every attempt;
/// - sends it with gzip accepted and decoded, TLS verification on (relaxed only for loopback
///   hosts, where a local simulator may use a self-signed certificate), and the proxy taken from
///   `http_proxy`/`https_proxy`/`no_proxy` as libcurl does by default;
/// - follows redirects itself, up to ``Configuration/maxRedirects``, dropping credential headers
///   when a redirect leaves the original scheme, host and port, and turning a POST into a GET on
///   301, 302 and 303 as browsers and curl do;
/// - retries per the ``RetryPolicy``, logging each retry with its reason, attempt and delay;
/// - returns any status as an ``HTTPResponse`` (a retryable status still there after the last
///   attempt included), and throws ``HTTPClientError`` only when no response came back.
public final class HTTPClient: Sendable {
    /// The configuration the client was created with.
    public let configuration: Configuration
    private let logger: Logger
    let loop: CurlMultiLoop
    private let counter = HTTPStatisticsCounter()
    /// The configured redactor plus secrets learned at run time (a Magento admin token).
    private let learnedSecrets = LockedValue<[Secret]>([])

    /// Requests, retries and rate-limit waits so far.
    public var statistics: HTTPStatistics { counter.current }

    /// Creates a client and starts its transfer thread.
    ///
    /// - Parameters:
    ///   - configuration: Timeouts, limits, retry policy, recorder and redactor.
    ///   - logger: Receives retries (`notice` for 429, `warning` otherwise) and per-request `debug`
    ///     lines; URLs in them are always redacted.
    public init(configuration: Configuration = Configuration(), logger: Logger = Logger(label: "concord.http")) {
        self.configuration = configuration
        self.logger = logger
        self.loop = CurlMultiLoop(maxConnectionsPerHost: configuration.maxConnectionsPerHost)
    }

    /// Redacts `secret` from every log line and recording from now on: for credentials a store
    /// hands out while Concord runs (an admin token from a sign-in).
    public func register(secret: Secret) {
        learnedSecrets.withLock { $0.append(secret) }
    }

    /// The redactor in force: the configuration's, with the secrets learned since.
    var redactor: Redactor {
        var redactor = configuration.redactor
        for secret in learnedSecrets.withLock({ $0 }) { redactor.register(secret) }
        return redactor
    }

    /// Stops the transfer thread when the last reference goes (``shutdown()`` is idempotent).
    deinit {
        loop.shutdown()
    }

    /// Stops the transfer thread and waits for it to exit.
    ///
    /// Requests still in flight fail with ``HTTPClientError/Code/clientShutdown``, as do later
    /// calls to ``send(_:)``. Calling it more than once is harmless; the deinitializer calls it
    /// too, so an explicit call is only needed to stop at a known point (the end of a command).
    public func shutdown() {
        loop.shutdown()
    }

    /// Sends a request, retrying as the policy allows, and returns the final response.
    ///
    /// - Returns: The response, whatever its status. When every attempt got a retryable status
    ///   (429, 502, 503, 504 by default), that is the last response, with ``HTTPResponse/attempts``
    ///   equal to ``RetryPolicy/maxAttempts``.
    /// - Throws: ``HTTPClientError`` when the last attempt produced no response (its ``HTTPClientError/attempts``
    ///   says how many were made); `CancellationError` when the task is cancelled, in which case
    ///   the transfer in flight is aborted.
    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let started = ContinuousClock.now
        let redactor = self.redactor
        let redactedURL = redactor.redact(url: request.url)
        let policy = configuration.retryPolicy
        var attempt = 0
        var lastStatus: Int?
        while true {
            attempt += 1
            try Task.checkCancellation()
            if let governor = request.governor {
                counter.beginWait()
                await governor.acquire(cost: request.cost)
                counter.endWait()
                try Task.checkCancellation()
            }
            counter.update {
                $0.requests += 1
                if attempt > 1 { $0.retries += 1 }
            }
            let outcome = try await performAttempt(request, redactedURL: redactedURL)
            if case .success(let response) = outcome, response.status == 429 { counter.update { $0.throttled += 1 } }
            await record(request, attempt: attempt, outcome: outcome)

            let reason: String
            let delay: Duration
            var rateLimited = false
            // A 429 is the platform pacing us, routine under load; anything else is worth a warning.
            var level = Logger.Level.warning
            switch outcome {
            case .success(let response):
                lastStatus = response.status
                let retryable =
                    policy.retryableStatuses.contains(response.status)
                    && (response.status == 429 || request.isRetrySafe)
                guard retryable, attempt < policy.maxAttempts else {
                    logger.debug(
                        "HTTP request finished",
                        metadata: [
                            "http.method": "\(request.method.rawValue)", "http.url": "\(redactedURL)",
                            "http.status": "\(response.status)", "http.attempts": "\(attempt)",
                        ])
                    return HTTPResponse(
                        status: response.status, headers: response.headers, body: response.body,
                        url: response.effectiveURL, attempts: attempt, duration: .now - started
                    )
                }
                reason = "status \(response.status)"
                if response.status == 429 { level = .notice }
                delay = policy.delay(afterAttempt: attempt, retryAfter: response.headers["Retry-After"])
                if response.status == 429 {
                    rateLimited = true
                    if let governor = request.governor { await governor.pause(for: delay.inSeconds) }
                }
            case .failure(var error):
                guard error.code.isTransient, request.isRetrySafe, attempt < policy.maxAttempts else {
                    error.attempts = attempt
                    error.lastStatus = error.lastStatus ?? lastStatus
                    throw error
                }
                reason = error.code.description
                delay = policy.backoffDelay(afterAttempt: attempt)
            }
            logger.log(
                level: level, "Retrying HTTP request",
                metadata: [
                    "http.method": "\(request.method.rawValue)",
                    "http.url": "\(redactedURL)",
                    "http.retry_reason": "\(reason)",
                    "http.attempt": "\(attempt)",
                    "http.max_attempts": "\(policy.maxAttempts)",
                    "http.retry_delay_ms": "\(delay.inMilliseconds)",
                ])
            // A Retry-After is time spent on the rate limit; a backoff after a failure is not.
            if rateLimited { counter.beginWait() }
            do {
                try await policy.sleep(delay)
            } catch {
                if rateLimited { counter.endWait() }
                throw error
            }
            if rateLimited { counter.endWait() }
        }
    }

    private func record(_ request: HTTPRequest, attempt: Int, outcome: Result<CurlTransfer.Response, HTTPClientError>) async {
        guard let recorder = configuration.recorder else { return }
        var outcome = outcome
        if case .failure(var error) = outcome {
            error.attempts = attempt
            outcome = .failure(error)
        }
        if let failure = await recorder.record(request: request, attempt: attempt, outcome: outcome, redactor: redactor) {
            logger.warning(
                "Could not write HTTP recording",
                metadata: [
                    "http.recorder.directory": "\(recorder.directory.path)",
                    "error": "\(redactor.redact(text: String(describing: failure)))",
                ])
        }
    }
}
