import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@testable import ReviewTerminal

/// The screen's keys and detail pane for items about whole listings, as plain data.
@Suite("The review screen with listing-level items")
struct ReviewScreenListingTests {
    static let detected = Date(timeIntervalSince1970: 1_700_000_000)

    func screen() -> ReviewScreen {
        let eur = CurrencyCode("EUR")!
        let candidates = [
            ListingCandidate(
                ref: RemoteRef(productID: "1", variantID: "11"), rawSKU: "TEE-1", title: "Tee",
                price: Money(minorUnits: 2400, currency: eur)),
            ListingCandidate(ref: RemoteRef(productID: "2", variantID: "22"), rawSKU: "TEE-1", title: "Tee copy"),
        ]
        let items = [
            ReviewItem(
                id: 1, store: "shop", sku: SKU("MUG-1")!, field: nil, kind: .missingListing, code: "listing.missing",
                explanation: "MUG-1 missing",
                detectedAt: Self.detected),
            ReviewItem(
                id: 2, store: "shop", sku: SKU("OLD-9")!, field: nil, kind: .orphan, code: "listing.orphan", explanation: "orphan",
                listing: "99", detectedAt: Self.detected,
                detail: ListingReviewDetail(storeSKU: "OLD-9", adoptBlockedReason: "the listing has no price Concord can read")),
            ReviewItem(
                id: 3, store: "shop", sku: SKU("TEE-1")!, field: nil, kind: .ambiguousMatch, code: "listing.duplicate-sku",
                explanation: "dup",
                detectedAt: Self.detected, detail: ListingReviewDetail(candidates: candidates)),
        ]
        return ReviewScreen(items: items, width: 80, height: 24, now: Self.detected)
    }

    @Test("a key that does not fit the kind says why in the status line and returns no command")
    func refusedKeys() {
        var screen = screen()
        #expect(screen.selectedItem?.kind == .missingListing)
        #expect(screen.handle(.character("p")) == nil)
        #expect(screen.message?.contains("adopting (p) is for orphan listings") == true)
        let bottom = screen.lines().suffix(3).joined(separator: " ").split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(
            bottom.contains(screen.message ?? "?"),
            "a refusal longer than the status line goes on over the key line (and a pane row): \(bottom)")
        #expect(screen.handle(.character("e")) == nil)
        let words = ReviewDetailPane.words(screen.lines())
        #expect(words.contains("Concord does not create listings: create it in the store"), "the detail pane says listings are not created")
        #expect(screen.handle(.character("i")) == .decide(itemIDs: [1], choice: .ignore, value: nil))

        _ = screen.handle(.down)
        #expect(screen.handle(.character("p")) == nil, "an orphan without a price cannot be adopted")
        #expect(screen.message?.contains("no price") == true)
    }

    @Test("m with several listings asks for a number; a wrong one is refused, the right one decides; help lists m, i, p")
    func pickAListing() {
        var screen = screen()
        _ = screen.handle(.down)
        _ = screen.handle(.down)
        #expect(screen.plainText().contains("1  1/11 \"Tee\""))
        #expect(screen.handle(.character("m")) == nil)
        #expect(screen.plainText().contains("Which listing is TEE-1's in shop? 1-2"))
        #expect(screen.handle(.character("3")) == nil)
        #expect(screen.message?.contains("1 to 2") == true)
        #expect(screen.handle(.character("2")) == .decide(itemIDs: [3], choice: .match, value: .text("22")))
        _ = screen.handle(.character("?"))
        let help = screen.plainText()
        #expect(help.contains("m            ambiguous match"))
        #expect(help.contains("p            adopt an orphan"))
        #expect(screen.lines().count == 24)
    }
}
