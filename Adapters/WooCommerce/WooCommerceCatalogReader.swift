import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads a WooCommerce store's listings: products 100 a page, then the variations of each
/// variable product on that page, several products' variations at once.
///
/// That is the fewest calls the REST API allows: `ceil(products / 100)` product pages plus, for
/// each variable product, `ceil(variations / 100)` variation pages (WooCommerce has no endpoint
/// that lists variations across products). A product whose `variations` list is empty costs no
/// variation call.
///
/// Pages are ordered by id, ascending, so a product created during the read lands on a later page
/// and is still read (the page count is taken from every answer, not only the first). A product
/// deleted during the read shifts the later ones up by one, which would skip one: when
/// `X-WP-Total` drops between two pages, the pages the shift can have moved products into are read
/// again. Products read twice are kept once.
///
/// An incremental read asks for products modified since the cursor (`modified_after` with
/// `dates_are_gmt=true`), minus the overlap window and one second, since WordPress compares whole
/// seconds and strictly. All variations of a variable product that changed are read again (its
/// title may be what changed). Stock that moved through a sale does not touch `date_modified`, so
/// the products of orders modified in the same window are read again too (one `orders` page per
/// 100 orders, then the products by id, 100 a call).
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
            store: store, currency: try await rest.currency(configured: options.currency), weightUnit: await rest.weightUnit(configured: options.weightUnit),
            locationCode: options.locationCode)
        var filter: [(String, String)] = []
        if let cursor {
            let since = cursor.readFrom(overlap: options.overlap).addingTimeInterval(-1)
            filter = [("modified_after", WooCommercePayloadParser.gmtText(since)), ("dates_are_gmt", "true")]
        }
        let query = [("orderby", "id"), ("order", "asc"), ("_fields", Self.productFields)] + filter

        var listings: [String: Listing] = [:]  // by variant id
        var order: [String] = []
        var seenProducts: Set<String> = []
        var newest = cursor?.updatedAt
        var serverStart: Date?

        /// Turns products (and their variations, read now) into listings, each product once.
        func absorb(_ items: [JSONValue]) async throws {
            let products = items.filter { product in
                guard let id = WooCommercePayloadParser.id(product["id"]) else { return true }
                return seenProducts.insert(id).inserted
            }
            let variable = products.filter { WooCommercePayloadParser.kind(of: $0) == .variable }
            let variations = try await variable.concurrentMap(limit: options.variationConcurrency) { [rest, options] product in
                try await Self.variations(of: product, rest: rest, options: options)
            }
            var variationsByProduct: [String: [JSONValue]] = [:]
            for (product, list) in zip(variable, variations) {
                if let id = WooCommercePayloadParser.id(product["id"]) { variationsByProduct[id] = list }
            }
            for product in products {
                let id = WooCommercePayloadParser.id(product["id"]) ?? ""
                for listing in try parser.listings(product: product, variations: variationsByProduct[id] ?? []) {
                    if listings.updateValue(listing, forKey: listing.ref.variantID) == nil { order.append(listing.ref.variantID) }
                    if let updated = listing.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
                }
            }
        }

        // Pages walked by id; created and deleted products during the read: see NumberedPageWalk.
        try await NumberedPageWalk(pageSize: options.pageSize).run { number in
            let page = try await rest.page("products", query: query, page: number, perPage: options.pageSize)
            serverStart = serverStart ?? page.serverDate
            try await absorb(page.items)
            return NumberedPageWalk.Totals(itemCount: page.items.count, total: page.total, totalPages: page.totalPages)
        }

        if cursor != nil, options.rereadOrderedProducts {
            // A sale lowers stock without moving the product's date_modified
            // (woocommerce/woocommerce#40060), so `modified_after` alone misses it: read again the
            // products of orders changed in the same window.
            let ordered = try await orderedProductIDs(filter: filter).filter { !seenProducts.contains($0) }
            for ids in ordered.chunked(options.pageSize) {
                let page = try await rest.page(
                    "products", query: [("include", ids.joined(separator: ",")), ("_fields", Self.productFields)], page: 1,
                    perPage: ids.count)
                try await absorb(page.items)
            }
        }

        return StoreSnapshot(
            store: store, fetchedAt: started, isComplete: cursor == nil, listings: order.compactMap { listings[$0] },
            locations: [Location(code: options.locationCode, name: options.locationName)],
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
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

    /// Every variation of a variable product, page by page; none when the product lists none or
    /// was deleted since its page was read.
    static func variations(of product: JSONValue, rest: WooCommerceRESTClient, options: WooCommerceAdapterOptions) async throws
        -> [JSONValue]
    {
        guard let id = WooCommercePayloadParser.id(product["id"]) else { return [] }
        if let listed = product["variations"]?.arrayValue, listed.isEmpty { return [] }
        var result: [JSONValue] = []
        var seen: Set<String> = []
        var page = 1
        var lastPage = 1
        repeat {
            guard
                let answer = try await rest.pageIfExists(
                    "products/\(id)/variations", query: [("orderby", "id"), ("order", "asc"), ("_fields", variationFields)], page: page,
                    perPage: options.pageSize)
            else { return [] }
            for variation in answer.items where seen.insert(WooCommercePayloadParser.id(variation["id"]) ?? "").inserted {
                result.append(variation)
            }
            lastPage = answer.totalPages ?? (answer.items.count == options.pageSize ? page + 1 : page)
            page += 1
        } while page <= lastPage
        return result
    }

}
