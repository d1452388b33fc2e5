import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Simulator control (/_sim/) and live activity")
struct ControlAndActivityTests {
    func json(_ client: HTTPClient, _ method: HTTPMethod = .get, _ url: String, body: JSONValue? = nil) async throws -> (Int, JSONValue) {
        let response = try await client.send(
            HTTPRequest(method: method, url: url, headers: ["Content-Type": "application/json"], body: body?.bytes))
        return (response.status, try JSONValue.parse(response.body))
    }

    @Test("faults are added, listed with their counts, replaced and cleared over /_sim/faults")
    func faultsEndpoint() async throws {
        try await withEchoServer { server, client in
            let base = server.baseURL + "/_sim/faults"
            let (added, _) = try await json(client, .post, base, body: [["kind": "status", "status": 503, "on_requests": [1]]])
            #expect(added == 200)
            #expect(try await client.send(HTTPRequest(url: server.baseURL + "/items")).status == 503)
            let (_, listed) = try await json(client, .get, base)
            #expect(listed[0]?["fired"] == 1)
            #expect(listed[0]?["matched"] == 1)

            let (bad, error) = try await json(client, .post, base, body: [["kind": "status", "status": 503], ["kind": "nonsense"]])
            #expect(bad == 400)
            #expect(error["error"]?.stringValue?.contains("fault rule 2") == true)

            _ = try await json(client, .put, base, body: [["kind": "status", "status": 500]])
            #expect(try await json(client, .get, base).1.arrayValue?.count == 1)
            _ = try await json(client, .delete, base)
            #expect(try await json(client, .get, base).1.arrayValue?.isEmpty == true)
            #expect(try await client.send(HTTPRequest(url: server.baseURL + "/items")).status == 200)
        }
    }

    @Test("counters, state, manifest and health describe the store; an unknown endpoint lists the real ones")
    func inspection() async throws {
        try await withEchoServer(products: 5) { server, client in
            _ = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            _ = try await client.send(HTTPRequest(method: .post, url: server.baseURL + "/items", body: Array("{}".utf8)))
            let counters = try await json(client, .get, server.baseURL + "/_sim/counters").1
            #expect(counters["total"] == 2)
            #expect(counters["writes"] == 1)
            #expect(counters["by_endpoint"]?["GET /items"] == 1)
            let state = try await json(client, .get, server.baseURL + "/_sim/state").1
            #expect(state["products"]?.arrayValue?.count == 5)
            let manifest = try await json(client, .get, server.baseURL + "/_sim/manifest").1
            #expect(manifest["products"] == 5)
            let health = try await json(client, .get, server.baseURL + "/_sim/health").1
            #expect(health["products"] == 5)
            let (status, unknown) = try await json(client, .get, server.baseURL + "/_sim/nope")
            #expect(status == 404)
            #expect(unknown["endpoints"]?.arrayValue?.isEmpty == false)
            // Control calls are not API traffic: the log holds the two API requests only.
            #expect(server.log.count == 2)
        }
    }

    @Test("reset puts the seeded state back and empties the log")
    func reset() async throws {
        try await withEchoServer(products: 6) { server, client in
            let before = server.shop.snapshot.allProducts
            server.setActivity(ActivitySettings(orderEveryRequests: 1))
            _ = try await client.send(HTTPRequest(url: server.baseURL + "/items"))
            #expect(server.shop.snapshot.allOrders.count == 1)
            let (status, _) = try await json(client, .post, server.baseURL + "/_sim/reset")
            #expect(status == 200)
            #expect(server.shop.snapshot.allOrders.isEmpty)
            #expect(server.shop.snapshot.allProducts == before)
            #expect(server.log.isEmpty)
        }
    }

    @Test("shoppers order every N requests: stock moves from available to committed, exactly as the events say")
    func shoppers() async throws {
        try await withEchoServer(products: 20, options: ServerOptions(seed: 5, activity: ActivitySettings(orderEveryRequests: 2))) {
            server, client in
            let before = server.shop.snapshot
            for _ in 0..<6 { _ = try await client.send(HTTPRequest(url: server.baseURL + "/items")) }
            let events = server.activityEvents
            #expect(events.count == 3)
            #expect(events.allSatisfy { $0.kind == .order })
            let after = server.shop.snapshot
            #expect(after.allOrders.count == 3)
            for order in after.allOrders {
                #expect(order.customer.email.contains("@"))
                let line = try #require(order.lines.first)
                let old = try #require(before.variant(id: line.variantID)?.variant)
                let new = try #require(after.variant(id: line.variantID)?.variant)
                #expect(old.totalAvailable - new.totalAvailable >= line.quantity)
                #expect(new.committed.values.reduce(0, +) >= line.quantity)
            }
        }
    }

    @Test("activity is the same under the same seed, and edits bump updatedAt")
    func deterministicActivity() async throws {
        func run() async throws -> [ActivityEvent] {
            try await withEchoServer(
                products: 15, options: ServerOptions(seed: 9, activity: ActivitySettings(orderEveryRequests: 3, editEveryRequests: 2))
            ) { server, client in
                for _ in 0..<8 { _ = try await client.send(HTTPRequest(url: server.baseURL + "/items")) }
                let edits = server.activityEvents.filter { $0.kind == .edit }
                for edit in edits where edit.field == "title" {
                    let product = server.shop.snapshot.variants(sku: edit.sku).first?.product
                    #expect(product?.title == edit.after)
                }
                return server.activityEvents
            }
        }
        let first = try await run()
        #expect(first.filter { $0.kind == .edit }.count == 4)
        #expect(first.filter { $0.kind == .order }.count == 2)
        let second = try await run()
        #expect(first.map { [$0.sku, $0.field, $0.before, $0.after] } == second.map { [$0.sku, $0.field, $0.before, $0.after] })
    }
}
