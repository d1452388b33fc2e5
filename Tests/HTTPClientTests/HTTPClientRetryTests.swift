import ConcordTesting
import HTTPClient
import Testing

/// Retries through the real client and libcurl against ``LocalHTTPServer``.
struct HTTPClientRetryTests {
    @Test func rateLimitedRequestWaitsForRetryAfterThenSucceeds() async throws {
        let server = try LocalHTTPServer(script: [.status(429, headers: [("Retry-After", "1")]), .text("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.status == 200)
        #expect(response.text == "ok")
        #expect(response.attempts == 2)
        #expect(server.requests.count == 2)
        // Retry-After (1 s) wins over the 100 ms backoff.
        #expect(sleeps.delays == [.seconds(1)])
    }

    @Test func retryAfterIsCappedByMaxRetryAfter() async throws {
        let server = try LocalHTTPServer(script: [.status(503, headers: [("Retry-After", "3600")]), .text("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        var configuration = HTTPClient.Configuration.testing(sleeps: sleeps)
        configuration.retryPolicy.maxRetryAfter = .seconds(5)
        let client = HTTPClient(configuration: configuration)

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.status == 200)
        #expect(sleeps.delays == [.seconds(5)])
    }

    @Test func serviceUnavailableIsRetriedWithBackoff() async throws {
        let server = try LocalHTTPServer(script: [.status(503), .status(502), .text("done")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(maxAttempts: 5, sleeps: sleeps))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/orders"))

        #expect(response.status == 200)
        #expect(response.attempts == 3)
        #expect(server.requests.count == 3)
        // Jitter pinned to the ceiling: base 100 ms, doubled for the second retry.
        #expect(sleeps.delays == [.milliseconds(100), .milliseconds(200)])
    }

    @Test func exhaustedRetryableStatusReturnsTheLastResponse() async throws {
        let server = try LocalHTTPServer(script: [.text("busy", status: 503)])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(maxAttempts: 3, sleeps: sleeps))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/orders"))

        #expect(response.status == 503)
        #expect(response.text == "busy")
        #expect(response.attempts == 3)
        #expect(server.requests.count == 3)
        #expect(sleeps.delays.count == 2)
    }

    @Test func internalServerErrorIsNotRetried() async throws {
        let server = try LocalHTTPServer(script: [.text("boom", status: 500), .text("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.status == 500)
        #expect(response.attempts == 1)
        #expect(server.requests.count == 1)
        #expect(sleeps.delays.isEmpty)
    }

    @Test func postWithServiceUnavailableIsNotRetried() async throws {
        let server = try LocalHTTPServer(script: [.status(503), .text("created", status: 201)])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))

        let response = try await client.send(HTTPRequest(method: .post, url: server.baseURL + "/products", body: Array("{}".utf8)))

        #expect(response.status == 503)
        #expect(response.attempts == 1)
        #expect(server.requests.map(\.method) == ["POST"])
        #expect(sleeps.delays.isEmpty)
    }

    @Test func postMarkedRetrySafeIsRetried() async throws {
        let server = try LocalHTTPServer(script: [.status(503), .text("{\"data\":{}}")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))
        let query = Array(#"{"query":"{ shop { name } }"}"#.utf8)

        let response = try await client.send(
            HTTPRequest(method: .post, url: server.baseURL + "/graphql.json", body: query, retrySafe: true))

        #expect(response.status == 200)
        #expect(server.requests.map(\.method) == ["POST", "POST"])
        #expect(server.requests.map(\.body) == [query, query])
    }

    @Test func rateLimitedPostIsRetriedBecauseTheServerDidNotProcessIt() async throws {
        let server = try LocalHTTPServer(script: [.status(429, headers: [("Retry-After", "0")]), .text("created", status: 201)])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))

        let response = try await client.send(HTTPRequest(method: .post, url: server.baseURL + "/products", body: Array("{}".utf8)))

        #expect(response.status == 201)
        #expect(server.requests.count == 2)
        #expect(sleeps.delays == [.zero])
    }

    @Test func idempotentRequestCutOffMidBodyIsRetriedThenFails() async throws {
        let server = try LocalHTTPServer(script: [.closeMidBody(status: 200, declaredLength: 100, sentBody: Array("partial".utf8))])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(maxAttempts: 3, sleeps: sleeps))

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/products"))
        }

        #expect(error.code == .connectionClosedMidBody)
        #expect(error.attempts == 3)
        #expect(server.requests.count == 3)
        #expect(sleeps.delays.count == 2)
    }

    @Test func postCutOffMidBodyIsNotRetried() async throws {
        let server = try LocalHTTPServer(script: [.closeMidBody(status: 200, declaredLength: 100, sentBody: [])])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(maxAttempts: 3, sleeps: sleeps))

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(method: .post, url: server.baseURL + "/products", body: Array("{}".utf8)))
        }

        #expect(error.code == .connectionClosedMidBody)
        #expect(error.attempts == 1)
        #expect(server.requests.count == 1)
    }

    @Test func droppedConnectionIsReportedAsResetAndRetried() async throws {
        let server = try LocalHTTPServer(script: [.closeConnection, .text("ok")])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(sleeps: sleeps))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.status == 200)
        #expect(response.attempts == 2)
        #expect(server.requests.count == 2)
    }

    @Test func serverThatNeverAnswersTimesOut() async throws {
        let server = try LocalHTTPServer(script: [.neverRespond])
        defer { server.stop() }
        let sleeps = SleepRecorder()
        let client = HTTPClient(configuration: .testing(maxAttempts: 2, sleeps: sleeps, totalTimeout: .milliseconds(300)))
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/slow"))
        }

        #expect(error.code == .timeout)
        #expect(error.attempts == 2)
        #expect(server.requests.count == 2)
        // The configured 300 ms limit is the one that fired (the error names it).
        #expect(error.description.contains("0.3 s"), "\(error)")
    }

    @Test func perRequestTimeoutOverridesTheConfiguration() async throws {
        let server = try LocalHTTPServer(script: [.neverRespond])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(maxAttempts: 1, sleeps: SleepRecorder(), totalTimeout: .seconds(60)))
        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/slow", timeout: .milliseconds(200)))
        }

        #expect(error.code == .timeout)
        // The request's 200 ms limit fired, not the configuration's 60 s (the error names it).
        #expect(error.description.contains("0.2 s"), "\(error)")
    }

    @Test func rateLimitPausesTheGovernor() async throws {
        let server = try LocalHTTPServer(script: [.status(429, headers: [("Retry-After", "7")]), .text("ok")])
        defer { server.stop() }
        let time = ManualTimeSource()
        let governor = RateGovernor(capacity: 10, refillPerSecond: 1, timeSource: time.timeSource)
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products", governor: governor))

        #expect(response.status == 200)
        // The second attempt had to wait out the 7 s pause the 429 put on the whole store.
        #expect(time.sleeps == [.seconds(7)])
    }
}

/// The time a run reports waiting on a store's rate limit is wall-clock time: requests paced
/// side by side count once, so it can never exceed the time spent.
struct ThrottleWaitAccountingTests {
    @Test func concurrentWaitsOnOneGovernorCountOnce() async throws {
        let server = try LocalHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        // One request up front, then one every 50 ms: five requests queue behind each other.
        let governor = RateGovernor(capacity: 1, refillPerSecond: 20)
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))
        let clock = ContinuousClock()
        let started = clock.now
        try await withThrowingTaskGroup(of: Int.self) { group in
            for index in 0..<6 {
                group.addTask { try await client.send(HTTPRequest(url: server.baseURL + "/p\(index)", governor: governor)).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        let parts = (clock.now - started).components
        let elapsed = Double(parts.seconds) + Double(parts.attoseconds) / 1e18
        let waited = client.statistics.throttleWaitSeconds
        // Summed per request the waits would be 50 + 100 + ... + 250 ms = 0.75 s, well over the
        // ~0.25 s the whole thing takes.
        #expect(waited > 0.1, "waited \(waited) s")
        #expect(waited <= elapsed, "waited \(waited) s in \(elapsed) s")
    }
}
