import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Simulator faults: every kind, deterministic under the seed")
struct FaultInjectionTests {
    /// Sends `count` GETs to `/items` and returns each status, or -1 when the transfer failed.
    func statuses(_ server: SimulatorServer, _ client: HTTPClient, count: Int, path: String = "/items") async -> [Int] {
        var result: [Int] = []
        for _ in 0..<count {
            do {
                result.append(try await client.send(HTTPRequest(url: server.baseURL + path)).status)
            } catch let error as HTTPClientError {
                result.append(error.lastStatus ?? -1)
            } catch {
                result.append(-1)
            }
        }
        return result
    }

    @Test("a 5xx rule fires on its scheduled requests and no more than `times`")
    func statusSchedule() async throws {
        let rules = [FaultRule(kind: .status(503), onRequests: [1, 3]), FaultRule(kind: .status(500), pathContains: "/items", times: 1)]
        try await withEchoServer(options: ServerOptions(faults: rules)) { server, client in
            // Request 1: rule 1 fires. Request 2: rule 2 fires (its first match, times 1). Request 3: rule 1 again.
            #expect(await statuses(server, client, count: 5) == [503, 500, 503, 200, 200])
            #expect(server.counters.faultsInjected == 3)
            #expect(server.counters.byStatus[503] == 2)
        }
    }

    @Test("probability rules draw from the seed: same seed, same faults; another seed, others")
    func probabilityIsSeeded() async throws {
        func run(seed: UInt64) async throws -> [Int] {
            try await withEchoServer(options: ServerOptions(seed: seed, faults: [FaultRule(kind: .status(502), probability: 0.5)])) {
                server, client in
                await statuses(server, client, count: 24)
            }
        }
        let first = try await run(seed: 1)
        #expect(first.contains(502) && first.contains(200))
        #expect(try await run(seed: 1) == first)
        #expect(try await run(seed: 2) != first)
    }

    @Test("a truncated body arrives whole at the HTTP level but is not JSON")
    func truncated() async throws {
        try await withEchoServer(options: ServerOptions(faults: [FaultRule(kind: .truncateBody, onRequests: [1])])) { server, client in
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            #expect(response.status == 200)
            #expect(throws: JSONParseError.self) { try JSONValue.parse(response.body) }
            let next = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            #expect((try? JSONValue.parse(next.body))?.arrayValue?.count == 5)
        }
    }

    @Test("a malformed body is a 200 whose JSON does not parse")
    func malformed() async throws {
        try await withEchoServer(options: ServerOptions(faults: [FaultRule(kind: .malformedJSON)])) { server, client in
            let response = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            #expect(response.status == 200)
            #expect(throws: JSONParseError.self) { try JSONValue.parse(response.body) }
        }
    }

    @Test("a slow response makes a client with a shorter timeout give up")
    func slow() async throws {
        try await withEchoServer(options: ServerOptions(faults: [FaultRule(kind: .slow(milliseconds: 1500), onRequests: [1])])) {
            server, client in
            await #expect(throws: HTTPClientError.self) {
                _ = try await client.send(HTTPRequest(url: server.baseURL + "/items", timeout: .milliseconds(300)))
            }
            let status = try await client.send(HTTPRequest(url: server.baseURL + "/items")).status
            #expect(status == 200)
        }
    }

    @Test("paging faults repeat or skip items across pages")
    func pagingFaults() async throws {
        func pages(_ rule: FaultRule?) async throws -> [[String]] {
            try await withEchoServer(products: 4, options: ServerOptions(faults: rule.map { [$0] } ?? [])) { server, client in
                var pages: [[String]] = []
                for page in 1...2 {
                    let body = try await client.send(HTTPRequest(url: server.baseURL + "/items?page=\(page)")).body
                    pages.append(try JSONValue.parse(body).arrayValue!.compactMap(\.stringValue))
                }
                return pages
            }
        }
        let clean = try await pages(nil)
        #expect(clean[0].count == 5 && Set(clean[0]).isDisjoint(with: clean[1]))
        let duplicated = try await pages(FaultRule(kind: .duplicateItems(2), onRequests: [2]))
        #expect(Array(duplicated[1].prefix(2)) == Array(clean[0].suffix(2)))
        let shifted = try await pages(FaultRule(kind: .shiftItems(2), onRequests: [2]))
        #expect(shifted[1].first == clean[1].dropFirst(2).first)
    }

    @Test("a request limit answers 429 with a Retry-After once the bucket is empty")
    func requestLimit() async throws {
        let options = ServerOptions(requestLimit: LeakyBucket(capacity: 3, restoreRate: 0.01))
        try await withEchoServer(options: options) { server, client in
            #expect(await statuses(server, client, count: 5) == [200, 200, 200, 429, 429])
            let limited = try #require(server.log.last)
            #expect(limited.status == 429)
        }
    }

    @Test("fault rules from JSON and from the command-line form, and the errors for bad ones")
    func ruleParsing() throws {
        let rule = try FaultRule(spec: "rate_limit:path=/products,probability=0.25,retry_after=2,on_requests=1+4")
        #expect(rule.kind == .rateLimit(retryAfter: 2))
        #expect(rule.pathContains == "/products")
        #expect(rule.onRequests == [1, 4])
        #expect(try FaultRule(json: rule.json) == rule)
        #expect(throws: FaultRuleError.self) { try FaultRule(spec: "explode") }
        #expect(throws: FaultRuleError.self) { try FaultRule(spec: "status:status=200") }
        #expect(throws: FaultRuleError.self) { try FaultRule(json: ["kind": "slow"]) }
        #expect(throws: FaultRuleError.self) { try FaultRule(json: ["kind": "status", "status": 500, "colour": "red"]) }
        #expect(throws: FaultRuleError.self) { try FaultRule(spec: "status:status=500,probability=2") }
    }
}
