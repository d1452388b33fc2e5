import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads a Magento store's listings: every product through `GET /V1/products` search pages, then
/// the stock of the sellable ones through MSI source items, SKUs in batches.
///
/// A full read costs `1` store configuration (once per adapter) + `1` sources + `ceil(entities /
/// pageSize)` product pages (parents and children alike: the search returns both) +
/// `ceil(sellable SKUs / skuBatchSize)` source-item searches (several at once) + `ceil(open orders / pageSize)` order
/// pages for reservations (at least 1). Configurable children come from the same search, so
/// `configurable_product_links` costs nothing extra.
///
/// Pages are sorted by `entity_id` ascending and counted from `total_count` on every answer: a
/// product created during the read comes last and is still read; a page past the end is never
/// asked for (Magento would repeat the last one, magento/magento2#3787); rows that repeat across
/// pages are kept once (by entity id, so two products that share a SKU — a listing error —
/// both stay visible).
///
/// An incremental read asks for `updated_at gteq` the cursor minus the overlap (UTC,
/// `yyyy-MM-dd HH:mm:ss`). Magento bumps only the row it saves, so it then completes the picture:
/// the products of orders changed since then (a sale touches neither product nor source item),
/// the children of a changed parent, and the parent of a changed child (all configurables'
/// links, one search, only when a changed child's parent is not already in hand).
struct MagentoCatalogReader: Sendable {
    let rest: MagentoRESTClient
    let options: MagentoAdapterOptions

    /// What the reader asks for (Magento's `fields=`), which keeps pages small.
    static let productFields =
        "items[id,sku,name,price,status,visibility,type_id,created_at,updated_at,weight,"
        + "extension_attributes[stock_item[item_id,qty,manage_stock,backorders,is_in_stock],configurable_product_links,configurable_product_options],"
        + "media_gallery_entries[id,file,disabled,position],custom_attributes],total_count"

    var store: StoreID { rest.store }

    func read(since cursor: SyncCursor?) async throws -> StoreSnapshot {
        let started = Date()
        let config = try await rest.storeConfig(currency: options.currency)
        let parser = MagentoPayloadParser(
            store: store, currency: config.currency, weightUnit: config.weightUnit, productMediaURL: config.productMediaURL,
            barcodeAttribute: options.barcodeAttribute)
        let stockReader = MagentoStockReader(rest: rest, options: options)
        let mode = try await stockReader.mode()
        let since = cursor?.readFrom(overlap: options.overlap)

        var criteria = MagentoSearch()
        if let since { criteria = criteria.and("updated_at", "gteq", MagentoSearch.dateText(since)) }
        let (items, serverStart) = try await rest.searchAll(
            "products", criteria, pageSize: options.pageSize, fields: Self.productFields, key: { MagentoPayloadParser.id($0["id"]) })
        var products = ProductSet()
        products.add(items)

        // Reservations (open orders), and in an incremental read the orders changed since.
        var reserved: [String: MagentoPayloadParser.Reserved] = [:]
        let wantsReservations: Bool = if case .msi = mode { options.readsReservations } else { false }
        let rereadsOrders = since != nil && options.rereadOrderedProducts
        // The run's order read has just fetched the orders changed since: the SKUs they sold come
        // from it, and the store is asked only for the open orders' reservations, and only when
        // some listing will be read (an idle store then costs no order query here at all).
        if let since, rereadsOrders, let recent = rest.recentOrders.covering(since: since, slack: options.overlap / 2) {
            let sold = recent.soldSKUs(since: since)
            let missing = sold.filter { !products.hasSKU($0) }.sorted()
            products.add(try await fetch(skus: missing))
            if wantsReservations, !items.isEmpty || !sold.isEmpty {
                reserved = MagentoPayloadParser.reservations(in: try await stockReader.orders(open: true, updatedSince: nil))
            }
        } else if wantsReservations || rereadsOrders {
            let orders = try await stockReader.orders(open: wantsReservations, updatedSince: rereadsOrders ? since : nil)
            if wantsReservations { reserved = MagentoPayloadParser.reservations(in: orders) }
            if let since, rereadsOrders {
                var sold: Set<String> = []
                for order in orders where (MagentoPayloadParser.date(order["updated_at"]) ?? .distantPast) >= since {
                    for item in order["items"]?.arrayValue ?? [] {
                        if let sku = item["sku"]?.stringValue, !sku.isEmpty { sold.insert(sku) }
                    }
                }
                let missing = sold.filter { !products.hasSKU($0) }.sorted()
                products.add(try await fetch(skus: missing))
            }
        }

        if since != nil {
            // The children of changed parents that did not change themselves.
            let missingChildren = products.linkedChildIDs.filter { products.byID[$0] == nil }.sorted { Int64($0) ?? 0 < Int64($1) ?? 0 }
            products.add(try await fetch(ids: missingChildren))
            // The parents of changed children, when not in hand: every configurable's links.
            let orphans = products.sellable.filter { $0["visibility"]?.intValue == 1 && products.parentID(of: $0) == nil }
            if !orphans.isEmpty {
                let parents = try await rest.searchAll(
                    "products", MagentoSearch().and("type_id", "eq", "configurable"), pageSize: options.pageSize,
                    fields: Self.productFields,
                    key: { MagentoPayloadParser.id($0["id"]) }
                ).items
                let wanted = Set(orphans.compactMap { MagentoPayloadParser.id($0["id"]) })
                products.addParents(parents.filter { parent in Self.links(parent).contains { wanted.contains($0) } })
            }
        }

        let sellable = products.sellable
        let attributes = try await optionAttributes(products)
        let stock = try await stockReader.stock(of: sellable, mode: mode, reserved: reserved)
        var listings: [Listing] = []
        listings.reserveCapacity(sellable.count)
        var newest = cursor?.updatedAt
        for product in sellable {
            guard let id = MagentoPayloadParser.id(product["id"]) else { continue }
            let parent = products.parentID(of: product).flatMap { products.byID[$0] }
            let listing = try parser.listing(
                simple: product, parent: parent,
                stock: stock[id] ?? .init(levels: [], tracks: MagentoPayloadParser.tracksStock(nil), allowsBackorder: false),
                attributes: attributes)
            listings.append(listing)
        }
        for product in products.byID.values {
            if let updated = MagentoPayloadParser.date(product["updated_at"]), updated > (newest ?? .distantPast) { newest = updated }
        }
        return StoreSnapshot(
            store: store, fetchedAt: started, isComplete: cursor == nil, listings: listings, locations: stockReader.locations(mode),
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
    }

    /// The option attributes of the configurables read, with their value labels: one
    /// `GET /V1/products/attributes` search (`attribute_id in (...)`) when the ones remembered do
    /// not name every child's options, none otherwise. A token without the attributes permission
    /// (`Magento_Catalog::attributes_attributes`) reads children without option names rather than
    /// failing the read.
    func optionAttributes(_ products: ProductSet) async throws -> MagentoOptionAttributes {
        let parents = products.byID.values.filter { MagentoPayloadParser.kind(of: $0) == .container }
        let ids = Set(parents.flatMap(MagentoOptionAttributes.attributeIDs(of:)))
        guard !ids.isEmpty else { return MagentoOptionAttributes() }
        let cached = rest.optionAttributeCache.value.withLock { $0 }
        let complete = products.sellable.allSatisfy { child in
            guard let parent = products.parentID(of: child).flatMap({ products.byID[$0] }),
                !MagentoOptionAttributes.attributeIDs(of: parent).isEmpty
            else { return true }
            return cached.options(child: child, parent: parent) != nil
        }
        if complete { return cached }
        // The attribute table (eav_attribute) has no entity_id: sort by its own key.
        var search = MagentoSearch().and("attribute_id", "in", ids.sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }.joined(separator: ","))
        search.sort = [("attribute_id", "ASC")]
        let items: [JSONValue]
        do {
            items = try await rest.searchAll(
                "products/attributes", search, pageSize: options.pageSize,
                fields: "items[attribute_id,attribute_code,default_frontend_label,options[label,value]],total_count",
                key: { MagentoPayloadParser.id($0["attribute_id"]) }
            ).items
        } catch let error as AdapterError where error.code == .forbidden {
            return cached
        }
        let attributes = MagentoOptionAttributes(items: items)
        rest.optionAttributeCache.value.withLock { $0 = attributes }
        return attributes
    }

    /// Products by SKU, `skuBatchSize` a search.
    func fetch(skus: [String]) async throws -> [JSONValue] {
        try await skus.chunked(options.skuBatchSize).concurrentMap(limit: options.concurrency) { [rest, options] batch in
            try await rest.searchAll(
                "products", MagentoStockReader.skuFilter(batch, search: MagentoSearch()), pageSize: options.pageSize,
                fields: Self.productFields, key: { MagentoPayloadParser.id($0["id"]) }
            ).items
        }.flatMap { $0 }
    }

    /// Products by entity id, `skuBatchSize` a search.
    func fetch(ids: [String]) async throws -> [JSONValue] {
        try await ids.chunked(options.skuBatchSize).concurrentMap(limit: options.concurrency) { [rest, options] batch in
            try await rest.searchAll(
                "products", MagentoSearch().and("entity_id", "in", batch.joined(separator: ",")), pageSize: options.pageSize,
                fields: Self.productFields, key: { MagentoPayloadParser.id($0["id"]) }
            ).items
        }.flatMap { $0 }
    }

    /// A configurable's children's entity ids.
    static func links(_ product: JSONValue) -> [String] {
        (product["extension_attributes"]?["configurable_product_links"]?.arrayValue ?? []).compactMap { MagentoPayloadParser.id($0) }
    }

    /// The products read, in entity-id order, with the parent of each configurable child.
    struct ProductSet {
        private(set) var byID: [String: JSONValue] = [:]
        private var order: [String] = []
        private var skus: Set<String> = []
        private var parentByChild: [String: String] = [:]
        /// Children named by the configurables read.
        private(set) var linkedChildIDs: Set<String> = []

        mutating func add(_ items: [JSONValue]) {
            for item in items {
                guard let id = MagentoPayloadParser.id(item["id"]) else { continue }
                if byID.updateValue(item, forKey: id) == nil { order.append(id) }
                if let sku = item["sku"]?.stringValue { skus.insert(sku.lowercased()) }
                if MagentoPayloadParser.kind(of: item) == .container {
                    for child in MagentoCatalogReader.links(item) {
                        parentByChild[child] = id
                        linkedChildIDs.insert(child)
                    }
                }
            }
        }

        /// Adds parents only for their links and data, without their other children.
        mutating func addParents(_ parents: [JSONValue]) {
            for parent in parents {
                guard let id = MagentoPayloadParser.id(parent["id"]) else { continue }
                if byID.updateValue(parent, forKey: id) == nil { order.append(id) }
                for child in MagentoCatalogReader.links(parent) { parentByChild[child] = id }
            }
        }

        func hasSKU(_ sku: String) -> Bool { skus.contains(sku.lowercased()) }

        func parentID(of product: JSONValue) -> String? {
            MagentoPayloadParser.id(product["id"]).flatMap { parentByChild[$0] }
        }

        /// The sellable products, in entity-id order.
        var sellable: [JSONValue] {
            order.sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }.compactMap { byID[$0] }.filter {
                MagentoPayloadParser.kind(of: $0) == .sellable
            }
        }
    }
}
