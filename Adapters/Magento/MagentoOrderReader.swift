import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads orders updated since a cursor, `pageSize` a page, without customer data.
///
/// `fields=` names only what Concord keeps, so the shopper's name, e-mail, addresses, phone and
/// IP address never leave the store (Magento's partial responses:
/// https://developer.adobe.com/commerce/webapi/rest/use-rest/retrieve-filtered-responses/). Data
/// Concord does not receive cannot leak.
struct MagentoOrderReader: Sendable {
    let rest: MagentoRESTClient
    let options: MagentoAdapterOptions

    static let itemFields = "items[item_id,sku,product_id,product_type,parent_item_id,qty_ordered,qty_shipped,qty_refunded,qty_canceled]"
    /// The in-store pickup source, the one source Magento knows for an unshipped order
    /// (``MagentoPayloadParser/pickupSource(_:)``).
    static let pickupFields = "extension_attributes[pickup_location_code]"
    static let orderFields =
        "items[entity_id,increment_id,state,status,created_at,updated_at,total_refunded,\(pickupFields),\(itemFields)],total_count"
    /// What reservations and the incremental catalog read need of an order.
    static let reservationFields = "items[entity_id,state,updated_at,\(pickupFields),\(itemFields)],total_count"

    var store: StoreID { rest.store }

    func read(since cursor: SyncCursor?) async throws -> OrderBatch {
        // Orders carry no prices Concord keeps, so any currency parses them.
        let parser = MagentoPayloadParser(store: store, currency: options.currency ?? .usd)
        let started = Date()
        var criteria = MagentoSearch()
        let since = cursor?.readFrom(overlap: options.overlap)
        if let since {
            criteria = criteria.and("updated_at", "gteq", MagentoSearch.dateText(since))
        }
        let (items, serverStart) = try await rest.searchAll(
            "orders", criteria, pageSize: options.pageSize, fields: Self.orderFields, key: { MagentoPayloadParser.id($0["entity_id"]) })
        // Name the pickup sources as the catalog read names a store's locations, with one more
        // request only when an order was picked up at a source.
        var sourceNames: [String: String] = [:]
        if items.contains(where: { MagentoPayloadParser.pickupSource($0) != nil }),
            case .msi(let sources) = try await MagentoStockReader(rest: rest, options: options).mode()
        {
            sourceNames = Dictionary(sources.map { ($0.code, $0.name) }, uniquingKeysWith: { first, _ in first })
        }
        var orders: [Order] = []
        var newest = cursor?.updatedAt
        var recent = RecentOrderRead.Read(since: since, startedAt: started)
        for item in items {
            let order = try parser.order(item, sourceNames: sourceNames)
            for line in item["items"]?.arrayValue ?? [] {
                if let sku = line["sku"]?.stringValue, !sku.isEmpty {
                    recent.sold(sku: sku, changed: MagentoPayloadParser.date(item["updated_at"]))
                }
            }
            orders.append(order)
            if let updated = order.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
        }
        rest.recentOrders.record(recent)
        return OrderBatch(
            orders: orders,
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
    }
}
