import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads variations for ``WooCommerceCatalogReader``: from the store-wide collection where the
/// store has one, else product by product.
///
/// WooCommerce 10.3 added `GET /wp-json/wc/v3/variations` (`WC_REST_Variations_Controller`,
/// woocommerce/woocommerce plugins/woocommerce/includes/rest-api/Controllers/Version3/
/// class-wc-rest-variations-controller.php): every variation of the store in one collection, 100
/// a page, each naming its product in `parent_id`. It extends `WC_REST_Product_Variations_Controller`,
/// so it takes the same parameters (`modified_after`, `dates_are_gmt`, `include`, `orderby=id`,
/// `_fields`), including `parent`, a list of product ids that `WC_REST_CRUD_Controller` registers
/// for hierarchical controllers and turns into `post_parent__in` (the route has no product id to
/// pin a single parent). An older store answers it `rest_no_route` (404); there each variable
/// product's `products/{id}/variations` is read instead, one call per product.
///
/// Which kind of store this is, its first answer to `/variations` says: that answer is a page the
/// read needs anyway, not a call of its own. ``WooCommerceRESTClient`` remembers it for the
/// adapter's life, so an older store costs one `rest_no_route` per adapter.
struct WooCommerceVariationReader: Sendable {
    let rest: WooCommerceRESTClient
    let options: WooCommerceAdapterOptions

    /// Variations by their product's id, each list in id order.
    typealias ByProduct = [String: [JSONValue]]

    /// The parser's fields and, to group them, the product's id.
    static let collectionFields = WooCommerceCatalogReader.variationFields + ",parent_id"

    /// Every variation of the store that passes `filter` (every one with no filter), by product,
    /// `ceil(variations / 100)` calls; nil on a store without the collection.
    func collection(filter: [(String, String)]) async throws -> ByProduct? {
        guard rest.variationsCollection.isServed != false else { return nil }
        return try await walk(filter)
    }

    /// Every variation of each of `products` (variable products, as read), by product id.
    ///
    /// With the collection: `variations?parent=`, 100 products a call (one page per 100 of their
    /// variations). Without: each product's own variations, `variationConcurrency` products at
    /// once; a product whose `variations` list is empty costs nothing.
    func all(of products: [JSONValue]) async throws -> ByProduct {
        if rest.variationsCollection.isServed != false, let found = try await byParent(products) { return found }
        let variable = products.filter { WooCommercePayloadParser.id($0["id"]) != nil }
        let lists = try await variable.concurrentMap(limit: options.variationConcurrency) { [rest, options] product in
            try await Self.variations(of: product, rest: rest, options: options)
        }
        var result: ByProduct = [:]
        for (product, list) in zip(variable, lists) {
            if let id = WooCommercePayloadParser.id(product["id"]) { result[id] = list }
        }
        return result
    }

    /// The variations with `ids` (at most a page of them), with `fields` and their product's
    /// `parent_id`, by id, in one `variations?include=` call; nil, and remembered, when the store
    /// has no collection. A variation deleted since it was planned is not in the answer.
    ///
    /// The writer's re-read before a write: on a store with the collection it costs one call per
    /// 100 variations, whatever their products.
    func byID(_ ids: [String], fields: String) async throws -> [String: JSONValue]? {
        guard rest.variationsCollection.isServed != false else { return nil }
        // An empty `include` is no filter at all: it would list the whole store.
        guard !ids.isEmpty else { return [:] }
        guard
            let page = try await rest.pageIfExists(
                "variations", query: [("include", ids.joined(separator: ",")), ("_fields", fields + ",parent_id")], page: 1,
                perPage: ids.count, absence: .missingRoute)
        else {
            rest.variationsCollection.record(served: false)
            return nil
        }
        rest.variationsCollection.record(served: true)
        var result: [String: JSONValue] = [:]
        for variation in page.items {
            if let id = WooCommercePayloadParser.id(variation["id"]) { result[id] = variation }
        }
        return result
    }

    /// `variations?parent=…` for `products`, 100 a call; nil when the store has no collection.
    private func byParent(_ products: [JSONValue]) async throws -> ByProduct? {
        var result: ByProduct = [:]
        let ids = products.compactMap { WooCommercePayloadParser.id($0["id"]) }
        for chunk in ids.chunked(options.pageSize) {
            guard let found = try await walk([("parent", chunk.joined(separator: ","))]) else { return nil }
            // A product with no variations left is answered as such: none.
            for id in chunk { result[id] = found[id] ?? [] }
        }
        return result
    }

    /// Walks `/variations` by id with `filter`; nil, and remembered, when the store has no such
    /// route. Created and deleted variations during the walk: see NumberedPageWalk.
    private func walk(_ filter: [(String, String)]) async throws -> ByProduct? {
        let query = [("orderby", "id"), ("order", "asc"), ("_fields", Self.collectionFields)] + filter
        var byProduct: ByProduct = [:]
        var seen: Set<String> = []
        var served = true
        try await NumberedPageWalk(pageSize: options.pageSize).run { number in
            guard
                let page = try await rest.pageIfExists(
                    "variations", query: query, page: number, perPage: options.pageSize, absence: .missingRoute)
            else {
                served = false
                return NumberedPageWalk.Totals(itemCount: 0, total: nil, totalPages: nil)
            }
            for variation in page.items {
                guard let id = WooCommercePayloadParser.id(variation["id"]), seen.insert(id).inserted,
                    let parent = WooCommercePayloadParser.id(variation["parent_id"])
                else { continue }
                byProduct[parent, default: []].append(variation)
            }
            return NumberedPageWalk.Totals(itemCount: page.items.count, total: page.total, totalPages: page.totalPages)
        }
        rest.variationsCollection.record(served: served)
        guard served else { return nil }
        // A page read again after a deletion can bring an earlier id late: keep each list in id order.
        return byProduct.mapValues { list in
            list.sorted { ($0["id"]?.int64Value ?? 0) < ($1["id"]?.int64Value ?? 0) }
        }
    }

    /// Every variation of a variable product, page by page, from `products/{id}/variations`; none
    /// when the product lists none or was deleted since its page was read.
    static func variations(of product: JSONValue, rest: WooCommerceRESTClient, options: WooCommerceAdapterOptions) async throws
        -> [JSONValue]
    {
        guard let id = WooCommercePayloadParser.id(product["id"]) else { return [] }
        if let listed = product["variations"]?.arrayValue, listed.isEmpty { return [] }
        return try await rest.allItemsIfExists(
            "products/\(id)/variations",
            query: [("orderby", "id"), ("order", "asc"), ("_fields", WooCommerceCatalogReader.variationFields)], perPage: options.pageSize)
            ?? []
    }
}
