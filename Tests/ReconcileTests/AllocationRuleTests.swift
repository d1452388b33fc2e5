import CatalogModel
import Planning
import Reconcile
import Testing

/// Every allocation rule alone and composed, with the rounding edges: 0, 1, the threshold, a
/// share of an odd number.
struct AllocationRuleTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var onHand: Int
        var committed: Int = 0
        var anywhere: Int = 0
        var buffer: Int = 0
        var rule = AllocationRule()
        var shown: Int
        var chain: String? = nil
        var testDescription: String { name }
    }

    @Test(arguments: [
        Case(name: "nothing on hand", onHand: 0, shown: 0, chain: "on hand 0 → 0"),
        Case(name: "one unit, no rule", onHand: 1, shown: 1),
        Case(name: "one unit, 50% rounds down to 0", onHand: 1, rule: .init(shareBasisPoints: 5000), shown: 0),
        Case(name: "share of an odd number rounds down", onHand: 33, rule: .init(shareBasisPoints: 5000), shown: 16),
        Case(name: "60% of 7 = 4.2 → 4", onHand: 7, rule: .init(shareBasisPoints: 6000), shown: 4),
        Case(name: "62.5% of 9 = 5.625 → 5", onHand: 9, rule: .init(shareBasisPoints: 6250), shown: 5, chain: "on hand 9 → 62.5% = 5 → 5"),
        Case(name: "0% shows nothing", onHand: 50, rule: .init(shareBasisPoints: 0), shown: 0),
        Case(name: "100% shows everything", onHand: 50, rule: .init(shareBasisPoints: 10_000), shown: 50),
        Case(name: "maximum caps", onHand: 32, rule: .init(maximum: 15), shown: 15, chain: "on hand 32 → max 15 → 15"),
        Case(name: "maximum above the stock changes nothing", onHand: 3, rule: .init(maximum: 15), shown: 3),
        Case(name: "exactly at the threshold shows all", onHand: 5, rule: .init(minimum: 5), shown: 5),
        Case(
            name: "one below the threshold shows 0", onHand: 4, rule: .init(minimum: 5), shown: 0, chain: "on hand 4 → below minimum 5 → 0"),
        Case(name: "the threshold looks at sellable, after the buffer", onHand: 6, buffer: 2, rule: .init(minimum: 5), shown: 0),
        Case(name: "fixed while enough", onHand: 12, rule: .init(fixed: 10), shown: 10, chain: "on hand 12 → fixed 10 = 10 → 10"),
        Case(name: "fixed at exactly N", onHand: 10, rule: .init(fixed: 10), shown: 10),
        Case(name: "fixed shows what there is below N", onHand: 7, rule: .init(fixed: 10), shown: 7),
        Case(name: "fixed under a maximum", onHand: 50, rule: .init(maximum: 8, fixed: 10), shown: 8),
        Case(
            name: "the issue's chain", onHand: 40, committed: 6, buffer: 2, rule: .init(shareBasisPoints: 6000, maximum: 15),
            shown: 15, chain: "on hand 40 − committed 6 − buffer 2 = 32 → 60% = 19 → max 15 → 15"),
        Case(
            name: "threshold, share and maximum together", onHand: 20, rule: .init(shareBasisPoints: 5000, maximum: 6, minimum: 10),
            shown: 6, chain: "on hand 20 → 50% = 10 → max 6 → 6"),
        Case(name: "committed anywhere comes off the total", onHand: 10, anywhere: 3, shown: 7, chain: "on hand 10 − committed 3 = 7 → 7"),
        Case(
            name: "floored at zero", onHand: 2, committed: 3, buffer: 2, shown: 0,
            chain: "on hand 2 − committed 3 − buffer 2 = -3, floored at 0 → 0"),
    ])
    func rule(_ row: Case) throws {
        let allocator = StockAllocator(locationMap: ["L1": "main"])
        var committed: [String: Int] = [:]
        if row.committed > 0 { committed["main"] = row.committed }
        if row.anywhere > 0 { committed[StockAllocator.anyLocation] = row.anywhere }
        let allocation = allocator.allocation(
            for: Scenario.variant("X", onHand: row.onHand), committed: committed, buffer: row.buffer, rule: row.rule)
        #expect(allocation.total == row.shown)
        #expect(allocation.byStoreLocation == ["L1": row.shown])
        if let chain = row.chain { #expect(allocation.computation.description == chain) }
    }

    @Test func overridesLayerFromTypeToTagToSKU() throws {
        var product = Scenario.product(variants: [
            Scenario.variant("TEE-M", onHand: 100), Scenario.variant("TEE-L", number: 2, onHand: 100),
        ])
        product.productType = "Shirts"
        product.tags = ["Clearance"]
        let listings = product.variants.map { Scenario.listing(for: $0, of: product, available: 0) }
        let policy = Scenario.policy {
            $0.allocation = AllocationPolicy(
                rule: AllocationRule(shareBasisPoints: 5000),
                overrides: [
                    AllocationOverride(scope: .skus([SKU("TEE-M")!]), rule: AllocationRule(maximum: 7)),
                    AllocationOverride(scope: .tags(["clearance"]), rule: AllocationRule(shareBasisPoints: 2000)),
                    AllocationOverride(scope: .productTypes(["shirts"]), rule: AllocationRule(shareBasisPoints: 9000, maximum: 30)),
                ])
        }
        let result = Scenario.reconcile([product], listings, policy: policy)
        func pushed(_ sku: String) -> Finding? {
            result.findings.first { $0.sku == SKU(sku) && $0.field == .stock(location: "L1") }
        }
        // Type: 90% max 30; tag: 20% → 20, max 30 stays; SKU: max 7.
        #expect(pushed("TEE-L")?.action == .push(.quantity(20)))
        #expect(pushed("TEE-M")?.action == .push(.quantity(7)))
        #expect(pushed("TEE-M")?.note == "on hand 100 → 20% = 20 → max 7 → 7")
        let plan = Planner.plan(result)
        #expect(plan.changes.first { $0.sku == SKU("TEE-M") }?.reason == "on hand 100 → 20% = 20 → max 7 → 7")
    }

    @Test func severalCatalogLocationsFeedOneStoreLocation() {
        // A WooCommerce store: one stock number, fed by both warehouses.
        let allocator = StockAllocator(feeds: ["default": ["main", "berlin"]])
        let variant = Scenario.variant("X", onHand: 4, berlin: 6)
        #expect(allocator.allocation(for: variant, committed: ["berlin": 1], buffer: 0).byStoreLocation == ["default": 9])
    }

    @Test func priorityDecidesWhichLocationsGiveUpUnitsFirst() {
        let feeds = ["S-1": ["main"], "S-2": ["berlin"]]
        let variant = Scenario.variant("X", onHand: 4, berlin: 6)
        // Default priority (store ids): the anywhere-committed units and the buffer come off S-2.
        let byId = StockAllocator(feeds: feeds).allocation(for: variant, committed: ["*": 3], buffer: 1)
        #expect(byId.total == 6)
        #expect(byId.byStoreLocation == ["S-1": 4, "S-2": 2])
        // Berlin first: it fills up, main gives up the units.
        let berlinFirst = StockAllocator(feeds: feeds, priority: ["berlin", "main"]).allocation(
            for: variant, committed: ["*": 3], buffer: 1)
        #expect(berlinFirst.byStoreLocation == ["S-1": 0, "S-2": 6])
        // A rule's location set leaves out the locations it does not name.
        let berlinOnly = StockAllocator(feeds: feeds, priority: ["berlin"]).allocation(
            for: variant, committed: [:], buffer: 0)
        #expect(berlinOnly.total == 6)
        #expect(berlinOnly.byStoreLocation == ["S-1": 0, "S-2": 6])
    }

    @Test func theShareIsExactForHugeQuantities() {
        #expect(StockComputation.share(Int.max, basisPoints: 5000) == Int.max / 2)
        #expect(StockComputation.share(3, basisPoints: 3333) == 0)
        #expect(StockComputation.share(10_001, basisPoints: 10_000) == 10_001)
        #expect(StockComputation.percentText(6250) == "62.5%")
        #expect(StockComputation.percentText(3333) == "33.33%")
    }

    @Test func anOversellRiskComparesWithSellableNotWithTheShare() {
        // The store shows 30 of 30 sellable while its share is 50%: a push, not an oversell risk.
        let (product, listing) = Scenario.clean()
        var wide = listing
        wide.stock = [StockLevel(location: "L1", onHand: 10)]
        let result = Scenario.reconcile(
            [product], [wide], policy: Scenario.policy { $0.allocation.rule = AllocationRule(shareBasisPoints: 5000) })
        #expect(result.findings(.oversellRisk).isEmpty)
        #expect(result.findings.first { $0.field == .stock(location: "L1") }?.action == .push(.quantity(5)))
    }
}
