import CatalogModel
import CatalogStorage
import ConcordConfig

/// Units promised to open orders that the catalog's on-hand counts do not reflect yet.
///
/// Orders are ingested exactly once per (store, order, line) and updated in place, so a
/// cancellation or refund releases its units on the next read. Every channel's orders count for
/// every store, including the store's own: the quantity Concord writes is what is still free to
/// sell, and a store's own unshipped orders are no more free than another channel's.
///
/// Where the units are held: a line whose order says which store location ships it (Shopify's
/// fulfillment order assignment, Magento's in-store pickup source) is held at the catalog location
/// that store location maps to — so a multi-location store's own sale at location B lowers B, as
/// the store itself shows it, rather than whichever location the allocator gives up first. Lines
/// whose location is unknown (WooCommerce has one stock number; a Magento order to be shipped has
/// no source until it ships) or maps to no single catalog location are held under ``anyLocation``
/// and taken from the store's total, like the safety buffer.
public enum CommittedStock {
    /// The location key for units not tied to one location.
    public static let anyLocation = "*"

    /// The committed units for the reconciler, from the catalog's ingested orders.
    ///
    /// - Parameter stores: The configured stores, for their `[stores.<id>.locations]` maps. A
    ///   store not given (or with no map) has its order locations matched to the catalog location
    ///   of the same name, as its listings' locations are.
    public static func load(from catalog: any CatalogRecords & StockLedger, stores: [StoreConfiguration] = []) async throws -> [SKU:
        [String: Int]]
    {
        let rows = try await catalog.openOrderUnitsByLocation()
        guard rows.contains(where: { $0.locationID != nil }) else {
            var result: [SKU: [String: Int]] = [:]
            for row in rows { result[row.sku, default: [:]][anyLocation, default: 0] += row.units }
            return result
        }
        let resolver = LocationResolver(stores: stores, catalogLocations: try await catalog.locations())
        var result: [SKU: [String: Int]] = [:]
        for row in rows {
            let key =
                row.locationID.flatMap { resolver.catalogCode(store: row.store, locationID: $0, name: row.locationName) } ?? anyLocation
            result[row.sku, default: [:]][key, default: 0] += row.units
        }
        return result
    }

    /// Store location → catalog location, as ``StorePolicy`` maps a store's listings.
    struct LocationResolver {
        var maps: [StoreID: (explicit: Bool, codes: [String: [String]])] = [:]
        var codeByName: [String: String]

        init(stores: [StoreConfiguration], catalogLocations: [Location]) {
            codeByName = Dictionary(catalogLocations.map { ($0.name.lowercased(), $0.code) }, uniquingKeysWith: { first, _ in first })
            for store in stores {
                var codes = store.locations.mapValues { [$0] }
                for (id, feeds) in store.locationFeeds { codes[id] = feeds }
                maps[store.id] = (!codes.isEmpty, codes)
            }
        }

        /// The one catalog location a store location stands for; `nil` when it maps to none or
        /// to several (a store location showing several warehouses added up cannot say which
        /// of them an order will ship from).
        func catalogCode(store: StoreID, locationID: String, name: String?) -> String? {
            if let map = maps[store], map.explicit {
                guard let codes = map.codes[locationID], codes.count == 1 else { return nil }
                return codes[0]
            }
            return name.flatMap { codeByName[$0.lowercased()] }
        }
    }

    /// A short fingerprint of committed units: an incremental read is only enough when neither the
    /// catalog nor the committed units moved since the store's last full reconcile.
    public static func fingerprint(_ committed: [SKU: [String: Int]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        for sku in committed.keys.sorted() {
            add(sku.rawValue)
            for (location, units) in committed[sku]!.sorted(by: { $0.key < $1.key }) { add("\(location)=\(units)") }
        }
        return String(hash, radix: 16)
    }
}

extension CommittedStock {
    /// One SKU's on hand, committed and sellable per catalog location, as `concord catalog show`
    /// and `catalog movements` print it. Committed units whose order names no catalog location
    /// (`*`) are a row of their own.
    public static func locationStock(of sku: SKU, in store: any CatalogRecords & StockLedger, stores: [StoreConfiguration]) async throws
        -> [LocationStock]
    {
        guard let (product, index) = try await store.product(containing: sku) else { return [] }
        let committed = try await load(from: store, stores: stores)[sku] ?? [:]
        var rows = product.variants[index].stock.map { level in
            LocationStock(location: level.location, onHand: level.onHand, committed: committed[level.location] ?? 0)
        }
        if let anywhere = committed[anyLocation], anywhere > 0 {
            rows.append(LocationStock(location: "any (order says no location)", onHand: 0, committed: anywhere))
        }
        return rows
    }
}
