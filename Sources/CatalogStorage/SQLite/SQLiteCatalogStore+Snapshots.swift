import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Snapshots

    public func saveSnapshot(_ snapshot: StoreSnapshot) async throws {
        try await write("save the snapshot of \(snapshot.store)") { db in
            let store = snapshot.store.rawValue
            // The listings go with their snapshot (ON DELETE CASCADE).
            try db.execute(sql: "DELETE FROM store_snapshot WHERE store = ?", arguments: [store])
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            func json<T: Encodable>(_ value: T) throws -> String { String(decoding: try encoder.encode(value), as: UTF8.self) }
            try db.execute(
                sql: """
                    INSERT INTO store_snapshot(store, fetched_at, is_complete, locations_json, cursor_updated_at, cursor_token, listing_count)
                    VALUES (?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    store, snapshot.fetchedAt.timeIntervalSince1970, snapshot.isComplete, try json(snapshot.locations),
                    snapshot.nextCursor?.updatedAt.timeIntervalSince1970, snapshot.nextCursor?.token, snapshot.listings.count,
                ])
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO snapshot_listing(store, position, product_id, variant_id, inventory_item_id, raw_sku, barcode,
                        product_title, variant_title, description_html, options_json, price_currency, price_minor,
                        compare_at_currency, compare_at_minor, weight_value, weight_unit, status, images_json, stock_json,
                        tracks_stock, allows_backorder, updated_at, availability, distinguishes_draft, option_names_json)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for (position, listing) in snapshot.listings.enumerated() {
                try insert.execute(arguments: [
                    store, position, listing.ref.productID, listing.ref.variantID, listing.ref.inventoryItemID,
                    listing.rawSKU, listing.barcode, listing.productTitle, listing.variantTitle, listing.descriptionHTML,
                    JSONColumn.encode(listing.options), listing.price?.currency.code, listing.price?.minorUnits,
                    listing.compareAtPrice?.currency.code, listing.compareAtPrice?.minorUnits,
                    listing.weight.map { "\($0.value)" }, listing.weight?.unit.rawValue, listing.status.rawValue,
                    JSONColumn.encode(listing.images), JSONColumn.encode(listing.stock), listing.tracksStock, listing.allowsBackorder,
                    listing.updatedAt?.timeIntervalSince1970, listing.availability?.rawValue,
                    listing.distinguishesDraftFromArchived, JSONColumn.encode(listing.optionNames),
                ])
            }
        }
    }

    public func latestSnapshot(store: StoreID) async throws -> StoreSnapshot? {
        let path = self.path
        return try await read { db in
            guard
                let head = try Row.fetchOne(
                    db, sql: "SELECT * FROM store_snapshot WHERE store = ?", arguments: [store.rawValue])
            else { return nil }
            let decoder = JSONDecoder()
            func failure(_ what: String, _ error: any Error) -> CatalogStoreError {
                CatalogStoreError(
                    code: .corruptValue, path: path,
                    message: "the saved snapshot of \(store) has an unreadable \(what); run an online audit to read the store again",
                    cause: error)
            }
            // The lists of every listing go through the columns' fast readers.
            func strings(_ text: String, what: String) throws -> [String] {
                do { return try JSONColumn.decode(text, as: [String].self) } catch { throw failure(what, error) }
            }
            func stock(_ text: String) throws -> [StockLevel] {
                do { return try JSONColumn.decode(text, as: [StockLevel].self) } catch { throw failure("stock list", error) }
            }
            func decode<T: Decodable>(_ text: String, as type: T.Type, what: String) throws -> T {
                do { return try decoder.decode(T.self, from: Data(text.utf8)) } catch { throw failure(what, error) }
            }
            func money(_ currency: String?, _ minor: Int64?) -> Money? {
                guard let currency, let minor, let code = CurrencyCode(currency) else { return nil }
                return Money(minorUnits: minor, currency: code)
            }
            var listings: [Listing] = []
            listings.reserveCapacity(head["listing_count"] as Int)
            // Columns by position, not by name: a million rows of 24 named lookups each was most
            // of the load.
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT product_id, variant_id, inventory_item_id, raw_sku, barcode, product_title, variant_title,
                        description_html, options_json, price_currency, price_minor, compare_at_currency, compare_at_minor,
                        weight_value, weight_unit, status, images_json, stock_json, tracks_stock, allows_backorder, updated_at,
                        availability, distinguishes_draft, option_names_json
                    FROM snapshot_listing WHERE store = ? ORDER BY position
                    """, arguments: [store.rawValue])
            while let row = try rows.next() {
                let weight: Weight? = {
                    guard let value: String = row[13], let unitText: String = row[14], let unit = Weight.Unit(rawValue: unitText)
                    else { return nil }
                    return Weight.parse(value, unit: unit)
                }()
                listings.append(
                    Listing(
                        store: store,
                        ref: RemoteRef(productID: row[0], variantID: row[1], inventoryItemID: row[2]),
                        rawSKU: row[3], barcode: row[4], productTitle: row[5], variantTitle: row[6], descriptionHTML: row[7],
                        options: try strings(row[8], what: "option list"),
                        price: money(row[9], row[10]),
                        compareAtPrice: money(row[11], row[12]), weight: weight,
                        status: ListingStatus(rawValue: row[15]) ?? .draft,
                        images: try strings(row[16], what: "image list"),
                        stock: try stock(row[17]),
                        tracksStock: row[18], allowsBackorder: row[19],
                        updatedAt: (row[20] as Double?).map(Date.init(timeIntervalSince1970:)),
                        availability: (row[21] as String?).flatMap(StockAvailability.init(rawValue:)),
                        distinguishesDraftFromArchived: (row[22] as Bool?) ?? true,
                        optionNames: try (row[23] as String?).map { try strings($0, what: "option names") } ?? []))
            }
            let cursor = (head["cursor_updated_at"] as Double?).map {
                SyncCursor(updatedAt: Date(timeIntervalSince1970: $0), token: head["cursor_token"])
            }
            return StoreSnapshot(
                store: store, fetchedAt: Date(timeIntervalSince1970: head["fetched_at"]), isComplete: head["is_complete"],
                listings: listings,
                locations: try decode(head["locations_json"], as: [Location].self, what: "location list"),
                nextCursor: cursor)
        }
    }
}
