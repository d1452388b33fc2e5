import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter
import Synchronization

/// Reads stock: MSI sources and source items, the open orders whose reservations hold units, and
/// the legacy single-source stock items of a store without MSI. Shared by the catalog reader and
/// by the writer's re-read before a stock write.
struct MagentoStockReader: Sendable {
    let rest: MagentoRESTClient
    let options: MagentoAdapterOptions

    /// How the store keeps stock.
    enum Mode: Sendable {
        /// Multi-Source Inventory, with its sources in the store's order.
        case msi(sources: [Location])
        /// Legacy CatalogInventory: one `qty` per product, already net of orders.
        case legacy
    }

    /// One `GET /V1/inventory/sources` (a page of 100; stores have a handful): MSI's sources, or
    /// `.legacy` when the store answers 404 because the MSI modules are disabled or removed.
    ///
    /// Kept for ``SourceModeCache/lifetime`` on the adapter's client: one run needs the sources
    /// for its orders, its catalog read and its stock writes, and a store adds a source rarely.
    func mode() async throws -> Mode {
        if let cached = rest.sourceModeCache.current() { return cached }
        let mode = try await readMode()
        rest.sourceModeCache.store(mode)
        return mode
    }

    private func readMode() async throws -> Mode {
        var sources: [Location] = []
        var page = 1
        while true {
            guard
                let answer = try await rest.searchIfExists(
                    "inventory/sources", MagentoSearch(sort: []), page: page, pageSize: 100,
                    fields: "items[source_code,name,enabled],total_count")
            else { return .legacy }
            for item in answer.items {
                guard let code = item["source_code"]?.stringValue, !sources.contains(where: { $0.code == code }) else { continue }
                sources.append(Location(code: code, name: item["name"]?.stringValue ?? code))
            }
            if page * 100 >= answer.totalCount { break }
            page += 1
        }
        return .msi(sources: sources)
    }

    /// Source items (on hand per source) of `skus`, by lower-cased SKU (Magento compares SKUs
    /// case-insensitively), `skuBatchSize` SKUs a request, several requests at once.
    func sourceItems(skus: [String]) async throws -> [String: [(source: String, quantity: Int, status: Int)]] {
        let unique = Array(Set(skus.filter { !$0.isEmpty })).sorted()
        guard !unique.isEmpty else { return [:] }
        let batches = try await unique.chunked(options.skuBatchSize).concurrentMap(limit: options.concurrency) { [rest, options] batch in
            try await rest.searchAll(
                "inventory/source-items", Self.skuFilter(batch, search: MagentoSearch(sort: [("sku", "ASC"), ("source_code", "ASC")])),
                pageSize: options.sourceItemPageSize, fields: "items[sku,source_code,quantity,status],total_count",
                key: { item in "\(item["sku"]?.stringValue ?? "")|\(item["source_code"]?.stringValue ?? "")" }
            ).items
        }
        var result: [String: [(source: String, quantity: Int, status: Int)]] = [:]
        for item in batches.joined() {
            guard let sku = item["sku"]?.stringValue, let source = item["source_code"]?.stringValue else { continue }
            result[sku.lowercased(), default: []].append(
                (source, MagentoPayloadParser.quantity(item["quantity"]) ?? 0, item["status"]?.intValue ?? 0))
        }
        return result
    }

    /// Adds one filter group matching any of `skus`: `sku in (…)` for the SKUs it can carry, `eq`
    /// for those with a comma (which `in` would split).
    static func skuFilter(_ skus: [String], search: MagentoSearch) -> MagentoSearch {
        let plain = skus.filter { !$0.contains(",") }
        var filters: [MagentoSearch.Filter] = []
        if !plain.isEmpty { filters.append(.init(field: "sku", value: plain.joined(separator: ","), condition: "in")) }
        filters += skus.filter { $0.contains(",") }.map { .init(field: "sku", value: $0, condition: "eq") }
        return search.and(anyOf: filters)
    }

    /// Orders that hold stock (not complete, closed or cancelled) when `open`, and orders updated
    /// since `updatedSince` when given, in one paged search (filters in one group are ORed).
    func orders(open: Bool, updatedSince: Date?) async throws -> [JSONValue] {
        var filters: [MagentoSearch.Filter] = []
        if open {
            filters.append(.init(field: "state", value: MagentoPayloadParser.closedOrderStates.joined(separator: ","), condition: "nin"))
        }
        if let updatedSince {
            filters.append(.init(field: "updated_at", value: MagentoSearch.dateText(updatedSince), condition: "gteq"))
        }
        guard !filters.isEmpty else { return [] }
        return try await rest.searchAll(
            "orders", MagentoSearch().and(anyOf: filters), pageSize: options.pageSize, fields: MagentoOrderReader.reservationFields,
            key: { MagentoPayloadParser.id($0["entity_id"]) }
        ).items
    }

    /// Units reserved by open orders, by lower-cased SKU.
    func reservations() async throws -> [String: MagentoPayloadParser.Reserved] {
        MagentoPayloadParser.reservations(in: try await orders(open: true, updatedSince: nil))
    }

    /// `GET /V1/stockItems/{sku}`: a legacy stock item, nil when the product is gone.
    func legacyStockItem(sku: String) async throws -> JSONValue? {
        try await rest.getIfExists("stockItems/" + MagentoRESTClient.pathSegment(sku))
    }

    /// The stock of each of `products` (sellable simples), by product id.
    ///
    /// With MSI: one level per source item, reservations set against them. Without: the legacy
    /// stock item from the product itself (`extension_attributes.stock_item`), or from
    /// `GET /V1/stockItems/{sku}` for a product the search returned without one.
    func stock(of products: [JSONValue], mode: Mode, reserved: [String: MagentoPayloadParser.Reserved]) async throws -> [String:
        MagentoPayloadParser.Stock]
    {
        var result: [String: MagentoPayloadParser.Stock] = [:]
        switch mode {
        case .msi:
            let items = try await sourceItems(skus: products.compactMap { $0["sku"]?.stringValue })
            for product in products {
                guard let id = MagentoPayloadParser.id(product["id"]) else { continue }
                let stockItem = product["extension_attributes"]?["stock_item"]
                let tracks = MagentoPayloadParser.tracksStock(stockItem)
                let sku = (product["sku"]?.stringValue ?? "").lowercased()
                let levels = MagentoPayloadParser.levels(
                    sourceItems: (items[sku] ?? []).map { ($0.source, $0.quantity) }, reserved: reserved[sku] ?? .init())
                result[id] = .init(
                    levels: tracks ? levels : [], tracks: tracks, allowsBackorder: MagentoPayloadParser.allowsBackorder(stockItem))
            }
        case .legacy:
            let missing = products.filter { $0["extension_attributes"]?["stock_item"] == nil }
            let fetched = try await missing.concurrentMap(limit: options.concurrency) { [self] product in
                try await legacyStockItem(sku: product["sku"]?.stringValue ?? "")
            }
            var extra: [String: JSONValue] = [:]
            for (product, item) in zip(missing, fetched) {
                if let id = MagentoPayloadParser.id(product["id"]), let item { extra[id] = item }
            }
            for product in products {
                guard let id = MagentoPayloadParser.id(product["id"]) else { continue }
                let stockItem = product["extension_attributes"]?["stock_item"] ?? extra[id]
                let tracks = MagentoPayloadParser.tracksStock(stockItem)
                let quantity = MagentoPayloadParser.quantity(stockItem?["qty"]) ?? 0
                result[id] = .init(
                    levels: tracks && stockItem != nil ? [StockLevel(location: options.legacyLocationCode, onHand: quantity)] : [],
                    tracks: tracks, allowsBackorder: MagentoPayloadParser.allowsBackorder(stockItem))
            }
        }
        return result
    }

    func locations(_ mode: Mode) -> [Location] {
        switch mode {
        case .msi(let sources): sources
        case .legacy: [Location(code: options.legacyLocationCode, name: "Default stock")]
        }
    }
}

/// The store's stock mode read last, and when; see ``MagentoStockReader/mode()``.
final class SourceModeCache: Sendable {
    /// Long enough to cover a run's reads and writes, short enough that a service picks up a new
    /// source within minutes.
    static let lifetime: Duration = .seconds(300)
    private let entry = Mutex<(mode: MagentoStockReader.Mode, readAt: ContinuousClock.Instant)?>(nil)

    func current(now: ContinuousClock.Instant = .now) -> MagentoStockReader.Mode? {
        entry.withLock { entry in
            guard let entry, now - entry.readAt < Self.lifetime else { return nil }
            return entry.mode
        }
    }

    func store(_ mode: MagentoStockReader.Mode, now: ContinuousClock.Instant = .now) {
        entry.withLock { $0 = (mode, now) }
    }
}
