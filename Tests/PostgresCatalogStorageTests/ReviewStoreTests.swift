import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// ``ReviewStore`` on both backends, on the review fixture `ReviewDecisionTests` uses: two price
/// conflicts (TEE-1, TEE-2), a store-edited title (TEE-1), a stock conflict and an edited
/// description (MUG-1), all in `shop`.
@Suite("the review queue and decisions, on SQLite and PostgreSQL alike")
struct ReviewStoreTests {
    static let eur = CurrencyCode("EUR")!
    static let detected = Date(timeIntervalSince1970: 1_700_000_000)
    static let now = Date(timeIntervalSince1970: 1_700_100_000)
    static let longDescription = "A heavy ceramic mug that keeps coffee warm for a long time and survives the dishwasher"
    static let editedDescription = "A heavy stoneware mug that keeps tea warm for a long time and survives the dishwasher"

    static func money(_ minor: Int64) -> FieldValue { .money(Money(minorUnits: minor, currency: eur)) }
    static func sku(_ text: String) -> SKU { SKU(text)! }

    static func prepare(_ catalog: TestCatalog) async throws {
        let tee = Product(
            handle: "tee", title: "Tee",
            variants: [
                Variant(sku: sku("TEE-1"), price: Money(minorUnits: 2400, currency: eur), stock: [StockLevel(location: "main", onHand: 7)]),
                Variant(sku: sku("TEE-2"), price: Money(minorUnits: 2600, currency: eur), stock: [StockLevel(location: "main", onHand: 4)]),
            ])
        let mug = Product(
            handle: "mug", title: "Mug", descriptionHTML: longDescription,
            variants: [
                Variant(sku: sku("MUG-1"), price: Money(minorUnits: 1200, currency: eur), stock: [StockLevel(location: "main", onHand: 7)])
            ])
        _ = try await catalog.records.writeCatalog([tee, mug], locations: [Location(code: "main", name: "Main")], mode: .replace)
        // The bases a sync recorded (through a pull: the review role does not write bases of its own).
        _ = try await catalog.records.writePulledCatalog(
            [], locations: [], mode: .merge, mappings: [],
            bases: [
                BaseKey(sku: sku("TEE-1"), field: .price): money(2000),
                BaseKey(sku: sku("TEE-2"), field: .price): money(2000),
                BaseKey(sku: sku("TEE-1"), field: .title): .text("Tee"),
                BaseKey(sku: sku("MUG-1"), field: .stock(location: "loc-1")): .quantity(5),
                BaseKey(sku: sku("MUG-1"), field: .description): .text(longDescription),
            ], store: "shop")
        let update = try await catalog.review.replaceReviewQueue(store: "shop", items: items(), runID: nil, scope: nil)
        #expect(update == ReviewQueueUpdate(added: 5))
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

    func base(_ catalog: TestCatalog, _ sku: String, _ field: Change.Field) async throws -> FieldValue? {
        try await catalog.sync.baseValues(store: "shop")[BaseKey(sku: Self.sku(sku), field: field)]
    }

    func item(_ catalog: TestCatalog, _ sku: String, _ field: Change.Field?) async throws -> ReviewItem {
        try #require(try await catalog.review.reviewQueue(store: "shop").first { $0.sku.rawValue == sku && $0.field == field })
    }

    @Test("the queue reads back in SKU, store and field order, with the base's time and run", arguments: Backend.allCases)
    func queueReadsBack(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let queue = try await catalog.review.reviewQueue(store: "shop")
            #expect(
                queue.map { "\($0.sku) \($0.fieldLabel)" } == [
                    "MUG-1 description", "MUG-1 stock@loc-1", "TEE-1 price", "TEE-1 title", "TEE-2 price",
                ])
            #expect(queue.map(\.id) == [5, 4, 1, 3, 2])
            let tee = try #require(queue.first { $0.sku.rawValue == "TEE-1" && $0.field == .price })
            var expected = Self.items()[0]
            expected.id = tee.id
            expected.catalogChangedAt = tee.catalogChangedAt
            expected.baseRecordedAt = tee.baseRecordedAt
            #expect(tee == expected)
            #expect(tee.catalogChangedAt != nil && tee.baseRecordedAt != nil && tee.baseRunID == nil)
            #expect(try await catalog.review.reviewQueue(store: nil) == queue)
            #expect(try await catalog.review.reviewQueue(store: "other").isEmpty)
        }
    }

    @Test("a plan that read only part of the store (incremental) settles only the SKUs it read", arguments: Backend.allCases)
    func partialReadKeepsTheRest(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            // TEE-1 was read again and has nothing for review any more; MUG-1 and TEE-2 were not read.
            let update = try await catalog.review.replaceReviewQueue(store: "shop", items: [], runID: 9, scope: [Self.sku("TEE-1")])
            #expect(update == ReviewQueueUpdate(removed: 2))
            let queue = try await catalog.review.reviewQueue(store: "shop")
            #expect(Set(queue.map(\.sku.rawValue)) == ["TEE-2", "MUG-1"])
            #expect(queue.count == 3)
        }
    }

    @Test("c keeps the catalog: the base becomes the store value seen, the catalog is untouched", arguments: Backend.allCases)
    func keepCanonical(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let item = try await item(catalog, "TEE-1", .price)
            let revision = try await catalog.records.catalogRevision()
            let decision = try await catalog.review.decideReviewItem(item.id!, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            #expect(decision.previousBase == Self.money(2000) && decision.hadBase)
            #expect(decision.previousCatalogValue == Self.money(2400))
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .price) == Self.money(2400))
            #expect(try await base(catalog, "TEE-1", .price) == Self.money(2100))
            #expect(try await catalog.records.catalogRevision() == revision, "the catalog did not change")
            let after = try await self.item(catalog, "TEE-1", .price)
            #expect(after.state == .decided && after.choice == .canonical && after.decisionID == decision.id)
            #expect(after.decidedAt == Self.now && after.baseRecordedAt == Self.now && after.baseRunID == nil)
        }
    }

    @Test("s takes the store's title into the catalog and the base; u restores both exactly", arguments: Backend.allCases)
    func takeStoreAndUndo(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let item = try await item(catalog, "TEE-1", .title)
            let revision = try await catalog.records.catalogRevision()
            let decision = try await catalog.review.decideReviewItem(item.id!, choice: .store, value: nil, ruleID: 4, at: Self.now)
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .title) == .text("Tee shirt"))
            #expect(try await catalog.records.allProducts().first { $0.handle == "tee" }?.title == "Tee shirt")
            #expect(try await base(catalog, "TEE-1", .title) == .text("Tee shirt"))
            #expect(try await catalog.records.catalogRevision() == revision + 1)

            let restored = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now + 60)
            #expect(restored.state == .open && restored.decisionID == nil && restored.choice == nil)
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .title) == .text("Tee"))
            #expect(try await base(catalog, "TEE-1", .title) == .text("Tee"))
            #expect(try await catalog.records.catalogRevision() == revision + 2)
            let history = try await catalog.review.decisions(store: "shop")
            #expect(history.count == 1)
            #expect(history[0].undoneAt == Self.now + 60 && history[0].ruleID == 4 && history[0].itemID == item.id)
            #expect(history[0].previousCatalogValue == .text("Tee") && history[0].previousBase == .text("Tee"))
            // Undoing twice is refused, and changes nothing.
            await #expect {
                _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            } throws: { error in
                (error as? CatalogStoreError)?.message
                    == "cannot undo the decision on TEE-1 title in shop: it was already undone; nothing was changed"
            }
            await #expect(throws: CatalogStoreError.self) { _ = try await catalog.review.undoReviewDecision(999, at: Self.now) }
        }
    }

    @Test(
        "e sets the catalog to the typed value and the base to the store's; undo puts both back", arguments: Backend.allCases)
    func typedValueAndUndo(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let item = try await item(catalog, "TEE-2", .price)
            let decision = try await catalog.review.decideReviewItem(
                item.id!, choice: .value, value: Self.money(2350), ruleID: nil, at: Self.now)
            #expect(decision.value == Self.money(2350))
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .price) == Self.money(2350))
            #expect(try await base(catalog, "TEE-2", .price) == Self.money(2200))
            _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now)
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .price) == Self.money(2600))
            #expect(try await base(catalog, "TEE-2", .price) == Self.money(2000))
            // Deciding again after the undo finds the base the undo put back.
            let again = try await catalog.review.decideReviewItem(item.id!, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            #expect(again.previousBase == Self.money(2000))
        }
    }

    @Test(
        "stock cannot be taken from the store; a decided item cannot be decided twice; a wrong currency is refused; nothing changes",
        arguments: Backend.allCases)
    func refusals(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let stock = try await item(catalog, "MUG-1", .stock(location: "loc-1"))
            await #expect(throws: CatalogStoreError.self) {
                _ = try await catalog.review.decideReviewItem(stock.id!, choice: .store, value: nil, ruleID: nil, at: Self.now)
            }
            #expect(try await item(catalog, "MUG-1", .stock(location: "loc-1")).state == .open)
            #expect(try await base(catalog, "MUG-1", .stock(location: "loc-1")) == .quantity(5))

            let price = try await item(catalog, "TEE-1", .price)
            await #expect {
                _ = try await catalog.review.decideReviewItem(
                    price.id!, choice: .value, value: .money(Money(minorUnits: 100, currency: CurrencyCode("USD")!)), ruleID: nil,
                    at: Self.now)
            } throws: { error in
                (error as? CatalogStoreError)?.message.contains("but the catalog keeps TEE-1 in EUR; nothing was changed") == true
            }
            _ = try await catalog.review.decideReviewItem(price.id!, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            await #expect {
                _ = try await catalog.review.decideReviewItem(price.id!, choice: .store, value: nil, ruleID: nil, at: Self.now)
            } throws: { error in
                (error as? CatalogStoreError)?.message
                    == "TEE-1 price in shop: already decided (?); undo that decision first; nothing was changed"
            }
            #expect(try await catalog.review.catalogFieldValue(sku: price.sku, field: .price) == Self.money(2400))
            #expect(try await catalog.review.decisions(store: nil).count == 1)
            await #expect(throws: CatalogStoreError.self) {
                _ = try await catalog.review.decideReviewItem(999, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            }
        }
    }

    @Test("undo is refused when the catalog changed since the decision (an import), and changes nothing", arguments: Backend.allCases)
    func undoAfterImportIsRefused(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let item = try await item(catalog, "TEE-2", .price)
            let decision = try await catalog.review.decideReviewItem(
                item.id!, choice: .value, value: Self.money(2350), ruleID: nil, at: Self.now)
            var (product, index) = try #require(try await catalog.records.product(containing: item.sku))
            product.variants[index].price = Money(minorUnits: 9900, currency: Self.eur)
            _ = try await catalog.records.writeCatalog([product], locations: [], mode: .merge)
            await #expect(throws: CatalogStoreError.self) { _ = try await catalog.review.undoReviewDecision(decision.id!, at: Self.now) }
            #expect(try await catalog.review.catalogFieldValue(sku: item.sku, field: .price) == Self.money(9900))
            #expect(try await base(catalog, "TEE-2", .price) == Self.money(2200))
            #expect(try await self.item(catalog, "TEE-2", .price).state == .decided)
        }
    }

    @Test(
        "a re-plan keeps decided items decided, reopens them when a value moved, reopens deferred ones, drops settled ones",
        arguments: Backend.allCases)
    func replanKeepsDecisions(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let tee1 = try await item(catalog, "TEE-1", .price)
            let tee2 = try await item(catalog, "TEE-2", .price)
            let title = try await item(catalog, "TEE-1", .title)
            _ = try await catalog.review.decideReviewItem(tee1.id!, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            _ = try await catalog.review.decideReviewItem(tee2.id!, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            _ = try await catalog.review.decideReviewItem(title.id!, choice: .deferred, value: nil, ruleID: nil, at: Self.now)

            // Same values for TEE-2; TEE-1's store price moved again; the description was settled.
            let items = Self.items(teePriceInStore: 2150).filter { $0.field != .description }
            let update = try await catalog.review.replaceReviewQueue(store: "shop", items: items, runID: 7, scope: nil)
            #expect(update == ReviewQueueUpdate(reopened: 2, keptDecided: 1, removed: 1))
            let queue = try await catalog.review.reviewQueue(store: "shop")
            #expect(queue.count == 4)
            #expect(queue.first { $0.id == tee2.id }?.state == .decided)
            let reopened = try #require(queue.first { $0.id == tee1.id })
            #expect(reopened.state == .open && reopened.storeValue == Self.money(2150) && reopened.detectedRunID == 7)
            let deferred = try #require(queue.first { $0.id == title.id })
            #expect(
                deferred.state == .open && deferred.detectedRunID == nil, "a deferred item whose values did not move keeps its detection")
            // An item given twice in one plan is one item.
            let twice = try await catalog.review.replaceReviewQueue(store: "shop", items: items + [items[0]], runID: 8, scope: nil)
            #expect(twice == ReviewQueueUpdate(keptDecided: 1))
            #expect(try await catalog.review.reviewQueue(store: "shop").count == 4)
        }
    }

    @Test("rules are stored, listed and removed; remembering one again replaces its choice", arguments: Backend.allCases)
    func rules(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let review = catalog.review
            let id = try await review.saveReviewRule(
                ReviewRule(store: "shop", field: "title", kind: .storeEdit, choice: .store, createdAt: Self.now))
            let again = try await review.saveReviewRule(
                ReviewRule(store: "shop", field: "title", kind: .storeEdit, choice: .canonical, createdAt: Self.now + 1))
            #expect(again == id)
            let other = try await review.saveReviewRule(
                ReviewRule(store: "woo", field: "price", kind: .conflict, choice: .deferred, createdAt: Self.now))
            #expect(
                try await review.reviewRules() == [
                    ReviewRule(id: id, store: "shop", field: "title", kind: .storeEdit, choice: .canonical, createdAt: Self.now + 1),
                    ReviewRule(id: other, store: "woo", field: "price", kind: .conflict, choice: .deferred, createdAt: Self.now),
                ])
            #expect(try await review.reviewRules().first?.matches(try await item(catalog, "TEE-1", .title)) == true)
            #expect(try await review.removeReviewRule(id))
            #expect(try await !review.removeReviewRule(id))
            #expect(try await review.reviewRules().map(\.id) == [other])
        }
    }

    @Test("decisions recorded outside the queue read back by store, in order", arguments: Backend.allCases)
    func recordedDecisions(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let decision = ReviewDecision(
                store: "shop", sku: Self.sku("TEE-S"), field: .title, choice: .store, value: .text("New title"), decidedAt: Self.now)
            let id = try await catalog.review.recordDecision(decision)
            let listing = ReviewDecision(store: "woo", sku: Self.sku("X"), field: nil, choice: .ignore, value: nil, decidedAt: Self.now + 1)
            let second = try await catalog.review.recordDecision(listing)
            var expected = decision
            expected.id = id
            #expect(try await catalog.review.decisions(store: "shop") == [expected])
            var expectedListing = listing
            expectedListing.id = second
            #expect(try await catalog.review.decisions(store: nil) == [expected, expectedListing])
        }
    }

    @Test("two agents deciding the same item at once: one decision stands, the other is refused", arguments: Backend.allCases)
    func agentsDecideTogether(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let other = try await catalog.another()
            let id = try await item(catalog, "TEE-1", .title).id!
            async let first = Result {
                try await catalog.review.decideReviewItem(id, choice: .store, value: nil, ruleID: nil, at: Self.now)
            }
            async let second = Result {
                try await other.review.decideReviewItem(id, choice: .canonical, value: nil, ruleID: nil, at: Self.now)
            }
            let outcomes = await [first, second]
            #expect(outcomes.filter { (try? $0.get()) != nil }.count == 1)
            #expect(try await catalog.review.decisions(store: "shop").count == 1)
        }
    }
}
