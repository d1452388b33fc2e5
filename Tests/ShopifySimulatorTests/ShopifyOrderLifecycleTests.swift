import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import ShopifySimulator
import SimulatorCore
import Testing

/// An order's life on Shopify through the Admin GraphQL API, with the stock numbers Shopify shows
/// after each step (shopify.dev/docs/apps/build/orders-fulfillment/inventory-management-apps):
/// a sale moves units from available to committed; a fulfilment lowers committed and on hand;
/// a restocking cancel or a `CANCEL` refund puts committed units back to available; a `RETURN`
/// refund raises available and on hand; `NO_RESTOCK` drops unshipped units from committed.
@Suite("Shopify order lifecycle: fulfil, cancel, refund")
struct ShopifyOrderLifecycleTests {
    struct Levels: Equatable, CustomStringConvertible {
        var available: Int
        var committed: Int
        var onHand: Int
        var description: String { "available \(available), committed \(committed), on_hand \(onHand)" }
    }

    static func levels(_ store: ShopifyTestStore, item: Int64, location: Int64) async throws -> Levels {
        let (_, body) = try await store.graphql(
            """
            query($id: ID!) { inventoryItem(id: $id) { inventoryLevels(first: 10) { nodes {
              location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } } }
            """, variables: ["id": .string("gid://shopify/InventoryItem/\(item)")])
        let nodes = body["data"]?["inventoryItem"]?["inventoryLevels"]?["nodes"]?.arrayValue ?? []
        let level = try #require(nodes.first { $0["location"]?["id"]?.stringValue == "gid://shopify/Location/\(location)" })
        var values: [String: Int] = [:]
        for quantity in level["quantities"]?.arrayValue ?? [] {
            values[quantity["name"]?.stringValue ?? ""] = quantity["quantity"]?.intValue
        }
        return Levels(available: values["available"] ?? -1, committed: values["committed"] ?? -1, onHand: values["on_hand"] ?? -1)
    }

    /// A variant with a SKU and at least `units` available at one location, and that location.
    static func stockedVariant(_ shop: SimulatedShop, units: Int) -> (SimVariant, SimLocation)? {
        shop.read { state -> (SimVariant, SimLocation)? in
            for product in state.allProducts {
                for variant in product.variants where !variant.sku.isEmpty {
                    if let location = state.locations.first(where: { (variant.available[$0.id] ?? 0) >= units }) {
                        return (variant, location)
                    }
                }
            }
            return nil
        }
    }

    static func control(_ store: ShopifyTestStore, _ path: String, _ body: JSONValue) async throws -> (status: Int, json: JSONValue) {
        let response = try await store.client.send(
            HTTPRequest(method: .post, url: store.baseURL + "/_sim" + path, headers: ["Content-Type": "application/json"], body: body.bytes)
        )
        return (response.status, try JSONValue.parse(response.body))
    }

    static let orderQuery = """
        query($id: ID!) { order(id: $id) {
          cancelledAt displayFulfillmentStatus
          fulfillments(first: 5) { totalQuantity fulfillmentLineItems(first: 5) { nodes { quantity lineItem { id } } } }
          refunds(first: 5) { id refundLineItems(first: 5) { nodes { quantity restockType restocked lineItem { id } } } }
          lineItems(first: 5) { nodes { id quantity currentQuantity unfulfilledQuantity variant { id } } }
        } }
        """

    @Test("partly fulfilled, the rest cancelled with restock, the shipped unit returned: available, committed and on hand at each step")
    func shipCancelReturn() async throws {
        try await withShopifyStore(products: 12) { store in
            let (variant, location) = try #require(Self.stockedVariant(store.shop, units: 5))
            let item = variant.inventoryItemID
            let start = try await Self.levels(store, item: item, location: location.id)

            let placed = try await Self.control(
                store, "/orders", ["sku": .string(variant.sku), "quantity": 4, "location": .string(location.code)])
            #expect(placed.status == 201)
            let orderID = try #require(placed.json["order_id"]?.int64Value)
            let lineID = try #require(placed.json["line_ids"]?[0]?.int64Value)
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 4, committed: start.committed + 4, onHand: start.onHand))

            // Ship one unit through fulfillmentCreate.
            let (_, fulfilled) = try await store.graphql(
                """
                mutation($input: FulfillmentInput!) { fulfillmentCreate(fulfillment: $input) {
                  fulfillment { id totalQuantity status } userErrors { field message } } }
                """,
                variables: [
                    "input": [
                        "lineItemsByFulfillmentOrder": [
                            [
                                "fulfillmentOrderId": .string("gid://shopify/FulfillmentOrder/\(orderID)"),
                                "fulfillmentOrderLineItems": [
                                    ["id": .string("gid://shopify/FulfillmentOrderLineItem/\(lineID)"), "quantity": 1]
                                ],
                            ]
                        ]
                    ]
                ])
            #expect(fulfilled["data"]?["fulfillmentCreate"]?["userErrors"]?.arrayValue == [])
            #expect(fulfilled["data"]?["fulfillmentCreate"]?["fulfillment"]?["totalQuantity"] == 1)
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 4, committed: start.committed + 3, onHand: start.onHand - 1))

            // Cancel the rest with restock: three committed units go back to available.
            let (_, cancelled) = try await store.graphql(
                """
                mutation($id: ID!) { orderCancel(orderId: $id, reason: CUSTOMER, refund: false, restock: true) {
                  job { id done } orderCancelUserErrors { field message code } } }
                """, variables: ["id": .string("gid://shopify/Order/\(orderID)")])
            #expect(cancelled["data"]?["orderCancel"]?["orderCancelUserErrors"]?.arrayValue == [])
            #expect(cancelled["data"]?["orderCancel"]?["job"]?["done"] == true)
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 1, committed: start.committed, onHand: start.onHand - 1))

            // The shipped unit comes back: RETURN raises available and on hand.
            let (_, refunded) = try await store.graphql(
                """
                mutation($input: RefundInput!) { refundCreate(input: $input) {
                  refund { id refundLineItems(first: 5) { nodes { quantity restockType restocked } } } userErrors { field message } } }
                """,
                variables: [
                    "input": [
                        "orderId": .string("gid://shopify/Order/\(orderID)"),
                        "refundLineItems": [
                            [
                                "lineItemId": .string("gid://shopify/LineItem/\(lineID)"), "quantity": 1, "restockType": "RETURN",
                                "locationId": .string("gid://shopify/Location/\(location.id)"),
                            ]
                        ],
                    ]
                ])
            #expect(refunded["data"]?["refundCreate"]?["userErrors"]?.arrayValue == [])
            #expect(refunded["data"]?["refundCreate"]?["refund"]?["refundLineItems"]?["nodes"]?[0]?["restockType"] == "RETURN")
            #expect(try await Self.levels(store, item: item, location: location.id) == start)

            let (_, read) = try await store.graphql(Self.orderQuery, variables: ["id": .string("gid://shopify/Order/\(orderID)")])
            let order = try #require(read["data"]?["order"])
            #expect(order["cancelledAt"]?.stringValue != nil)
            let line = try #require(order["lineItems"]?["nodes"]?[0])
            #expect(line["quantity"] == 4)
            #expect(line["currentQuantity"] == 0)
            #expect(line["unfulfilledQuantity"] == 0)
            #expect(line["variant"]?["id"]?.stringValue == "gid://shopify/ProductVariant/\(variant.id)")
            #expect(order["fulfillments"]?[0]?["totalQuantity"] == 1)
            let refundLines = (order["refunds"]?.arrayValue ?? []).flatMap { $0["refundLineItems"]?["nodes"]?.arrayValue ?? [] }
            #expect(
                refundLines.map { [$0["quantity"]?.intValue ?? 0, $0["restockType"]?.stringValue == "CANCEL" ? 1 : 0] } == [
                    [3, 1], [1, 0],
                ])
            #expect(refundLines.map { $0["restockType"]?.stringValue } == ["CANCEL", "RETURN"])
        }
    }

    @Test("refunds without restock and a cancel without restock take units off on hand; a CANCEL refund puts them back")
    func withoutRestock() async throws {
        try await withShopifyStore(products: 12) { store in
            let (variant, location) = try #require(Self.stockedVariant(store.shop, units: 8))
            let item = variant.inventoryItemID
            let start = try await Self.levels(store, item: item, location: location.id)
            let placed = try await Self.control(
                store, "/orders", ["sku": .string(variant.sku), "quantity": 5, "location": .string(location.code)])
            let orderID = try #require(placed.json["order_id"]?.int64Value)
            let lineID = try #require(placed.json["line_ids"]?[0]?.int64Value)
            let gidLine = JSONValue.string("gid://shopify/LineItem/\(lineID)")

            // Ship one unit through the control endpoint (the same operation fulfillmentCreate runs).
            let shipped = try await Self.control(store, "/orders/\(orderID)/ship", ["lines": [String(lineID): 1]])
            #expect(shipped.status == 201)
            #expect(shipped.json["order"]?["lines"]?[0]?["shipped"] == 1)

            func refund(_ quantity: Int, _ restockType: String) async throws -> JSONValue {
                try await store.graphql(
                    "mutation($input: RefundInput!) { refundCreate(input: $input) { refund { id } userErrors { field message } } }",
                    variables: [
                        "input": [
                            "orderId": .string("gid://shopify/Order/\(orderID)"),
                            "refundLineItems": [["lineItemId": gidLine, "quantity": .int(quantity), "restockType": .string(restockType)]],
                        ]
                    ]
                ).body["data"]?["refundCreate"]?["userErrors"] ?? .null
            }
            // One unshipped unit refunded without restock: it leaves committed and on hand.
            #expect(try await refund(1, "NO_RESTOCK") == [])
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 5, committed: start.committed + 3, onHand: start.onHand - 2))
            // One unshipped unit refunded as CANCEL: back to available.
            #expect(try await refund(1, "CANCEL") == [])
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 4, committed: start.committed + 2, onHand: start.onHand - 2))
            // RETURN of more units than shipped is refused and changes nothing.
            #expect(try await refund(2, "RETURN").arrayValue?.count == 1)
            // Cancel the two open units without restock: they leave committed and on hand.
            let cancelled = try await Self.control(store, "/orders/\(orderID)/cancel", ["restock": false])
            #expect(cancelled.status == 201)
            #expect(
                try await Self.levels(store, item: item, location: location.id)
                    == Levels(available: start.available - 4, committed: start.committed, onHand: start.onHand - 4))

            let (_, read) = try await store.graphql(Self.orderQuery, variables: ["id": .string("gid://shopify/Order/\(orderID)")])
            let line = try #require(read["data"]?["order"]?["lineItems"]?["nodes"]?[0])
            #expect(line["currentQuantity"] == 1)
            #expect(line["unfulfilledQuantity"] == 0)
            let types = (read["data"]?["order"]?["refunds"]?.arrayValue ?? []).flatMap { $0["refundLineItems"]?["nodes"]?.arrayValue ?? [] }
                .map { $0["restockType"]?.stringValue ?? "" }
            #expect(types == ["NO_RESTOCK", "CANCEL", "NO_RESTOCK"])

            // Trashed orders are gone from the Admin API.
            #expect(try await Self.control(store, "/orders/\(orderID)/trash", [:]).status == 201)
            let (_, gone) = try await store.graphql(Self.orderQuery, variables: ["id": .string("gid://shopify/Order/\(orderID)")])
            #expect(gone["data"]?["order"] == .null)
        }
    }
}
