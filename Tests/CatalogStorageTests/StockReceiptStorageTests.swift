import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// Receipts in the catalog database: one transaction that adds units, records each line and
/// raises the revision, or refuses and writes nothing.
struct StockReceiptStorageTests {
    static let march2 = Date(timeIntervalSince1970: 1_740_873_600)

    func prepared() async throws -> TemporaryCatalog {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog([sampleProduct()], locations: [Location(code: "main", name: "Main")], mode: .merge)
        return catalog
    }

    func stock(_ store: SQLiteCatalogStore, _ sku: String) async throws -> [String: StockLevel] {
        let (product, index) = try #require(try await store.product(containing: SKU(sku)!))
        return Dictionary(uniqueKeysWithValues: product.variants[index].stock.map { ($0.location, $0) })
    }

    @Test func addsToOnHandAndAvailableKeepingCommitted() async throws {
        let catalog = try await prepared()
        let revision = try await catalog.store.catalogRevision()
        let summary = try await catalog.store.receiveStock(
            [
                StockReceipt(sku: SKU("TEE-S")!, location: "berlin", quantity: 6, receivedAt: Self.march2, reference: "PO-1"),
                StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: 1, receivedAt: Self.march2, reference: "PO-1"),
            ], recordedAt: Self.march2 + 3_600)
        #expect(summary == StockReceiptSummary(lines: 2, units: 7, catalogRevision: revision + 1))
        let levels = try await stock(catalog.store, "TEE-S")
        // berlin: 10 on hand, 2 committed, 8 available → 16 / 2 / 14.
        #expect(levels["berlin"] == StockLevel(location: "berlin", onHand: 16, available: 14, committed: 2))
        #expect(levels["main"] == StockLevel(location: "main", onHand: 6, available: 6, committed: 0))
        let references = try await catalog.store.receivedReferences(["PO-1", "PO-2"])
        #expect(references.keys.sorted() == ["PO-1"])
        #expect(
            references["PO-1"]
                == ReceivedReference(reference: "PO-1", receivedAt: Self.march2, recordedAt: Self.march2 + 3_600, lines: 2, units: 7))
    }

    @Test(arguments: [
        (
            StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: 1, receivedAt: march2, reference: "PO-1"),
            "PO-1 was received on 2025-03-02"
        ),
        (
            StockReceipt(sku: SKU("NOPE")!, location: "main", quantity: 1, receivedAt: march2, reference: "PO-2"),
            "SKU NOPE is not in the catalog"
        ),
        (StockReceipt(sku: SKU("TEE-S")!, location: "paris", quantity: 1, receivedAt: march2, reference: "PO-2"), "location paris"),
        (StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: 0, receivedAt: march2, reference: "PO-2"), "not positive"),
    ])
    func refusesAndWritesNothing(bad: StockReceipt, fragment: String) async throws {
        let catalog = try await prepared()
        _ = try await catalog.store.receiveStock(
            [StockReceipt(sku: SKU("TEE-M")!, location: "main", quantity: 2, receivedAt: Self.march2, reference: "PO-1")],
            recordedAt: Self.march2)
        let revision = try await catalog.store.catalogRevision()
        let before = try await stock(catalog.store, "TEE-M")
        let good = StockReceipt(sku: SKU("TEE-M")!, location: "main", quantity: 5, receivedAt: Self.march2, reference: "PO-2")
        await #expect {
            _ = try await catalog.store.receiveStock([good, bad], recordedAt: Self.march2)
        } throws: { error in
            guard let error = error as? CatalogStoreError else { return false }
            return error.code == .refused && error.message.contains(fragment) && error.message.contains("nothing was written")
        }
        #expect(try await catalog.store.catalogRevision() == revision)
        #expect(try await stock(catalog.store, "TEE-M") == before)
        #expect(try await catalog.store.receipts(since: nil, until: nil).count == 1)
    }

    @Test func readsReceiptsOfAPeriod() async throws {
        let catalog = try await prepared()
        let day: TimeInterval = 86_400
        _ = try await catalog.store.receiveStock(
            (0..<4).map {
                StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: $0 + 1, receivedAt: Self.march2 + Double($0) * day)
            },
            recordedAt: Self.march2 + 5 * day)
        #expect(try await catalog.store.receipts(since: Self.march2 + day, until: Self.march2 + 3 * day).map(\.quantity) == [2, 3])
        #expect(try await catalog.store.receipts(since: nil, until: Self.march2 + day).map(\.quantity) == [1])
        #expect(try await catalog.store.receipts(since: Self.march2 + 3 * day, until: nil).map(\.quantity) == [4])
        #expect(try await catalog.store.receipts(since: nil, until: nil).allSatisfy { $0.reference == nil })
    }
}
