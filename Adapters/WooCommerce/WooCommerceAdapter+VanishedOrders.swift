import CatalogModel
import StorefrontAdapter

extension WooCommerceAdapter {
    /// Open orders that left the store: moved to the trash (`DELETE /orders/{id}`) or deleted
    /// with `force`. Neither shows in a `modified_after` read and trashing runs no stock hook, so
    /// Concord asks by id: `include` with `status=any`, which lists every status but `trash`
    /// (WC_REST_Orders_Controller::get_collection_params), 100 ids a request and only `id` back.
    public func vanishedOrders(among ids: [String]) async throws -> Set<String> {
        var vanished: Set<String> = []
        var start = ids.startIndex
        while start < ids.endIndex {
            let end = ids.index(start, offsetBy: 100, limitedBy: ids.endIndex) ?? ids.endIndex
            let batch = Array(ids[start..<end])
            let answer = try await rest.page(
                "orders", query: [("include", batch.joined(separator: ",")), ("status", "any"), ("_fields", "id")], page: 1,
                perPage: 100)
            let listed = Set(answer.items.compactMap { WooCommercePayloadParser.id($0["id"]) })
            for id in batch where !listed.contains(id) { vanished.insert(id) }
            start = end
        }
        return vanished
    }
}
