import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads a WooCommerce store's listings: products 100 a page, then variations 100 a page from the
/// store-wide `variations` collection (WooCommerce 10.3 and later), grouped by their `parent_id`.
///
/// That is the fewest calls the REST API allows: `ceil(products / 100) + ceil(variations / 100)`.
/// A store without a variable product costs no variation call. A store older than 10.3 answers
/// `variations` with `rest_no_route`; there the read falls back to each variable product's own
/// `products/{id}/variations` (one call per 100 variations of a product, several products at once),
/// having spent one call on the answer, once per adapter (see ``WooCommerceVariationReader``).
///
/// Pages are ordered by id, ascending, so a product created during the read lands on a later page
/// and is still read (the page count is taken from every answer, not only the first). A product
/// deleted during the read shifts the later ones up by one, which would skip one: when
/// `X-WP-Total` drops between two pages, the pages the shift can have moved products into are read
/// again. Products read twice are kept once. The variations collection is walked the same way.
/// Nothing the two walks disagree on is dropped silently: a variation whose product was not read
/// (created after its page) has that product read by id (`include`, 100 a call), and a variable
/// product whose `variations` list names one the collection did not give has all its variations
/// read again (`variations?parent=`, 100 products a call). A variation of a product that is gone
/// or no longer variable is left out, as the product's own read would leave it.
///
/// An incremental read asks for products modified since the cursor (`modified_after` with
/// `dates_are_gmt=true`), minus the overlap window and one second, since WordPress compares whole
/// seconds and strictly, and for variations modified in the same window. All variations of a
/// variable product that changed are read again (its title may be what changed), by
/// `variations?parent=`. A variation that changed under a product that did not (WooCommerce's own
/// saves touch the product too, a write straight to the database does not) is read with its product,
/// alone. Stock that moved through a sale does not touch `date_modified`, so the products of orders
/// modified in the same window are read again too (one `orders` page per 100 orders, then the
/// products by id, 100 a call, then their variations).
struct WooCommerceCatalogReader: Sendable {
    let rest: WooCommerceRESTClient
    let options: WooCommerceAdapterOptions

    /// The fields Concord reads (WordPress's `_fields`), which keeps pages small.
    static let productFields = [
        "id", "name", "type", "status", "description", "sku", "global_unique_id", "regular_price", "sale_price",
        "manage_stock", "stock_quantity", "stock_status", "backorders", "weight", "images", "variations", "date_modified_gmt",
        "date_on_sale_from_gmt", "date_on_sale_to_gmt",
    ].joined(separator: ",")
    static let variationFields = [
        "id", "sku", "global_unique_id", "regular_price", "sale_price", "status", "manage_stock", "stock_quantity",
        "stock_status", "backorders", "weight", "attributes", "date_modified_gmt", "date_on_sale_from_gmt", "date_on_sale_to_gmt",
    ].joined(separator: ",")

    var store: StoreID { rest.store }

    func read(since cursor: SyncCursor?) async throws -> StoreSnapshot {
        let started = Date()
        let parser = WooCommercePayloadParser(
            store: store, currency: try await rest.currency(configured: options.currency),
            weightUnit: await rest.weightUnit(configured: options.weightUnit),
            locationCode: options.locationCode)
        var filter: [(String, String)] = []
        if let cursor {
            let since = cursor.readFrom(overlap: options.overlap).addingTimeInterval(-1)
            filter = [("modified_after", WooCommercePayloadParser.gmtText(since)), ("dates_are_gmt", "true")]
        }
        let query = [("orderby", "id"), ("order", "asc"), ("_fields", Self.productFields)] + filter

        var products: [JSONValue] = []  // each once, in the order read
        var seenProducts: Set<String> = []
        var serverStart: Date?
        func keep(_ items: [JSONValue]) {
            for product in items {
                // A product without an id is kept: the parser says what is wrong with it.
                if let id = WooCommercePayloadParser.id(product["id"]), !seenProducts.insert(id).inserted { continue }
                products.append(product)
            }
        }

        // Pages walked by id; created and deleted products during the read: see NumberedPageWalk.
        try await NumberedPageWalk(pageSize: options.pageSize).run { number in
            let page = try await rest.page("products", query: query, page: number, perPage: options.pageSize)
            serverStart = serverStart ?? page.serverDate
            keep(page.items)
            return NumberedPageWalk.Totals(itemCount: page.items.count, total: page.total, totalPages: page.totalPages)
        }
        // The products whose listings must be whole: all of a full read; of an incremental read,
        // the ones modified since the cursor and (below) the ones sold since.
        var whole = seenProducts

        let variationReader = WooCommerceVariationReader(rest: rest, options: options)
        // A full read needs the collection only when a product has variations; an incremental read
        // asks it for what changed under products that did not.
        var variations: WooCommerceVariationReader.ByProduct? = nil
        if cursor != nil || products.contains(where: Self.hasVariations) {
            variations = try await variationReader.collection(filter: filter)
        }

        var byID: Set<String> = []
        if cursor != nil, options.rereadOrderedProducts {
            // A sale lowers stock without moving the product's date_modified
            // (woocommerce/woocommerce#40060), so `modified_after` alone misses it: read again the
            // products of orders changed in the same window.
            // The run's order read has just fetched those orders: their products come from it.
            let sinceDate = cursor.map { $0.readFrom(overlap: options.overlap).addingTimeInterval(-1) } ?? .distantPast
            let recent = rest.recentOrders.covering(since: sinceDate, slack: options.overlap / 2)
            var ordered: [String]
            if let recent {
                ordered = recent.productIDs(since: sinceDate).sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }
            } else {
                ordered = try await orderedProductIDs(filter: filter)
            }
            ordered = ordered.filter { !seenProducts.contains($0) }
            byID.formUnion(ordered)
            whole.formUnion(ordered)
        }
        byID.formUnion((variations?.keys).map(Set.init) ?? [])
        byID.subtract(seenProducts)
        if cursor == nil { whole.formUnion(byID) }
        for ids in byID.sorted(by: { (Int64($0) ?? 0) < (Int64($1) ?? 0) }).chunked(options.pageSize) {
            let page = try await rest.page(
                "products", query: [("include", ids.joined(separator: ",")), ("_fields", Self.productFields)], page: 1,
                perPage: ids.count)
            keep(page.items)
        }

        // Variable products that must be whole but whose variations did not all come.
        let incomplete = products.filter { product in
            guard WooCommercePayloadParser.kind(of: product) == .variable, let id = WooCommercePayloadParser.id(product["id"]),
                whole.contains(id)
            else { return false }
            return !Self.isWhole(product, given: variations?[id])
        }
        var variationsByProduct = variations ?? [:]
        if !incomplete.isEmpty {
            for (id, list) in try await variationReader.all(of: incomplete) { variationsByProduct[id] = list }
        }

        var listings: [String: Listing] = [:]  // by variant id
        var order: [String] = []
        var newest = cursor?.updatedAt
        for product in products {
            let id = WooCommercePayloadParser.id(product["id"]) ?? ""
            for listing in try parser.listings(product: product, variations: variationsByProduct[id] ?? []) {
                if listings.updateValue(listing, forKey: listing.ref.variantID) == nil { order.append(listing.ref.variantID) }
                if let updated = listing.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
            }
        }

        return StoreSnapshot(
            store: store, fetchedAt: started, isComplete: cursor == nil, listings: order.compactMap { listings[$0] },
            locations: [Location(code: options.locationCode, name: options.locationName)],
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
    }

    /// Whether a product read may have variations: variable, and its `variations` list not empty.
    static func hasVariations(_ product: JSONValue) -> Bool {
        WooCommercePayloadParser.kind(of: product) == .variable && product["variations"]?.arrayValue?.isEmpty != true
    }

    /// Whether `given` holds every variation a variable product lists. A product that lists none
    /// needs none; one without a `variations` list is taken as whole when any came.
    static func isWhole(_ product: JSONValue, given: [JSONValue]?) -> Bool {
        let given = Set((given ?? []).compactMap { WooCommercePayloadParser.id($0["id"]) })
        guard let listed = product["variations"]?.arrayValue else { return !given.isEmpty }
        return listed.allSatisfy { WooCommercePayloadParser.id($0).map(given.contains) ?? true }
    }

    /// The ids of products sold in orders modified within `filter`, in id order (a variation's
    /// line names its parent in `product_id`).
    func orderedProductIDs(filter: [(String, String)]) async throws -> [String] {
        var ids: Set<Int64> = []
        var page = 1
        var lastPage = 1
        repeat {
            let answer = try await rest.page(
                "orders", query: [("orderby", "id"), ("order", "asc"), ("_fields", "id,line_items")] + filter, page: page,
                perPage: options.pageSize)
            for order in answer.items {
                for line in order["line_items"]?.arrayValue ?? [] {
                    if let id = line["product_id"]?.int64Value, id > 0 { ids.insert(id) }
                }
            }
            lastPage = answer.totalPages ?? (answer.items.count == options.pageSize ? page + 1 : page)
            page += 1
        } while page <= lastPage
        return ids.sorted().map(String.init)
    }
}
