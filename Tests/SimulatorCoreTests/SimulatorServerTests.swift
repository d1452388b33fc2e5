import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Simulator server: log, faults, control")
struct SimulatorServerTests {
    @Test("serves a platform on 127.0.0.1 and logs every request with its parsed body")
    func servesAndLogs() async throws {
        try await withEchoServer { server, client in
            #expect(server.baseURL.hasPrefix("http://127.0.0.1:"))
            let first = try await client.send(HTTPRequest(url: server.baseURL + "/items?page=1"))
            #expect(first.status == 200)
            #expect(try JSONValue.parse(first.body).arrayValue?.count == 5)
            let write = try await client.send(
                HTTPRequest(
                    method: .post, url: server.baseURL + "/items", headers: ["Content-Type": "application/json"],
                    body: Array(#"{"sku":"A-1","qty":3}"#.utf8)))
            #expect(write.status == 200)

            let log = try JSONValue.parse(try await client.send(HTTPRequest(url: server.baseURL + "/_sim/log")).body)
            let entries = try #require(log.arrayValue)
            #expect(entries.count == 2)
            #expect(entries[0]["method"] == "GET")
            #expect(entries[0]["path"] == "/items")
            #expect(entries[0]["params"]?["page"] == "1")
            #expect(entries[1]["method"] == "POST")
            #expect(entries[1]["body"]?["sku"] == "A-1")
            #expect(entries[1]["body"]?["qty"] == 3)
            #expect(entries[1]["status"] == 200)
        }
    }

    @Test("a 429 rule answers with Retry-After on exactly the scheduled requests")
    func scheduledRateLimit() async throws {
        let rule = FaultRule(kind: .rateLimit(retryAfter: 3), pathContains: "/items", onRequests: [2])
        try await withEchoServer(options: ServerOptions(faults: [rule])) { server, client in
            var statuses: [Int] = []
            for _ in 0..<3 {
                do {
                    statuses.append(try await client.send(HTTPRequest(url: server.baseURL + "/items")).status)
                } catch let error as HTTPClientError {
                    statuses.append(error.lastStatus ?? -1)
                }
            }
            #expect(statuses == [200, 429, 200])
            let log = server.log
            #expect(log.map(\.status) == [200, 429, 200])
            #expect(log[1].fault?.contains("rate_limit") == true)
        }
    }

    @Test("a dropped connection mid-body reaches the client as an error, not a short body")
    func dropMidBody() async throws {
        try await withEchoServer(options: ServerOptions(faults: [FaultRule(kind: .dropMidBody, onRequests: [1])])) { server, client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            }
            let next = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            #expect(next.status == 200)
        }
    }
}
