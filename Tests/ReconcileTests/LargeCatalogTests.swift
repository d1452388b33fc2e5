import CatalogModel
import Planning
import Reconcile
import Testing

/// A generated 100k-variant catalog: correctness at scale, not timing.
struct LargeCatalogTests {
    @Test func hundredThousandVariants() {
        let count = 100_000
        var products: [Product] = []
        var listings: [Listing] = []
        products.reserveCapacity(count / 4)
        listings.reserveCapacity(count)
        for start in stride(from: 0, to: count, by: 4) {
            let product = Scenario.product("p\(start)", variants: (start..<start + 4).map { Scenario.variant("SKU-\($0)", number: $0) })
            products.append(product)
            for (offset, variant) in product.variants.enumerated() {
                let index = start + offset
                var listing = Scenario.listing(for: variant, of: product, available: index % 50 == 0 ? 12 : nil)
                if index % 100 == 1 { listing.price = Scenario.money(1500) }
                listings.append(listing)
            }
        }
        let catalog = CatalogIndex(products: products)
        let input = ReconcileInput(
            catalog: catalog,
            snapshot: Scenario.snapshot(listings), policy: Scenario.policy())
        let result = Reconciler.reconcile(input)
        #expect(result.counts.matchedBySKU == count)
        #expect(result.findings(.oversellRisk).count == count / 50)
        #expect(result.findings.filter { $0.field == .price }.count == count / 100)
        #expect(result.counts.pushes == count / 50 + count / 100)
        #expect(result.findings.count == 2 * (count / 50) + count / 100)
        #expect(result.baseUpdates.count == result.counts.fieldsInSync)

        let plan = Planner.plan(result, limits: PlanningLimits(writeBatchSize: 250, perProductCalls: true))
        #expect(plan.changes.count == count / 50 + count / 100)
        #expect(!plan.isRefused)
        #expect(Set(plan.changes.map(\.id)).count == plan.changes.count)

        // The second run, with the bases and mappings the first produced, finds the same drift only.
        let second = Reconciler.reconcile(
            ReconcileInput(
                catalog: catalog, snapshot: Scenario.snapshot(listings), bases: result.baseUpdates.dictionary(),
                mappings: Dictionary(uniqueKeysWithValues: result.mappingUpdates.map { ($0.sku, $0.ref) }),
                policy: Scenario.policy()))
        #expect(second.counts.matchedByMapping == count)
        #expect(second.baseUpdates.isEmpty)
        #expect(second.findings.count == result.findings.count)
    }
}
