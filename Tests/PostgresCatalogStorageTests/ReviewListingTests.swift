import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// Decisions about whole listings on both backends: a match rewrites the SKU's mapping, an ignore
/// is remembered as a suppression, an adoption writes a variant, its mapping and bases; each undo
/// takes back exactly what it wrote.
@Suite("listing decisions, on SQLite and PostgreSQL alike")
struct ReviewListingTests {
    static let now = Date(timeIntervalSince1970: 1_700_100_000)
    static let eur = CurrencyCode("EUR")!

    static func prepare(_ catalog: TestCatalog) async throws {
        try await ReviewStoreTests.prepare(catalog)
        _ = try await catalog.records.writePulledCatalog(
            [], locations: [], mode: .merge,
            mappings: [
                ListingMapping(store: "shop", sku: SKU("TEE-1")!, ref: RemoteRef(productID: "p1", variantID: "v1"), lastSeen: now - 600),
                ListingMapping(store: "shop", sku: SKU("TEE-2")!, ref: RemoteRef(productID: "p1", variantID: "v3"), lastSeen: now - 600),
            ], bases: [:], store: "shop")
    }

    static let ambiguous = ReviewItem(
        store: "shop", sku: SKU("TEE-1")!, field: nil, kind: .ambiguousMatch, code: "match.ambiguous",
        explanation: "TEE-1 is carried by two listings", detectedAt: now,
        detail: ListingReviewDetail(candidates: [
            ListingCandidate(ref: RemoteRef(productID: "p1", variantID: "v1"), rawSKU: "TEE-1", title: "Tee - A"),
            ListingCandidate(ref: RemoteRef(productID: "p2", variantID: "v2"), rawSKU: "TEE-1", title: "Tee - B"),
        ]))

    static func orphan(_ sku: String, handle: String, stock: [StockLevel], locations: [Location] = []) -> ReviewItem {
        let variant = Variant(sku: SKU(sku)!, title: sku, price: Money(minorUnits: 1500, currency: eur), stock: stock)
        return ReviewItem(
            store: "shop", sku: SKU(sku)!, field: nil, kind: .orphan, code: "listing.orphan", explanation: "\(sku) is not in the catalog",
            listing: "v-\(sku)", detectedAt: now,
            detail: ListingReviewDetail(
                candidates: [ListingCandidate(ref: RemoteRef(productID: "p-\(sku)", variantID: "v-\(sku)"), rawSKU: sku, title: sku)],
                storeSKU: sku,
                adoption: ListingAdoption(
                    handle: handle, product: Product(handle: handle, title: handle.capitalized), variant: variant, locations: locations,
                    ref: RemoteRef(productID: "p-\(sku)", variantID: "v-\(sku)"),
                    bases: ["price": .money(Money(minorUnits: 1500, currency: eur)), "title": .text(handle.capitalized)])))
    }

    func queued(_ catalog: TestCatalog, _ items: [ReviewItem]) async throws -> [Int64] {
        _ = try await catalog.review.replaceReviewQueue(store: "shop", items: ReviewStoreTests.items() + items, runID: 3, scope: nil)
        let queue = try await catalog.review.reviewQueue(store: "shop")
        return try items.map { item in try #require(queue.first { $0.sku == item.sku && $0.kind == item.kind }?.id) }
    }

    @Test("m: the chosen listing becomes the SKU's mapping, replacing the old one; undo puts the old one back", arguments: Backend.allCases)
    func match(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let id = try await queued(catalog, [Self.ambiguous])[0]
            await #expect {
                _ = try await catalog.review.decideReviewItem(id, choice: .match, value: .text("v9"), ruleID: nil, at: Self.now)
            } throws: { error in
                (error as? CatalogStoreError)?.message
                    == "TEE-1 listing in shop: v9 is not one of the listings carrying TEE-1 (p1/v1, p2/v2); nothing was changed"
            }
            await #expect(throws: CatalogStoreError.self) {
                _ = try await catalog.review.decideReviewItem(id, choice: .match, value: nil, ruleID: nil, at: Self.now)
            }
            let decision = try await catalog.review.decideReviewItem(id, choice: .match, value: .text("p2/v2"), ruleID: nil, at: Self.now)
            #expect(decision.value == .text("v2") && decision.field == nil)
            #expect(
                try await catalog.sync.listingMappings(store: "shop").map { "\($0.sku) \($0.ref.variantID)" } == ["TEE-1 v2", "TEE-2 v3"])
            let item = try #require(try await catalog.review.reviewQueue(store: "shop").first { $0.id == id })
            #expect(item.state == .decided && item.choice == .match)
            _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            #expect(
                try await catalog.sync.listingMappings(store: "shop") == [
                    ListingMapping(
                        store: "shop", sku: SKU("TEE-1")!, ref: RemoteRef(productID: "p1", variantID: "v1"), lastSeen: Self.now - 600),
                    ListingMapping(
                        store: "shop", sku: SKU("TEE-2")!, ref: RemoteRef(productID: "p1", variantID: "v3"), lastSeen: Self.now - 600),
                ])
            // Undone exactly: the same decision again finds the old mapping to replace.
            let again = try await catalog.review.decideReviewItem(id, choice: .match, value: .text("v1"), ruleID: nil, at: Self.now)
            #expect(again.value == .text("v1"))
        }
    }

    @Test("i: an ignored orphan is never queued again; undo removes the suppression and asks again", arguments: Backend.allCases)
    func ignore(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let orphan = Self.orphan("ORPHAN-1", handle: "orphan", stock: [])
            let id = try await queued(catalog, [orphan])[0]
            let decision = try await catalog.review.decideReviewItem(id, choice: .ignore, value: nil, ruleID: nil, at: Self.now)
            #expect(
                try await catalog.review.reviewSuppressions(store: "shop") == [
                    ReviewSuppression(
                        store: "shop", code: "listing.orphan", sku: SKU("ORPHAN-1")!, listing: "v-ORPHAN-1", decisionID: decision.id!,
                        createdAt: Self.now)
                ])
            #expect(try await catalog.review.reviewSuppressions(store: "woo").isEmpty)
            let replanned = try await catalog.review.replaceReviewQueue(
                store: "shop", items: ReviewStoreTests.items() + [orphan], runID: 4, scope: nil)
            #expect(replanned.suppressed == 1 && replanned.removed == 1)
            #expect(try await catalog.review.reviewQueue(store: "shop").contains { $0.id == id } == false)

            let restored = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            #expect(restored.id == id && restored.state == .open)
            #expect(try await catalog.review.reviewSuppressions(store: "shop").isEmpty)
            #expect(try await catalog.review.reviewQueue(store: "shop").contains { $0.id == id }, "the undo brings the item back")
        }
    }

    @Test(
        "p: an orphan is adopted as a new product with its locations, mapping, bases and counts; undo removes it all",
        arguments: Backend.allCases)
    func adoptNewProduct(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let orphan = Self.orphan(
                "CAP-1", handle: "cap", stock: [StockLevel(location: "main", onHand: 3), StockLevel(location: "shop-2", onHand: 2)],
                locations: [Location(code: "shop-2", name: "Shop 2")])
            let id = try await queued(catalog, [orphan])[0]
            let revision = try await catalog.records.catalogRevision()
            let decision = try await catalog.review.decideReviewItem(id, choice: .adopt, value: nil, ruleID: nil, at: Self.now)
            let (product, index) = try #require(try await catalog.records.product(containing: SKU("CAP-1")!))
            #expect(product.handle == "cap" && product.title == "Cap" && index == 0)
            #expect(product.variants[0].stock.map(\.onHand) == [3, 2])
            #expect(try await catalog.records.locations().map(\.code) == ["main", "shop-2"])
            #expect(try await catalog.records.stats().listingsPerStore == ["shop": 3])
            #expect(
                try await catalog.sync.listingMappings(store: "shop").first?.ref == RemoteRef(productID: "p-CAP-1", variantID: "v-CAP-1"))
            let bases = try await catalog.sync.baseValues(store: "shop")
            #expect(bases[BaseKey(sku: SKU("CAP-1")!, field: .price)] == .money(Money(minorUnits: 1500, currency: Self.eur)))
            #expect(bases[BaseKey(sku: SKU("CAP-1")!, field: .title)] == .text("Cap"))
            #expect(try await catalog.ledger.stockMovements(sku: SKU("CAP-1")!).map(\.quantity) == [3, 2])
            #expect(try await catalog.records.catalogRevision() == revision + 1)

            _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            #expect(try await catalog.records.product(containing: SKU("CAP-1")!) == nil)
            #expect(try await catalog.records.allProducts().map(\.handle) == ["tee", "mug"])
            #expect(try await catalog.records.locations().map(\.code) == ["main"])
            #expect(try await catalog.records.stats().listingsPerStore == ["shop": 2])
            #expect(try await catalog.sync.baseValues(store: "shop").keys.contains { $0.sku.rawValue == "CAP-1" } == false)
            #expect(try await catalog.records.catalogRevision() == revision + 2)
        }
    }

    @Test("p into a product the catalog has: the variant joins it last; undo leaves the product", arguments: Backend.allCases)
    func adoptIntoExistingProduct(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let id = try await queued(catalog, [Self.orphan("TEE-3", handle: "tee", stock: [StockLevel(location: "main", onHand: 6)])])[0]
            let decision = try await catalog.review.decideReviewItem(id, choice: .adopt, value: nil, ruleID: nil, at: Self.now)
            let (product, index) = try #require(try await catalog.records.product(containing: SKU("TEE-3")!))
            #expect(product.handle == "tee" && index == 2)
            let movements = try await catalog.ledger.stockMovements(sku: SKU("TEE-3")!)
            #expect(movements.map(\.note) == ["listing adopted from a store"] && movements.map(\.quantity) == [6])
            _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            #expect(try await catalog.records.product(containing: SKU("TEE-3")!) == nil)
            #expect(try await catalog.records.allProducts().first?.variants.map(\.sku.rawValue) == ["TEE-1", "TEE-2"])
        }
    }

    @Test("an adoption that fails halfway leaves no variant, location, mapping or decision behind", arguments: Backend.allCases)
    func adoptionRollback(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            // The store listed the same location twice: the second stock row collides.
            let broken = Self.orphan(
                "TEE-9", handle: "tee", stock: [StockLevel(location: "loc-new", onHand: 1), StockLevel(location: "loc-new", onHand: 2)],
                locations: [Location(code: "loc-new", name: "New")])
            let id = try await queued(catalog, [broken])[0]
            let revision = try await catalog.records.catalogRevision()
            await #expect {
                _ = try await catalog.review.decideReviewItem(id, choice: .adopt, value: nil, ruleID: nil, at: Self.now)
            } throws: { error in
                (error as? CatalogStoreError)?.code == .writeFailed && "\(error)".contains("nothing was changed")
            }
            #expect(try await catalog.records.product(containing: SKU("TEE-9")!) == nil)
            #expect(try await catalog.records.locations().map(\.code) == ["main"])
            #expect(try await catalog.records.stats().listingsPerStore == ["shop": 2])
            #expect(try await catalog.ledger.stockMovements(sku: SKU("TEE-9")!).isEmpty)
            #expect(try await catalog.review.decisions(store: nil).isEmpty)
            #expect(try await catalog.review.reviewQueue(store: "shop").first { $0.id == id }?.state == .open)
            #expect(try await catalog.records.catalogRevision() == revision)
        }
    }
}
