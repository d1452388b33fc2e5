import CatalogModel
import Foundation
import GRDB

/// Decisions about whole listings (``ReviewDecision/Choice/match``, ``ReviewDecision/Choice/ignore``,
/// ``ReviewDecision/Choice/adopt``): each writes what the next plan reads — a listing mapping, a
/// suppression, a catalog variant with its mapping and bases — inside the decision's transaction,
/// and keeps what it replaced so that an undo puts it back exactly.
extension SQLiteCatalogStore {
    // MARK: Review listings

    public func reviewSuppressions(store: StoreID) async throws -> [ReviewSuppression] {
        try await read { db in try Self.reviewSuppressions(db, store: store) }
    }

    static func reviewSuppressions(_ db: Database, store: StoreID) throws -> [ReviewSuppression] {
        try Row.fetchAll(
            db, sql: "SELECT * FROM review_suppression WHERE store = ? ORDER BY code, sku, listing", arguments: [store.rawValue]
        )
        .compactMap { row in
            guard let sku = SKU(row["sku"] as String) else { return nil }
            let listing: String = row["listing"]
            return ReviewSuppression(
                store: store, code: row["code"], sku: sku, listing: listing.isEmpty ? nil : listing, decisionID: row["decision_id"],
                createdAt: Date(timeIntervalSince1970: row["created_at"]))
        }
    }

    /// Carries out a listing-level choice for `item`; returns what an undo needs and the value to
    /// record with the decision (the chosen listing's variant id for a match).
    static func decideListing(
        _ db: Database, item: ReviewItem, choice: ReviewDecision.Choice, value: FieldValue?, at date: Date,
        refuse: (String) -> CatalogStoreError
    ) throws -> (ListingRestore, FieldValue?) {
        var restore = ListingRestore()
        switch choice {
        case .match:
            let chosen = try item.chosenListing(value, refuse: refuse)
            restore.mappingsReplaced = try MappingRow.fetchAll(
                db, sql: "SELECT * FROM listing WHERE store = ? AND (sku = ? OR variant_remote_id = ?)",
                arguments: [item.store.rawValue, item.sku.rawValue, chosen.ref.variantID])
            try db.execute(
                sql: "DELETE FROM listing WHERE store = ? AND (sku = ? OR variant_remote_id = ?)",
                arguments: [item.store.rawValue, item.sku.rawValue, chosen.ref.variantID])
            let row = MappingRow(
                store: item.store.rawValue, variantID: chosen.ref.variantID, sku: item.sku.rawValue, productID: chosen.ref.productID,
                inventoryItemID: chosen.ref.inventoryItemID, lastSeen: date.timeIntervalSince1970)
            try row.insert(db)
            restore.mappingWritten = row
            return (restore, .text(chosen.ref.variantID))
        case .ignore:
            // An orphan is ignored as that listing; a missing listing or a listing error for the SKU and rule.
            let listing = item.kind == .orphan ? (item.listing ?? "") : ""
            try db.execute(
                sql: """
                    INSERT INTO review_suppression(store, code, sku, listing, decision_id, created_at) VALUES (?, ?, ?, ?, 0, ?)
                    ON CONFLICT(store, code, sku, listing) DO NOTHING
                    """,
                arguments: [item.store.rawValue, item.code, item.sku.rawValue, listing, date.timeIntervalSince1970])
            if db.changesCount > 0 {
                restore.suppression = SuppressionKey(store: item.store.rawValue, code: item.code, sku: item.sku.rawValue, listing: listing)
            }
            return (restore, nil)
        case .adopt:
            guard let adoption = item.detail?.adoption else { throw refuse(item.refusal(of: .adopt) ?? "it cannot be adopted") }
            restore.adopted = try adopt(db, adoption, item: item, at: date, refuse: refuse)
            return (restore, nil)
        case .canonical, .store, .value, .deferred:
            return (restore, nil)
        }
    }

    /// Writes an orphan's variant, its mapping and its bases, as `concord catalog pull` would.
    static func adopt(_ db: Database, _ adoption: ListingAdoption, item: ReviewItem, at date: Date, refuse: (String) -> CatalogStoreError)
        throws
        -> AdoptionRestore
    {
        let sku = adoption.variant.sku
        if try Bool.fetchOne(db, sql: "SELECT EXISTS(SELECT 1 FROM variant WHERE sku = ?)", arguments: [sku.rawValue]) == true {
            throw refuse("\(sku) is in the catalog now (added since the plan); re-run concord plan")
        }
        var restore = AdoptionRestore(sku: sku.rawValue, productID: 0, createdProduct: false, variantUpdatedAt: 0)
        for location in adoption.locations {
            try db.execute(
                sql: "INSERT INTO location(code, name) VALUES (?, ?) ON CONFLICT(code) DO NOTHING",
                arguments: [location.code, location.name])
            if db.changesCount > 0 { restore.createdLocations.append(location.code) }
        }
        let variant = adoption.variant
        if let productID = try Int64.fetchOne(db, sql: "SELECT id FROM product WHERE handle = ?", arguments: [adoption.handle]) {
            restore.productID = productID
            let position =
                (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM variant WHERE product_id = ?", arguments: [productID]) ?? -1) + 1
            try db.execute(
                sql: """
                    INSERT INTO variant(sku, product_id, position, barcode, title, options_json, currency, price_minor,
                                        compare_at_minor, cost_minor, weight_value, weight_unit, status, images_json,
                                        allows_backorder, requires_shipping, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    sku.rawValue, productID, position, variant.barcode?.rawValue, variant.title, JSONColumn.encode(variant.options),
                    variant.price.currency.code, variant.price.minorUnits, variant.compareAtPrice?.minorUnits, variant.cost?.minorUnits,
                    variant.weight.map { "\($0.value)" }, variant.weight?.unit.rawValue, variant.status.rawValue,
                    JSONColumn.encode(variant.images), variant.allowsBackorder, variant.requiresShipping, date.timeIntervalSince1970,
                ])
            for level in variant.stock {
                try db.execute(
                    sql: "INSERT INTO location(code, name) VALUES (?, ?) ON CONFLICT(code) DO NOTHING",
                    arguments: [level.location, level.location])
                if db.changesCount > 0 { restore.createdLocations.append(level.location) }
                try db.execute(
                    sql: "INSERT INTO stock_level(sku, location_code, on_hand, available, committed) VALUES (?, ?, ?, ?, ?)",
                    arguments: [sku.rawValue, level.location, level.onHand, level.available, level.committed])
                try bookCounts(db, [(sku.rawValue, level.location, nil)], asOf: nil, at: date, note: "listing adopted from a store")
            }
            try bumpCatalogRevision(db)
        } else {
            var product = adoption.product
            product.variants = [variant]
            let knownLocations = Set(try String.fetchAll(db, sql: "SELECT code FROM location"))
            _ = try writeCatalog(db, products: [product], locations: [], mode: .merge, path: "")
            restore.productID = try Int64.fetchOne(db, sql: "SELECT id FROM product WHERE handle = ?", arguments: [adoption.handle]) ?? 0
            restore.createdProduct = true
            // writeCatalog creates the locations the stock names; those were this decision's.
            for level in variant.stock where !knownLocations.contains(level.location) && !restore.createdLocations.contains(level.location)
            {
                restore.createdLocations.append(level.location)
            }
        }
        restore.variantUpdatedAt =
            try Double.fetchOne(db, sql: "SELECT updated_at FROM variant WHERE sku = ?", arguments: [sku.rawValue]) ?? 0

        restore.mappingsReplaced = try MappingRow.fetchAll(
            db, sql: "SELECT * FROM listing WHERE store = ? AND (sku = ? OR variant_remote_id = ?)",
            arguments: [item.store.rawValue, sku.rawValue, adoption.ref.variantID])
        try db.execute(
            sql: "DELETE FROM listing WHERE store = ? AND (sku = ? OR variant_remote_id = ?)",
            arguments: [item.store.rawValue, sku.rawValue, adoption.ref.variantID])
        let mapping = MappingRow(
            store: item.store.rawValue, variantID: adoption.ref.variantID, sku: sku.rawValue, productID: adoption.ref.productID,
            inventoryItemID: adoption.ref.inventoryItemID, lastSeen: date.timeIntervalSince1970)
        try mapping.insert(db)
        restore.mapping = mapping

        for (field, value) in adoption.bases.sorted(by: { $0.key < $1.key }) {
            if let before = try BaseRows.entry(db, store: item.store.rawValue, sku: sku.rawValue, field: field) {
                restore.basesBefore[field] = before
            }
            try BaseRows.write(
                db, store: item.store.rawValue, sku: sku.rawValue,
                [(field, BaseRows.Entry(value, runID: nil, recordedAt: date.timeIntervalSince1970))])
            restore.basesWritten.append(field)
        }
        return restore
    }

    /// Takes back what ``decideListing`` wrote, refusing when something else has changed it since.
    static func undoListing(_ db: Database, _ restore: ListingRestore, refuse: (String) -> CatalogStoreError) throws {
        if let key = restore.suppression {
            try db.execute(
                sql: "DELETE FROM review_suppression WHERE store = ? AND code = ? AND sku = ? AND listing = ?",
                arguments: [key.store, key.code, key.sku, key.listing])
        }
        if let written = restore.mappingWritten {
            try restoreMapping(db, written: written, replaced: restore.mappingsReplaced, refuse: refuse)
        }
        if let adopted = restore.adopted {
            let updatedAt = try Double.fetchOne(db, sql: "SELECT updated_at FROM variant WHERE sku = ?", arguments: [adopted.sku])
            guard updatedAt == adopted.variantUpdatedAt else {
                throw refuse(
                    updatedAt == nil
                        ? "\(adopted.sku) is no longer in the catalog"
                        : "\(adopted.sku) changed in the catalog since it was adopted (an import?)")
            }
            if let mapping = adopted.mapping {
                try restoreMapping(db, written: mapping, replaced: adopted.mappingsReplaced, refuse: refuse)
            }
            if let store = adopted.mapping?.store {
                try BaseRows.write(db, store: store, sku: adopted.sku, adopted.basesWritten.map { ($0, adopted.basesBefore[$0]) })
            }
            try db.execute(sql: "DELETE FROM variant WHERE sku = ?", arguments: [adopted.sku])
            try db.execute(sql: "DELETE FROM stock_level WHERE sku = ?", arguments: [adopted.sku])
            if adopted.createdProduct,
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM variant WHERE product_id = ?", arguments: [adopted.productID]) == 0
            {
                try db.execute(sql: "DELETE FROM product WHERE id = ?", arguments: [adopted.productID])
            }
            for code in adopted.createdLocations
            where try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stock_level WHERE location_code = ?", arguments: [code]) == 0 {
                try db.execute(sql: "DELETE FROM location WHERE code = ?", arguments: [code])
            }
            try bumpCatalogRevision(db)
        }
    }

    static func restoreMapping(_ db: Database, written: MappingRow, replaced: [MappingRow], refuse: (String) -> CatalogStoreError) throws {
        let now = try String.fetchOne(
            db, sql: "SELECT sku FROM listing WHERE store = ? AND variant_remote_id = ?", arguments: [written.store, written.variantID])
        guard now == written.sku else {
            throw refuse("the listing \(written.productID)/\(written.variantID) has been mapped to \(now ?? "nothing") since")
        }
        try db.execute(sql: "DELETE FROM listing WHERE store = ? AND variant_remote_id = ?", arguments: [written.store, written.variantID])
        for row in replaced {
            try db.execute(sql: "DELETE FROM listing WHERE store = ? AND variant_remote_id = ?", arguments: [row.store, row.variantID])
            try row.insert(db)
        }
    }
}

/// What a listing-level decision changed, kept with it (in ``DecisionRestore``) for an exact undo.
package struct ListingRestore: Codable {
    package var suppression: SuppressionKey?
    package var mappingWritten: MappingRow?
    package var mappingsReplaced: [MappingRow] = []
    package var adopted: AdoptionRestore?

    package init() {}
}

package struct SuppressionKey: Codable {
    package var store: String
    package var code: String
    package var sku: String
    package var listing: String

    package init(store: String, code: String, sku: String, listing: String) {
        self.store = store
        self.code = code
        self.sku = sku
        self.listing = listing
    }
}

/// One row of the `listing` table (a store's SKU ↔ listing mapping).
package struct MappingRow: Codable {
    package var store: String
    package var variantID: String
    package var sku: String
    package var productID: String
    package var inventoryItemID: String?
    package var lastSeen: Double

    package init(store: String, variantID: String, sku: String, productID: String, inventoryItemID: String?, lastSeen: Double) {
        self.store = store
        self.variantID = variantID
        self.sku = sku
        self.productID = productID
        self.inventoryItemID = inventoryItemID
        self.lastSeen = lastSeen
    }

    static func fetchAll(_ db: Database, sql: String, arguments: StatementArguments) throws -> [MappingRow] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            MappingRow(
                store: row["store"], variantID: row["variant_remote_id"], sku: row["sku"], productID: row["product_remote_id"],
                inventoryItemID: row["inventory_item_id"], lastSeen: row["last_seen"])
        }
    }

    func insert(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO listing(store, variant_remote_id, sku, product_remote_id, inventory_item_id, last_seen) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [store, variantID, sku, productID, inventoryItemID, lastSeen])
    }
}

package struct AdoptionRestore: Codable {
    package var sku: String
    package var productID: Int64
    package var createdProduct: Bool
    package var variantUpdatedAt: Double
    package var createdLocations: [String] = []
    package var mapping: MappingRow?
    package var mappingsReplaced: [MappingRow] = []
    package var basesWritten: [String] = []
    package var basesBefore: [String: BaseRows.Entry] = [:]

    package init(sku: String, productID: Int64, createdProduct: Bool, variantUpdatedAt: Double) {
        self.sku = sku
        self.productID = productID
        self.createdProduct = createdProduct
        self.variantUpdatedAt = variantUpdatedAt
    }
}

extension ReviewItem {
    /// The listing a "match" decision names: the candidate whose remote id is `value`, or the
    /// only candidate when `value` is nil; refused (with the ids to choose from) otherwise.
    package func chosenListing(_ value: FieldValue?, refuse: (String) -> CatalogStoreError) throws -> ListingCandidate {
        let candidates = detail?.candidates ?? []
        switch value {
        case .text(let text)?:
            guard let candidate = detail?.candidate(matching: text) else {
                let known = candidates.map { "\($0.ref.productID)/\($0.ref.variantID)" }.joined(separator: ", ")
                throw refuse("\(text) is not one of the listings carrying \(sku) (\(known))")
            }
            return candidate
        case nil where candidates.count == 1:
            return candidates[0]
        default:
            throw refuse("\(candidates.count) listings carry \(sku); say which one is the SKU's listing by its remote id")
        }
    }
}
