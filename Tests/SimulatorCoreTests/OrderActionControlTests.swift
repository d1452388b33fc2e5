import CatalogModel
import HTTPClient
import JSONValue
import SimulatorCore
import Testing

@Suite("Simulator order actions (/_sim/orders/{id}/...) and shipping and cancelling activity")
struct OrderActionControlTests {
    func post(_ client: HTTPClient, _ url: String, _ body: JSONValue = [:]) async throws -> (Int, JSONValue) {
        let response = try await client.send(
            HTTPRequest(method: .post, url: url, headers: ["Content-Type": "application/json"], body: body.bytes))
        return (response.status, try JSONValue.parse(response.body))
    }

    @Test("an order's answer names its lines; ship, refund, cancel and trash answer the event and the order with its units and stock")
    func actions() async throws {
        try await withEchoServer(products: 8) { server, client in
            let variant = try #require(
                server.shop.read { $0.allProducts.flatMap(\.variants).first { !$0.sku.isEmpty && $0.totalAvailable >= 5 } })
            let (placedStatus, placed) = try await post(
                client, server.baseURL + "/_sim/orders", ["sku": .string(variant.sku), "quantity": 4])
            #expect(placedStatus == 201)
            let id = try #require(placed["order_id"]?.int64Value)
            let line = try #require(placed["line_ids"]?[0]?.int64Value)
            let base = server.baseURL + "/_sim/orders/\(id)"

            let (shipStatus, shipped) = try await post(client, base + "/ship", ["lines": [String(line): 1]])
            #expect(shipStatus == 201)
            #expect(shipped["kind"] == "ship")
            #expect(shipped["before"] == "unfulfilled")
            #expect(shipped["after"] == "partial")
            #expect(shipped["shipment_id"]?.int64Value != nil)
            #expect(shipped["order"]?["lines"]?[0]?["open"] == 3)
            let committed = try #require(shipped["order"]?["lines"]?[0]?["committed"]?.intValue)

            let (refundStatus, refunded) = try await post(client, base + "/refund", ["lines": [String(line): 2], "restock": true])
            #expect(refundStatus == 201)
            #expect(refunded["refund_id"]?.int64Value != nil)
            #expect(refunded["order"]?["lines"]?[0]?["restocked"] == 2)
            #expect(refunded["order"]?["lines"]?[0]?["committed"]?.intValue == committed - 2)

            let (cancelStatus, cancelled) = try await post(client, base + "/cancel", ["restock": false])
            #expect(cancelStatus == 201)
            #expect(cancelled["after"] == "cancelled")
            #expect(cancelled["order"]?["lines"]?[0]?["cancelled"] == 1)
            #expect(try await post(client, base + "/cancel").0 == 422)
            #expect(try await post(client, base + "/ship").0 == 422)

            #expect(try await post(client, base + "/trash").0 == 201)
            #expect(try await post(client, base + "/trash").0 == 404)
            #expect(try await post(client, server.baseURL + "/_sim/orders/999999/ship").0 == 404)
            #expect(try await post(client, base + "/refund", ["lines": "nope"]).0 == 400)
            let events = server.activityEvents.map(\.kind)
            #expect(events == [.order, .ship, .refund, .cancel, .trash])
        }
    }

    @Test("the warehouse ships and the merchant cancels every N requests, through the same operations")
    func activity() async throws {
        try await withEchoServer(
            products: 12,
            options: ServerOptions(seed: 3, activity: ActivitySettings(orderEveryRequests: 1, shipEveryRequests: 3, cancelEveryRequests: 4))
        ) { server, client in
            for _ in 0..<8 { _ = try await client.send(HTTPRequest(url: server.baseURL + "/items")) }
            let kinds = server.activityEvents.map(\.kind)
            #expect(kinds.contains(.ship))
            #expect(kinds.contains(.cancel))
            let orders = server.shop.snapshot.allOrders
            #expect(orders.contains { $0.cancelledAt != nil && $0.lines.allSatisfy { $0.cancelledQuantity == $0.quantity } })
            #expect(orders.contains { !$0.shipments.isEmpty })
        }
    }
}
