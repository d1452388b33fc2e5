import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads orders modified since a cursor, 100 a page, without customer data.
///
/// `_fields` names only what Concord keeps, so the customer's name, addresses, e-mail, phone, IP
/// address and note never leave the store: data Concord does not receive cannot leak.
struct WooCommerceOrderReader: Sendable {
    let rest: WooCommerceRESTClient
    let options: WooCommerceAdapterOptions

    static let orderFields = [
        "id", "number", "status", "currency", "date_created_gmt", "date_modified_gmt", "date_paid_gmt", "date_completed_gmt",
        "line_items", "refunds",
    ].joined(separator: ",")

    var store: StoreID { rest.store }

    func read(since cursor: SyncCursor?) async throws -> OrderBatch {
        // Orders carry their own currency and no prices Concord keeps, so any currency parses them.
        let parser = WooCommercePayloadParser(store: store, currency: options.currency ?? .usd)
        let started = Date()
        var query: [(String, String)] = [("orderby", "id"), ("order", "asc"), ("_fields", Self.orderFields)]
        let since = cursor.map { $0.readFrom(overlap: options.overlap).addingTimeInterval(-1) }
        if let since {
            query += [("modified_after", WooCommercePayloadParser.gmtText(since)), ("dates_are_gmt", "true")]
        }
        var recent = RecentOrderRead.Read(since: since, startedAt: started)
        var orders: [Order] = []
        var seen: Set<String> = []
        var newest = cursor?.updatedAt
        var serverStart: Date?
        var page = 1
        var lastPage = 1
        repeat {
            let answer = try await rest.page("orders", query: query, page: page, perPage: options.pageSize)
            serverStart = serverStart ?? answer.serverDate
            for item in answer.items {
                let order = try parser.order(item, refundedQuantities: try await refundedQuantities(item))
                for line in item["line_items"]?.arrayValue ?? [] {
                    if let id = line["product_id"]?.int64Value, id > 0 { recent.sold(product: String(id), changed: order.updatedAt) }
                }
                guard seen.insert(order.remoteID).inserted else { continue }
                orders.append(order)
                if let updated = order.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
            }
            lastPage = answer.totalPages ?? (answer.items.count == options.pageSize ? page + 1 : page)
            page += 1
        } while page <= lastPage
        rest.recentOrders.record(recent)
        return OrderBatch(
            orders: orders,
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
    }

    /// Units refunded per line of one order, from `GET /orders/{id}/refunds`. Only an order whose
    /// `refunds` list is not empty costs a request, and not a wholly refunded one (every unit is
    /// refunded then); an order deleted since it was listed counts none.
    func refundedQuantities(_ order: JSONValue) async throws -> [String: Int] {
        guard let id = WooCommercePayloadParser.id(order["id"]), order["status"]?.stringValue != "refunded",
            let listed = order["refunds"]?.arrayValue, !listed.isEmpty
        else { return [:] }
        // A refund repeated across pages (one made while paging) is counted once.
        guard let refunds = try await rest.allItemsIfExists("orders/\(id)/refunds", query: [("_fields", "id,line_items")], perPage: 100)
        else { return [:] }
        return WooCommercePayloadParser.refundedQuantities(refunds)
    }
}
