import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// Receipts on both backends: one transaction that adds units, records each line and raises the
/// revision, or refuses and writes nothing.
@Suite("receipts, on SQLite and PostgreSQL alike")
struct StockReceiptTests {
    static let march2 = Date(timeIntervalSince1970: 1_740_873_600)

    func prepare(_ catalog: TestCatalog) async throws {
        _ = try await catalog.records.writeCatalog([sampleProduct()], locations: [Location(code: "main", name: "Main")], mode: .merge)
    }

    @Test("a receipt adds to on hand and available, keeping committed, and its reference is remembered", arguments: Backend.allCases)
    func addsToOnHandAndAvailableKeepingCommitted(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await prepare(catalog)
            let revision = try await catalog.records.catalogRevision()
            let summary = try await catalog.ledger.receiveStock(
                [
                    StockReceipt(sku: SKU("TEE-S")!, location: "berlin", quantity: 6, receivedAt: Self.march2, reference: "PO-1"),
                    StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: 1, receivedAt: Self.march2, reference: "PO-1"),
                ], recordedAt: Self.march2 + 3_600)
            #expect(summary == StockReceiptSummary(lines: 2, units: 7, catalogRevision: revision + 1))
            let levels = try await catalog.records.stock(of: "TEE-S")
            // berlin: 10 on hand, 2 committed, 8 available → 16 / 2 / 14.
            #expect(levels["berlin"] == StockLevel(location: "berlin", onHand: 16, available: 14, committed: 2))
            #expect(levels["main"] == StockLevel(location: "main", onHand: 6, available: 6, committed: 0))
            let references = try await catalog.ledger.receivedReferences(["PO-1", "PO-2"])
            #expect(references.keys.sorted() == ["PO-1"])
            #expect(
                references["PO-1"]
                    == ReceivedReference(reference: "PO-1", receivedAt: Self.march2, recordedAt: Self.march2 + 3_600, lines: 2, units: 7))
            #expect(try await catalog.ledger.receivedReferences([]).isEmpty)
        }
    }

    static let refusals: [(StockReceipt, String)] = [
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
    ]

    @Test("a receipt that cannot be counted refuses the whole file and writes nothing", arguments: Backend.allCases, refusals.indices)
    func refusesAndWritesNothing(backend: Backend, refusal: Int) async throws {
        let (bad, fragment) = Self.refusals[refusal]
        try await backend.withCatalog { catalog in
            try await prepare(catalog)
            let ledger = catalog.ledger
            _ = try await ledger.receiveStock(
                [StockReceipt(sku: SKU("TEE-M")!, location: "main", quantity: 2, receivedAt: Self.march2, reference: "PO-1")],
                recordedAt: Self.march2)
            let revision = try await catalog.records.catalogRevision()
            let before = try await catalog.records.stock(of: "TEE-M")
            let movements = try await ledger.stockMovements(sku: SKU("TEE-M")!)
            let good = StockReceipt(sku: SKU("TEE-M")!, location: "main", quantity: 5, receivedAt: Self.march2, reference: "PO-2")
            await #expect {
                _ = try await ledger.receiveStock([good, bad], recordedAt: Self.march2)
            } throws: { error in
                guard let error = error as? CatalogStoreError else { return false }
                return error.code == .refused && error.message.contains(fragment) && error.message.contains("nothing was written")
            }
            #expect(try await catalog.records.catalogRevision() == revision)
            #expect(try await catalog.records.stock(of: "TEE-M") == before)
            #expect(try await ledger.stockMovements(sku: SKU("TEE-M")!) == movements)
            #expect(try await ledger.receipts(since: nil, until: nil).count == 1)
            #expect(try await ledger.receivedReferences(["PO-2"]).isEmpty)
        }
    }

    @Test("receipts of a period: from its start, up to but not including its end", arguments: Backend.allCases)
    func readsReceiptsOfAPeriod(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await prepare(catalog)
            let ledger = catalog.ledger
            let day: TimeInterval = 86_400
            _ = try await ledger.receiveStock(
                (0..<4).map {
                    StockReceipt(sku: SKU("TEE-S")!, location: "main", quantity: $0 + 1, receivedAt: Self.march2 + Double($0) * day)
                }, recordedAt: Self.march2 + 5 * day)
            #expect(try await ledger.receipts(since: Self.march2 + day, until: Self.march2 + 3 * day).map(\.quantity) == [2, 3])
            #expect(try await ledger.receipts(since: nil, until: Self.march2 + day).map(\.quantity) == [1])
            #expect(try await ledger.receipts(since: Self.march2 + 3 * day, until: nil).map(\.quantity) == [4])
            #expect(try await ledger.receipts(since: nil, until: nil).allSatisfy { $0.reference == nil })
            #expect(try await ledger.receipts(since: nil, until: nil).first?.receivedAt == Self.march2)
        }
    }
}
