import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@testable import ReviewTerminal

/// The screen at the sizes people's terminals have: 80 columns and below, with the items a real
/// queue holds (Shopify's long ids, listing errors about a whole listing, long store names).
@Suite("The review screen at 80 columns and below")
struct ReviewScreenNarrowTests {
    static let detected = Date(timeIntervalSince1970: 1_700_000_000)

    static func items() -> [ReviewItem] {
        let eur = CurrencyCode("EUR")!
        let shopifyListing = ListingCandidate(
            ref: RemoteRef(productID: "gid://shopify/Product/8001", variantID: "gid://shopify/ProductVariant/40001"),
            rawSKU: "", title: "Nordic Soy Candle - Vanilla", price: Money(minorUnits: 1595, currency: eur))
        return [
            ReviewItem(
                id: 1, store: "shopify-europe-main", sku: SKU("CND-1")!, field: nil, kind: .listingError, code: "listing.missing-sku",
                explanation: "CND-1: the listing has no SKU, so Concord cannot tell which product it is", detectedAt: detected,
                detail: ListingReviewDetail(candidates: [shopifyListing])),
            ReviewItem(
                id: 2, store: "shopify-europe-main", sku: SKU("CND-1")!, field: .stock(location: "gid://shopify/Location/71"),
                kind: .conflict,
                code: "drift.conflict", explanation: "CND-1 stock@gid://shopify/Location/71: both changed", base: .quantity(5),
                canonical: .quantity(7), storeValue: .quantity(3), detectedAt: detected),
            ReviewItem(
                id: 3, store: "woocommerce-outlet", sku: SKU("CND-1")!, field: .title, kind: .storeEdit, code: "drift.store-edited",
                explanation: "CND-1 title: the store was edited outside Concord", base: .text("Nordic Soy Candle"),
                canonical: .text("Nordic Soy Candle"), storeValue: .text("Nordic Soy Candle - NEW"), detectedAt: detected),
        ]
    }

    func screen(width: Int = 80, height: Int = 24) -> ReviewScreen {
        ReviewScreen(items: Self.items(), width: width, height: height, now: Self.detected.addingTimeInterval(3600))
    }

    mutating func select(_ id: Int64, in screen: inout ReviewScreen) {
        while screen.selectedItem?.id != id { _ = screen.handle(.down) }
    }

    @Test("a listing error about the whole listing shows the listing, not a row of dashes, and only the keys it takes")
    mutating func listingError() {
        var screen = screen()
        select(1, in: &screen)
        let text = screen.plainText()
        let words = ReviewDetailPane.words(screen.lines())
        #expect(!text.contains("—             —"), "\(text)")
        #expect(!text.contains("base          catalog"), "\(text)")
        #expect(words.contains("listing 8001/40001 \"Nordic Soy Candle - Vanilla\""), "\(text)")
        let keys = screen.lines().last ?? ""
        #expect(keys.contains("c keep") && keys.contains("i ignore") && keys.contains("d defer"), "\(keys)")
        #expect(!keys.contains("s take") && !keys.contains("e edit") && !keys.contains("p adopt") && !keys.contains("m match"), "\(keys)")
        #expect(keys.hasSuffix("? help · q quit"), "\(keys)")
    }

    @Test("Shopify's ids read as their numbers, in the queue, the detail and the explanation")
    mutating func shopifyIDs() {
        var screen = screen()
        select(2, in: &screen)
        let text = screen.plainText()
        #expect(!text.contains("gid://"), "\(text)")
        #expect(text.contains("stock@71"), "\(text)")
        // s and e are refused for stock (a ledger, not an edited value), so the key line does not offer them.
        let keys = screen.lines().last ?? ""
        #expect(!keys.contains("s take") && !keys.contains("e edit"), "\(keys)")
        #expect(keys.contains("c keep") && keys.contains("d defer"), "\(keys)")
    }

    @Test("a word diff at 80 columns reads without colour and without git's markup; with colour, the words are styled instead")
    mutating func wordDiffWithoutColour() {
        var screen = screen()
        select(3, in: &screen)
        let text = screen.plainText()
        #expect(text.contains("Nordic Soy Candle [+ - NEW]"), "\(text)")
        #expect(!text.contains("{+"), "\(text)")
        screen.colors = true
        let coloured = screen.lines().joined(separator: "\n")
        #expect(coloured.contains("\u{1B}[4;32m-\u{1B}[0m") && coloured.contains("\u{1B}[4;32mNEW\u{1B}[0m"), "\(coloured)")
        #expect(!coloured.contains("[+ "), "with colour the brackets are not needed")
    }

    @Test("nothing the detail pane says is cut off at 80 columns: long lines wrap under their key")
    mutating func wrapsInsteadOfCutting() {
        var screen = screen()
        select(3, in: &screen)
        let lines = screen.lines()
        #expect(lines.count == 24 && lines.allSatisfy { $0.count <= 80 })
        let detail = lines.map { $0.split(separator: "│", maxSplits: 1).dropFirst().first.map(String.init) ?? "" }
        #expect(!detail.contains { $0.contains("…") }, "\(detail.joined(separator: "\n"))")
        let text = ReviewDetailPane.words(lines)
        #expect(text.contains("take \"Nordic Soy Candle - NEW\" into the catalog"), "\(text)")
        #expect(text.contains("set the catalog to a value you type and push it to woocommerce-outlet"), "\(text)")
    }

    @Test("at 120 columns store names are whole; below 60 the item takes the screen and the status line says where it is")
    mutating func widths() {
        let wide = screen(width: 120, height: 30).plainText()
        #expect(wide.contains("shopify-europe-main") && wide.contains("woocommerce-outlet"), "\(wide)")
        var narrow = screen(width: 50, height: 16)
        select(3, in: &narrow)
        let lines = narrow.lines()
        #expect(lines.count == 16 && lines.allSatisfy { $0.count <= 50 }, "\(lines.joined(separator: "\n"))")
        #expect(!lines.joined().contains("│"), "no queue pane below 60 columns")
        #expect(lines.joined(separator: "\n").contains("item 3 of 3"), "\(lines.joined(separator: "\n"))")
    }
}
