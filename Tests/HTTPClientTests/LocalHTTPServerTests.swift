import ConcordTesting
import HTTPClient
import Testing

/// The test server's own promises, which the client tests rely on.
struct LocalHTTPServerTests {
    @Test func stopReturnsPromptlyWhileAConnectionIsHeldOpen() async throws {
        let (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        let server = try LocalHTTPServer { _ in
            arrived.yield()
            return .neverRespond
        }
        let client = HTTPClient(configuration: .testing(maxAttempts: 1, sleeps: SleepRecorder(), totalTimeout: .seconds(60)))
        let task = Task { try await client.send(HTTPRequest(url: server.baseURL + "/held")) }
        var iterator = arrivals.makeAsyncIterator()
        _ = await iterator.next()
        server.stop()

        // The held connection was shut down under the client, which sees it drop without an answer.
        let error = try await #require(throws: HTTPClientError.self) { try await task.value }
        #expect(error.code == .connectionReset)
    }

    @Test func headAndDeleteAreSentWithTheirMethods() async throws {
        let server = try LocalHTTPServer { request in .text("body for \(request.method)", headers: [("X-Method", request.method)]) }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let head = try await client.send(HTTPRequest(method: .head, url: server.baseURL + "/products/1"))
        let delete = try await client.send(HTTPRequest(method: .delete, url: server.baseURL + "/products/1"))

        #expect(head.headers["X-Method"] == "HEAD")
        #expect(head.body.isEmpty)
        #expect(delete.text == "body for DELETE")
        #expect(server.requests.map(\.method) == ["HEAD", "DELETE"])
    }
}
