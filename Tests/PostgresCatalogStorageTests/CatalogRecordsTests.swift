import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// ``CatalogRecords`` on both backends: merge and replace, SKUs moving products, stock scopes,
/// kits, the revision, and a failed write that leaves nothing.
@Suite("the catalog, on SQLite and PostgreSQL alike")
struct CatalogRecordsTests {
    @Test("every field of products, variants and locations reads back as written", arguments: Backend.allCases)
    func writesAndReadsBackEveryField(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            let product = sampleProduct()
            let summary = try await records.writeCatalog(
                [product], locations: [Location(code: "main", name: "Main warehouse")], mode: .merge)
            #expect(summary == CatalogWriteSummary(productsWritten: 1, variantsWritten: 2))
            #expect(try await records.allProducts() == [product])
            let found = try #require(try await records.product(containing: SKU("TEE-M")!))
            #expect(found.variantIndex == 1)
            #expect(found.product == product)
            #expect(try await records.product(containing: SKU("NOPE")!) == nil)
            #expect(
                try await records.locations() == [Location(code: "berlin", name: "berlin"), Location(code: "main", name: "Main warehouse")])
            // A name that is only the code never replaces a name; a real name does.
            _ = try await records.writeCatalog([], locations: [Location(code: "main", name: "main")], mode: .merge)
            #expect(try await records.locations().last == Location(code: "main", name: "Main warehouse"))
            _ = try await records.writeCatalog([], locations: [Location(code: "berlin", name: "Berlin shop")], mode: .merge)
            #expect(try await records.locations().first == Location(code: "berlin", name: "Berlin shop"))
        }
    }

    @Test("merge keeps other products; replace removes them", arguments: Backend.allCases)
    func mergeKeepsOtherProductsAndReplaceRemovesThem(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog(
                [sampleProduct(), sampleProduct(handle: "mug", skus: ["MUG-1"])], locations: [], mode: .merge)
            var tee = sampleProduct(skus: ["TEE-S", "TEE-L"])
            tee.title = "Classic Tee v2"
            let merged = try await records.writeCatalog([tee], locations: [], mode: .merge)
            #expect(merged == CatalogWriteSummary(productsWritten: 1, variantsWritten: 2, variantsRemoved: 1))
            var products = try await records.allProducts()
            #expect(products.map(\.handle) == ["classic-tee", "mug"])
            #expect(products[0].title == "Classic Tee v2")
            #expect(products[0].variants.map(\.sku.rawValue) == ["TEE-S", "TEE-L"])

            let replaced = try await records.writeCatalog([tee], locations: [], mode: .replace)
            #expect(replaced == CatalogWriteSummary(productsWritten: 1, variantsWritten: 2, productsRemoved: 1, variantsRemoved: 1))
            products = try await records.allProducts()
            #expect(products.map(\.handle) == ["classic-tee"])
            let stats = try await records.stats()
            #expect(stats == CatalogStats(products: 1, variants: 2, locations: 2, unitsOnHand: 30, listingsPerStore: [:], orders: 0))
        }
    }

    @Test("a SKU moves to the product that names it last", arguments: Backend.allCases)
    func aSKUMovesBetweenProducts(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog([sampleProduct(handle: "a", skus: ["X-1"])], locations: [], mode: .merge)
            _ = try await records.writeCatalog([sampleProduct(handle: "b", skus: ["X-1"])], locations: [], mode: .merge)
            let found = try #require(try await records.product(containing: SKU("X-1")!))
            #expect(found.product.handle == "b")
            #expect(try await records.allProducts().map { $0.variants.count } == [0, 1])
            #expect(try await records.stats().variants == 1)
        }
    }

    /// SQLite walks the products in order, so a SKU a product gives up before another takes it is
    /// removed and written again (its stock only what the file says), while one taken first
    /// simply moves: the PostgreSQL store must replay that walk, not just its end state.
    @Test(
        "a SKU leaving one product for another later in the same write is removed first, in the walk's order", arguments: Backend.allCases)
    func walkOrder(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            let both = Product(
                handle: "a", title: "A",
                variants: [
                    Variant(
                        sku: SKU("X")!, price: Money(minorUnits: 100, currency: .eur), stock: [StockLevel(location: "main", onHand: 3)]),
                    Variant(
                        sku: SKU("Y")!, price: Money(minorUnits: 100, currency: .eur), stock: [StockLevel(location: "main", onHand: 4)]),
                ])
            _ = try await records.writeCatalog([both], locations: [], mode: .merge)
            // a gives up Y first: Y is removed with its stock, then b writes it anew, without stock.
            let aFirst = try await records.writeCatalog(
                [simpleProduct("a", sku: "X", stock: [StockLevel(location: "main", onHand: 3)]), simpleProduct("b", sku: "Y")],
                locations: [], mode: .merge)
            #expect(aFirst == CatalogWriteSummary(productsWritten: 2, variantsWritten: 2, variantsRemoved: 1))
            #expect(try await records.stock(of: "Y").isEmpty)

            _ = try await records.writeCatalog([both], locations: [], mode: .merge)
            // b takes Y first: it moves, keeping its stock, and a has nothing left to give up.
            let bFirst = try await records.writeCatalog(
                [simpleProduct("b", sku: "Y"), simpleProduct("a", sku: "X", stock: [StockLevel(location: "main", onHand: 3)])],
                locations: [], mode: .merge)
            #expect(bFirst == CatalogWriteSummary(productsWritten: 2, variantsWritten: 2))
            #expect(try await records.stock(of: "Y")["main"]?.onHand == 4)
            #expect(try await records.product(containing: SKU("Y")!)?.product.handle == "b")
        }
    }

    @Test("a product given twice in one write is written as its last occurrence, in its first place", arguments: Backend.allCases)
    func handleGivenTwice(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog([simpleProduct("first", sku: "F")], locations: [], mode: .merge)
            var later = simpleProduct("twice", sku: "T2")
            later.title = "Second"
            let summary = try await records.writeCatalog(
                [simpleProduct("twice", sku: "T1"), simpleProduct("other", sku: "O"), later], locations: [], mode: .merge)
            #expect(summary == CatalogWriteSummary(productsWritten: 3, variantsWritten: 3, variantsRemoved: 1))
            let products = try await records.allProducts()
            #expect(products.map(\.handle) == ["first", "twice", "other"])
            #expect(products[1].title == "Second")
            #expect(products[1].variants.map(\.sku.rawValue) == ["T2"])
            #expect(try await records.product(containing: SKU("T1")!) == nil)
        }
    }

    @Test("one quantity column sets what is available at its location and moves on hand by as much", arguments: Backend.allCases)
    func availableAtOneLocation(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog([sampleProduct()], locations: [], mode: .merge)
            // berlin: 10 on hand, 2 committed, 8 available. The file says 5 available there.
            var file = sampleProduct(skus: ["TEE-S"])
            file.variants[0].stock = [StockLevel(location: "berlin", onHand: 5, available: 5)]
            _ = try await records.writeCatalog([file], locations: [], mode: .replace, kits: [], stock: .availableAtOneLocation)
            let levels = try await records.stock(of: "TEE-S")
            #expect(levels["berlin"] == StockLevel(location: "berlin", onHand: 7, available: 5, committed: 2))
            #expect(levels["main"] == StockLevel(location: "main", onHand: 5, available: 5, committed: 0), "other locations are untouched")
            #expect(try await records.product(containing: SKU("TEE-M")!) == nil, "the replace still removed TEE-M")
        }
    }

    @Test("a replace of per-location stock drops the levels the file does not list", arguments: Backend.allCases)
    func replaceDropsUnlistedLevels(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog([sampleProduct()], locations: [], mode: .merge)
            var file = sampleProduct()
            file.variants[0].stock = [StockLevel(location: "main", onHand: 8)]
            _ = try await records.writeCatalog([file], locations: [], mode: .replace)
            #expect(try await records.stock(of: "TEE-S") == ["main": StockLevel(location: "main", onHand: 8)])
            // A merge keeps what the file does not list.
            file.variants[1].stock = [StockLevel(location: "main", onHand: 1)]
            _ = try await records.writeCatalog([file], locations: [], mode: .merge)
            #expect(try await records.stock(of: "TEE-M").keys.sorted() == ["berlin", "main"])
            #expect(try await records.stats().unitsOnHand == 8 + 10 + 1)
        }
    }

    @Test("kits: a replace makes them exactly the file's, a merge replaces only those given", arguments: Backend.allCases)
    func kits(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            func kit(_ sku: String, _ parts: [(String, Int)]) -> KitDefinition {
                KitDefinition(sku: SKU(sku)!, components: parts.map { KitComponent(sku: SKU($0.0)!, quantity: $0.1) })
            }
            let products = [sampleProduct(), simpleProduct("gift", sku: "GIFT"), simpleProduct("duo", sku: "DUO")]
            _ = try await records.writeCatalog(
                products, locations: [], mode: .replace,
                kits: [kit("GIFT", [("TEE-S", 1), ("TEE-M", 2)]), kit("DUO", [("TEE-M", 2)])])
            #expect(try await records.kits() == [kit("DUO", [("TEE-M", 2)]), kit("GIFT", [("TEE-S", 1), ("TEE-M", 2)])])
            _ = try await records.writeCatalog(products, locations: [], mode: .merge, kits: [kit("DUO", [("TEE-S", 3)])])
            #expect(try await records.kits() == [kit("DUO", [("TEE-S", 3)]), kit("GIFT", [("TEE-S", 1), ("TEE-M", 2)])])
            _ = try await records.writeCatalog(products, locations: [], mode: .replace, kits: [kit("GIFT", [("TEE-M", 1)])])
            #expect(try await records.kits() == [kit("GIFT", [("TEE-M", 1)])])

            let revision = try await records.catalogRevision()
            try await records.saveKits([kit("DUO", [("TEE-S", 1)])], replacingAll: false)
            #expect(try await records.kits().map(\.sku.rawValue) == ["DUO", "GIFT"])
            try await records.saveKits([kit("DUO", [("TEE-M", 1)])], replacingAll: true)
            #expect(try await records.kits() == [kit("DUO", [("TEE-M", 1)])])
            #expect(try await records.removeKit(SKU("DUO")!))
            #expect(try await !records.removeKit(SKU("DUO")!))
            #expect(try await records.kits().isEmpty)
            #expect(try await records.catalogRevision() == revision + 3, "each kit write raises it; removing nothing does not")
            try await records.saveKits([], replacingAll: false)
            #expect(try await records.catalogRevision() == revision + 3, "saving no kits changes nothing")
        }
    }

    @Test("every catalog write raises the revision once", arguments: Backend.allCases)
    func revisionGrows(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            #expect(try await records.catalogRevision() == 0)
            _ = try await records.writeCatalog([sampleProduct()], locations: [], mode: .merge)
            #expect(try await records.catalogRevision() == 1)
            _ = try await records.writeCatalog([sampleProduct()], locations: [], mode: .merge, kits: [])
            #expect(try await records.catalogRevision() == 2)
            _ = try await records.writePulledCatalog(
                [sampleProduct()], locations: [], mode: .merge, mappings: [], bases: [:], store: "shop")
            #expect(try await records.catalogRevision() == 3)
        }
    }

    @Test("a write that fails leaves the catalog, its locations, kits and revision as they were", arguments: Backend.allCases)
    func aFailedWriteLeavesTheCatalogAsItWas(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            _ = try await records.writeCatalog(
                [sampleProduct()], locations: [], mode: .merge,
                kits: [KitDefinition(sku: SKU("TEE-S")!, components: [KitComponent(sku: SKU("TEE-M")!, quantity: 2)])])
            let revision = try await records.catalogRevision()
            // The second product repeats a SKU of the first: the write fails after the first product,
            // a new location and the replace's deletions were already on their way.
            let second = sampleProduct(handle: "second", skus: ["NEW-1", "FRESH"])
            await #expect {
                try await records.writeCatalog(
                    [sampleProduct(handle: "first-new", skus: ["FRESH"]), second], locations: [Location(code: "paris", name: "Paris")],
                    mode: .replace, kits: [])
            } throws: { error in
                (error as? CatalogStoreError)?.code == .duplicateSKU && "\(error)".contains("SKU FRESH appears twice")
            }
            await #expect(throws: CatalogStoreError.self) {
                try await records.writePulledCatalog(
                    [second, simpleProduct("third", sku: "FRESH")], locations: [], mode: .replace, mappings: [], bases: [:], store: "shop")
            }
            #expect(try await records.allProducts() == [sampleProduct()])
            #expect(try await records.locations().map(\.code) == ["berlin", "main"])
            #expect(try await records.kits().count == 1)
            #expect(try await records.catalogRevision() == revision)
        }
    }

    @Test("two thousand products go in and come back in order", arguments: Backend.allCases)
    func bulkWrite(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let records = catalog.records
            let products = (0..<2_000).map { index in
                simpleProduct(
                    "p-\(index)", sku: "SKU-\(index)",
                    stock: [StockLevel(location: index.isMultiple(of: 2) ? "main" : "berlin", onHand: index % 7)],
                    price: Int64(index))
            }
            let summary = try await records.writeCatalog(products, locations: [], mode: .replace)
            #expect(summary == CatalogWriteSummary(productsWritten: 2_000, variantsWritten: 2_000))
            #expect(try await records.allProducts() == products)
            let reversed = Array(products.reversed().prefix(1_000))
            let replaced = try await records.writeCatalog(reversed, locations: [], mode: .replace)
            #expect(
                replaced
                    == CatalogWriteSummary(productsWritten: 1_000, variantsWritten: 1_000, productsRemoved: 1_000, variantsRemoved: 1_000))
            #expect(try await records.allProducts() == Array(products.suffix(1_000)), "kept products keep their places")
        }
    }

    @Test("two agents writing at once both land, one after the other", arguments: Backend.allCases)
    func agentsWriteTogether(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let other = try await catalog.another()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<10 {
                    let records = index.isMultiple(of: 2) ? catalog.records : other.records
                    group.addTask {
                        _ = try await records.writeCatalog([simpleProduct("p\(index)", sku: "S\(index)")], locations: [], mode: .merge)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await other.records.stats().products == 10)
            #expect(try await catalog.records.catalogRevision() == 10)
        }
    }
}
