import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// Decisions about whole listings (match, ignore, adopt): each writes what the next plan reads — a
/// listing mapping, a suppression, a catalog variant with its mapping and bases — inside the
/// decision's transaction, and keeps what it replaced (in the same `restore_json` as SQLite's)
/// so that an undo puts it back exactly.
extension PostgresCatalogStore {
    public func reviewSuppressions(store: StoreID) async throws -> [ReviewSuppression] {
        try await Self.reviewSuppressions(connection, store: store)
    }

    static func reviewSuppressions(_ db: PostgresConnection, store: StoreID) async throws -> [ReviewSuppression] {
        try await db.run("SELECT * FROM review_suppression WHERE store = $1 ORDER BY code, sku, listing", store.rawValue).compactMap {
            row in
            guard let sku = SKU(try row.get("sku") as String) else { return nil }
            let listing: String = try row.get("listing")
            return ReviewSuppression(
                store: store, code: try row.get("code"), sku: sku, listing: listing.isEmpty ? nil : listing,
                decisionID: try row.get("decision_id"), createdAt: try row.date("created_at"))
        }
    }

    /// Carries out a listing-level choice for `item`; returns what an undo needs and the value to
    /// record with the decision (the chosen listing's variant id for a match).
    static func decideListing(
        _ db: PostgresConnection, item: ReviewItem, choice: ReviewDecision.Choice, value: FieldValue?, at date: Date,
        refuse: @Sendable (String) -> CatalogStoreError
    ) async throws -> (ListingRestore, FieldValue?) {
        var restore = ListingRestore()
        switch choice {
        case .match:
            let chosen = try item.chosenListing(value, refuse: refuse)
            restore.mappingsReplaced = try await takeMappings(
                db, store: item.store.rawValue, sku: item.sku.rawValue, variantID: chosen.ref.variantID)
            let row = MappingRow(
                store: item.store.rawValue, variantID: chosen.ref.variantID, sku: item.sku.rawValue, productID: chosen.ref.productID,
                inventoryItemID: chosen.ref.inventoryItemID, lastSeen: date.timeIntervalSince1970)
            try await insert(db, row)
            restore.mappingWritten = row
            return (restore, .text(chosen.ref.variantID))
        case .ignore:
            // An orphan is ignored as that listing; a missing listing or a listing error for the SKU and rule.
            let listing = item.kind == .orphan ? (item.listing ?? "") : ""
            let added = try await db.run(
                """
                INSERT INTO review_suppression(store, code, sku, listing, decision_id, created_at) VALUES ($1, $2, $3, $4, 0, $5)
                ON CONFLICT (store, code, sku, listing) DO NOTHING
                """, item.store.rawValue, item.code, item.sku.rawValue, listing, date)
            if (added.affectedRows ?? 0) > 0 {
                restore.suppression = SuppressionKey(store: item.store.rawValue, code: item.code, sku: item.sku.rawValue, listing: listing)
            }
            return (restore, nil)
        case .adopt:
            guard let adoption = item.detail?.adoption else { throw refuse(item.refusal(of: .adopt) ?? "it cannot be adopted") }
            restore.adopted = try await adopt(db, adoption, item: item, at: date, refuse: refuse)
            return (restore, nil)
        case .canonical, .store, .value, .deferred:
            return (restore, nil)
        }
    }

    /// Writes an orphan's variant, its mapping and its bases, as `concord catalog pull` would.
    static func adopt(
        _ db: PostgresConnection, _ adoption: ListingAdoption, item: ReviewItem, at date: Date,
        refuse: @Sendable (String) -> CatalogStoreError
    ) async throws -> AdoptionRestore {
        let sku = adoption.variant.sku
        if try await !db.run("SELECT 1 FROM variant WHERE sku = $1", sku.rawValue).isEmpty {
            throw refuse("\(sku) is in the catalog now (added since the plan); re-run concord plan")
        }
        var restore = AdoptionRestore(sku: sku.rawValue, productID: 0, createdProduct: false, variantUpdatedAt: 0)
        for location in adoption.locations {
            let added = try await db.run(
                "INSERT INTO location(code, name) VALUES ($1, $2) ON CONFLICT (code) DO NOTHING", location.code, location.name)
            if (added.affectedRows ?? 0) > 0 { restore.createdLocations.append(location.code) }
        }
        let variant = adoption.variant
        if let productID: Int64 = try await db.run("SELECT id FROM product WHERE handle = $1", adoption.handle).first?.get(0) {
            restore.productID = productID
            let last: Int64? = try await db.run("SELECT MAX(position) FROM variant WHERE product_id = $1", productID)[0].get(0)
            try await upsertVariants(
                db, [(productID, Int((last ?? -1) + 1), variant)], updatedAt: date.timeIntervalSince1970)
            var counts: [StockMovement] = []
            for level in variant.stock {
                let added = try await db.run(
                    "INSERT INTO location(code, name) VALUES ($1, $1) ON CONFLICT (code) DO NOTHING", level.location)
                if (added.affectedRows ?? 0) > 0 { restore.createdLocations.append(level.location) }
                try await db.run(
                    "INSERT INTO stock_level(sku, location_code, on_hand, available, committed) VALUES ($1, $2, $3, $4, $5)",
                    sku.rawValue, level.location, level.onHand, level.available, level.committed)
                // A level the catalog did not have is a count of what the store showed.
                counts.append(
                    StockMovement(
                        kind: .count, sku: sku, location: level.location, quantity: level.onHand, occurredAt: date, recordedAt: date,
                        note: "listing adopted from a store"))
            }
            try await insertMovements(db, counts)
            try await bumpCatalogRevision(db)
        } else {
            var product = adoption.product
            product.variants = [variant]
            let knownLocations = Set(try await db.run("SELECT code FROM location").map { try $0.get(0) as String })
            _ = try await writeCatalog(db, products: [product], locations: [], mode: .merge, path: "")
            restore.productID = try await db.run("SELECT id FROM product WHERE handle = $1", adoption.handle).first?.get(0) ?? 0
            restore.createdProduct = true
            // writeCatalog creates the locations the stock names; those were this decision's.
            for level in variant.stock where !knownLocations.contains(level.location) && !restore.createdLocations.contains(level.location)
            {
                restore.createdLocations.append(level.location)
            }
        }
        restore.variantUpdatedAt =
            try await db.run("SELECT updated_at FROM variant WHERE sku = $1", sku.rawValue).first?.double("updated_at") ?? 0

        restore.mappingsReplaced = try await takeMappings(
            db, store: item.store.rawValue, sku: sku.rawValue, variantID: adoption.ref.variantID)
        let mapping = MappingRow(
            store: item.store.rawValue, variantID: adoption.ref.variantID, sku: sku.rawValue, productID: adoption.ref.productID,
            inventoryItemID: adoption.ref.inventoryItemID, lastSeen: date.timeIntervalSince1970)
        try await insert(db, mapping)
        restore.mapping = mapping

        let existing = try await baseEntries(db, store: item.store.rawValue, skus: [sku.rawValue])[sku.rawValue] ?? []
        var bases: [(sku: String, field: String, entry: BaseRows.Entry?)] = []
        for (field, value) in adoption.bases.sorted(by: { $0.key < $1.key }) {
            if let before = existing.first(where: { $0.field == field })?.entry { restore.basesBefore[field] = before }
            bases.append((sku.rawValue, field, BaseRows.Entry(value, runID: nil, recordedAt: date.timeIntervalSince1970)))
            restore.basesWritten.append(field)
        }
        try await writeBases(db, store: item.store.rawValue, bases)
        return restore
    }

    /// Takes back what ``decideListing`` wrote, refusing when something else has changed it since.
    static func undoListing(_ db: PostgresConnection, _ restore: ListingRestore, refuse: @Sendable (String) -> CatalogStoreError)
        async throws
    {
        if let key = restore.suppression {
            try await db.run(
                "DELETE FROM review_suppression WHERE store = $1 AND code = $2 AND sku = $3 AND listing = $4", key.store, key.code, key.sku,
                key.listing)
        }
        if let written = restore.mappingWritten {
            try await restoreMapping(db, written: written, replaced: restore.mappingsReplaced, refuse: refuse)
        }
        if let adopted = restore.adopted {
            let updatedAt = try await db.run("SELECT updated_at FROM variant WHERE sku = $1", adopted.sku).first?.double("updated_at")
            guard updatedAt == adopted.variantUpdatedAt else {
                throw refuse(
                    updatedAt == nil
                        ? "\(adopted.sku) is no longer in the catalog"
                        : "\(adopted.sku) changed in the catalog since it was adopted (an import?)")
            }
            if let mapping = adopted.mapping {
                try await restoreMapping(db, written: mapping, replaced: adopted.mappingsReplaced, refuse: refuse)
            }
            if let store = adopted.mapping?.store {
                try await writeBases(db, store: store, adopted.basesWritten.map { (adopted.sku, $0, adopted.basesBefore[$0]) })
            }
            try await db.run("DELETE FROM variant WHERE sku = $1", adopted.sku)
            try await db.run("DELETE FROM stock_level WHERE sku = $1", adopted.sku)
            if adopted.createdProduct, try await db.run("SELECT 1 FROM variant WHERE product_id = $1", adopted.productID).isEmpty {
                try await db.run("DELETE FROM product WHERE id = $1", adopted.productID)
            }
            if !adopted.createdLocations.isEmpty {
                try await db.run(
                    """
                    DELETE FROM location WHERE code = ANY($1::text[])
                    AND NOT EXISTS (SELECT 1 FROM stock_level s WHERE s.location_code = location.code)
                    """, adopted.createdLocations)
            }
            try await bumpCatalogRevision(db)
        }
    }

    static func restoreMapping(
        _ db: PostgresConnection, written: MappingRow, replaced: [MappingRow], refuse: @Sendable (String) -> CatalogStoreError
    ) async throws {
        let now: String? = try await db.run(
            "SELECT sku FROM listing WHERE store = $1 AND variant_remote_id = $2", written.store, written.variantID
        ).first?.get(0)
        guard now == written.sku else {
            throw refuse("the listing \(written.productID)/\(written.variantID) has been mapped to \(now ?? "nothing") since")
        }
        try await db.run("DELETE FROM listing WHERE store = $1 AND variant_remote_id = $2", written.store, written.variantID)
        for row in replaced {
            try await db.run("DELETE FROM listing WHERE store = $1 AND variant_remote_id = $2", row.store, row.variantID)
            try await insert(db, row)
        }
    }

    /// Removes and returns the mappings of one store that hold `sku` or the listing `variantID`.
    static func takeMappings(_ db: PostgresConnection, store: String, sku: String, variantID: String) async throws -> [MappingRow] {
        try await db.run(
            """
            DELETE FROM listing WHERE store = $1 AND (sku = $2 OR variant_remote_id = $3)
            RETURNING store, variant_remote_id, sku, product_remote_id, inventory_item_id, last_seen
            """, store, sku, variantID
        ).map { row in
            MappingRow(
                store: try row.get("store"), variantID: try row.get("variant_remote_id"), sku: try row.get("sku"),
                productID: try row.get("product_remote_id"), inventoryItemID: try row.get("inventory_item_id"),
                lastSeen: try row.double("last_seen"))
        }
        .sorted { $0.variantID < $1.variantID }
    }

    static func insert(_ db: PostgresConnection, _ row: MappingRow) async throws {
        try await db.run(
            """
            INSERT INTO listing(store, variant_remote_id, sku, product_remote_id, inventory_item_id, last_seen) VALUES ($1, $2, $3, $4, $5, $6)
            """, row.store, row.variantID, row.sku, row.productID, row.inventoryItemID, row.lastSeen)
    }
}

extension PostgresCatalogStore: ReviewStore {}
