import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@Suite("Saved store snapshots (for offline audits)")
struct SnapshotStorageTests {
    static func listing(_ id: Int, store: StoreID) -> Listing {
        Listing(
            store: store, ref: RemoteRef(productID: "P\(id)", variantID: "V\(id)", inventoryItemID: id == 1 ? "I1" : nil),
            rawSKU: id == 2 ? "  " : "SKU-\(id)", barcode: id == 1 ? "4006381333931" : nil, productTitle: "Tee \(id)",
            variantTitle: "M", descriptionHTML: id == 1 ? "<p>Soft</p>" : nil, options: ["M", "Blue"],
            price: id == 2 ? nil : Money(minorUnits: 1999, currency: .eur),
            compareAtPrice: id == 1 ? Money(minorUnits: 2999, currency: .eur) : nil,
            weight: id == 1 ? Weight(value: Decimal(string: "0.25")!, unit: .kilograms) : nil, status: id == 2 ? .draft : .active,
            images: ["https://cdn.example.com/\(id).jpg"],
            stock: [StockLevel(location: "L1", onHand: 4, available: 3, committed: 1), StockLevel(location: "L2", onHand: 0)],
            tracksStock: id != 3, allowsBackorder: id == 3, updatedAt: Date(timeIntervalSince1970: 1_700_000_000),
            availability: id == 3 ? .outOfStock : nil, distinguishesDraftFromArchived: id != 2,
            optionNames: id == 1 ? ["Size", "Colour"] : [])
    }

    @Test("a snapshot round-trips listing by listing, replaces the store's previous one, and leaves other stores alone")
    func roundTrip() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        #expect(try await catalog.latestSnapshot(store: "shop") == nil)
        let first = StoreSnapshot(
            store: "shop", fetchedAt: Date(timeIntervalSince1970: 1_700_000_100), isComplete: true,
            listings: (1...3).map { Self.listing($0, store: "shop") }, locations: [Location(code: "L1", name: "Main")],
            nextCursor: SyncCursor(updatedAt: Date(timeIntervalSince1970: 1_700_000_050), token: "abc"))
        try await catalog.saveSnapshot(first)
        try await catalog.saveSnapshot(
            StoreSnapshot(
                store: "other", fetchedAt: Date(timeIntervalSince1970: 5), isComplete: true, listings: [Self.listing(9, store: "other")],
                locations: [], nextCursor: nil))

        let read = try #require(try await catalog.latestSnapshot(store: "shop"))
        #expect(read.listings == first.listings)
        #expect(read.fetchedAt == first.fetchedAt)
        #expect(read.isComplete)
        #expect(read.locations == first.locations)
        #expect(read.nextCursor == first.nextCursor)

        let second = StoreSnapshot(
            store: "shop", fetchedAt: Date(timeIntervalSince1970: 1_700_100_000), isComplete: true,
            listings: [Self.listing(2, store: "shop")], locations: [], nextCursor: nil)
        try await catalog.saveSnapshot(second)
        let replaced = try #require(try await catalog.latestSnapshot(store: "shop"))
        #expect(replaced.listings == second.listings)
        #expect(replaced.nextCursor == nil)
        #expect(try await catalog.latestSnapshot(store: "other")?.listings.count == 1)
    }
}
