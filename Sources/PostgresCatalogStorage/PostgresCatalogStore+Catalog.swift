import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    public func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode) async throws
        -> CatalogWriteSummary
    {
        try await write("write the catalog") { db in
            try await Self.writeCatalog(db, products: products, locations: locations, mode: mode, path: location)
        }
    }

    /// The body of ``writeCatalog(_:locations:mode:)`` inside a transaction the caller holds, with
    /// the semantics of `SQLiteCatalogStore.writeCatalog` exactly, in a handful of statements.
    ///
    /// SQLite's version walks the products one by one, each statement seeing the last one's
    /// effect (a SKU moving products, a product's old variants removed before its new ones are
    /// written). Here the rows it would touch are read once, that walk is replayed on them in
    /// memory in the same order, and what it leaves is written in bulk: the same rows, counts and
    /// ledger entries, without a round trip per row.
    static func writeCatalog(
        _ db: PostgresConnection, products: [Product], locations: [Location], mode: CatalogWriteMode,
        stock scope: StockScope = .perLocation, countedAt asOf: Date? = nil, path: String
    ) async throws -> CatalogWriteSummary {
        let now = Date().timeIntervalSince1970
        var summary = CatalogWriteSummary()

        // A SKU given twice refuses the whole write, naming the first repeat as SQLite's walk meets it.
        var written: [String: String] = [:]
        for product in products {
            for variant in product.variants {
                if let other = written.updateValue(product.handle, forKey: variant.sku.rawValue) {
                    throw CatalogStoreError(
                        code: .duplicateSKU, path: path,
                        message:
                            "SKU \(variant.sku) appears twice (products \(other) and \(product.handle)); a SKU must be unique across the catalog. Nothing was written"
                    )
                }
            }
        }

        // Locations: upserted by code; a name that is only the code never replaces a name.
        var knownLocations = Set(try await db.run("SELECT code FROM location").map { try $0.get(0) as String })
        var locationNames: [String: String] = [:]
        var locationOrder: [String] = []
        for location in locations {
            if locationNames[location.code] == nil {
                locationOrder.append(location.code)
                locationNames[location.code] = location.name
            } else if location.name != location.code {
                locationNames[location.code] = location.name
            }
            knownLocations.insert(location.code)
        }
        if !locationOrder.isEmpty {
            try await db.run(
                """
                INSERT INTO location(code, name) SELECT * FROM unnest($1::text[], $2::text[])
                ON CONFLICT (code) DO UPDATE SET name = excluded.name WHERE excluded.name <> excluded.code
                """, locationOrder, locationOrder.map { locationNames[$0]! })
        }

        let handles = products.map(\.handle)
        let incomingSKUs = products.flatMap { $0.variants.map(\.sku.rawValue) }
        if mode == .replace {
            summary.variantsRemoved +=
                try await db.run(
                    "DELETE FROM variant WHERE NOT (sku = ANY($1::text[]))", incomingSKUs
                ).affectedRows ?? 0
            summary.productsRemoved +=
                try await db.run(
                    "DELETE FROM product WHERE NOT (handle = ANY($1::text[]))", handles
                ).affectedRows ?? 0
        }

        // Products: new ones take the next positions in the order given, existing ones keep theirs;
        // a handle given twice is written as its last occurrence says.
        let firstPosition = (try await db.run("SELECT MAX(position) FROM product")[0].get(0) as Int64?).map { $0 + 1 } ?? 0
        var productRows: [String: (position: Int64, product: Product)] = [:]
        var productOrder: [String] = []
        for (index, product) in products.enumerated() {
            if let existing = productRows[product.handle] {
                productRows[product.handle] = (existing.position, product)
            } else {
                productRows[product.handle] = (firstPosition + Int64(index), product)
                productOrder.append(product.handle)
            }
        }
        var productIDs: [String: Int64] = [:]
        if !productOrder.isEmpty {
            let rows = productOrder.map { productRows[$0]! }
            for row in try await db.run(
                """
                INSERT INTO product(handle, position, title, description_html, vendor, product_type, tags_json, status,
                                    option_names_json, images_json, updated_at)
                SELECT handle, position, title, description_html, vendor, product_type, tags_json, status, option_names_json,
                       images_json, $11
                FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
                            $9::text[], $10::text[])
                    WITH ORDINALITY AS p(handle, position, title, description_html, vendor, product_type, tags_json, status,
                                         option_names_json, images_json, n)
                ORDER BY n
                ON CONFLICT (handle) DO UPDATE SET
                    title = excluded.title, description_html = excluded.description_html,
                    vendor = excluded.vendor, product_type = excluded.product_type, tags_json = excluded.tags_json,
                    status = excluded.status, option_names_json = excluded.option_names_json,
                    images_json = excluded.images_json, updated_at = excluded.updated_at
                RETURNING id, handle
                """,
                rows.map(\.product.handle), rows.map(\.position), rows.map(\.product.title), rows.map(\.product.descriptionHTML),
                rows.map(\.product.vendor), rows.map(\.product.productType), rows.map { JSONColumn.encode($0.product.tags) },
                rows.map(\.product.status.rawValue), rows.map { JSONColumn.encode($0.product.optionNames) },
                rows.map { JSONColumn.encode($0.product.images) }, now)
            {
                productIDs[try row.get("handle")] = try row.get("id")
            }
        }
        summary.productsWritten = products.count

        // The rows the walk can touch: the variants of these products and of these SKUs, and their stock.
        var productOfSKU: [String: Int64] = [:]
        for row in try await db.run(
            "SELECT sku, product_id FROM variant WHERE sku = ANY($1::text[]) OR product_id = ANY($2::bigint[])",
            incomingSKUs, Array(productIDs.values))
        {
            productOfSKU[try row.get("sku")] = try row.get("product_id")
        }
        // SKU → location → level.
        var levels: [String: [String: LevelValues]] = [:]
        for row in try await db.run(
            "SELECT sku, location_code, on_hand, available, committed FROM stock_level WHERE sku = ANY($1::text[])",
            Array(Set(incomingSKUs).union(productOfSKU.keys)))
        {
            levels[try row.get(0), default: [:]][try row.get(1)] = LevelValues(
                onHand: try row.get(2), available: try row.get(3), committed: try row.get(4))
        }

        // The walk, as SQLite takes it.
        let replacesStock = mode == .replace && scope == .perLocation
        var removedSKUs: [String] = []
        var clearedStock: [String] = []
        var newLocations: [String] = []
        // The variants written, by SKU, in the order they were written: a SKU the walk removes
        // after writing it (a handle given twice) is not written at all.
        var variantRows: [String: (productID: Int64, position: Int, variant: Variant)] = [:]
        var variantOrder: [String] = []
        var counts: [StockMovement] = []
        for product in products {
            let productID = productIDs[product.handle]!
            let incoming = Set(product.variants.map(\.sku.rawValue))
            for (sku, owner) in productOfSKU where owner == productID && !incoming.contains(sku) {
                productOfSKU[sku] = nil
                levels[sku] = nil
                variantRows[sku] = nil
                removedSKUs.append(sku)
                summary.variantsRemoved += 1
            }
            for (index, variant) in product.variants.enumerated() {
                let sku = variant.sku.rawValue
                productOfSKU[sku] = productID
                if variantRows.updateValue((productID, index, variant), forKey: sku) == nil { variantOrder.append(sku) }
                summary.variantsWritten += 1
                var counted: [(location: String, previous: Int?)] = []
                if replacesStock {
                    // SQLite reads them in its primary key's order: by location.
                    let listed = Set(variant.stock.map(\.location))
                    for (location, level) in (levels[sku] ?? [:]).sorted(by: { $0.key < $1.key }) where !listed.contains(location) {
                        counted.append((location, level.onHand))
                    }
                    levels[sku] = nil
                    clearedStock.append(sku)
                }
                for level in variant.stock {
                    if knownLocations.insert(level.location).inserted { newLocations.append(level.location) }
                    let previous = levels[sku]?[level.location]
                    if scope == .perLocation || previous == nil {
                        levels[sku, default: [:]][level.location] = LevelValues(
                            onHand: level.onHand, available: level.available, committed: level.committed)
                    } else if let previous {
                        levels[sku, default: [:]][level.location] = LevelValues(
                            onHand: previous.onHand + (level.available - previous.available), available: level.available,
                            committed: previous.committed)
                    }
                    counted.append((level.location, previous?.onHand))
                }
                // Every level the file sets is a count in the ledger (when it says something new, or
                // at a time of its own); levels a replace drops are counted as zero.
                for (location, previous) in counted {
                    let onHand = levels[sku]?[location]?.onHand ?? 0
                    guard asOf != nil || onHand != (previous ?? 0) || previous == nil else { continue }
                    counts.append(
                        StockMovement(
                            kind: .count, sku: variant.sku, location: location, quantity: onHand,
                            occurredAt: asOf ?? Date(timeIntervalSince1970: now), recordedAt: Date(timeIntervalSince1970: now),
                            asOfGiven: asOf != nil, note: "catalog write"))
                }
            }
        }

        // What the walk left, in bulk.
        if !newLocations.isEmpty {
            try await db.run(
                "INSERT INTO location(code, name) SELECT code, code FROM unnest($1::text[]) AS l(code) ON CONFLICT (code) DO NOTHING",
                newLocations)
        }
        if !removedSKUs.isEmpty {
            try await db.run("DELETE FROM variant WHERE sku = ANY($1::text[])", removedSKUs)
        }
        let rows = variantOrder.compactMap { variantRows[$0] }
        if !rows.isEmpty {
            try await upsertVariants(db, rows, updatedAt: now)
        }
        if !clearedStock.isEmpty {
            try await db.run("DELETE FROM stock_level WHERE sku = ANY($1::text[])", clearedStock)
        }
        var seen = Set<StockPlace>()
        let places = rows.flatMap { row in row.variant.stock.map { StockPlace(sku: row.variant.sku.rawValue, location: $0.location) } }
            .filter { seen.insert($0).inserted }
        if !places.isEmpty {
            let values = places.map { levels[$0.sku]![$0.location]! }
            try await db.run(
                """
                INSERT INTO stock_level(sku, location_code, on_hand, available, committed)
                SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[], $5::bigint[])
                ON CONFLICT (sku, location_code) DO UPDATE SET
                    on_hand = excluded.on_hand, available = excluded.available, committed = excluded.committed
                """, places.map(\.sku), places.map(\.location), values.map(\.onHand), values.map(\.available), values.map(\.committed))
        }
        // A count as of now is on hand as written; only one in the past has movements after it.
        try await insertMovements(db, counts)
        if asOf != nil {
            try await recomputeOnHand(db, places: counts.map { ($0.sku.rawValue, $0.location) })
        }
        try await bumpCatalogRevision(db)
        return summary
    }

    static func upsertVariants(_ db: PostgresConnection, _ rows: [(productID: Int64, position: Int, variant: Variant)], updatedAt: Double)
        async throws
    {
        let variants = rows.map(\.variant)
        try await db.run(
            """
            INSERT INTO variant(sku, product_id, position, barcode, title, options_json, currency, price_minor, compare_at_minor,
                                cost_minor, weight_value, weight_unit, status, images_json, allows_backorder, requires_shipping, updated_at)
            SELECT sku, product_id, position, barcode, title, options_json, currency, price_minor, compare_at_minor, cost_minor,
                   weight_value, weight_unit, status, images_json, allows_backorder, requires_shipping, $17
            FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::bigint[],
                        $9::bigint[], $10::bigint[], $11::text[], $12::text[], $13::text[], $14::text[], $15::boolean[], $16::boolean[])
                AS v(sku, product_id, position, barcode, title, options_json, currency, price_minor, compare_at_minor, cost_minor,
                     weight_value, weight_unit, status, images_json, allows_backorder, requires_shipping)
            ON CONFLICT (sku) DO UPDATE SET
                product_id = excluded.product_id, position = excluded.position, barcode = excluded.barcode,
                title = excluded.title, options_json = excluded.options_json, currency = excluded.currency,
                price_minor = excluded.price_minor, compare_at_minor = excluded.compare_at_minor,
                cost_minor = excluded.cost_minor, weight_value = excluded.weight_value,
                weight_unit = excluded.weight_unit, status = excluded.status, images_json = excluded.images_json,
                allows_backorder = excluded.allows_backorder, requires_shipping = excluded.requires_shipping,
                updated_at = excluded.updated_at
            """,
            variants.map(\.sku.rawValue), rows.map(\.productID), rows.map(\.position), variants.map(\.barcode?.rawValue),
            variants.map(\.title), variants.map { JSONColumn.encode($0.options) }, variants.map(\.price.currency.code),
            variants.map(\.price.minorUnits), variants.map(\.compareAtPrice?.minorUnits), variants.map(\.cost?.minorUnits),
            variants.map { $0.weight.map { "\($0.value)" } }, variants.map(\.weight?.unit.rawValue), variants.map(\.status.rawValue),
            variants.map { JSONColumn.encode($0.images) }, variants.map(\.allowsBackorder), variants.map(\.requiresShipping), updatedAt)
    }

    public func allProducts() async throws -> [Product] {
        try await read { db in
            let stock = try await Self.stockBySKU(
                db, "SELECT sku, location_code, on_hand, available, committed FROM stock_level ORDER BY sku, location_code")
            var variantsByProduct: [Int64: [Variant]] = [:]
            for row in try await db.run("SELECT * FROM variant ORDER BY product_id, position") {
                variantsByProduct[try row.get("product_id"), default: []].append(try Self.variant(from: row, stock: stock, path: location))
            }
            return try await db.run("SELECT * FROM product ORDER BY position").map { row in
                try Self.product(from: row, variants: variantsByProduct[try row.get("id")] ?? [])
            }
        }
    }

    public func product(containing sku: SKU) async throws -> (product: Product, variantIndex: Int)? {
        try await read { db in
            guard let productID: Int64 = try await db.run("SELECT product_id FROM variant WHERE sku = $1", sku.rawValue).first?.get(0),
                let productRow = try await db.run("SELECT * FROM product WHERE id = $1", productID).first
            else { return nil }
            let stock = try await Self.stockBySKU(
                db,
                """
                SELECT s.sku, s.location_code, s.on_hand, s.available, s.committed FROM stock_level s
                JOIN variant v ON v.sku = s.sku WHERE v.product_id = $1 ORDER BY s.sku, s.location_code
                """, productID)
            let variants = try await db.run("SELECT * FROM variant WHERE product_id = $1 ORDER BY position", productID)
                .map { try Self.variant(from: $0, stock: stock, path: location) }
            let product = try Self.product(from: productRow, variants: variants)
            guard let index = variants.firstIndex(where: { $0.sku == sku }) else { return nil }
            return (product, index)
        }
    }

    public func locations() async throws -> [Location] {
        try await connection.run("SELECT code, name FROM location ORDER BY code").map {
            Location(code: try $0.get("code"), name: try $0.get("name"))
        }
    }

    public func stats() async throws -> CatalogStats {
        try await read { db in
            var listings: [String: Int] = [:]
            for row in try await db.run("SELECT store, COUNT(*) AS n FROM listing GROUP BY store") {
                listings[try row.get("store")] = try row.get("n")
            }
            let row = try await db.run(
                """
                SELECT (SELECT COUNT(*) FROM product), (SELECT COUNT(*) FROM variant), (SELECT COUNT(*) FROM location),
                       (SELECT COALESCE(SUM(on_hand), 0) FROM stock_level), (SELECT COUNT(*) FROM store_order)
                """)[0]
            return CatalogStats(
                products: try row.get(0), variants: try row.get(1), locations: try row.get(2), unitsOnHand: try row.get(3),
                listingsPerStore: listings, orders: try row.get(4))
        }
    }

    public func catalogRevision() async throws -> Int64 {
        try await connection.run("SELECT revision FROM catalog_state WHERE id = 1").first?.get(0) ?? 0
    }

    // MARK: Row mapping

    static func stockBySKU(_ db: PostgresConnection, _ sql: String, _ parameters: any SQLParameter...) async throws -> [String:
        [StockLevel]]
    {
        var result: [String: [StockLevel]] = [:]
        for row in try await db.query(sql, parameters.map(\.sqlParameter)) {
            result[try row.get(0), default: []].append(
                StockLevel(location: try row.get(1), onHand: try row.get(2), available: try row.get(3), committed: try row.get(4)))
        }
        return result
    }

    static func variant(from row: PostgresRow, stock: [String: [StockLevel]], path: String) throws -> Variant {
        let skuText: String = try row.get("sku")
        guard let sku = SKU(skuText), let currency = CurrencyCode(try row.get("currency") as String) else {
            throw CatalogStoreError(code: .corruptValue, path: path, message: "variant \(skuText) has an unreadable SKU or currency")
        }
        var weight: Weight?
        if let value: String = try row.get("weight_value"), let unitText: String = try row.get("weight_unit"),
            let unit = Weight.Unit(rawValue: unitText)
        {
            weight = Weight.parse(value, unit: unit)
        }
        return Variant(
            sku: sku,
            barcode: (try row.get("barcode") as String?).flatMap(Barcode.init),
            title: try row.get("title"),
            options: try JSONColumn.decode(try row.get("options_json")),
            price: Money(minorUnits: try row.get("price_minor"), currency: currency),
            compareAtPrice: (try row.get("compare_at_minor") as Int64?).map { Money(minorUnits: $0, currency: currency) },
            cost: (try row.get("cost_minor") as Int64?).map { Money(minorUnits: $0, currency: currency) },
            weight: weight,
            status: ListingStatus(rawValue: try row.get("status")) ?? .draft,
            images: try JSONColumn.decode(try row.get("images_json")),
            allowsBackorder: try row.get("allows_backorder"),
            requiresShipping: try row.get("requires_shipping"),
            stock: stock[skuText] ?? [])
    }

    static func product(from row: PostgresRow, variants: [Variant]) throws -> Product {
        Product(
            handle: try row.get("handle"),
            title: try row.get("title"),
            descriptionHTML: try row.get("description_html"),
            vendor: try row.get("vendor"),
            productType: try row.get("product_type"),
            tags: try JSONColumn.decode(try row.get("tags_json")),
            status: ListingStatus(rawValue: try row.get("status")) ?? .draft,
            optionNames: try JSONColumn.decode(try row.get("option_names_json")),
            images: try JSONColumn.decode(try row.get("images_json")),
            variants: variants)
    }
}

/// One SKU at one catalog location.
struct StockPlace: Hashable {
    var sku: String
    var location: String
}

/// A `stock_level` row's numbers.
struct LevelValues {
    var onHand: Int
    var available: Int
    var committed: Int
}
