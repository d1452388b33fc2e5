import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import Testing
import WebhookReceiver

@Suite("refunds read from refund webhooks")
struct WebhookRefundTests {
    @Test("Shopify refunds/create: the REST Refund becomes a refund of the order's lines in GraphQL ids")
    func shopifyRefund() throws {
        let wrapped = try JSONValue.parse(try FixturePaths.text(atPath: FixturePaths.shared("shopify/rest/refund.json")))
        let body = Array(try #require(wrapped["refund"]).serialized.utf8)
        let refund = try #require(WebhookRefund.refund(platform: .shopify, topic: "refunds/create", body: body, store: "shop"))
        #expect(refund.orderID == "gid://shopify/Order/450789469")
        #expect(refund.refundID == "gid://shopify/Refund/509562969")
        #expect(refund.lines.map(\.lineID) == ["gid://shopify/LineItem/703073504", "gid://shopify/LineItem/466157049"])
        #expect(refund.lines.map(\.sku) == [SKU("IPOD2008BLACK"), SKU("IPOD2008GREEN")])
        #expect(refund.lines.allSatisfy { $0.quantity == 1 && $0.restock == .unknown })
    }

    @Test("restock types, and payloads that are no refund")
    func restockAndOthers() throws {
        let body = Array(
            #"{"id":7,"order_id":8,"refund_line_items":[{"line_item_id":9,"quantity":2,"restock_type":"return","location_id":5,"line_item":{"sku":"A-1"}},{"line_item_id":10,"quantity":0}]}"#
                .utf8)
        let refund = try #require(WebhookRefund.refund(platform: .shopify, topic: "refunds/create", body: body, store: "shop"))
        #expect(
            refund.lines == [
                OrderRefundLine(
                    lineID: "gid://shopify/LineItem/9", sku: SKU("A-1"), quantity: 2, restock: .return,
                    locationID: "gid://shopify/Location/5")
            ])
        #expect(WebhookRefund.refund(platform: .shopify, topic: "orders/updated", body: body, store: "shop") == nil)
        #expect(WebhookRefund.refund(platform: .woocommerce, topic: "order.updated", body: body, store: "shop") == nil)
        #expect(WebhookRefund.refund(platform: .shopify, topic: "refunds/create", body: Array("{}".utf8), store: "shop") == nil)
    }
}
