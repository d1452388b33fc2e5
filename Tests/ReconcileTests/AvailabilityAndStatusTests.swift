import CatalogModel
import Reconcile
import Testing

/// Untracked items shown out of stock, and stores with one offline status.
struct AvailabilityAndStatusTests {
    @Test(
        "an untracked listing marked out of stock while the catalog sells it is flagged; in stock, or nothing to sell, is not",
        arguments: [
            (StockAvailability.outOfStock, 10, true), (.outOfStock, 0, false), (.inStock, 10, false), (.onBackorder, 10, false),
        ])
    func untrackedOutOfStock(_ availability: StockAvailability, _ onHand: Int, _ flagged: Bool) throws {
        let product = Scenario.product(variants: [Scenario.variant("TEE-M", onHand: onHand)])
        var listing = Scenario.listing(for: product.variants[0], of: product)
        listing.tracksStock = false
        listing.stock = []
        listing.availability = availability
        let result = Scenario.reconcile([product], [listing])
        let finding = result.findings.first { $0.code == .untrackedOutOfStock }
        #expect((finding != nil) == flagged, "\(result.findings)")
        if let finding {
            #expect(finding.severity == .warning && finding.units == onHand && finding.sku?.rawValue == "TEE-M")
            let rule = try #require(FindingRule.rule(for: .untrackedOutOfStock))
            #expect(rule.code.rawValue == "stock.untracked-out-of-stock" && !rule.fix.isEmpty)
        }
    }

    @Test(
        "a store with one offline status: a catalog draft is in sync with it as archived, and pushed as archived",
        arguments: [(ListingStatus.draft, ListingStatus.archived, false), (.archived, .archived, false), (.draft, .active, true)])
    func oneOfflineStatus(_ catalog: ListingStatus, _ store: ListingStatus, _ differs: Bool) {
        var (product, listing) = Scenario.clean()
        product.status = catalog
        listing.status = store
        listing.distinguishesDraftFromArchived = false
        let result = Scenario.reconcile([product], [listing], policy: Scenario.policy { $0.firstSyncPolicy[.status] = .canonical })
        let status = result.findings.filter { $0.field == .status && $0.code == .firstSync }
        #expect(status.isEmpty == !differs, "\(result.findings)")
        if differs { #expect(status.first?.canonical == .status(.archived)) }
        // A store that has a draft state keeps the difference.
        listing.distinguishesDraftFromArchived = true
        if catalog == .draft, store == .archived {
            #expect(Scenario.reconcile([product], [listing]).findings.contains { $0.field == .status })
        }
    }
}
