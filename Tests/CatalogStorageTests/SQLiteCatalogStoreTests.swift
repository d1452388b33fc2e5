import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

/// A catalog database in a fresh temporary folder, removed when the test ends.
final class TemporaryCatalog {
    let folder: TemporaryDirectory
    let store: SQLiteCatalogStore
    var directory: String { folder.path }

    init() throws {
        folder = try TemporaryDirectory(prefix: "concord-store")
        store = try SQLiteCatalogStore(path: folder.path + "/catalog.sqlite")
    }
}

func sampleProduct(handle: String = "classic-tee", skus: [String] = ["TEE-S", "TEE-M"]) -> Product {
    Product(
        handle: handle, title: "Classic Tee", descriptionHTML: "<p>Soft cotton</p>", vendor: "Acme", productType: "Shirts",
        tags: ["summer", "cotton"], status: .active, optionNames: ["Size"], images: ["https://cdn.example.com/tee.jpg"],
        variants: skus.enumerated().map { index, sku in
            Variant(
                sku: SKU(sku)!, barcode: Barcode("4006381333931"), title: sku, options: [sku],
                price: Money(minorUnits: 1990 + Int64(index), currency: .eur), compareAtPrice: Money(minorUnits: 2490, currency: .eur),
                cost: Money(minorUnits: 700, currency: .eur), weight: Weight(value: Decimal(string: "0.25")!, unit: .kilograms),
                status: .active, images: [], allowsBackorder: index == 1, requiresShipping: true,
                stock: [StockLevel(location: "berlin", onHand: 10, committed: 2), StockLevel(location: "main", onHand: 5)])
        })
}

struct SQLiteCatalogStoreTests {
    @Test func writesAndReadsBackEveryField() async throws {
        let catalog = try TemporaryCatalog()
        let product = sampleProduct()
        let summary = try await catalog.store.writeCatalog(
            [product], locations: [Location(code: "main", name: "Main warehouse")], mode: .merge)
        #expect(summary.productsWritten == 1 && summary.variantsWritten == 2)
        let products = try await catalog.store.allProducts()
        #expect(products == [product])
        let found = try #require(try await catalog.store.product(containing: SKU("TEE-M")!))
        #expect(found.variantIndex == 1)
        #expect(found.product == product)
        let locations = try await catalog.store.locations()
        #expect(locations == [Location(code: "berlin", name: "berlin"), Location(code: "main", name: "Main warehouse")])
    }

    @Test func mergeKeepsOtherProductsAndReplaceRemovesThem() async throws {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog(
            [sampleProduct(), sampleProduct(handle: "mug", skus: ["MUG-1"])], locations: [], mode: .merge)
        var tee = sampleProduct(skus: ["TEE-S", "TEE-L"])
        tee.title = "Classic Tee v2"
        let merged = try await catalog.store.writeCatalog([tee], locations: [], mode: .merge)
        #expect(merged.variantsRemoved == 1)
        var products = try await catalog.store.allProducts()
        #expect(products.map(\.handle) == ["classic-tee", "mug"])
        #expect(products[0].title == "Classic Tee v2")
        #expect(products[0].variants.map(\.sku.rawValue) == ["TEE-S", "TEE-L"])

        let replaced = try await catalog.store.writeCatalog([tee], locations: [], mode: .replace)
        #expect(replaced.productsRemoved == 1 && replaced.variantsRemoved == 1)
        products = try await catalog.store.allProducts()
        #expect(products.map(\.handle) == ["classic-tee"])
        #expect(try await catalog.store.stats().variants == 2)
    }

    @Test func aSKUMovesBetweenProducts() async throws {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog([sampleProduct(handle: "a", skus: ["X-1"])], locations: [], mode: .merge)
        _ = try await catalog.store.writeCatalog([sampleProduct(handle: "b", skus: ["X-1"])], locations: [], mode: .merge)
        let found = try #require(try await catalog.store.product(containing: SKU("X-1")!))
        #expect(found.product.handle == "b")
        #expect(try await catalog.store.stats().variants == 1)
    }

    @Test func statsCountUnitsListingsAndOrders() async throws {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog([sampleProduct()], locations: [], mode: .merge)
        try await catalog.store.saveListingMappings([
            ListingMapping(store: "shop", sku: SKU("TEE-S")!, ref: RemoteRef(productID: "p1", variantID: "v1"), lastSeen: Date()),
            ListingMapping(store: "shop", sku: SKU("TEE-M")!, ref: RemoteRef(productID: "p1", variantID: "v2"), lastSeen: Date()),
        ])
        let stats = try await catalog.store.stats()
        #expect(stats.products == 1 && stats.variants == 2 && stats.locations == 2)
        #expect(stats.unitsOnHand == 30)
        #expect(stats.listingsPerStore == ["shop": 2])
    }

    @Test func ordersAreIngestedExactlyOnceAndUpdatedInPlace() async throws {
        let catalog = try TemporaryCatalog()
        let created = Date(timeIntervalSince1970: 1_700_000_000)
        var order = Order(
            store: "shop", remoteID: "1001", createdAt: created,
            lines: [
                OrderLine(remoteLineID: "l1", sku: SKU("TEE-S"), quantity: 2),
                OrderLine(remoteLineID: "l2", sku: nil, quantity: 1),
            ])
        #expect(try await catalog.store.ingestOrders([order]) == 1)
        order.cancelledAt = created.addingTimeInterval(60)
        order.lines[0].cancelledQuantity = 2
        #expect(try await catalog.store.ingestOrders([order]) == 0)
        let stored = try await catalog.store.orders(store: "shop")
        #expect(stored == [order])
        #expect(stored[0].lines[0].openQuantity == 0)
    }

    @Test func basesCursorsJournalAndDecisionsPersist() async throws {
        let catalog = try TemporaryCatalog()
        let key = BaseKey(sku: SKU("TEE-S")!, field: .stock(location: "gid://shopify/Location/1"))
        try await catalog.store.recordBaseValues(
            [key: .quantity(7), BaseKey(sku: SKU("TEE-S")!, field: .price): .money(Money(minorUnits: 1990, currency: .eur))], store: "shop",
            runID: nil)
        let bases = try await catalog.store.baseValues(store: "shop")
        #expect(bases[key] == .quantity(7))
        #expect(bases.count == 2)
        #expect(try await catalog.store.baseValues(store: "other").isEmpty)

        let instant = Date(timeIntervalSince1970: 1_750_000_000.5)
        try await catalog.store.saveCursor(SyncCursor(updatedAt: instant), store: "shop", stream: .catalog)
        #expect(try await catalog.store.cursor(store: "shop", stream: .catalog) == SyncCursor(updatedAt: instant))
        #expect(try await catalog.store.cursor(store: "shop", stream: .orders) == nil)

        let run = try await catalog.store.startRun(kind: .apply, startedAt: instant)
        let change = Change(
            id: "c1", store: "shop", sku: SKU("TEE-S")!, ref: RemoteRef(productID: "p", variantID: "v", inventoryItemID: "i"),
            field: .stock(location: "L1"), expected: .quantity(7), new: .quantity(5))
        try await catalog.store.journalPlan([[change]], firstBatch: 0, runID: run)
        #expect(try await catalog.store.journalEntries(runID: run).map(\.state) == [.queued])
        #expect(try await catalog.store.resumableRuns().map(\.id) == [run])
        try await catalog.store.markSent(["c1"], runID: run, at: instant)
        #expect(try await catalog.store.journalEntries(runID: run).map(\.state) == [.pending])
        try await catalog.store.recordOutcomes(
            [ChangeOutcome(changeID: "c1", status: .stale, message: "changed since planned")], runID: run, at: instant)
        let entry = try #require(try await catalog.store.journalEntries(runID: run).first)
        #expect(entry.state == .stale && entry.change == change && entry.message == "changed since planned")
        #expect(try await catalog.store.resumableRuns().isEmpty)
        // Re-planned within the run: queued again, replacing the stale line.
        try await catalog.store.journalPlan([[change]], firstBatch: 3, runID: run)
        #expect(try await catalog.store.journalEntries(runID: run).map(\.batch) == [3])
        try await catalog.store.recordOutcomes([ChangeOutcome(changeID: "c1", status: .applied)], runID: run, at: instant)
        #expect(
            try await catalog.store.baseValues(store: "shop")[BaseKey(sku: SKU("TEE-S")!, field: .stock(location: "L1"))] == .quantity(5))
        try await catalog.store.finishRun(run, status: .succeeded, finishedAt: instant, summaryJSON: "{}")
        #expect(try await catalog.store.runs(limit: 5).first?.status == .succeeded)

        let decision = ReviewDecision(
            store: "shop", sku: SKU("TEE-S")!, field: .title, choice: .store, value: .text("New title"), decidedAt: instant)
        let id = try await catalog.store.recordDecision(decision)
        var expected = decision
        expected.id = id
        #expect(try await catalog.store.decisions(store: "shop") == [expected])
    }

    @Test func aFailedWriteLeavesTheCatalogAsItWas() async throws {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog([sampleProduct()], locations: [], mode: .merge)
        // The second product repeats a SKU of the first: the write fails after the first product
        // (and the replace's deletions) already went into the transaction.
        let second = sampleProduct(handle: "second", skus: ["NEW-1", "FRESH"])
        await #expect {
            try await catalog.store.writeCatalog(
                [sampleProduct(handle: "first-new", skus: ["FRESH"]), second], locations: [], mode: .replace)
        } throws: { error in
            (error as? CatalogStoreError)?.code == .duplicateSKU && "\(error)".contains("SKU FRESH appears twice")
        }
        #expect(try await catalog.store.allProducts() == [sampleProduct()])
    }

    @Test func refusesAFileThatIsNotADatabase() throws {
        let path = NSTemporaryDirectory() + "not-a-db-\(UUID().uuidString).sqlite"
        try Data(String(repeating: "this is a text file, not SQLite\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect {
            _ = try SQLiteCatalogStore(path: path)
        } throws: { error in
            guard let error = error as? CatalogStoreError else { return false }
            return error.code == .notADatabase && error.description.contains(path)
        }
    }

    @Test func usesWriteAheadLogging() async throws {
        let catalog = try TemporaryCatalog()
        _ = try await catalog.store.writeCatalog([sampleProduct()], locations: [], mode: .merge)
        #expect(FileManager.default.fileExists(atPath: catalog.directory + "/catalog.sqlite-wal"))
    }
}
