import CatalogModel
import CatalogStorage
import Foundation
import Reconcile
import Testing

/// An incremental read sees only some listings: it may settle the items of the SKUs it read,
/// except an ambiguous match, which a read of one of two listings cannot disprove.
struct ReviewQueueScopeTests {
    @Test func aPartialReadSettlesFieldItemsButKeepsAmbiguousMatches() async throws {
        let fixture = try await ReviewFixture()
        let catalog = fixture.catalog
        let twin = ReviewItem(
            store: "shop", sku: ReviewFixture.sku("TEE-2"), field: nil, kind: .ambiguousMatch, code: "listing.duplicate-sku",
            explanation: "TEE-2 is carried by 2 listings", listing: "V-2b", detectedAt: ReviewFixture.detected)
        _ = try await catalog.replaceReviewQueue(store: "shop", items: ReviewFixture.items() + [twin], runID: nil)
        #expect(try await catalog.reviewQueue(store: "shop").filter { $0.state == .open }.count == 6)

        // Only TEE-2 was read again, and nothing was found about it: its price conflict is
        // settled, its ambiguous match stays; other SKUs are not touched.
        let update = try await catalog.replaceReviewQueue(
            store: "shop", items: [], runID: nil, scope: [ReviewFixture.sku("TEE-2")])
        #expect(update.removed == 1)
        let open = try await catalog.reviewQueue(store: "shop").filter { $0.state == .open }
        #expect(open.count == 5)
        #expect(open.contains { $0.kind == .ambiguousMatch && $0.sku == ReviewFixture.sku("TEE-2") })
        #expect(!open.contains { $0.kind == .conflict && $0.sku == ReviewFixture.sku("TEE-2") })

        // A full read that no longer finds it settles it.
        _ = try await catalog.replaceReviewQueue(store: "shop", items: [], runID: nil)
        #expect(try await catalog.reviewQueue(store: "shop").filter { $0.state == .open }.isEmpty)
    }

    @Test func listingErrorsAndRisksAreCountedApart() {
        func finding(_ code: FindingCode, _ severity: Severity, _ action: FindingAction = .none) -> Finding {
            Finding(code: code, severity: severity, store: "shop", sku: SKU("A"), action: action)
        }
        #expect(finding(.noImage, .warning).isListingError)
        #expect(finding(.noImage, .info).isListingError)
        #expect(!finding(.noImage, .warning).isRisk)
        #expect(finding(.oversellRisk, .error).isRisk && !finding(.oversellRisk, .error).isListingError)
        #expect(finding(.channelsOversell, .warning).isRisk)
        #expect(!finding(.channelsOversell, .info).isRisk)
        #expect(!finding(.storeEdited, .warning, .push(.quantity(1))).isRisk)
    }
}
