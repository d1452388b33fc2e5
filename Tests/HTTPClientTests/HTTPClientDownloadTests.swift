import ConcordTesting
import Foundation
import HTTPClient
import Testing

/// Bodies streamed to a file instead of memory (bulk operation downloads).
struct HTTPClientDownloadTests {
    @Test func streamsTheBodyToAFileAndKeepsNoneInMemory() async throws {
        let lines = (1...2000).map { #"{"id":"gid://shopify/Product/\#($0)","title":"Product \#($0)"}"# }.joined(separator: "\n") + "\n"
        let server = try LocalHTTPServer(script: [.text(lines, headers: [("Content-Type", "application/jsonl")])])
        defer { server.stop() }
        let directory = try TemporaryDirectory()
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder()))
        defer { client.shutdown() }
        var request = HTTPRequest(url: server.baseURL + "/bulk.jsonl")
        request.bodyFile = directory.path("bulk.jsonl")

        let response = try await client.send(request)

        #expect(response.status == 200)
        #expect(response.body.isEmpty)
        let written = try String(contentsOfFile: directory.path("bulk.jsonl"), encoding: .utf8)
        #expect(written == lines)
    }

    @Test func aFileThatCannotBeWrittenFailsTheRequestWithItsPath() async throws {
        let server = try LocalHTTPServer(script: [.text("data")])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(maxAttempts: 1, sleeps: SleepRecorder()))
        defer { client.shutdown() }
        var request = HTTPRequest(url: server.baseURL + "/bulk.jsonl")
        request.bodyFile = "/nonexistent-dir/bulk.jsonl"

        await #expect(throws: HTTPClientError.self) { try await client.send(request) }
        do {
            _ = try await client.send(request)
        } catch let error as HTTPClientError {
            #expect(error.description.contains("/nonexistent-dir/bulk.jsonl"))
        }
    }
}
