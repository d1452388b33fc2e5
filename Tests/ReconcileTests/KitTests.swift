import CatalogModel
import Reconcile
import Testing

/// Kits: stock from components, orders for kits and components, kits sharing components across
/// two stores, a nested kit, a kit with a component missing from the catalog.
struct KitTests {
    /// Components A (main 10), B (main 3), C (main 9); kit GIFT = A×2 + B×1; kit DUO = A×1 + C×3.
    static func catalog() -> [Product] {
        var a = Scenario.variant("A", number: 1, onHand: 10)
        a.allowsBackorder = false
        let b = Scenario.variant("B", number: 2, onHand: 3)
        let c = Scenario.variant("C", number: 3, onHand: 9)
        var gift = Scenario.variant("GIFT", number: 4, onHand: 0)
        gift.stock = []
        var duo = Scenario.variant("DUO", number: 5, onHand: 0)
        duo.stock = []
        var big = Scenario.variant("BIG", number: 6, onHand: 0)
        big.stock = []
        return [Scenario.product("parts", variants: [a, b, c]), Scenario.product("kits", variants: [gift, duo, big])]
    }

    static let kits = [
        KitDefinition(
            sku: SKU("GIFT")!, components: [KitComponent(sku: SKU("A")!, quantity: 2), KitComponent(sku: SKU("B")!, quantity: 1)]),
        KitDefinition(
            sku: SKU("DUO")!, components: [KitComponent(sku: SKU("A")!, quantity: 1), KitComponent(sku: SKU("C")!, quantity: 3)]),
        // Nested one level: two gifts and a C.
        KitDefinition(
            sku: SKU("BIG")!, components: [KitComponent(sku: SKU("GIFT")!, quantity: 2), KitComponent(sku: SKU("C")!, quantity: 1)]),
    ]

    /// The quantity each SKU's listing is told to show (its push, or its store value when in sync).
    static func shown(
        committed: [SKU: [String: Int]] = [:], policy: StorePolicy = Scenario.policy(), kits: [KitDefinition] = KitTests.kits
    ) -> (quantities: [String: Int], result: ReconcileResult) {
        let products = catalog()
        let listings = products.flatMap { product in product.variants.map { Scenario.listing(for: $0, of: product, available: 999) } }
        let index = CatalogIndex(products: products)
        let result = Reconciler.reconcile(
            ReconcileInput(
                catalog: index, snapshot: Scenario.snapshot(listings), committed: committed, policy: policy,
                kits: KitTable(kits, catalog: index)))
        var quantities: [String: Int] = [:]
        for finding in result.findings where finding.field == .stock(location: "L1") {
            if case .push(.quantity(let value)) = finding.action { quantities[finding.sku!.rawValue] = value }
        }
        return (quantities, result)
    }

    @Test func aKitShowsTheFewestWholeKitsItsComponentsMake() throws {
        let (shown, result) = Self.shown()
        #expect(shown["GIFT"] == 3)  // min(10 ÷ 2, 3 ÷ 1)
        #expect(shown["DUO"] == 3)  // min(10 ÷ 1, 9 ÷ 3)
        #expect(shown["BIG"] == 1)  // min(3 gifts ÷ 2, 9 ÷ 1)
        let gift = try #require(result.findings.first { $0.sku == SKU("GIFT") && $0.field == .stock(location: "L1") })
        #expect(gift.note == "kit: min(A 10 ÷ 2 = 5, B 3 ÷ 1 = 3) = 3 → 3")
    }

    struct OrderCase: CustomTestStringConvertible, Sendable {
        var name: String
        var committed: [String: Int]
        var expected: [String: Int]
        var testDescription: String { name }
    }

    @Test(arguments: [
        OrderCase(
            name: "an order for a kit commits its components", committed: ["GIFT": 1],
            expected: ["A": 8, "B": 2, "C": 9, "GIFT": 2, "DUO": 3, "BIG": 1]),
        OrderCase(
            name: "an order for a component lowers every kit using it", committed: ["A": 5],
            expected: ["A": 5, "B": 3, "C": 9, "GIFT": 2, "DUO": 3, "BIG": 1]),
        OrderCase(
            name: "orders for a kit and a component at once", committed: ["GIFT": 1, "A": 4, "C": 7],
            expected: ["A": 4, "B": 2, "C": 2, "GIFT": 2, "DUO": 0, "BIG": 1]),
        OrderCase(
            name: "an order for the nested kit commits the inner kit's components", committed: ["BIG": 1],
            expected: ["A": 6, "B": 1, "C": 8, "GIFT": 1, "DUO": 2, "BIG": 0]),
    ])
    func orders(_ row: OrderCase) {
        // Orders carry no location: their units come under "*".
        let committed = Dictionary(uniqueKeysWithValues: row.committed.map { (SKU($0.key)!, ["*": $0.value]) })
        let (shown, _) = Self.shown(committed: committed)
        #expect(shown == row.expected)
    }

    @Test func twoStoresSharingComponentsWithTheirOwnRules() {
        // Store one shows half of everything; store two keeps 1 back of each and caps at 2.
        let committed: [SKU: [String: Int]] = [SKU("GIFT")!: ["*": 1], SKU("B")!: ["*": 1]]
        let half = Self.shown(committed: committed, policy: Scenario.policy { $0.allocation.rule = AllocationRule(shareBasisPoints: 5000) })
            .quantities
        let capped = Self.shown(
            committed: committed,
            policy: Scenario.policy {
                $0.stockBuffer = 1
                $0.allocation.rule = AllocationRule(maximum: 2)
            }
        ).quantities
        // A: 10 − 2 (the gift) = 8; B: 3 − 1 (gift) − 1 = 1; GIFT: min(8 ÷ 2, 1) = 1.
        #expect(half["A"] == 4)
        #expect(half["B"] == 0)
        #expect(half["GIFT"] == 0)
        #expect(capped["A"] == 2)
        #expect(capped["B"] == 0)
        #expect(capped["GIFT"] == 0)  // 1 − buffer 1
        #expect(capped["DUO"] == 2)  // min(8, 3) − 1 = 2, max 2
    }

    @Test func aKitWithAComponentMissingFromTheCatalogIsAListingErrorAndShowsNothing() throws {
        let kits = [
            Self.kits[0], Self.kits[2],
            KitDefinition(
                sku: SKU("DUO")!, components: [KitComponent(sku: SKU("A")!, quantity: 1), KitComponent(sku: SKU("GONE")!, quantity: 1)]),
        ]
        let (shown, result) = Self.shown(kits: kits)
        let finding = try #require(result.findings(.kitMissingComponent).first)
        #expect(finding.sku == SKU("DUO"))
        #expect(finding.severity == .error)
        #expect(finding.related == [SKU("GONE")!])
        #expect(finding.rule?.fix.contains("concord catalog kit add") == true)
        #expect(shown["DUO"] == 0)
        // Switched off per store like any listing rule.
        let off = Self.shown(policy: Scenario.policy { $0.ruleSettings[.kitMissingComponent] = .off }, kits: kits)
        #expect(off.result.findings(.kitMissingComponent).isEmpty)
    }

    @Test func componentsAreParsedFromTheirTextForm() throws {
        let parsed = try KitDefinition.parseComponents("A*2; B ;C*10").get()
        #expect(
            parsed == [
                KitComponent(sku: SKU("A")!, quantity: 2), KitComponent(sku: SKU("B")!, quantity: 1),
                KitComponent(sku: SKU("C")!, quantity: 10),
            ])
        #expect(throws: KitDefinitionError.self) { try KitDefinition.parseComponents("A*0").get() }
        #expect(throws: KitDefinitionError.self) { try KitDefinition.parseComponents("A*x").get() }
        #expect(throws: KitDefinitionError.self) { try KitDefinition.parseComponents("A;A*2").get() }
        #expect(throws: KitDefinitionError.self) { try KitDefinition.parseComponents("K*1", kit: SKU("K")).get() }
        #expect(throws: KitDefinitionError.self) { try KitDefinition.parseComponents(" ; ").get() }
        let deep = [
            KitDefinition(sku: SKU("K1")!, components: [KitComponent(sku: SKU("K2")!, quantity: 1)]),
            KitDefinition(sku: SKU("K2")!, components: [KitComponent(sku: SKU("K3")!, quantity: 1)]),
            KitDefinition(sku: SKU("K3")!, components: [KitComponent(sku: SKU("A")!, quantity: 1)]),
        ]
        #expect(Set(KitDefinition.nestingProblems(deep).keys) == [SKU("K1")!])
    }
}
