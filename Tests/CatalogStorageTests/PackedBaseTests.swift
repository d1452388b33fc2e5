import CatalogModel
import ConcordTesting
import Foundation
import GRDB
import Testing

@testable import CatalogStorage

/// Bases packed one row per (store, SKU): what goes in comes out, a catalog written before the
/// packing reads the same after its migration, and a stock base still checkpoints the store's debit.
struct PackedBaseTests {
    static let eur = CurrencyCode("EUR")!
    static let sku = SKU("TEE-BLK-M")!

    static let values: [BaseKey: FieldValue] = [
        BaseKey(sku: sku, field: .price): .money(Money(minorUnits: 1999, currency: eur)),
        BaseKey(sku: sku, field: .title): .text("Tee \u{1E}odd\u{1F} \"quoted\"\nline"),
        BaseKey(sku: sku, field: .stock(location: "main")): .quantity(7),
        BaseKey(sku: sku, field: .images): .list(["a.jpg", "b.png"]),
        BaseKey(sku: sku, field: .compareAtPrice): .none,
        BaseKey(sku: SKU("TEE-WHT-S")!, field: .price): .money(Money(minorUnits: 1500, currency: eur)),
    ]

    @Test("recorded bases read back the same, field by field, through both readers; a field's run and time are its own")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        try await catalog.recordBaseValues(Self.values, store: "shop", runID: 4)
        #expect(try await catalog.baseValues(store: "shop") == Self.values)
        var fromTable: [BaseKey: FieldValue] = [:]
        try await catalog.baseTable(store: "shop").forEach { fromTable[$0] = $1 }
        #expect(fromTable == Self.values)
        #expect(try await catalog.baseValues(store: "other").isEmpty)

        // A later run that records one field leaves the others' values and runs as they were.
        try await catalog.recordBaseValues(
            [BaseKey(sku: Self.sku, field: .price): .money(Money(minorUnits: 2099, currency: Self.eur))], store: "shop", runID: 5)
        let entries = try await catalog.pool.read { db in try BaseRows.entries(db, store: "shop", sku: Self.sku.rawValue) }
        #expect(entries.count == 5)
        #expect(entries.first { $0.field == "price" }?.entry.runID == 5)
        #expect(entries.first { $0.field == "title" }?.entry.runID == 4)
        var expected = Self.values
        expected[BaseKey(sku: Self.sku, field: .price)] = .money(Money(minorUnits: 2099, currency: Self.eur))
        #expect(try await catalog.baseValues(store: "shop") == expected)
    }

    @Test("every kind of value survives the compact codec, separators and backslashes in text included; JSON still reads")
    func codec() throws {
        let values: [FieldValue] = [
            .none, .quantity(0), .quantity(-3), .money(Money(minorUnits: 1999, currency: Self.eur)),
            .money(Money(minorUnits: -5, currency: CurrencyCode("JPY")!)), .text(""), .text("a\\b \u{1D}\u{1E}\u{1F} \\g end"),
            .status(.active), .status(.archived), .list([]), .list([""]), .list(["a.jpg", "b\u{1D}c.png", ""]),
            .weight(Weight(value: Decimal(string: "1.25")!, unit: .kilograms)), .weight(Weight(value: 0, unit: .ounces)),
        ]
        for value in values {
            let text = BaseValueCodec.encode(value)
            #expect(!text.unicodeScalars.contains { (0x1E...0x1F).contains($0.value) }, "\(value)")
            #expect(try BaseValueCodec.decode(text) == value, "\(value) as \(text)")
            #expect(try BaseValueCodec.decode(JSONColumn.encode(value)) == value)
        }
        #expect(throws: BaseValueError.self) { try BaseValueCodec.decode("x12") }
        #expect(throws: BaseValueError.self) { try BaseValueCodec.decode("l3:a\u{1D}b") }
    }

    @Test("a catalog from before the packing migrates: every base value, run and time kept, the debit checkpoint still fires")
    func migration() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("catalog.sqlite")
        do {
            let pool = try DatabasePool(path: path)
            try CatalogMigrations.migrator.migrate(pool, upTo: "v9-stock-ledger")
            try await pool.write { db in
                for (key, value) in Self.values {
                    try db.execute(
                        sql: "INSERT INTO base_value(store, sku, field, value_json, run_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                        arguments: [
                            "shop", key.sku.rawValue, key.field.key, JSONColumn.encode(value), key.field == .title ? nil : 3,
                            1_765_000_000.25,
                        ])
                }
                try db.execute(
                    sql: "INSERT INTO store_debit(store, sku, location, units, units_at_base) VALUES ('shop', ?, 'main', 5, 2)",
                    arguments: [Self.sku.rawValue])
            }
            try pool.close()
        }
        let catalog = try SQLiteCatalogStore(path: path)
        #expect(try await catalog.baseValues(store: "shop") == Self.values)
        let title = try await catalog.pool.read { db in try BaseRows.entry(db, store: "shop", sku: Self.sku.rawValue, field: "title") }
        #expect(title?.runID == nil)
        #expect(title?.recordedAt == 1_765_000_000.25)
        let price = try await catalog.pool.read { db in try BaseRows.entry(db, store: "shop", sku: Self.sku.rawValue, field: "price") }
        #expect(price?.runID == 3)
        let oldTable = try await catalog.pool.read { db in try db.tableExists("base_value") }
        #expect(!oldTable)

        // Recording the stock base there moves the debit's checkpoint to now, as the old trigger did.
        try await catalog.recordBaseValues([BaseKey(sku: Self.sku, field: .stock(location: "main")): .quantity(4)], store: "shop", runID: 6)
        let atBase = try await catalog.pool.read { db in
            try Int.fetchOne(
                db, sql: "SELECT units_at_base FROM store_debit WHERE store = 'shop' AND sku = ?", arguments: [Self.sku.rawValue])
        }
        #expect(atBase == 5)
    }
}
