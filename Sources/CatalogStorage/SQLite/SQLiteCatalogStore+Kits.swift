import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Kits

    public func kits() async throws -> [KitDefinition] {
        let path = self.path
        return try await read { db in
            var kits = KitRows(path: path)
            let rows = try Row.fetchCursor(
                db, sql: "SELECT kit_sku, component_sku, quantity FROM kit_component ORDER BY \(KitRows.order)")
            while let row = try rows.next() { try kits.append(kit: row[0], component: row[1], quantity: row[2]) }
            return kits.definitions
        }
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

/// Kits assembled from `kit_component` rows read in ``order``, on any backend.
package struct KitRows {
    /// The order the rows must come in: a kit's components together, in their position.
    package static let order = "kit_sku, position"
    package private(set) var definitions: [KitDefinition] = []
    let path: String

    package init(path: String) { self.path = path }

    /// Adds one row: a component of `kit` (a new kit when the last row was another's).
    package mutating func append(kit kitText: String, component componentText: String, quantity: Int) throws {
        guard let kit = SKU(kitText), let component = SKU(componentText) else {
            throw CatalogStoreError(code: .corruptValue, path: path, message: "a kit component has an empty SKU")
        }
        let part = KitComponent(sku: component, quantity: quantity)
        if definitions.last?.sku == kit {
            definitions[definitions.count - 1].components.append(part)
        } else {
            definitions.append(KitDefinition(sku: kit, components: [part]))
        }
    }
}
