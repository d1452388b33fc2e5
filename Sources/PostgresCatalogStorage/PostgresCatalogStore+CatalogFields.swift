import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// One field of one variant in the catalog's rows, as review decisions read, set and restore it
/// (`SQLiteCatalogStore`'s catalog-field methods, column for column, so that a decision's saved
/// columns mean the same on either backend).
extension PostgresCatalogStore {
    public func catalogFieldValue(sku: SKU, field: Change.Field) async throws -> FieldValue? {
        try await read { db in try await Self.catalogValue(db, sku: sku, field: field) }
    }

    /// The catalog's value of a field, the way the reconciler derives it from the rows.
    static func catalogValue(_ db: PostgresConnection, sku: SKU, field: Change.Field) async throws -> FieldValue? {
        guard
            let row = try await db.run(
                """
                SELECT v.*, p.title AS product_title, p.description_html AS product_description, p.status AS product_status,
                       p.images_json AS product_images
                FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = $1
                """, sku.rawValue
            ).first
        else { return nil }
        let currency = CurrencyCode(try row.get("currency") as String)
        func money(_ column: String) throws -> FieldValue {
            guard let minor = try row.get(column) as Int64?, minor != 0, let currency else { return .none }
            return .money(Money(minorUnits: minor, currency: currency))
        }
        switch field {
        case .stock:
            return nil
        case .price:
            guard let currency else { return nil }
            return .money(Money(minorUnits: try row.get("price_minor"), currency: currency))
        case .compareAtPrice:
            return try money("compare_at_minor")
        case .barcode:
            return (try row.get("barcode") as String?).map(FieldValue.text) ?? FieldValue.none
        case .title:
            return .text(try row.get("product_title"))
        case .description:
            return .text(try row.get("product_description"))
        case .status:
            let product = ListingStatus(rawValue: try row.get("product_status")) ?? .draft
            let variant = ListingStatus(rawValue: try row.get("status")) ?? .draft
            return .status(SQLiteCatalogStore.combinedStatus(product: product, variant: variant))
        case .images:
            let product: [String] = try JSONColumn.decode(try row.get("product_images"))
            let variant: [String] = try JSONColumn.decode(try row.get("images_json"))
            return .list(product + variant.filter { !product.contains($0) })
        case .weight:
            guard let text: String = try row.get("weight_value"), let unitText: String = try row.get("weight_unit"),
                let unit = Weight.Unit(rawValue: unitText), let weight = Weight.parse(text, unit: unit)
            else { return FieldValue.none }
            return .weight(weight)
        }
    }

    /// Writes one field of one variant's catalog rows so that ``catalogValue(_:sku:field:)`` gives
    /// `value`, and returns the columns before and after, for an exact undo.
    static func setCatalogValue(_ db: PostgresConnection, sku: SKU, field: Change.Field, to value: FieldValue, at date: Date) async throws
        -> CatalogColumns
    {
        guard
            let row = try await db.run(
                """
                SELECT v.product_id, v.currency, v.status, p.status AS product_status
                FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = $1
                """, sku.rawValue
            ).first
        else { throw CatalogFieldRefusal(message: "\(sku) is not in the catalog any more") }
        let (variant, product) = try CatalogColumns.assignment(
            sku: sku, field: field, to: value, currency: try row.get("currency"),
            productStatus: ListingStatus(rawValue: try row.get("product_status")) ?? .draft)
        var columns = CatalogColumns(
            sku: sku.rawValue, productID: try row.get("product_id"), after: .init(variant: variant, product: product))
        columns.before = try await readColumns(db, columns.after, catalog: columns)
        try await writeColumns(db, columns.after, catalog: columns, at: date)
        return columns
    }

    /// The integer columns among those a decision writes; every other one is text (as SQLite's
    /// column affinities make them, so a saved undo reads the same on either backend).
    static let integerColumns: Set<String> = ["price_minor", "compare_at_minor"]

    /// The names a decision may write, checked before any is put into SQL.
    static let writableColumns: Set<String> = [
        "price_minor", "compare_at_minor", "barcode", "status", "images_json", "weight_value", "weight_unit", "title",
        "description_html",
    ]

    static func readColumns(_ db: PostgresConnection, _ shape: CatalogColumns.Values, catalog: CatalogColumns) async throws
        -> CatalogColumns.Values
    {
        func read(_ table: String, _ names: [String], key: String, _ id: any SQLParameter) async throws -> [String: ColumnValue] {
            guard !names.isEmpty else { return [:] }
            try checkColumns(names)
            guard let row = try await db.run("SELECT \(names.joined(separator: ", ")) FROM \(table) WHERE \(key) = $1", id).first
            else { return [:] }
            var values: [String: ColumnValue] = [:]
            for name in names {
                let text: String? = try row.get(name)
                values[name] =
                    switch text {
                    case nil: .null
                    case let text? where integerColumns.contains(name): Int64(text).map(ColumnValue.int) ?? .text(text)
                    case let text?: .text(text)
                    }
            }
            return values
        }
        return .init(
            variant: try await read("variant", shape.variant.keys.sorted(), key: "sku", catalog.sku),
            product: try await read("product", shape.product.keys.sorted(), key: "id", catalog.productID))
    }

    static func writeColumns(_ db: PostgresConnection, _ values: CatalogColumns.Values, catalog: CatalogColumns, at date: Date) async throws
    {
        func write(_ table: String, _ columns: [String: ColumnValue], key: String, _ id: any SQLParameter) async throws {
            guard !columns.isEmpty else { return }
            let names = columns.keys.sorted()
            try checkColumns(names)
            let assignments = (names.enumerated().map { "\($1) = $\($0 + 1)" } + ["updated_at = $\(names.count + 1)"]).joined(
                separator: ", ")
            let parameters: [PostgresValue?] =
                names.map { name in
                    switch columns[name]! {
                    case .int(let number): .int64(number)
                    case .real(let number): number.sqlParameter
                    case .text(let text): .text(text)
                    case .null: nil
                    }
                } + [date.sqlParameter, id.sqlParameter]
            try await db.query("UPDATE \(table) SET \(assignments) WHERE \(key) = $\(names.count + 2)", parameters)
        }
        try await write("variant", values.variant, key: "sku", catalog.sku)
        try await write("product", values.product, key: "id", catalog.productID)
        // The catalog changed: a plan made before this decision must not be applied.
        if !values.variant.isEmpty || !values.product.isEmpty { try await bumpCatalogRevision(db) }
    }

    /// Column names come from a decision's saved JSON: only the catalog's own ever reach SQL.
    static func checkColumns(_ names: [String]) throws {
        if let unknown = names.first(where: { !writableColumns.contains($0) }) {
            throw CatalogFieldRefusal(message: "the saved decision names a column (\(unknown)) Concord never writes")
        }
    }
}
