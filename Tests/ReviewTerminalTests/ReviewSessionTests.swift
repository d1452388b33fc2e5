import CatalogModel
import CatalogStorage
import Foundation
import Testing

@testable import ReviewTerminal

@Suite("The review session against a real catalog database")
struct ReviewSessionTests {
    @Test("keys become decisions in the database at once; a applies to all alike; u undoes the last key's decisions")
    func keysToDatabase() async throws {
        let fixture = try await ReviewFixture()
        let session = ReviewSession(catalog: fixture.catalog, store: "shop")
        var screen = try await session.makeScreen(width: 80, height: 24, colors: false)
        func press(_ keys: Key...) async throws {
            for key in keys {
                if let command = screen.handle(key) { _ = try await session.perform(command, on: &screen) }
            }
        }
        while screen.selectedItem?.sku.rawValue != "TEE-1" || screen.selectedItem?.field != .title { try await press(.down) }
        try await press(.character("s"))
        #expect(try await fixture.catalog.catalogFieldValue(sku: ReviewFixture.sku("TEE-1"), field: .title) == .text("Tee shirt"))
        #expect(screen.progress == "1 of 5 decided")
        // The selection moved on to the next open item.
        #expect(screen.selectedItem?.state == .open)

        while screen.selectedItem?.field != .price { try await press(.down) }
        try await press(.character("a"), .enter, .character("c"), .enter, .character("y"))
        #expect(try await fixture.base("TEE-1", .price) == ReviewFixture.money(2100))
        #expect(try await fixture.base("TEE-2", .price) == ReviewFixture.money(2200))
        #expect(screen.progress == "3 of 5 decided")

        try await press(.character("u"))
        #expect(try await fixture.base("TEE-1", .price) == ReviewFixture.money(2000))
        #expect(try await fixture.base("TEE-2", .price) == ReviewFixture.money(2000))
        #expect(screen.progress == "1 of 5 decided")
        try await press(.character("u"))
        #expect(try await fixture.catalog.catalogFieldValue(sku: ReviewFixture.sku("TEE-1"), field: .title) == .text("Tee"))
        try await press(.character("u"))
        #expect(screen.message == "nothing to undo in this session")
    }

    @Test("r remembers the selected item's decision as a rule")
    func remember() async throws {
        let fixture = try await ReviewFixture()
        let session = ReviewSession(catalog: fixture.catalog, store: "shop")
        var screen = try await session.makeScreen(width: 80, height: 24, colors: false)
        while screen.selectedItem?.field != .title { _ = screen.handle(.down) }
        let titleID = screen.selectedItem!.id!
        _ = try await session.perform(screen.handle(.character("s"))!, on: &screen)
        while screen.selectedItem?.id != titleID { _ = screen.handle(.up) }
        _ = try await session.perform(screen.handle(.character("r"))!, on: &screen)
        let rules = try await fixture.catalog.reviewRules()
        #expect(rules.map(\.field) == ["title"])
        #expect(rules.first?.choice == .store)
        #expect(rules.first?.kind == .storeEdit)
        #expect(screen.message?.contains("rule") == true)
    }
}
