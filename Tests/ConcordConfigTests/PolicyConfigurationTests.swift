import CatalogModel
import ConcordConfig
import Testing

/// The per-store policy tables of concord.toml: field policies, per-SKU buffers, rule levels,
/// location feeds and allocation rules, and the errors a mistake in them gives.
struct PolicyConfigurationTests {
    static let head = """
        [stores.woo]
        platform = "woocommerce"
        url = "https://shop.example.eu"
        key_env = "WOO_KEY"
        secret_env = "WOO_SECRET"

        """

    @Test func readsEveryPolicyTable() throws {
        let text =
            Self.head + """
                stock_buffer = 2

                [stores.woo.locations]
                default = ["main", "berlin"]
                popup = "pop"

                [stores.woo.stock_buffers]
                "TEE-M" = 5
                MUG = 0

                [stores.woo.store_edit_policy]
                title = "store"
                price = "review"

                [stores.woo.first_sync_policy]
                description = "canonical"

                [stores.woo.rules]
                price-below-cost = "off"
                "listing.no-image" = "error"
                listing.missing-weight = "info"

                [stores.woo.allocation]
                share = "60%"
                maximum = 15
                minimum = 3
                locations = ["berlin", "main"]

                [[stores.woo.allocation.overrides]]
                skus = ["TEE-M"]
                fixed = 4

                [[stores.woo.allocation.overrides]]
                tags = ["clearance"]
                share = 100
                oversell_allowed = true

                [[stores.woo.allocation.overrides]]
                product_types = ["Mugs"]
                share = "62.5"
                """
        let store = try #require(try ConfigurationLoader.parse(text, file: "concord.toml").stores.first)
        #expect(store.locationFeeds == ["default": ["main", "berlin"]])
        #expect(store.locations == ["popup": "pop"])
        #expect(store.stockBuffers == [SKU("TEE-M")!: 5, SKU("MUG")!: 0])
        #expect(store.storeEditPolicies == [.title: .store, .price: .review])
        #expect(store.firstSyncPolicies == [.description: .canonical])
        // Rule codes come resolved: "price-below-cost" is the one rule with that name after its dot.
        #expect(store.ruleSettings == [.priceBelowCost: .off, .noImage: .severity(.error), .missingWeight: .severity(.info)])
        #expect(store.allocation.rule == AllocationRule(shareBasisPoints: 6000, maximum: 15, minimum: 3, locations: ["berlin", "main"]))
        #expect(
            store.allocation.overrides == [
                AllocationOverride(scope: .skus([SKU("TEE-M")!]), rule: AllocationRule(fixed: 4)),
                AllocationOverride(scope: .tags(["clearance"]), rule: AllocationRule(shareBasisPoints: 10_000, oversellAllowed: true)),
                AllocationOverride(scope: .productTypes(["Mugs"]), rule: AllocationRule(shareBasisPoints: 6250)),
            ])
    }

    @Test func theDefaultsAreNothingConfigured() throws {
        let store = try #require(try ConfigurationLoader.parse(Self.head).stores.first)
        #expect(store.allocation.isDefault)
        #expect(store.stockBuffers.isEmpty && store.storeEditPolicies.isEmpty && store.firstSyncPolicies.isEmpty)
        #expect(store.ruleSettings.isEmpty && store.locationFeeds.isEmpty)
    }

    struct Bad: CustomTestStringConvertible, Sendable {
        var tail: String
        var keyPath: String
        var line: Int
        var fragment: String
        var testDescription: String { keyPath + ": " + fragment }
    }

    // The head is 6 lines; the tail starts on line 6.
    @Test(arguments: [
        Bad(
            tail: "[stores.woo.allocation]\nshare = 0.6\n", keyPath: "stores.woo.allocation.share", line: 7,
            fragment: "TOML floats are inexact"),
        Bad(
            tail: "[stores.woo.allocation]\nshare = \"120%\"\n", keyPath: "stores.woo.allocation.share", line: 7,
            fragment: "between 0% and 100%"),
        Bad(
            tail: "[stores.woo.allocation]\nshare = \"60.125%\"\n", keyPath: "stores.woo.allocation.share", line: 7,
            fragment: "write a percentage"),
        Bad(tail: "[stores.woo.allocation]\nmaximum = 1.5\n", keyPath: "stores.woo.allocation.maximum", line: 7, fragment: "whole number"),
        Bad(tail: "[stores.woo.allocation]\nminimum = -1\n", keyPath: "stores.woo.allocation.minimum", line: 7, fragment: "zero or more"),
        Bad(
            tail: "[stores.woo.allocation]\nshare = 50\nfixed = 3\n", keyPath: "stores.woo.allocation.fixed", line: 8,
            fragment: "exclude each other"),
        Bad(
            tail: "[stores.woo.allocation]\nmaxmum = 3\n", keyPath: "stores.woo.allocation.maxmum", line: 7,
            fragment: "not a setting Concord knows"),
        Bad(
            tail: "[stores.woo.allocation]\noversell_allowed = \"yes\"\n", keyPath: "stores.woo.allocation.oversell_allowed", line: 7,
            fragment: "true or false"),
        Bad(
            tail: "[stores.woo.allocation]\nshare = 50\n[[stores.woo.allocation.overrides]]\nskus = [\"A\"]\ntags = [\"b\"]\nmaximum = 1\n",
            keyPath: "stores.woo.allocation.overrides[0]", line: 8, fragment: "exactly one of skus"),
        Bad(
            tail:
                "[stores.woo.allocation]\n[[stores.woo.allocation.overrides]]\nskus = [\"A\"]\nmaximum = 1\n[[stores.woo.allocation.overrides]]\nskus = [\"B\"]\nmaxmum = 2\n",
            keyPath: "stores.woo.allocation.overrides[1].maxmum", line: 12, fragment: "not a setting"),
        Bad(
            tail: "[stores.woo.store_edit_policy]\ntitle = \"catalog\"\n", keyPath: "stores.woo.store_edit_policy.title", line: 7,
            fragment: "canonical (push the catalog's value)"),
        Bad(
            tail: "[stores.woo.first_sync_policy]\ntitel = \"review\"\n", keyPath: "stores.woo.first_sync_policy.titel", line: 7,
            fragment: "not a field Concord manages"),
        Bad(
            tail: "[stores.woo.rules]\nno-image = \"silent\"\n", keyPath: "stores.woo.rules.no-image", line: 7,
            fragment: "off, info, warning or error"),
        Bad(
            tail: "[stores.woo.stock_buffers]\n\"TEE-M\" = -2\n", keyPath: "stores.woo.stock_buffers.TEE-M", line: 7,
            fragment: "zero or more"),
        Bad(tail: "[stores.woo.locations]\ndefault = []\n", keyPath: "stores.woo.locations.default", line: 7, fragment: "at least one"),
        Bad(
            tail: "[stores.woo.locations]\ndefault = [\"main\", \"main\"]\n", keyPath: "stores.woo.locations.default", line: 7,
            fragment: "twice"),
    ])
    func refusesWithTheKeyPathAndLine(_ bad: Bad) {
        #expect {
            try ConfigurationLoader.parse(Self.head + bad.tail, file: "concord.toml")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.keyPath == bad.keyPath && error.line == bad.line && error.description.contains(bad.fragment)
                && error.description.hasPrefix("concord.toml:\(bad.line): \(bad.keyPath)")
        }
    }
}
