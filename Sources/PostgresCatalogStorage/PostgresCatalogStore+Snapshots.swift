import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: Snapshots

    /// Keeps `snapshot` as its store's last read. The listings go in with `COPY` (a million-listing
    /// store is one stream, not a million statements), in the same transaction as the delete of the
    /// previous snapshot.
    public func saveSnapshot(_ snapshot: StoreSnapshot) async throws {
        try await write("save the snapshot of \(snapshot.store)") { db in
            let store = snapshot.store.rawValue
            // The listings go with their snapshot (ON DELETE CASCADE).
            try await db.run("DELETE FROM store_snapshot WHERE store = $1", store)
            try await db.run(
                """
                INSERT INTO store_snapshot(store, fetched_at, is_complete, locations_json, cursor_updated_at, cursor_token, listing_count)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                """, store, snapshot.fetchedAt, snapshot.isComplete, JSONColumn.encode(snapshot.locations), snapshot.nextCursor?.updatedAt,
                snapshot.nextCursor?.token, snapshot.listings.count)
            guard !snapshot.listings.isEmpty else { return }
            try await db.copyIn(
                table: "snapshot_listing", schema: schema,
                columns: [
                    "store", "position", "product_id", "variant_id", "inventory_item_id", "raw_sku", "barcode", "product_title",
                    "variant_title", "description_html", "options_json", "price_currency", "price_minor", "compare_at_currency",
                    "compare_at_minor", "weight_value", "weight_unit", "status", "images_json", "stock_json", "tracks_stock",
                    "allows_backorder", "updated_at", "availability", "distinguishes_draft", "option_names_json",
                ],
                rows: snapshot.listings.enumerated().lazy.map { position, listing -> [PostgresValue?] in
                    [
                        store.sqlParameter, position.sqlParameter, listing.ref.productID.sqlParameter, listing.ref.variantID.sqlParameter,
                        listing.ref.inventoryItemID.sqlParameter, listing.rawSKU.sqlParameter, listing.barcode.sqlParameter,
                        listing.productTitle.sqlParameter, listing.variantTitle.sqlParameter, listing.descriptionHTML.sqlParameter,
                        JSONColumn.encode(listing.options).sqlParameter, listing.price?.currency.code.sqlParameter ?? nil,
                        listing.price?.minorUnits.sqlParameter ?? nil, listing.compareAtPrice?.currency.code.sqlParameter ?? nil,
                        listing.compareAtPrice?.minorUnits.sqlParameter ?? nil, listing.weight.map { "\($0.value)" }.sqlParameter,
                        listing.weight?.unit.rawValue.sqlParameter ?? nil, listing.status.rawValue.sqlParameter,
                        JSONColumn.encode(listing.images).sqlParameter, JSONColumn.encode(listing.stock).sqlParameter,
                        listing.tracksStock.sqlParameter, listing.allowsBackorder.sqlParameter, listing.updatedAt.sqlParameter,
                        listing.availability?.rawValue.sqlParameter ?? nil, listing.distinguishesDraftFromArchived.sqlParameter,
                        JSONColumn.encode(listing.optionNames).sqlParameter,
                    ]
                })
        }
    }

    public func latestSnapshot(store: StoreID) async throws -> StoreSnapshot? {
        try await read { db in
            guard let head = try await db.run("SELECT * FROM store_snapshot WHERE store = $1", store.rawValue).first else { return nil }
            let path = location
            func failure(_ what: String, _ error: any Error) -> CatalogStoreError {
                CatalogStoreError(
                    code: .corruptValue, path: path,
                    message: "the saved snapshot of \(store) has an unreadable \(what); run an online audit to read the store again",
                    cause: error)
            }
            func decode<T: Decodable>(_ text: String, as type: T.Type, what: String) throws -> T {
                do { return try JSONColumn.decode(text, as: T.self) } catch { throw failure(what, error) }
            }
            // The lists of every listing go through the columns' fast readers, as SQLite's do.
            func strings(_ text: String, what: String) throws -> [String] {
                do { return try JSONColumn.decode(text, as: [String].self) } catch { throw failure(what, error) }
            }
            func stock(_ text: String) throws -> [StockLevel] {
                do { return try JSONColumn.decode(text, as: [StockLevel].self) } catch { throw failure("stock list", error) }
            }
            func money(_ currency: String?, _ minor: Int64?) -> Money? {
                guard let currency, let minor, let code = CurrencyCode(currency) else { return nil }
                return Money(minorUnits: minor, currency: code)
            }
            var listings: [Listing] = []
            listings.reserveCapacity(try head.get("listing_count"))
            // Columns by position, not by name: most of a million-listing load is reading them.
            for row in try await db.run(
                """
                SELECT product_id, variant_id, inventory_item_id, raw_sku, barcode, product_title, variant_title,
                    description_html, options_json, price_currency, price_minor, compare_at_currency, compare_at_minor,
                    weight_value, weight_unit, status, images_json, stock_json, tracks_stock, allows_backorder, updated_at,
                    availability, distinguishes_draft, option_names_json
                FROM snapshot_listing WHERE store = $1 ORDER BY position
                """, store.rawValue)
            {
                var weight: Weight?
                if let value: String = try row.get(13), let unitText: String = try row.get(14), let unit = Weight.Unit(rawValue: unitText) {
                    weight = Weight.parse(value, unit: unit)
                }
                listings.append(
                    Listing(
                        store: store, ref: RemoteRef(productID: try row.get(0), variantID: try row.get(1), inventoryItemID: try row.get(2)),
                        rawSKU: try row.get(3), barcode: try row.get(4), productTitle: try row.get(5), variantTitle: try row.get(6),
                        descriptionHTML: try row.get(7), options: try strings(try row.get(8), what: "option list"),
                        price: money(try row.get(9), try row.get(10)), compareAtPrice: money(try row.get(11), try row.get(12)),
                        weight: weight, status: ListingStatus(rawValue: try row.get(15)) ?? .draft,
                        images: try strings(try row.get(16), what: "image list"),
                        stock: try stock(try row.get(17)), tracksStock: try row.get(18),
                        allowsBackorder: try row.get(19),
                        updatedAt: (try row.get(20) as String?).flatMap(Double.init).map(Date.init(timeIntervalSince1970:)),
                        availability: (try row.get(21) as String?).flatMap(StockAvailability.init(rawValue:)),
                        distinguishesDraftFromArchived: try row.get(22) as Bool? ?? true,
                        optionNames: try (try row.get(23) as String?).map { try strings($0, what: "option names") } ?? [])
                )
            }
            let cursor = try head.optionalDate("cursor_updated_at").map { SyncCursor(updatedAt: $0, token: try head.get("cursor_token")) }
            return StoreSnapshot(
                store: store, fetchedAt: try head.date("fetched_at"), isComplete: try head.get("is_complete"), listings: listings,
                locations: try decode(try head.get("locations_json"), as: [Location].self, what: "location list"), nextCursor: cursor)
        }
    }
}

extension PostgresCatalogStore: SyncStateStore {}

extension PostgresCatalogStore: CatalogStore {}
