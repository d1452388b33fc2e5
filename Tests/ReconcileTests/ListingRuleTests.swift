import CatalogModel
import Reconcile
import Testing

struct ListingRuleTests {
    /// One bend of the clean scenario per rule, applied to the product, the variant or the listing.
    struct Case: CustomTestStringConvertible, Sendable {
        var code: FindingCode
        var bend: @Sendable (inout Product, inout Listing) -> Void
        var testDescription: String { code.rawValue }
    }

    static let cases: [Case] = [
        Case(code: .missingSKU) { _, listing in listing.rawSKU = "  " },
        Case(code: .orphan) { _, listing in
            listing.rawSKU = "NOT-IN-CATALOG"
            listing.barcode = nil
        },
        Case(code: .priceNotPositive) { _, listing in listing.price = Scenario.money(0) },
        Case(code: .priceBelowCost) { product, listing in
            product.variants[0].price = Scenario.money(500)
            listing.price = Scenario.money(500)
        },
        Case(code: .compareAtNotAbovePrice) { _, listing in listing.compareAtPrice = Scenario.money(1999) },
        Case(code: .noImage) { _, listing in listing.images = [] },
        Case(code: .placeholderTitle) { _, listing in listing.productTitle = "Default Title" },
        Case(code: .emptyDescription) { _, listing in listing.descriptionHTML = "  " },
        Case(code: .activeOutOfStock) { product, listing in
            product.variants[0].stock = []
            listing.stock = [StockLevel(location: "L1", onHand: 0)]
        },
        Case(code: .inactiveInStock) { _, listing in listing.status = .draft },
        Case(code: .invalidBarcode) { _, listing in listing.barcode = "4006381333932" },
        Case(code: .scientificBarcode) { _, listing in listing.barcode = "4.00638E+12" },
        Case(code: .missingWeight) { _, listing in listing.weight = nil },
        Case(code: .optionMismatch) { _, listing in listing.options = ["XL"] },
    ]

    @Test(arguments: cases)
    func ruleFires(_ row: Case) throws {
        var (product, listing) = Scenario.clean()
        row.bend(&product, &listing)
        let result = Scenario.reconcile([product], [listing])
        let finding = try #require(result.findings(row.code).first, "\(result.findings.map(\.code))")
        #expect(finding.severity == FindingRule.rule(for: row.code)?.defaultSeverity)
        #expect(finding.store == Scenario.store)
        #expect(!finding.explanation.isEmpty)
        #expect(!finding.fix.isEmpty)
    }

    @Test(arguments: cases)
    func ruleCanBeSwitchedOff(_ row: Case) {
        var (product, listing) = Scenario.clean()
        row.bend(&product, &listing)
        let result = Scenario.reconcile([product], [listing], policy: Scenario.policy { $0.ruleSettings[row.code] = .off })
        #expect(result.findings(row.code).isEmpty)
    }

    @Test(arguments: cases)
    func ruleCanBeReLevelled(_ row: Case) throws {
        var (product, listing) = Scenario.clean()
        row.bend(&product, &listing)
        let level: Severity = FindingRule.rule(for: row.code)?.defaultSeverity == .error ? .info : .error
        let result = Scenario.reconcile(
            [product], [listing], policy: Scenario.policy { $0.ruleSettings[row.code] = .severity(level) })
        let finding = try #require(result.findings(row.code).first)
        #expect(finding.severity == level)
    }

    @Test func cleanListingIsSilent() {
        let (product, listing) = Scenario.clean()
        let result = Scenario.reconcile([product], [listing])
        #expect(result.findings.isEmpty, "\(result.findings.map(\.explanation))")
    }

    @Test(arguments: ["", "Untitled", "default title", " TEST ", "Product"])
    func placeholderTitles(_ title: String) {
        var (product, listing) = Scenario.clean()
        listing.productTitle = title
        product.title = title
        #expect(!Scenario.reconcile([product], [listing]).findings(.placeholderTitle).isEmpty)
    }

    @Test(arguments: ["Testing Kit Deluxe", "Product of the Year Tee", "Untitled Goose Game Tee"])
    func realTitlesAreNotPlaceholders(_ title: String) {
        var (product, listing) = Scenario.clean()
        listing.productTitle = title
        product.title = title
        #expect(Scenario.reconcile([product], [listing]).findings(.placeholderTitle).isEmpty)
    }

    @Test func defaultTitleIsFineAsAVariantOption() {
        var (product, listing) = Scenario.clean()
        product.variants[0].options = []
        listing.options = ["Default Title"]
        listing.variantTitle = "Default Title"
        #expect(Scenario.reconcile([product], [listing]).findings.isEmpty)
    }

    @Test func driftCodesAreNotSwitchable() {
        let rule = FindingRule.rule(for: .conflict)
        #expect(rule?.isConfigurable == false)
        var (product, listing) = Scenario.clean()
        listing.price = Scenario.money(1)
        product.variants[0].cost = nil
        let result = Scenario.reconcile(
            [product], [listing], policy: Scenario.policy { $0.ruleSettings[.firstSync] = .off })
        #expect(!result.findings(.firstSync).isEmpty)
    }

    @Test func everyRuleHasAUniqueCodeAndWords() {
        let codes = FindingRule.all.map(\.code)
        #expect(Set(codes).count == codes.count)
        for rule in FindingRule.all {
            #expect(!rule.summary.isEmpty && !rule.fix.isEmpty)
            #expect(rule.code.rawValue.contains("."))
        }
    }
}
