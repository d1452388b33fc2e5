import ConcordTesting
import Foundation
import HTTPClient
import Testing

/// What goes over the wire, content encoding, connection reuse, redirects, cancellation.
struct HTTPClientTransferTests {
    @Test func sendsMethodHeadersAndJSONBody() async throws {
        struct Payload: Codable, Equatable { var sku: String; var quantity: Int }
        let server = try LocalHTTPServer(script: [.text(#"{"ok":true}"#, headers: [("Content-Type", "application/json")])])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))
        let request = try HTTPRequest(
            method: .put, url: server.baseURL + "/stock?location=1", headers: ["X-Trace": "abc"],
            json: Payload(sku: "SKU-1", quantity: 4)
        )

        let response = try await client.send(request)

        #expect(response.status == 200)
        #expect(response.headers["content-type"] == "application/json")
        let received = try #require(server.requests.first)
        #expect(received.method == "PUT")
        #expect(received.target == "/stock?location=1")
        #expect(received.header("X-Trace") == "abc")
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("User-Agent") == "Concord/0.1")
        #expect(received.header("Expect") == nil)
        #expect(try JSONDecoder().decode(Payload.self, from: Data(received.body)) == Payload(sku: "SKU-1", quantity: 4))
    }

    @Test func postWithoutContentTypeDoesNotGetCurlsFormDefault() async throws {
        let server = try LocalHTTPServer(script: [.status(204)])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        _ = try await client.send(HTTPRequest(method: .post, url: server.baseURL + "/ping"))

        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.header("Content-Type") == nil)
        #expect(received.header("Content-Length") == "0")
    }

    @Test func gzipBodyIsDecoded() async throws {
        let text = String(repeating: "stock level ", count: 50)
        let server = try LocalHTTPServer(script: [.respond(LocalHTTPResponse(body: Array(text.utf8), gzip: true))])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.text == text)
        #expect(response.headers["Content-Encoding"] == "gzip")
        #expect(server.requests.first?.header("Accept-Encoding")?.contains("gzip") == true)
    }

    @Test func compressedGzipFromTheGzipToolIsDecoded() async throws {
        // `printf 'concord gzip check %.0s' {1..20} | gzip -9n`: 380 bytes deflated to 44.
        let compressed: [UInt8] = [
            0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x03, 0x4b, 0xce,
            0xcf, 0x4b, 0xce, 0x2f, 0x4a, 0x51, 0x48, 0xaf, 0xca, 0x2c, 0x50, 0x48,
            0xce, 0x48, 0x4d, 0xce, 0x56, 0x48, 0x1e, 0x15, 0xa2, 0x8f, 0x10, 0x00,
            0xbc, 0x9b, 0xb6, 0x33, 0x7c, 0x01, 0x00, 0x00,
        ]
        let server = try LocalHTTPServer(script: [
            .respond(LocalHTTPResponse(headers: [("Content-Encoding", "gzip")], body: compressed))
        ])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/products"))

        #expect(response.text == String(repeating: "concord gzip check ", count: 20))
    }

    @Test func concurrentRequestsShareAFewKeptAliveConnections() async throws {
        let server = try LocalHTTPServer { request in .text("body of \(request.path)") }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder(), maxConnectionsPerHost: 4))

        let bodies = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for index in 0..<50 {
                group.addTask {
                    let response = try await client.send(HTTPRequest(url: server.baseURL + "/item/\(index)"))
                    return (index, response.text)
                }
            }
            return try await group.reduce(into: [Int: String]()) { $0[$1.0] = $1.1 }
        }

        #expect(bodies.count == 50)
        for index in 0..<50 { #expect(bodies[index] == "body of /item/\(index)") }
        #expect(server.requests.count == 50)
        #expect(server.acceptedConnections >= 1)
        #expect(server.acceptedConnections <= 4)
    }

    @Test func sequentialRequestsReuseOneConnection() async throws {
        let server = try LocalHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        for _ in 0..<5 { _ = try await client.send(HTTPRequest(url: server.baseURL + "/products")) }

        #expect(server.requests.count == 5)
        #expect(server.acceptedConnections == 1)
    }

    @Test func redirectsAreFollowed() async throws {
        let server = try LocalHTTPServer { request in
            switch request.path {
            case "/start": .redirect(to: "/middle", status: 301)
            case "/middle": .redirect(to: "/end", status: 307)
            default: .text("arrived")
            }
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(HTTPRequest(url: server.baseURL + "/start"))

        #expect(response.status == 200)
        #expect(response.text == "arrived")
        #expect(response.url == server.baseURL + "/end")
        #expect(server.requests.map(\.path) == ["/start", "/middle", "/end"])
    }

    @Test func redirectLoopStopsAtTheCap() async throws {
        let server = try LocalHTTPServer { _ in .redirect(to: "/again") }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder(), maxRedirects: 3))

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/again"))
        }

        #expect(error.code == .tooManyRedirects)
        #expect(error.lastStatus == 302)
        #expect(server.requests.count == 4)
    }

    @Test func seeOtherTurnsPostIntoGet() async throws {
        let server = try LocalHTTPServer { request in
            request.path == "/submit" ? .redirect(to: "/result", status: 303) : .text("result")
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(
            HTTPRequest(
                method: .post, url: server.baseURL + "/submit", headers: ["Content-Type": "application/json"], body: Array("{}".utf8)
            ))

        #expect(response.text == "result")
        #expect(server.requests.map(\.method) == ["POST", "GET"])
        #expect(server.requests.last?.body.isEmpty == true)
        #expect(server.requests.last?.header("Content-Type") == nil)
    }

    @Test func redirectToAnotherHostDropsCredentials() async throws {
        let server = try LocalHTTPServer { request in
            guard request.path == "/start", let host = request.header("Host"), let port = host.split(separator: ":").last else {
                return .text("elsewhere")
            }
            // Same server, different origin: curl and the client see "localhost", not "127.0.0.1".
            return .redirect(to: "http://localhost:\(port)/elsewhere", status: 307)
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let response = try await client.send(
            HTTPRequest(
                url: server.baseURL + "/start",
                headers: [
                    "X-Shopify-Access-Token": "shpat_token", "Authorization": "Bearer abc", "X-Request-Id": "42",
                ]))

        #expect(response.text == "elsewhere")
        let requests = server.requests
        try #require(requests.count == 2)
        #expect(requests[0].header("X-Shopify-Access-Token") == "shpat_token")
        #expect(requests[1].header("X-Shopify-Access-Token") == nil)
        #expect(requests[1].header("Authorization") == nil)
        #expect(requests[1].header("X-Request-Id") == "42")
    }

    @Test func cancellationAbortsTheTransferAndThrowsCancellationError() async throws {
        let (arrivals, arrived) = AsyncStream.makeStream(of: Void.self)
        let server = try LocalHTTPServer { request in
            guard request.path == "/hang" else { return .text("still working") }
            arrived.yield()
            return .neverRespond
        }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder(), totalTimeout: .seconds(60)))

        let task = Task { try await client.send(HTTPRequest(url: server.baseURL + "/hang")) }
        var iterator = arrivals.makeAsyncIterator()
        _ = await iterator.next()
        task.cancel()

        // A CancellationError (not the 60 s timeout's error) proves the transfer stopped on cancel.
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(server.requests.count == 1)
        // The client keeps working after a cancelled transfer.
        #expect(try await client.send(HTTPRequest(url: server.baseURL + "/next")).text == "still working")
    }

    @Test func sendAfterShutdownFails() async throws {
        let server = try LocalHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))
        client.shutdown()
        client.shutdown()

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/products"))
        }

        #expect(error.code == .clientShutdown)
        #expect(server.requests.isEmpty)
    }

    @Test func unsupportedSchemeIsRejectedBeforeSending() async throws {
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: "ftp://example.com/file?token=abc"))
        }

        #expect(error.code == .invalidURL)
        #expect(!error.description.contains("abc"))
    }

    @Test func headerWithLineBreakIsRejected() async throws {
        let server = try LocalHTTPServer { _ in .text("ok") }
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))

        let error = try await #require(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/", headers: ["X-Note": "a\r\nX-Injected: 1"]))
        }

        #expect(error.code == .invalidRequest)
        #expect(server.requests.isEmpty)
    }
}
