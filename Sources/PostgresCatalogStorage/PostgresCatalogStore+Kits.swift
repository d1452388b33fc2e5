import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: Kits

    public func kits() async throws -> [KitDefinition] {
        var kits = KitRows(path: location)
        for row in try await connection.run("SELECT kit_sku, component_sku, quantity FROM kit_component ORDER BY \(KitRows.order)") {
            try kits.append(kit: try row.get(0), component: try row.get(1), quantity: Int(try row.get(2) as Int64))
        }
        return kits.definitions
    }

    public func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope,
        countedAt: Date?
    ) async throws -> CatalogWriteSummary {
        try await write("write the catalog and its kits") { db in
            let summary = try await Self.writeCatalog(
                db, products: products, locations: locations, mode: mode, stock: stock, countedAt: countedAt, path: location)
            try await Self.saveKits(db, kits, replacingAll: mode == .replace)
            return summary
        }
    }

    public func saveKits(_ kits: [KitDefinition], replacingAll: Bool) async throws {
        try await write("save kit definitions") { db in try await Self.saveKits(db, kits, replacingAll: replacingAll) }
    }

    /// Kits change what a store may sell: like any catalog write, they raise the revision. A kit
    /// given twice is defined as its last occurrence says, as SQLite's one-by-one writes leave it.
    static func saveKits(_ db: PostgresConnection, _ kits: [KitDefinition], replacingAll: Bool) async throws {
        if replacingAll { try await db.run("DELETE FROM kit_component") }
        var latest: [String: KitDefinition] = [:]
        for kit in kits { latest[kit.sku.rawValue] = kit }
        if !latest.isEmpty {
            try await db.run("DELETE FROM kit_component WHERE kit_sku = ANY($1::text[])", Array(latest.keys))
            var kitSKUs: [String] = []
            var components: [String] = []
            var quantities: [Int] = []
            var positions: [Int] = []
            for kit in latest.values {
                for (position, component) in kit.components.enumerated() {
                    kitSKUs.append(kit.sku.rawValue)
                    components.append(component.sku.rawValue)
                    quantities.append(component.quantity)
                    positions.append(position)
                }
            }
            try await db.run(
                """
                INSERT INTO kit_component(kit_sku, component_sku, quantity, position)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
                """, kitSKUs, components, quantities, positions)
        }
        if replacingAll || !kits.isEmpty { try await bumpCatalogRevision(db) }
    }

    public func removeKit(_ sku: SKU) async throws -> Bool {
        try await write("remove the kit \(sku)") { db in
            let removed = (try await db.run("DELETE FROM kit_component WHERE kit_sku = $1", sku.rawValue).affectedRows ?? 0) > 0
            if removed { try await Self.bumpCatalogRevision(db) }
            return removed
        }
    }
}
