import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// Packed bases (`base_row`, one row per store and SKU, as `BaseRows` packs them) read and
/// written many listings at a time.
extension PostgresCatalogStore {
    /// The body of ``recordBaseValues(_:store:runID:)`` inside a transaction the caller holds.
    static func recordBaseValues(_ db: PostgresConnection, _ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) async throws {
        let now = Date().timeIntervalSince1970
        try await writeBases(
            db, store: store.rawValue,
            values.map {
                (sku: $0.key.sku.rawValue, field: $0.key.field.key, entry: BaseRows.Entry($0.value, runID: runID, recordedAt: now))
            })
    }

    /// Every field's base of each of `skus` in one store.
    static func baseEntries(_ db: PostgresConnection, store: String, skus: [String]) async throws -> [String: [(
        field: String, entry: BaseRows.Entry
    )]] {
        var result: [String: [(field: String, entry: BaseRows.Entry)]] = [:]
        guard !skus.isEmpty else { return result }
        for row in try await db.run("SELECT sku, fields FROM base_row WHERE store = $1 AND sku = ANY($2::text[])", store, skus) {
            result[try row.get(0)] = BaseRows.decode(try row.get(1))
        }
        return result
    }

    /// One field's base, if there is one.
    static func baseEntry(_ db: PostgresConnection, store: String, sku: String, field: String) async throws -> BaseRows.Entry? {
        try await baseEntries(db, store: store, skus: [sku])[sku]?.first { $0.field == field }?.entry
    }

    /// Sets (or, for a nil entry, removes) fields' bases, keeping each listing's other fields, and
    /// checkpoints the store's debit wherever a stock base is recorded (`BaseRows.write`'s rules).
    static func writeBases(_ db: PostgresConnection, store: String, _ changes: [(sku: String, field: String, entry: BaseRows.Entry?)])
        async throws
    {
        guard !changes.isEmpty else { return }
        var bySKU: [String: [(field: String, entry: BaseRows.Entry?)]] = [:]
        var order: [String] = []
        for change in changes {
            if bySKU[change.sku] == nil { order.append(change.sku) }
            bySKU[change.sku, default: []].append((change.field, change.entry))
        }
        order.sort()
        let existing = try await baseEntries(db, store: store, skus: order)
        var emptied: [String] = []
        var kept: [(sku: String, fields: String)] = []
        for sku in order {
            var records = existing[sku] ?? []
            for (field, entry) in bySKU[sku]! {
                if let index = records.firstIndex(where: { $0.field == field }) {
                    if let entry { records[index].entry = entry } else { records.remove(at: index) }
                } else if let entry {
                    records.append((field, entry))
                }
            }
            if records.isEmpty { emptied.append(sku) } else { kept.append((sku, BaseRows.encode(records))) }
        }
        if !emptied.isEmpty {
            try await db.run("DELETE FROM base_row WHERE store = $1 AND sku = ANY($2::text[])", store, emptied)
        }
        if !kept.isEmpty {
            try await db.run(
                """
                INSERT INTO base_row(store, sku, fields) SELECT $1, sku, fields FROM unnest($2::text[], $3::text[]) AS b(sku, fields)
                ON CONFLICT (store, sku) DO UPDATE SET fields = excluded.fields
                """, store, kept.map(\.sku), kept.map(\.fields))
        }
        let stock = changes.filter { $0.entry != nil && $0.field.hasPrefix("stock@") }
        if !stock.isEmpty {
            try await db.run(
                """
                UPDATE store_debit d SET units_at_base = d.units
                FROM unnest($2::text[], $3::text[]) AS c(sku, location)
                WHERE d.store = $1 AND d.sku = c.sku AND d.location IN (c.location, '*')
                """, store, stock.map(\.sku), stock.map { String($0.field.dropFirst("stock@".count)) })
        }
    }

    /// The body of ``saveListingMappings(_:)`` inside a transaction the caller holds; a listing
    /// given twice is saved as its last occurrence says.
    static func saveListingMappings(_ db: PostgresConnection, _ mappings: [ListingMapping]) async throws {
        var latest: [[String]: ListingMapping] = [:]
        var order: [[String]] = []
        for mapping in mappings {
            let key = [mapping.store.rawValue, mapping.ref.variantID]
            if latest.updateValue(mapping, forKey: key) == nil { order.append(key) }
        }
        guard !order.isEmpty else { return }
        let rows = order.map { latest[$0]! }
        try await db.run(
            """
            INSERT INTO listing(store, variant_remote_id, sku, product_remote_id, inventory_item_id, last_seen)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::float8[])
            ON CONFLICT (store, variant_remote_id) DO UPDATE SET
                sku = excluded.sku, product_remote_id = excluded.product_remote_id,
                inventory_item_id = excluded.inventory_item_id, last_seen = excluded.last_seen
            """,
            rows.map(\.store.rawValue), rows.map(\.ref.variantID), rows.map(\.sku.rawValue), rows.map(\.ref.productID),
            rows.map(\.ref.inventoryItemID), rows.map(\.lastSeen))
    }
}
