import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Kits

    public func kits() async throws -> [KitDefinition] {
        let path = self.path
        return try await read { db in
            var kits: [KitDefinition] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT kit_sku, component_sku, quantity FROM kit_component ORDER BY kit_sku, position")
            while let row = try rows.next() {
                guard let kit = SKU(row[0] as String), let component = SKU(row[1] as String) else {
                    throw CatalogStoreError(code: .corruptValue, path: path, message: "a kit component has an empty SKU")
                }
                let part = KitComponent(sku: component, quantity: row[2])
                if kits.last?.sku == kit {
                    kits[kits.count - 1].components.append(part)
                } else {
                    kits.append(KitDefinition(sku: kit, components: [part]))
                }
            }
            return kits
        }
    }

    public func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition]) async throws
        -> CatalogWriteSummary
    {
        try await writeCatalog(products, locations: locations, mode: mode, kits: kits, stock: .perLocation)
    }

    public func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope
    ) async throws -> CatalogWriteSummary {
        try await writeCatalog(products, locations: locations, mode: mode, kits: kits, stock: stock, countedAt: nil)
    }

    public func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope,
        countedAt: Date?
    ) async throws -> CatalogWriteSummary {
        let path = self.path
        return try await write("write the catalog and its kits") { db in
            let summary = try Self.writeCatalog(
                db, products: products, locations: locations, mode: mode, stock: stock, countedAt: countedAt, path: path)
            try Self.saveKits(db, kits, replacingAll: mode == .replace)
            return summary
        }
    }

    public func saveKits(_ kits: [KitDefinition], replacingAll: Bool) async throws {
        try await write("save kit definitions") { db in try Self.saveKits(db, kits, replacingAll: replacingAll) }
    }

    /// Kits change what a store may sell: like any catalog write, they raise the revision.
    static func saveKits(_ db: Database, _ kits: [KitDefinition], replacingAll: Bool) throws {
        if replacingAll { try db.execute(sql: "DELETE FROM kit_component") }
        let clear = try db.cachedStatement(sql: "DELETE FROM kit_component WHERE kit_sku = ?")
        let insert = try db.cachedStatement(
            sql: "INSERT INTO kit_component(kit_sku, component_sku, quantity, position) VALUES (?, ?, ?, ?)")
        for kit in kits {
            try clear.execute(arguments: [kit.sku.rawValue])
            for (position, component) in kit.components.enumerated() {
                try insert.execute(arguments: [kit.sku.rawValue, component.sku.rawValue, component.quantity, position])
            }
        }
        if replacingAll || !kits.isEmpty { try bumpCatalogRevision(db) }
    }

    public func removeKit(_ sku: SKU) async throws -> Bool {
        try await write("remove the kit \(sku)") { db in
            try db.execute(sql: "DELETE FROM kit_component WHERE kit_sku = ?", arguments: [sku.rawValue])
            let removed = db.changesCount > 0
            if removed { try Self.bumpCatalogRevision(db) }
            return removed
        }
    }
}
