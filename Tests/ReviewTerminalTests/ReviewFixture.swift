import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation

/// A real catalog database in a temporary directory with a small review queue:
/// two price conflicts in `shop` (TEE-1, TEE-2), a store-edited title (TEE-1), a stock conflict
/// (MUG-1), and a long description edited in the store (MUG-1).
struct ReviewFixture {
    static let eur = CurrencyCode("EUR")!
    static let detected = Date(timeIntervalSince1970: 1_700_000_000)

    let directory: TemporaryDirectory
    let catalog: SQLiteCatalogStore

    static func money(_ minor: Int64) -> FieldValue { .money(Money(minorUnits: minor, currency: eur)) }
    static func sku(_ text: String) -> SKU { SKU(text)! }

    static let longDescription = "A heavy ceramic mug that keeps coffee warm for a long time and survives the dishwasher"
    static let editedDescription = "A heavy stoneware mug that keeps tea warm for a long time and survives the dishwasher"

    init() async throws {
        directory = try TemporaryDirectory(prefix: "concord-review")
        catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        let tee = Product(
            handle: "tee", title: "Tee",
            variants: [
                Variant(
                    sku: Self.sku("TEE-1"), price: Money(minorUnits: 2400, currency: Self.eur),
                    stock: [StockLevel(location: "main", onHand: 7)]),
                Variant(
                    sku: Self.sku("TEE-2"), price: Money(minorUnits: 2600, currency: Self.eur),
                    stock: [StockLevel(location: "main", onHand: 4)]),
            ])
        let mug = Product(
            handle: "mug", title: "Mug", descriptionHTML: Self.longDescription,
            variants: [
                Variant(
                    sku: Self.sku("MUG-1"), price: Money(minorUnits: 1200, currency: Self.eur),
                    stock: [StockLevel(location: "main", onHand: 7)])
            ])
        _ = try await catalog.writeCatalog([tee, mug], locations: [Location(code: "main", name: "Main")], mode: .replace)
        try await catalog.recordBaseValues(
            [
                BaseKey(sku: Self.sku("TEE-1"), field: .price): Self.money(2000),
                BaseKey(sku: Self.sku("TEE-2"), field: .price): Self.money(2000),
                BaseKey(sku: Self.sku("TEE-1"), field: .title): .text("Tee"),
                BaseKey(sku: Self.sku("MUG-1"), field: .stock(location: "loc-1")): .quantity(5),
                BaseKey(sku: Self.sku("MUG-1"), field: .description): .text(Self.longDescription),
            ], store: "shop", runID: nil)
        _ = try await catalog.replaceReviewQueue(store: "shop", items: Self.items(), runID: nil)
    }

    /// The queue as a plan would record it.
    static func items(teePriceInStore: Int64 = 2100) -> [ReviewItem] {
        [
            ReviewItem(
                store: "shop", sku: sku("TEE-1"), field: .price, kind: .conflict, code: "drift.conflict",
                explanation: "TEE-1 price: the catalog and the store both changed since the last sync",
                base: money(2000), canonical: money(2400), storeValue: money(teePriceInStore), detectedAt: detected),
            ReviewItem(
                store: "shop", sku: sku("TEE-2"), field: .price, kind: .conflict, code: "drift.conflict",
                explanation: "TEE-2 price: both changed", base: money(2000), canonical: money(2600), storeValue: money(2200),
                detectedAt: detected),
            ReviewItem(
                store: "shop", sku: sku("TEE-1"), field: .title, kind: .storeEdit, code: "drift.store-edited",
                explanation: "TEE-1 title: the store was edited outside Concord", base: .text("Tee"), canonical: .text("Tee"),
                storeValue: .text("Tee shirt"), detectedAt: detected),
            ReviewItem(
                store: "shop", sku: sku("MUG-1"), field: .stock(location: "loc-1"), kind: .conflict, code: "drift.conflict",
                explanation: "MUG-1 stock: both changed", base: .quantity(5), canonical: .quantity(7), storeValue: .quantity(3),
                detectedAt: detected),
            ReviewItem(
                store: "shop", sku: sku("MUG-1"), field: .description, kind: .storeEdit, code: "drift.store-edited",
                explanation: "MUG-1 description: edited in the store", base: .text(longDescription),
                canonical: .text(longDescription), storeValue: .text(editedDescription), detectedAt: detected),
        ]
    }

    func item(_ sku: String, _ field: Change.Field) async throws -> ReviewItem {
        try await catalog.reviewQueue(store: "shop").first { $0.sku.rawValue == sku && $0.field == field }!
    }

    func base(_ sku: String, _ field: Change.Field) async throws -> FieldValue? {
        try await catalog.baseValues(store: "shop")[BaseKey(sku: Self.sku(sku), field: field)]
    }
}
