import ConcordTesting
import Foundation
import HTTPClient
import Testing

struct HTTPRecorderTests {
    @Test func recordingsAreRedactedAndSortable() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concord-recorder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let responseBody = #"{"access_token": "shpat_RESPONSESECRET", "shop": {"name": "Demo", "price": 19.90}}"#
        let server = try LocalHTTPServer(script: [
            .status(503),
            .respond(
                LocalHTTPResponse(
                    headers: [("Set-Cookie", "session=COOKIESECRET"), ("Content-Type", "application/json")],
                    body: Array(responseBody.utf8)
                )),
        ])
        defer { server.stop() }
        let client = HTTPClient(configuration: .testing(sleeps: SleepRecorder(), recorder: HTTPRecorder(directory: directory)))
        let requestBody = #"{"client_id": "app", "client_secret": "CLIENTSECRET", "code": "abc"}"#

        let response = try await client.send(
            HTTPRequest(
                method: .post,
                url: server.baseURL + "/admin/oauth/access_token?password=QUERYSECRET",
                headers: ["X-Shopify-Access-Token": "shpat_HEADERSECRET", "Content-Type": "application/json"],
                body: Array(requestBody.utf8),
                retrySafe: true
            ))
        #expect(response.status == 200)

        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(
            files == [
                "000001-POST-127.0.0.1_\(server.port)_admin_oauth_access_token.json",
                "000002-POST-127.0.0.1_\(server.port)_admin_oauth_access_token.json",
            ])
        for file in files {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for secret in ["RESPONSESECRET", "COOKIESECRET", "CLIENTSECRET", "QUERYSECRET", "HEADERSECRET"] {
                #expect(!text.contains(secret), "\(secret) leaked into \(file)")
            }
        }

        let data = try Data(contentsOf: directory.appendingPathComponent(files[1]))
        let recording = try JSONDecoder().decode(HTTPRecording.self, from: data)
        #expect(recording.sequence == 2)
        #expect(recording.attempt == 2)
        #expect(recording.method == "POST")
        #expect(recording.url == server.baseURL + "/admin/oauth/access_token?password=<redacted>")
        #expect(recording.status == 200)
        #expect(recording.requestHeaders.contains(HTTPRecording.Header(name: "X-Shopify-Access-Token", value: "<redacted>")))
        #expect(recording.requestBody == #"{"client_id": "app", "client_secret": "<redacted>", "code": "abc"}"#)
        #expect(recording.responseHeaders.contains(HTTPRecording.Header(name: "Set-Cookie", value: "<redacted>")))
        #expect(recording.responseBody == #"{"access_token": "<redacted>", "shop": {"name": "Demo", "price": 19.90}}"#)

        let first = try JSONDecoder().decode(HTTPRecording.self, from: Data(contentsOf: directory.appendingPathComponent(files[0])))
        #expect(first.status == 503)
    }

    @Test func failedAttemptsAreRecordedWithTheirError() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concord-recorder-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try LocalHTTPServer(script: [.closeConnection])
        defer { server.stop() }
        let client = HTTPClient(
            configuration: .testing(maxAttempts: 1, sleeps: SleepRecorder(), recorder: HTTPRecorder(directory: directory)))

        await #expect(throws: HTTPClientError.self) {
            try await client.send(HTTPRequest(url: server.baseURL + "/orders?token=TOKENSECRET"))
        }

        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(files == ["000001-GET-127.0.0.1_\(server.port)_orders.json"])
        let recording = try JSONDecoder().decode(HTTPRecording.self, from: Data(contentsOf: directory.appendingPathComponent(files[0])))
        #expect(recording.status == nil)
        #expect(recording.error?.contains("connectionReset") == true)
        #expect(recording.error?.contains("TOKENSECRET") == false)
    }
}
