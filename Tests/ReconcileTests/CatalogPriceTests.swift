import CatalogModel
import Foundation
import Planning
import Reconcile
import Testing

/// A catalog price of zero or less — as the catalog holds it, or as the store's price rule turns
/// it — is never written to a store: it is the error finding `catalog.price-not-positive`.
struct CatalogPriceTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var field: Change.Field
        var price: Int64 = 1999
        var compareAt: Int64? = 2999
        var rule = PriceRule()
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "zero price", field: .price, price: 0),
        Case(name: "negative price", field: .price, price: -500),
        Case(name: "negative compare-at", field: .compareAtPrice, compareAt: -100),
        Case(name: "rule markup takes the price below zero", field: .price, compareAt: nil, rule: PriceRule(markup: -25)),
        Case(
            name: "rule takes the compare-at price to zero", field: .compareAtPrice, price: 5000, compareAt: 1000,
            rule: PriceRule(markup: -10)),
    ]

    @Test(arguments: cases)
    func isAnErrorAndNotPushed(_ row: Case) throws {
        var (product, listing) = Scenario.clean()
        product.variants[0].price = Scenario.money(row.price)
        product.variants[0].compareAtPrice = row.compareAt.map { Scenario.money($0) }
        listing.price = Scenario.money(13000)
        listing.compareAtPrice = Scenario.money(15000)
        let result = Scenario.reconcile([product], [listing], policy: Scenario.policy { $0.priceRule = row.rule })

        let finding = try #require(result.findings(.catalogPriceNotPositive).first, "\(result.findings.map(\.code))")
        #expect(finding.field == row.field)
        #expect(finding.severity == .error)
        #expect(finding.action == FindingAction.none)
        #expect(finding.sku == product.variants[0].sku)
        #expect(finding.storeValue == .money(Scenario.money(row.field == .price ? 13000 : 15000)))
        #expect(finding.explanation.contains("zero or negative"))
        #expect(result.counts.errors >= 1)
        #expect(!result.findings.contains { $0.field == row.field && $0.action.isWrite })
        let plan = Planner.plan(result)
        #expect(!plan.changes.contains { $0.field == row.field }, "\(plan.changes.map(\.new))")
    }

    @Test func ruleResultIsNamedInTheFinding() throws {
        var (product, listing) = Scenario.clean()
        product.variants[0].compareAtPrice = nil
        listing.compareAtPrice = nil
        let result = Scenario.reconcile(
            [product], [listing], policy: Scenario.policy { $0.priceRule = PriceRule(markup: -20) })
        let finding = try #require(result.findings(.catalogPriceNotPositive).first)
        #expect(finding.canonical == .money(Scenario.money(1999)))
        #expect(finding.note == "the store's price rule gives -0.01 EUR", "\(finding.note ?? "nil")")
    }

    @Test func cannotBeSwitchedOff() throws {
        var (product, listing) = Scenario.clean()
        product.variants[0].price = Scenario.money(0)
        let result = Scenario.reconcile(
            [product], [listing], policy: Scenario.policy { $0.ruleSettings[.catalogPriceNotPositive] = .off })
        #expect(FindingRule.rule(for: .catalogPriceNotPositive)?.isConfigurable == false)
        #expect(result.findings(.catalogPriceNotPositive).count == 1)
    }

    @Test(arguments: [ListingStatus.draft, .archived])
    func draftVariantKeepsItsZeroPriceQuietly(_ status: ListingStatus) {
        var (product, listing) = Scenario.clean()
        product.variants[0].price = Scenario.money(0)
        product.variants[0].status = status
        listing.status = status
        let result = Scenario.reconcile([product], [listing])
        #expect(result.findings(.catalogPriceNotPositive).isEmpty)
        #expect(!result.findings.contains { $0.field == .price })
    }

    @Test func zeroCompareAtStillMeansNone() {
        var (product, listing) = Scenario.clean()
        product.variants[0].compareAtPrice = Scenario.money(0)
        listing.compareAtPrice = nil
        let result = Scenario.reconcile([product], [listing])
        #expect(result.findings.isEmpty, "\(result.findings.map(\.explanation))")
    }
}
