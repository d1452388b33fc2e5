import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation

/// A catalog database with a review queue in `shop`, written through the store API as
/// `concord plan` would leave it: price conflicts on TEE-1 and TEE-2, a store-edited title on
/// TEE-1, a stock conflict on MUG-1, a store-edited description on MUG-1.
///
/// Queue order (by SKU, then field): MUG-1 description, MUG-1 stock@loc-1, TEE-1 price,
/// TEE-1 title, TEE-2 price; the screen starts on the first.
struct ReviewQueueSetup {
    static let eur = CurrencyCode("EUR")!
    let directory: TemporaryDirectory
    var databasePath: String { directory.path("catalog.sqlite") }

    static func money(_ minor: Int64) -> FieldValue { .money(Money(minorUnits: minor, currency: eur)) }
    static func sku(_ text: String) -> SKU { SKU(text)! }

    init() async throws {
        directory = try TemporaryDirectory(prefix: "concord-review-cli")
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        let tee = Product(
            handle: "tee", title: "Tee",
            variants: [
                Variant(sku: Self.sku("TEE-1"), price: Money(minorUnits: 2400, currency: Self.eur)),
                Variant(sku: Self.sku("TEE-2"), price: Money(minorUnits: 2600, currency: Self.eur)),
            ])
        let mug = Product(
            handle: "mug", title: "Mug", descriptionHTML: "A heavy ceramic mug",
            variants: [Variant(sku: Self.sku("MUG-1"), price: Money(minorUnits: 1200, currency: Self.eur))])
        _ = try await catalog.writeCatalog([tee, mug], locations: [Location(code: "main", name: "Main")], mode: .replace)
        try await catalog.recordBaseValues(
            [
                BaseKey(sku: Self.sku("TEE-1"), field: .price): Self.money(2000),
                BaseKey(sku: Self.sku("TEE-2"), field: .price): Self.money(2000),
                BaseKey(sku: Self.sku("TEE-1"), field: .title): .text("Tee"),
            ], store: "shop", runID: nil)
        let detected = Date().addingTimeInterval(-3600)
        let items = [
            ReviewItem(
                store: "shop", sku: Self.sku("TEE-1"), field: .price, kind: .conflict, code: "drift.conflict",
                explanation: "TEE-1 price: both changed", base: Self.money(2000), canonical: Self.money(2400),
                storeValue: Self.money(2100), detectedAt: detected),
            ReviewItem(
                store: "shop", sku: Self.sku("TEE-2"), field: .price, kind: .conflict, code: "drift.conflict",
                explanation: "TEE-2 price: both changed", base: Self.money(2000), canonical: Self.money(2600),
                storeValue: Self.money(2200), detectedAt: detected),
            ReviewItem(
                store: "shop", sku: Self.sku("TEE-1"), field: .title, kind: .storeEdit, code: "drift.store-edited",
                explanation: "TEE-1 title: edited in the store", base: .text("Tee"), canonical: .text("Tee"),
                storeValue: .text("Tee shirt"), detectedAt: detected),
            ReviewItem(
                store: "shop", sku: Self.sku("MUG-1"), field: .stock(location: "loc-1"), kind: .conflict, code: "drift.conflict",
                explanation: "MUG-1 stock: both changed", base: .quantity(5), canonical: .quantity(7), storeValue: .quantity(3),
                detectedAt: detected),
            ReviewItem(
                store: "shop", sku: Self.sku("MUG-1"), field: .description, kind: .storeEdit, code: "drift.store-edited",
                explanation: "MUG-1 description: edited in the store", base: .text("A heavy ceramic mug"),
                canonical: .text("A heavy ceramic mug"), storeValue: .text("A heavy stoneware mug"), detectedAt: detected),
        ]
        _ = try await catalog.replaceReviewQueue(store: "shop", items: items, runID: nil)
    }

    /// A fresh connection, as another process would open the file.
    func catalog() throws -> SQLiteCatalogStore { try SQLiteCatalogStore(path: databasePath) }

    func base(_ sku: String, _ field: Change.Field) async throws -> FieldValue? {
        try await catalog().baseValues(store: "shop")[BaseKey(sku: Self.sku(sku), field: field)]
    }

    func decisions() async throws -> [ReviewDecision] {
        try await catalog().decisions(store: "shop").filter { $0.undoneAt == nil }
    }
}
