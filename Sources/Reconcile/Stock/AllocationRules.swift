import CatalogModel

/// A store's ``AllocationPolicy`` resolved once per reconciliation, so that finding the rule of a
/// variant costs nothing when there are no overrides and a few hash lookups when there are.
struct AllocationRules {
    let base: AllocationRule
    /// Index 0 is the store's own location set; one more per distinct `locations` of an override.
    let allocators: [StockAllocator]
    private let allocatorIndex: [[String]: Int]
    private let typeRules: [String: AllocationRule]
    private let tagRules: [(tags: Set<String>, rule: AllocationRule)]
    private let skuRules: [SKU: AllocationRule]
    let hasOverrides: Bool

    init(policy: StorePolicy) {
        let feeds = policy.effectiveLocationFeeds
        let allocation = policy.allocation
        base = allocation.rule
        var allocators = [StockAllocator(feeds: feeds, priority: allocation.rule.locations)]
        var allocatorIndex: [[String]: Int] = [:]
        if let locations = allocation.rule.locations { allocatorIndex[locations] = 0 }
        var typeRules: [String: AllocationRule] = [:]
        var tagRules: [(Set<String>, AllocationRule)] = []
        var skuRules: [SKU: AllocationRule] = [:]
        for override in allocation.overrides {
            if let locations = override.rule.locations, allocatorIndex[locations] == nil {
                allocatorIndex[locations] = allocators.count
                allocators.append(StockAllocator(feeds: feeds, priority: locations))
            }
            switch override.scope {
            case .productTypes(let types):
                for type in types {
                    typeRules[type.lowercased()] = (typeRules[type.lowercased()] ?? AllocationRule()).overlaid(with: override.rule)
                }
            case .tags(let tags):
                tagRules.append((Set(tags.map { $0.lowercased() }), override.rule))
            case .skus(let skus):
                for sku in skus { skuRules[sku] = (skuRules[sku] ?? AllocationRule()).overlaid(with: override.rule) }
            }
        }
        self.allocators = allocators
        self.allocatorIndex = allocatorIndex
        self.typeRules = typeRules
        self.tagRules = tagRules
        self.skuRules = skuRules
        hasOverrides = !allocation.overrides.isEmpty
    }

    /// The store's main allocator (its own location set).
    var main: StockAllocator { allocators[0] }

    /// The rule for one variant and the index of the allocator for its location set.
    @inline(__always)
    func resolve(sku: SKU, productType: String?, tags: [String]) -> (rule: AllocationRule, allocator: Int) {
        guard hasOverrides else { return (base, 0) }
        var rule = base
        if !typeRules.isEmpty, let productType, let typed = typeRules[productType.lowercased()] {
            rule = rule.overlaid(with: typed)
        }
        if !tagRules.isEmpty, !tags.isEmpty {
            for (set, tagged) in tagRules where tags.contains(where: { set.contains($0.lowercased()) }) {
                rule = rule.overlaid(with: tagged)
            }
        }
        if !skuRules.isEmpty, let own = skuRules[sku] { rule = rule.overlaid(with: own) }
        guard let locations = rule.locations else { return (rule, 0) }
        return (rule, allocatorIndex[locations] ?? 0)
    }
}
