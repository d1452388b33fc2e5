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
///
/// With `listingItems`, three items about whole listings join (8 in all), ordered as the field
/// `listing`: MUG-1 description, MUG-1 listing (missing in shop), MUG-1 stock@loc-1, OLD-9 listing
/// (an orphan that can be adopted), TEE-1 listing (two listings carry TEE-1: 101/1001 and
/// 102/1002), TEE-1 price, TEE-1 title, TEE-2 price.
struct ReviewQueueSetup {
    static let eur = CurrencyCode("EUR")!
    let directory: TemporaryDirectory
    var databasePath: String { directory.path("catalog.sqlite") }

    static func money(_ minor: Int64) -> FieldValue { .money(Money(minorUnits: minor, currency: eur)) }
    static func sku(_ text: String) -> SKU { SKU(text)! }

    static let firstListing = RemoteRef(productID: "101", variantID: "1001")
    static let secondListing = RemoteRef(productID: "102", variantID: "1002")
    static let orphanListing = RemoteRef(productID: "109", variantID: "1009")

    init(listingItems: Bool = false) async throws {
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
        _ = try await catalog.replaceReviewQueue(
            store: "shop", items: items + (listingItems ? Self.listingItems(detected: detected) : []), runID: nil)
    }

    static func listingItems(detected: Date) -> [ReviewItem] {
        let price = Money(minorUnits: 2400, currency: eur)
        let orphanVariant = Variant(sku: sku("OLD-9"), title: "Default", price: Money(minorUnits: 1500, currency: eur))
        return [
            ReviewItem(
                store: "shop", sku: sku("TEE-1"), field: nil, kind: .ambiguousMatch, code: "listing.duplicate-sku",
                explanation: "TEE-1: several listings in this store carry the same SKU", listing: "",
                storeValue: .list(["101/1001", "102/1002"]),
                detectedAt: detected,
                detail: ListingReviewDetail(
                    candidates: [
                        ListingCandidate(ref: firstListing, rawSKU: "TEE-1", title: "Tee", price: price),
                        ListingCandidate(ref: secondListing, rawSKU: "TEE-1", title: "Tee (old)", price: price),
                    ], storeSKU: "TEE-1")),
            ReviewItem(
                store: "shop", sku: sku("OLD-9"), field: nil, kind: .orphan, code: "listing.orphan",
                explanation: "\"OLD-9\": the listing's SKU is not in the catalog", listing: orphanListing.variantID, detectedAt: detected,
                detail: ListingReviewDetail(
                    candidates: [ListingCandidate(ref: orphanListing, rawSKU: "OLD-9", title: "Old Tee", price: orphanVariant.price)],
                    storeSKU: "OLD-9",
                    adoption: ListingAdoption(
                        handle: "old-tee", product: Product(handle: "old-tee", title: "Old Tee"), variant: orphanVariant, locations: [],
                        ref: orphanListing, bases: ["price": .money(orphanVariant.price)]))),
            ReviewItem(
                store: "shop", sku: sku("MUG-1"), field: nil, kind: .missingListing, code: "listing.missing",
                explanation: "MUG-1: a catalog variant this store should carry has no listing there", listing: "", detectedAt: detected),
        ]
    }

    func mappings() async throws -> [ListingMapping] { try await catalog().listingMappings(store: "shop") }

    /// A fresh connection, as another process would open the file.
    func catalog() throws -> SQLiteCatalogStore { try SQLiteCatalogStore(path: databasePath) }

    func base(_ sku: String, _ field: Change.Field) async throws -> FieldValue? {
        try await catalog().baseValues(store: "shop")[BaseKey(sku: Self.sku(sku), field: field)]
    }

    func decisions() async throws -> [ReviewDecision] {
        try await catalog().decisions(store: "shop").filter { $0.undoneAt == nil }
    }
}
