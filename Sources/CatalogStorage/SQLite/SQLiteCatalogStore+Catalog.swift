import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    public func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode) async throws
        -> CatalogWriteSummary
    {
        let path = self.path
        return try await write("write the catalog") { db in
            try Self.writeCatalog(db, products: products, locations: locations, mode: mode, path: path)
        }
    }

    /// The body of ``writeCatalog(_:locations:mode:)`` inside a transaction the caller holds, so
    /// that a catalog pull can write the catalog, its mappings and its bases as one.
    ///
    /// Stock is upserted per (SKU, location): a location a variant's entry does not list keeps its
    /// level, except in a replace of per-location stock (the file is then the whole stock). A
    /// one-quantity file sets what is available and moves on hand by as much, keeping committed
    /// units, so that exporting and importing it back changes nothing.
    static func writeCatalog(
        _ db: Database, products: [Product], locations: [Location], mode: CatalogWriteMode,
        stock scope: StockScope = .perLocation, countedAt asOf: Date? = nil, path: String
    ) throws -> CatalogWriteSummary {
        let now = Date().timeIntervalSince1970
        var summary = CatalogWriteSummary()
        var knownLocations = Set(try String.fetchAll(db, sql: "SELECT code FROM location"))
        // A name that is only the code says nothing: it never replaces a name the catalog has.
        let upsertLocation = try db.cachedStatement(
            sql: """
                INSERT INTO location(code, name) VALUES (?, ?)
                ON CONFLICT(code) DO UPDATE SET name = excluded.name WHERE excluded.name <> excluded.code
                """)
        for location in locations {
            try upsertLocation.execute(arguments: [location.code, location.name])
            knownLocations.insert(location.code)
        }
        if mode == .replace {
            let handles = Set(products.map(\.handle))
            let skus = Set(products.flatMap { $0.variants.map(\.sku.rawValue) })
            let existingHandles = try String.fetchAll(db, sql: "SELECT handle FROM product")
            let existingSKUs = try String.fetchAll(db, sql: "SELECT sku FROM variant")
            let deleteProduct = try db.cachedStatement(sql: "DELETE FROM product WHERE handle = ?")
            let deleteVariant = try db.cachedStatement(sql: "DELETE FROM variant WHERE sku = ?")
            for sku in existingSKUs where !skus.contains(sku) {
                try deleteVariant.execute(arguments: [sku])
                summary.variantsRemoved += 1
            }
            for handle in existingHandles where !handles.contains(handle) {
                try deleteProduct.execute(arguments: [handle])
                summary.productsRemoved += 1
            }
        }
        var position = (try Int.fetchOne(db, sql: "SELECT MAX(position) FROM product") ?? -1) + 1
        let upsertProduct = try db.cachedStatement(
            sql: """
                INSERT INTO product(handle, position, title, description_html, vendor, product_type, tags_json,
                                    status, option_names_json, images_json, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(handle) DO UPDATE SET
                    title = excluded.title, description_html = excluded.description_html,
                    vendor = excluded.vendor, product_type = excluded.product_type, tags_json = excluded.tags_json,
                    status = excluded.status, option_names_json = excluded.option_names_json,
                    images_json = excluded.images_json, updated_at = excluded.updated_at
                RETURNING id
                """)
        let upsertVariant = try db.cachedStatement(
            sql: """
                INSERT INTO variant(sku, product_id, position, barcode, title, options_json, currency, price_minor,
                                    compare_at_minor, cost_minor, weight_value, weight_unit, status, images_json,
                                    allows_backorder, requires_shipping, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(sku) DO UPDATE SET
                    product_id = excluded.product_id, position = excluded.position, barcode = excluded.barcode,
                    title = excluded.title, options_json = excluded.options_json, currency = excluded.currency,
                    price_minor = excluded.price_minor, compare_at_minor = excluded.compare_at_minor,
                    cost_minor = excluded.cost_minor, weight_value = excluded.weight_value,
                    weight_unit = excluded.weight_unit, status = excluded.status, images_json = excluded.images_json,
                    allows_backorder = excluded.allows_backorder, requires_shipping = excluded.requires_shipping,
                    updated_at = excluded.updated_at
                """)
        let variantsOfProduct = try db.cachedStatement(sql: "SELECT sku FROM variant WHERE product_id = ?")
        let deleteVariant = try db.cachedStatement(sql: "DELETE FROM variant WHERE sku = ?")
        let deleteStock = try db.cachedStatement(sql: "DELETE FROM stock_level WHERE sku = ?")
        let previousLevels = try db.cachedStatement(sql: "SELECT location_code, on_hand FROM stock_level WHERE sku = ?")
        let previousLevel = try db.cachedStatement(sql: "SELECT on_hand FROM stock_level WHERE sku = ? AND location_code = ?")
        let replacesStock = mode == .replace && scope == .perLocation
        let insertStock = try db.cachedStatement(
            sql: scope == .perLocation
                ? """
                INSERT INTO stock_level(sku, location_code, on_hand, available, committed) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(sku, location_code) DO UPDATE SET
                    on_hand = excluded.on_hand, available = excluded.available, committed = excluded.committed
                """
                : """
                INSERT INTO stock_level(sku, location_code, on_hand, available, committed) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(sku, location_code) DO UPDATE SET
                    on_hand = stock_level.on_hand + (excluded.available - stock_level.available),
                    available = excluded.available
                """)
        let insertLocation = try db.cachedStatement(sql: "INSERT INTO location(code, name) VALUES (?, ?)")
        var written: [String: String] = [:]  // SKU → handle, to refuse a SKU given twice

        for product in products {
            let productID = try Int64.fetchOne(
                upsertProduct,
                arguments: [
                    product.handle, position, product.title, product.descriptionHTML, product.vendor,
                    product.productType, JSONColumn.encode(product.tags), product.status.rawValue,
                    JSONColumn.encode(product.optionNames), JSONColumn.encode(product.images), now,
                ])!
            position += 1
            summary.productsWritten += 1
            let incoming = Set(product.variants.map(\.sku.rawValue))
            for old in try String.fetchAll(variantsOfProduct, arguments: [productID]) where !incoming.contains(old) {
                try deleteVariant.execute(arguments: [old])
                summary.variantsRemoved += 1
            }
            for (index, variant) in product.variants.enumerated() {
                if let other = written.updateValue(product.handle, forKey: variant.sku.rawValue) {
                    // Throwing rolls back the whole transaction: nothing of this write stays.
                    throw CatalogStoreError(
                        code: .duplicateSKU, path: path,
                        message:
                            "SKU \(variant.sku) appears twice (products \(other) and \(product.handle)); a SKU must be unique across the catalog. Nothing was written"
                    )
                }
                try upsertVariant.execute(arguments: [
                    variant.sku.rawValue, productID, index, variant.barcode?.rawValue, variant.title,
                    JSONColumn.encode(variant.options), variant.price.currency.code, variant.price.minorUnits,
                    variant.compareAtPrice?.minorUnits, variant.cost?.minorUnits,
                    variant.weight.map { "\($0.value)" }, variant.weight?.unit.rawValue, variant.status.rawValue,
                    JSONColumn.encode(variant.images), variant.allowsBackorder, variant.requiresShipping, now,
                ])
                summary.variantsWritten += 1
                // Every level the file sets is a count in the ledger (when it says something new,
                // or at a time of its own); levels a replace drops are counted as zero.
                var counted: [(sku: String, location: String, previous: Int?)] = []
                if replacesStock {
                    let listed = Set(variant.stock.map(\.location))
                    for row in try Row.fetchAll(previousLevels, arguments: [variant.sku.rawValue]) {
                        let location: String = row[0]
                        if !listed.contains(location) { counted.append((variant.sku.rawValue, location, row[1])) }
                    }
                    try deleteStock.execute(arguments: [variant.sku.rawValue])
                }
                for level in variant.stock {
                    if knownLocations.insert(level.location).inserted {
                        try insertLocation.execute(arguments: [level.location, level.location])
                    }
                    let previous = try Int.fetchOne(previousLevel, arguments: [variant.sku.rawValue, level.location])
                    try insertStock.execute(arguments: [
                        variant.sku.rawValue, level.location, level.onHand, level.available, level.committed,
                    ])
                    counted.append((variant.sku.rawValue, level.location, previous))
                }
                try Self.bookCounts(db, counted, asOf: asOf, at: Date(timeIntervalSince1970: now), note: "catalog write")
            }
        }
        try Self.bumpCatalogRevision(db)
        return summary
    }

    public func allProducts() async throws -> [Product] {
        let path = self.path
        return try await read { db in
            let stock = try Self.stockBySKU(
                db, sql: "SELECT sku, location_code, on_hand, available, committed FROM stock_level ORDER BY sku, location_code")
            var variantsByProduct: [Int64: [Variant]] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT * FROM variant ORDER BY product_id, position")
            while let row = try rows.next() {
                let variant = try Self.variant(from: row, stock: stock, path: path)
                variantsByProduct[row["product_id"], default: []].append(variant)
            }
            return try Row.fetchAll(db, sql: "SELECT * FROM product ORDER BY position").map { row in
                try Self.product(from: row, variants: variantsByProduct[row["id"]] ?? [], path: path)
            }
        }
    }

    public func product(containing sku: SKU) async throws -> (product: Product, variantIndex: Int)? {
        let path = self.path
        return try await read { db in
            guard let productID = try Int64.fetchOne(db, sql: "SELECT product_id FROM variant WHERE sku = ?", arguments: [sku.rawValue]),
                let productRow = try Row.fetchOne(db, sql: "SELECT * FROM product WHERE id = ?", arguments: [productID])
            else { return nil }
            let stock = try Self.stockBySKU(
                db,
                sql: """
                    SELECT s.sku, s.location_code, s.on_hand, s.available, s.committed FROM stock_level s
                    JOIN variant v ON v.sku = s.sku WHERE v.product_id = ? ORDER BY s.sku, s.location_code
                    """, arguments: [productID])
            let variants = try Row.fetchAll(db, sql: "SELECT * FROM variant WHERE product_id = ? ORDER BY position", arguments: [productID])
                .map { try Self.variant(from: $0, stock: stock, path: path) }
            let product = try Self.product(from: productRow, variants: variants, path: path)
            guard let index = variants.firstIndex(where: { $0.sku == sku }) else { return nil }
            return (product, index)
        }
    }

    public func locations() async throws -> [Location] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT code, name FROM location ORDER BY code").map {
                Location(code: $0["code"], name: $0["name"])
            }
        }
    }

    public func stats() async throws -> CatalogStats {
        try await read { db in
            var listings: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT store, COUNT(*) AS n FROM listing GROUP BY store") {
                listings[row["store"]] = row["n"]
            }
            return CatalogStats(
                products: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM product") ?? 0,
                variants: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM variant") ?? 0,
                locations: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM location") ?? 0,
                unitsOnHand: try Int.fetchOne(db, sql: "SELECT COALESCE(SUM(on_hand), 0) FROM stock_level") ?? 0,
                listingsPerStore: listings,
                orders: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM store_order") ?? 0)
        }
    }

    // MARK: Row mapping

    static func stockBySKU(_ db: Database, sql: String, arguments: StatementArguments = []) throws -> [String: [StockLevel]] {
        var result: [String: [StockLevel]] = [:]
        let rows = try Row.fetchCursor(db, sql: sql, arguments: arguments)
        while let row = try rows.next() {
            result[row[0], default: []].append(
                StockLevel(location: row[1], onHand: row[2], available: row[3], committed: row[4]))
        }
        return result
    }

    static func variant(from row: Row, stock: [String: [StockLevel]], path: String) throws -> Variant {
        let skuText: String = row["sku"]
        guard let sku = SKU(skuText), let currency = CurrencyCode(row["currency"] as String) else {
            throw CatalogStoreError(code: .corruptValue, path: path, message: "variant \(skuText) has an unreadable SKU or currency")
        }
        let weight: Weight? = {
            guard let value: String = row["weight_value"], let unitText: String = row["weight_unit"],
                let unit = Weight.Unit(rawValue: unitText)
            else { return nil }
            return Weight.parse(value, unit: unit)
        }()
        return Variant(
            sku: sku,
            barcode: (row["barcode"] as String?).flatMap(Barcode.init),
            title: row["title"],
            options: try JSONColumn.decode(row["options_json"]),
            price: Money(minorUnits: row["price_minor"], currency: currency),
            compareAtPrice: (row["compare_at_minor"] as Int64?).map { Money(minorUnits: $0, currency: currency) },
            cost: (row["cost_minor"] as Int64?).map { Money(minorUnits: $0, currency: currency) },
            weight: weight,
            status: ListingStatus(rawValue: row["status"]) ?? .draft,
            images: try JSONColumn.decode(row["images_json"]),
            allowsBackorder: row["allows_backorder"],
            requiresShipping: row["requires_shipping"],
            stock: stock[skuText] ?? [])
    }

    static func product(from row: Row, variants: [Variant], path: String) throws -> Product {
        Product(
            handle: row["handle"],
            title: row["title"],
            descriptionHTML: row["description_html"],
            vendor: row["vendor"],
            productType: row["product_type"],
            tags: try JSONColumn.decode(row["tags_json"]),
            status: ListingStatus(rawValue: row["status"]) ?? .draft,
            optionNames: try JSONColumn.decode(row["option_names_json"]),
            images: try JSONColumn.decode(row["images_json"]),
            variants: variants)
    }
}

/// Small JSON arrays and values kept in one column (tags, option names, image URLs, field values).
package enum JSONColumn {
    package static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain arrays, strings and our own Codable values cannot fail.
        return String(decoding: try! encoder.encode(value), as: UTF8.self)
    }

    package static func decode<T: Decodable>(_ text: String, as type: T.Type = T.self) throws -> T {
        try JSONDecoder().decode(T.self, from: Data(text.utf8))
    }
}
