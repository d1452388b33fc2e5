import CatalogModel
import CatalogStorage
import Foundation
import Testing

@Suite("Review decisions on a real catalog database")
struct ReviewDecisionTests {
    @Test("a plan that read only part of the store (incremental) settles only the SKUs it read")
    func partialReadKeepsTheRest() async throws {
        let fixture = try await ReviewFixture()
        // TEE-1 was read again and has nothing for review any more; MUG-1 and TEE-2 were not read.
        let update = try await fixture.catalog.replaceReviewQueue(
            store: "shop", items: [], runID: 9, scope: [ReviewFixture.sku("TEE-1")])
        #expect(update.removed == 2)
        let queue = try await fixture.catalog.reviewQueue(store: "shop")
        #expect(Set(queue.map(\.sku.rawValue)) == ["TEE-2", "MUG-1"])
        #expect(queue.count == 3)
    }

    let now = Date(timeIntervalSince1970: 1_700_100_000)

    @Test("c keeps the catalog: the base becomes the store value seen, the catalog is untouched")
    func keepCanonical() async throws {
        let fixture = try await ReviewFixture()
        let item = try await fixture.item("TEE-1", .price)
        let decision = try await fixture.catalog.decideReviewItem(item.id!, choice: .canonical, value: nil, ruleID: nil, at: now)
        #expect(decision.previousBase == ReviewFixture.money(2000))
        #expect(decision.previousCatalogValue == ReviewFixture.money(2400))
        #expect(try await fixture.base("TEE-1", .price) == ReviewFixture.money(2100))
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .price) == ReviewFixture.money(2400))
        let after = try await fixture.item("TEE-1", .price)
        #expect(after.state == .decided)
        #expect(after.choice == .canonical)
        #expect(after.decisionID == decision.id)
    }

    @Test("s takes the store's title into the catalog and the base; u restores both exactly")
    func takeStoreAndUndo() async throws {
        let fixture = try await ReviewFixture()
        let item = try await fixture.item("TEE-1", .title)
        let decision = try await fixture.catalog.decideReviewItem(item.id!, choice: .store, value: nil, ruleID: nil, at: now)
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .title) == .text("Tee shirt"))
        #expect(try await fixture.base("TEE-1", .title) == .text("Tee shirt"))

        let restored = try await fixture.catalog.undoReviewDecision(decision.id!, at: now)
        #expect(restored.state == .open)
        #expect(restored.decisionID == nil)
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .title) == .text("Tee"))
        #expect(try await fixture.base("TEE-1", .title) == .text("Tee"))
        // Undoing twice is refused, and changes nothing.
        await #expect(throws: CatalogStoreError.self) { _ = try await fixture.catalog.undoReviewDecision(decision.id!, at: now) }
    }

    @Test("e sets the catalog to the typed value and the base to the store's; undo of a decision on a field with no base deletes it again")
    func typedValueAndUndo() async throws {
        let fixture = try await ReviewFixture()
        let item = try await fixture.item("TEE-2", .price)
        let decision = try await fixture.catalog.decideReviewItem(
            item.id!, choice: .value, value: ReviewFixture.money(2350), ruleID: nil, at: now)
        #expect(decision.value == ReviewFixture.money(2350))
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .price) == ReviewFixture.money(2350))
        #expect(try await fixture.base("TEE-2", .price) == ReviewFixture.money(2200))
        _ = try await fixture.catalog.undoReviewDecision(decision.id!, at: now)
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .price) == ReviewFixture.money(2600))
        #expect(try await fixture.base("TEE-2", .price) == ReviewFixture.money(2000))
    }

    @Test("stock cannot be taken from the store; a decided item cannot be decided twice; nothing changes")
    func refusals() async throws {
        let fixture = try await ReviewFixture()
        let stock = try await fixture.item("MUG-1", .stock(location: "loc-1"))
        #expect(stock.refusal(of: .store) != nil)
        await #expect(throws: CatalogStoreError.self) {
            _ = try await fixture.catalog.decideReviewItem(stock.id!, choice: .store, value: nil, ruleID: nil, at: now)
        }
        #expect(try await fixture.base("MUG-1", .stock(location: "loc-1")) == .quantity(5))
        #expect(try await fixture.item("MUG-1", .stock(location: "loc-1")).state == .open)

        let price = try await fixture.item("TEE-1", .price)
        _ = try await fixture.catalog.decideReviewItem(price.id!, choice: .canonical, value: nil, ruleID: nil, at: now)
        await #expect(throws: CatalogStoreError.self) {
            _ = try await fixture.catalog.decideReviewItem(price.id!, choice: .store, value: nil, ruleID: nil, at: now)
        }
        #expect(try await fixture.catalog.catalogFieldValue(sku: price.sku, field: .price) == ReviewFixture.money(2400))
    }

    @Test("undo is refused when the catalog changed since the decision (an import), and changes nothing")
    func undoAfterImportIsRefused() async throws {
        let fixture = try await ReviewFixture()
        let item = try await fixture.item("TEE-2", .price)
        let decision = try await fixture.catalog.decideReviewItem(
            item.id!, choice: .value, value: ReviewFixture.money(2350), ruleID: nil, at: now)
        var (product, index) = try await fixture.catalog.product(containing: item.sku)!
        product.variants[index].price = Money(minorUnits: 9900, currency: ReviewFixture.eur)
        _ = try await fixture.catalog.writeCatalog([product], locations: [], mode: .merge)
        await #expect(throws: CatalogStoreError.self) { _ = try await fixture.catalog.undoReviewDecision(decision.id!, at: now) }
        #expect(try await fixture.catalog.catalogFieldValue(sku: item.sku, field: .price) == ReviewFixture.money(9900))
        #expect(try await fixture.item("TEE-2", .price).state == .decided)
    }

    @Test("a re-plan keeps decided items decided, reopens them when a value moved, reopens deferred ones, drops settled ones")
    func replanKeepsDecisions() async throws {
        let fixture = try await ReviewFixture()
        let tee1 = try await fixture.item("TEE-1", .price)
        let tee2 = try await fixture.item("TEE-2", .price)
        let title = try await fixture.item("TEE-1", .title)
        _ = try await fixture.catalog.decideReviewItem(tee1.id!, choice: .canonical, value: nil, ruleID: nil, at: now)
        _ = try await fixture.catalog.decideReviewItem(tee2.id!, choice: .canonical, value: nil, ruleID: nil, at: now)
        _ = try await fixture.catalog.decideReviewItem(title.id!, choice: .deferred, value: nil, ruleID: nil, at: now)

        // Same values for TEE-2; TEE-1's store price moved again; the description was settled.
        let items = ReviewFixture.items(teePriceInStore: 2150).filter { $0.field != .description }
        let update = try await fixture.catalog.replaceReviewQueue(store: "shop", items: items, runID: 7)
        #expect(update.keptDecided == 1)
        #expect(update.reopened == 2)
        #expect(update.removed == 1)
        let queue = try await fixture.catalog.reviewQueue(store: "shop")
        #expect(queue.count == 4)
        #expect(queue.first { $0.id == tee2.id }?.state == .decided)
        let reopened = try #require(queue.first { $0.id == tee1.id })
        #expect(reopened.state == .open)
        #expect(reopened.storeValue == ReviewFixture.money(2150))
        #expect(reopened.detectedRunID == 7)
        #expect(queue.first { $0.id == title.id }?.state == .open)
    }

    @Test("rules are stored, listed and removed")
    func rules() async throws {
        let fixture = try await ReviewFixture()
        let id = try await fixture.catalog.saveReviewRule(
            ReviewRule(store: "shop", field: "title", kind: .storeEdit, choice: .store, createdAt: now))
        // Remembering the same store, field and kind again replaces the choice.
        let again = try await fixture.catalog.saveReviewRule(
            ReviewRule(store: "shop", field: "title", kind: .storeEdit, choice: .canonical, createdAt: now))
        #expect(again == id)
        let rules = try await fixture.catalog.reviewRules()
        #expect(rules.count == 1)
        #expect(rules.first?.choice == .canonical)
        #expect(rules.first?.matches(try await fixture.item("TEE-1", .title)) == true)
        #expect(try await fixture.catalog.removeReviewRule(id))
        #expect(try await !fixture.catalog.removeReviewRule(id))
        #expect(try await fixture.catalog.reviewRules().isEmpty)
    }

    @Test(
        "typed values are checked per field",
        arguments: [
            ("19.90", Change.Field.price, true), ("19,90", .price, false), ("0", .price, false), ("12", .stock(location: "x"), true),
            ("-1", .stock(location: "x"), false), ("1.5", .stock(location: "x"), false), ("0.5 kg", .weight, true),
            ("heavy", .weight, false),
            ("draft", .status, true), ("gone", .status, false), ("4006381333931", .barcode, true), ("4006381333932", .barcode, false),
            ("none", .compareAtPrice, true), ("", .title, false),
        ])
    func valueParsing(text: String, field: Change.Field, valid: Bool) {
        let result = ReviewValueParser.parse(text, for: field, currency: ReviewFixture.eur)
        if case .success = result { #expect(valid) } else { #expect(!valid) }
    }
}
