import CatalogModel
import Foundation
import Reconcile
import Testing

struct StockTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var onHand: Int
        var committed: Int = 0
        var buffer: Int = 0
        var skuBuffer: Int?
        var sellable: Int
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "on hand", onHand: 10, sellable: 10),
        Case(name: "minus committed", onHand: 10, committed: 3, sellable: 7),
        Case(name: "minus buffer", onHand: 10, buffer: 2, sellable: 8),
        Case(name: "per-SKU buffer replaces the store's", onHand: 10, buffer: 2, skuBuffer: 5, sellable: 5),
        Case(name: "per-SKU buffer of zero", onHand: 10, buffer: 4, skuBuffer: 0, sellable: 10),
        Case(name: "all together", onHand: 10, committed: 3, buffer: 2, sellable: 5),
        Case(name: "floored at zero", onHand: 2, committed: 3, buffer: 2, sellable: 0),
    ])
    func sellableQuantityIsPushed(_ row: Case) throws {
        let product = Scenario.product(variants: [Scenario.variant("TEE-M", onHand: row.onHand)])
        let sku = product.variants[0].sku
        let listing = Scenario.listing(for: product.variants[0], of: product, available: 999)
        let policy = Scenario.policy {
            $0.stockBuffer = row.buffer
            if let skuBuffer = row.skuBuffer { $0.skuStockBuffers[sku] = skuBuffer }
        }
        let result = Scenario.reconcile(
            [product], [listing], committed: row.committed > 0 ? [sku: ["main": row.committed]] : [:], policy: policy)
        let push = try #require(result.findings.first { $0.field == .stock(location: "L1") })
        #expect(push.action == .push(.quantity(row.sellable)))
        #expect(push.canonical == .quantity(row.sellable))
        #expect(push.storeValue == .quantity(999))
        let oversell = try #require(result.findings(.oversellRisk).first)
        #expect(oversell.units == 999 - row.sellable)
    }

    @Test func locationsFollowTheMapAndAddUpToTheTotal() {
        let allocator = StockAllocator(locationMap: ["S-2": "berlin", "S-1": "main"])
        let variant = Scenario.variant("X", onHand: 4, berlin: 6)
        let allocation = allocator.allocation(for: variant, committed: ["berlin": 1], buffer: 3)
        #expect(allocation.total == 6)  // 4 + 6 − 1 − 3
        // S-1 (main) first gets its 4, S-2 (berlin) the rest: the buffer comes off the last.
        #expect(allocation.byStoreLocation == ["S-1": 4, "S-2": 2])
    }

    @Test func oversellRiskCountsUnits() throws {
        let (product, _) = Scenario.clean()
        let listing = Scenario.listing(for: product.variants[0], of: product, available: 13)
        let result = Scenario.reconcile([product], [listing])
        let risk = try #require(result.findings(.oversellRisk).first)
        #expect(risk.units == 3)
        #expect(risk.severity == .error)
        // Not a risk when the store shows less.
        let under = Scenario.reconcile([product], [Scenario.listing(for: product.variants[0], of: product, available: 4)])
        #expect(under.findings(.oversellRisk).isEmpty)
    }

    @Test func unmappedLocationsAreReportedOncePerStore() throws {
        let product = Scenario.product(variants: (0..<5).map { Scenario.variant("SKU-\($0)", number: $0) })
        let listings = product.variants.map { variant -> Listing in
            var listing = Scenario.listing(for: variant, of: product)
            listing.stock.append(StockLevel(location: "POPUP", onHand: 2))
            return listing
        }
        let result = Scenario.reconcile([product], listings)
        let findings = result.findings(.unmappedLocation)
        #expect(findings.count == 1)
        #expect(findings.first?.note == "POPUP")
        #expect(result.findings.allSatisfy { $0.field != .stock(location: "POPUP") })
    }

    @Test func untrackedStockIsAWarning() {
        var (product, listing) = Scenario.clean()
        listing.tracksStock = false
        let result = Scenario.reconcile([product], [listing])
        #expect(result.codes == [.stockNotTracked])
        product.variants[0].allowsBackorder = false
    }

    @Test func missingStoreLocationIsStockedOnlyWhenThereIsSomethingToSell() throws {
        let (product, listing) = Scenario.clean()
        var bare = listing
        bare.stock = []
        let result = Scenario.reconcile([product], [bare])
        let push = try #require(result.findings.first { $0.field == .stock(location: "L1") })
        #expect(push.action == .push(.quantity(10)))
        #expect(push.storeValue == FieldValue.none)
        var empty = product
        empty.variants[0].stock = []
        var inactive = bare
        inactive.status = .draft
        let nothing = Scenario.reconcile([empty], [inactive], policy: Scenario.policy { $0.managedFields.remove(.status) })
        #expect(nothing.findings.allSatisfy { $0.field != .stock(location: "L1") })
    }
}

struct PriceRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var price: Int64
        var multiplier: String = "1"
        var markup: String = "0"
        var ending: Int?
        var currency: String?
        var expected: Int64
        var testDescription: String { "\(price) ×\(multiplier) +\(markup) end \(ending.map(String.init) ?? "-") → \(expected)" }
    }

    @Test(arguments: [
        Case(price: 1999, expected: 1999),
        Case(price: 1999, multiplier: "1.10", expected: 2199),  // 21.989 → 21.99
        Case(price: 1000, multiplier: "1.1", markup: "0.50", expected: 1150),
        Case(price: 1000, multiplier: "1.1", markup: "0.50", ending: 99, expected: 1199),
        Case(price: 1000, multiplier: "1.1", markup: "0.50", ending: 95, expected: 1195),
        Case(price: 1000, multiplier: "1.1", markup: "0.50", ending: 0, expected: 1200),
        Case(price: 1196, ending: 95, expected: 1295),
        Case(price: 1195, ending: 95, expected: 1195),
        Case(price: 1200, ending: 0, expected: 1200),
        Case(price: 1201, ending: 99, expected: 1299),
        Case(price: 1005, multiplier: "0.5", expected: 503),  // 5.025 → 5.03, half away from zero
        Case(price: 1999, multiplier: "160", currency: "JPY", expected: 3198),  // 19.99 EUR × 160 → 3198.4 JPY
        Case(price: 1999, multiplier: "1.2345678", expected: 2468),
    ])
    func expectedPrice(_ row: Case) throws {
        let rule = PriceRule(
            multiplier: try #require(Decimal(string: row.multiplier)), markup: try #require(Decimal(string: row.markup)),
            endingCents: row.ending, currency: row.currency.flatMap(CurrencyCode.init))
        let result = try #require(PriceCalculator(rule: rule).expectedPrice(for: Scenario.money(row.price)))
        #expect(result.minorUnits == row.expected)
        #expect(result.currency == (row.currency.flatMap(CurrencyCode.init) ?? .eur))
    }

    @Test func overflowIsRefusedNotWrapped() {
        let rule = PriceRule(multiplier: 1000)
        #expect(PriceCalculator(rule: rule).expectedPrice(for: Scenario.money(Int64.max / 10)) == nil)
    }

    @Test func storeRulePricesAreComparedExactly() throws {
        var (product, listing) = Scenario.clean()
        product.variants[0].compareAtPrice = Scenario.money(3000)
        let policy = Scenario.policy { $0.priceRule = PriceRule(multiplier: Decimal(string: "1.1")!, endingCents: 99) }
        listing.price = Scenario.money(2199)  // 19.99 × 1.1 = 21.989 → 21.99 → ends .99
        listing.compareAtPrice = Scenario.money(3399)  // 30.00 × 1.1 = 33.00 → 33.99
        let inSync = Scenario.reconcile([product], [listing], policy: policy)
        #expect(inSync.findings.filter { $0.field == .price || $0.field == .compareAtPrice }.isEmpty)
        listing.price = Scenario.money(2198)
        let off = Scenario.reconcile([product], [listing], policy: policy)
        let push = try #require(off.findings.first { $0.field == .price })
        #expect(push.action == .push(.money(Scenario.money(2199))))
    }

    @Test func priceInAnotherCurrencyIsNeverPushed() throws {
        var (product, listing) = Scenario.clean()
        listing.price = Money(minorUnits: 1999, currency: .usd)
        let result = Scenario.reconcile([product], [listing])
        let finding = try #require(result.findings(.currencyMismatch).first)
        #expect(finding.action == .review)
        #expect(result.findings.allSatisfy { !$0.action.isWrite })
        product.variants[0].price = Money(minorUnits: 1999, currency: .usd)
        listing.price = Money(minorUnits: 1999, currency: .usd)
        #expect(Scenario.reconcile([product], [listing]).findings(.currencyMismatch).isEmpty)
    }

    @Test func pricesArePulledOnlyWithoutARule() throws {
        var (product, listing) = Scenario.clean()
        listing.price = Scenario.money(1500)
        let sku = product.variants[0].sku
        let bases: [BaseKey: FieldValue] = [BaseKey(sku: sku, field: .price): .money(product.variants[0].price)]
        let plain = Scenario.reconcile([product], [listing], bases: bases, policy: Scenario.policy { $0.storeEditPolicy[.price] = .store })
        #expect(plain.findings.first { $0.field == .price }?.action == .pull(.money(Scenario.money(1500))))
        product.variants[0].price = Scenario.money(1999)
        let ruled = Scenario.reconcile(
            [product], [listing], bases: [BaseKey(sku: sku, field: .price): .money(Scenario.money(2199))],
            policy: Scenario.policy {
                $0.storeEditPolicy[.price] = .store
                $0.priceRule = PriceRule(multiplier: Decimal(string: "1.1")!)
            })
        #expect(ruled.findings.first { $0.field == .price }?.action == .review)
    }
}
