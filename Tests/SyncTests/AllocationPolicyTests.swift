import CatalogModel
import ConcordConfig
import Foundation
import Planning
import Reconcile
import Sync
import Testing

/// concord.toml text → store policy → reconciliation outcome, and the cross-store check.
struct AllocationPolicyTests {
    static func configuration(_ tail: String, id: String = "woo") throws -> StoreConfiguration {
        let text = """
            [stores.\(id)]
            platform = "woocommerce"
            url = "https://shop.example.eu"
            key_env = "WOO_KEY"
            secret_env = "WOO_SECRET"

            """ + tail
        return try #require(try ConfigurationLoader.parse(text, file: "concord.toml").stores.first)
    }

    static let eur = CurrencyCode.eur

    /// TEE-M: main 40, berlin 10; a clearance MUG: main 9.
    static func catalog() -> [Product] {
        let tee = Variant(
            sku: SKU("TEE-M")!, title: "M", price: Money(minorUnits: 1999, currency: eur), cost: Money(minorUnits: 2500, currency: eur),
            weight: Weight(value: 1, unit: .kilograms),
            stock: [StockLevel(location: "main", onHand: 40), StockLevel(location: "berlin", onHand: 10)])
        let mug = Variant(
            sku: SKU("MUG")!, title: "", price: Money(minorUnits: 900, currency: eur), weight: Weight(value: 1, unit: .kilograms),
            stock: [StockLevel(location: "main", onHand: 9)])
        return [
            Product(
                handle: "tee", title: "Tee", descriptionHTML: "<p>x</p>", productType: "Shirts", images: ["https://cdn.example.com/t.jpg"],
                variants: [tee]),
            Product(
                handle: "mug", title: "Mug", descriptionHTML: "<p>x</p>", tags: ["Clearance"], images: ["https://cdn.example.com/m.jpg"],
                variants: [mug]),
        ]
    }

    static func listing(_ variant: Variant, of product: Product, store: StoreID = "woo", available: Int, location: String = "default")
        -> Listing
    {
        Listing(
            store: store, ref: RemoteRef(productID: product.handle, variantID: variant.sku.rawValue), rawSKU: variant.sku.rawValue,
            barcode: nil, productTitle: product.title, variantTitle: variant.title, descriptionHTML: product.descriptionHTML,
            options: variant.options, price: variant.price, compareAtPrice: nil, weight: variant.weight, status: .active,
            images: product.images, stock: [StockLevel(location: location, onHand: available)])
    }

    static let locations = [Location(code: "main", name: "Main"), Location(code: "berlin", name: "Berlin")]

    static func reconcile(_ configuration: StoreConfiguration, committed: [SKU: [String: Int]] = [:]) -> ReconcileResult {
        let products = catalog()
        let listings = products.map { listing($0.variants[0], of: $0, store: configuration.id, available: 500) }
        let policy = StorePolicy(
            configuration: configuration, storeLocations: [Location(code: "default", name: "Default")], catalogLocations: locations)
        return Reconciler.reconcile(
            ReconcileInput(
                catalog: CatalogIndex(products: products),
                snapshot: StoreSnapshot(
                    store: configuration.id, fetchedAt: Date(timeIntervalSince1970: 0), isComplete: true, listings: listings, locations: [],
                    nextCursor: nil),
                committed: committed, policy: policy))
    }

    static func pushed(_ result: ReconcileResult, _ sku: String) -> Finding? {
        result.findings.first { $0.sku == SKU(sku) && $0.field == .stock(location: "default") }
    }

    @Test func rulesFromTheFileDecideThePushedQuantity() throws {
        let configuration = try Self.configuration(
            """
            stock_buffer = 1

            [stores.woo.locations]
            default = ["main", "berlin"]

            [stores.woo.stock_buffers]
            "TEE-M" = 2

            [stores.woo.allocation]
            share = "60%"
            maximum = 15

            [[stores.woo.allocation.overrides]]
            tags = ["clearance"]
            minimum = 10
            """)
        // TEE-M: 40 + 10 − committed 6 (4 at main, 2 anywhere) − buffer 2 = 42 → 60% = 25 → max 15.
        let result = Self.reconcile(configuration, committed: [SKU("TEE-M")!: ["main": 4, "*": 2]])
        let tee = try #require(Self.pushed(result, "TEE-M"))
        #expect(tee.action == .push(.quantity(15)))
        #expect(tee.note == "on hand 50 − committed 6 − buffer 2 = 42 → 60% = 25 → max 15 → 15")
        // MUG: 9 − buffer 1 = 8, below the clearance minimum of 10 → 0.
        let mug = try #require(Self.pushed(result, "MUG"))
        #expect(mug.action == .push(.quantity(0)))
        #expect(mug.note == "on hand 9 − buffer 1 = 8 → below minimum 10 → 0")
        let change = try #require(Planner.plan(result).changes.first { $0.sku == SKU("TEE-M") })
        #expect(change.reason == tee.note)
    }

    @Test func fieldPoliciesAndRuleLevelsFromTheFile() throws {
        let base = try Self.configuration("[stores.woo.locations]\ndefault = \"main\"\n")
        // The tee sells below cost: a warning by default.
        #expect(Self.reconcile(base).findings.contains { $0.code == .priceBelowCost && $0.severity == .warning })
        let off = try Self.configuration("[stores.woo.locations]\ndefault = \"main\"\n[stores.woo.rules]\nprice-below-cost = \"off\"\n")
        #expect(!Self.reconcile(off).findings.contains { $0.code == .priceBelowCost })
        let raised = try Self.configuration(
            "[stores.woo.locations]\ndefault = \"main\"\n[stores.woo.rules]\n\"listing.price-below-cost\" = \"error\"\n")
        #expect(Self.reconcile(raised).findings.contains { $0.code == .priceBelowCost && $0.severity == .error })

        // A title edited in the store: reviewed by default, pulled with store_edit_policy title = "store".
        let policyText =
            "[stores.woo.locations]\ndefault = \"main\"\n[stores.woo.store_edit_policy]\ntitle = \"store\"\n[stores.woo.first_sync_policy]\nprice = \"review\"\n"
        let configuration = try Self.configuration(policyText)
        let policy = StorePolicy(configuration: configuration, storeLocations: [], catalogLocations: Self.locations)
        #expect(policy.storeEditPolicy(for: .title) == .store)
        #expect(policy.storeEditPolicy(for: .description) == .review)
        #expect(policy.firstSyncPolicy(for: .price) == .review)
        #expect(policy.firstSyncPolicy(for: .stock) == .canonical)
        let products = Self.catalog()
        var edited = Self.listing(products[0].variants[0], of: products[0], available: 40)
        edited.productTitle = "Tee (edited)"
        let bases: [BaseKey: FieldValue] = [BaseKey(sku: SKU("TEE-M")!, field: .title): .text("Tee")]
        let result = Reconciler.reconcile(
            ReconcileInput(
                catalog: CatalogIndex(products: products),
                snapshot: StoreSnapshot(
                    store: "woo", fetchedAt: Date(timeIntervalSince1970: 0), isComplete: false, listings: [edited], locations: [],
                    nextCursor: nil),
                bases: bases, policy: policy))
        #expect(result.findings.first { $0.field == .title }?.action == .pull(.text("Tee (edited)")))
    }

    @Test(arguments: [
        ("nonsense-rule", "is not a rule Concord knows"),
        ("drift.conflict", "cannot be switched off"),
    ])
    func unknownOrFixedRulesAreRefusedWithTheirLine(code: String, fragment: String) throws {
        // Refused when the file is read: the configuration never holds a rule Concord does not know.
        #expect {
            _ = try Self.configuration("[stores.woo.rules]\n\"\(code)\" = \"off\"\n")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.description.hasPrefix("concord.toml:7: stores.woo.rules.\(code): ") && error.description.contains(fragment)
        }
    }

    @Test func theStoresTogetherMayNotShowMoreThanIsSellableUnlessTheRulesSaySo() throws {
        func policy(_ id: String, _ allocation: String) throws -> StorePolicy {
            let configuration = try Self.configuration("[stores.\(id).locations]\ndefault = [\"main\"]\n" + allocation, id: id)
            return StorePolicy(configuration: configuration, storeLocations: [], catalogLocations: Self.locations)
        }
        let index = CatalogIndex(products: Self.catalog())
        // 60% + 60% of main's 40 (tee) and 9 (mug) is more than there is.
        let greedy = [try policy("a", "[stores.a.allocation]\nshare = 60\n"), try policy("b", "[stores.b.allocation]\nshare = 60\n")]
        let found = ChannelAllocationCheck.findings(stores: greedy.map(ChannelAllocationCheck.Store.init(policy:)), catalog: index)
        let tee = try #require(found["a"]?.first { $0.sku == SKU("TEE-M") })
        #expect(tee.code == .channelsOversell)
        #expect(tee.severity == .warning)
        #expect(tee.units == 8)  // 24 + 24 − 40
        #expect(tee.note == "a 24 + b 24 = 48 of 40 sellable at main")
        #expect(tee.explanation.contains("8 units over"))
        #expect(found["b"]?.count == 2)
        // Half each: no finding.
        let fair = [try policy("a", "[stores.a.allocation]\nshare = 50\n"), try policy("b", "[stores.b.allocation]\nshare = 50\n")]
        #expect(ChannelAllocationCheck.findings(stores: fair.map(ChannelAllocationCheck.Store.init(policy:)), catalog: index).isEmpty)
        // Said explicitly: store a accepts the overlap, store b still hears about it.
        let allowed = [
            try policy("a", "[stores.a.allocation]\nshare = 60\noversell_allowed = true\n"),
            try policy("b", "[stores.b.allocation]\nshare = 60\n"),
        ]
        let partly = ChannelAllocationCheck.findings(stores: allowed.map(ChannelAllocationCheck.Store.init(policy:)), catalog: index)
        #expect(partly["a"] == nil)
        #expect(partly["b"]?.count == 2)
        // Committed units lower what is sellable: 50% + 50% of (40 − 10) is fine, of 40 − 12 not.
        let tight = ChannelAllocationCheck.findings(
            stores: fair.map(ChannelAllocationCheck.Store.init(policy:)), catalog: index, committed: [SKU("MUG")!: ["*": 1]])
        #expect(tight.isEmpty)  // 4 + 4 of 8
        // The whole pool shown everywhere (the default) is the design, not a promise: no finding,
        // and a store showing the pool does not turn another's 60 % into an over-allocation.
        let shared = [try policy("a", ""), try policy("b", ""), try policy("c", "[stores.c.allocation]\nshare = 60\n")]
        #expect(ChannelAllocationCheck.findings(stores: shared.map(ChannelAllocationCheck.Store.init(policy:)), catalog: index).isEmpty)
    }
}
