import CatalogModel
import Planning
import Reconcile
import Testing

struct PlanningTests {
    @Test func pushesBecomeChangesWithTheStoreValueAsPrecondition() throws {
        let (products, listings) = Scenario.catalogAndListings(count: 3, priced: 1)
        let plan = Planner.plan(Scenario.reconcile(products, listings))
        let change = try #require(plan.changes.first)
        #expect(plan.changes.count == 1)
        #expect(change.field == .price)
        #expect(change.expected == .money(Scenario.money(1500)))
        #expect(change.new == .money(Scenario.money(1999)))
        #expect(change.ref == listings[0].ref)
        #expect(!plan.isRefused)
        #expect(plan.batches.flatMap(\.changes) == plan.changes)
    }

    @Test func changeIDsAreStableAndDistinct() {
        let id = ChangeID.make(store: "s", sku: SKU("A")!, field: .price, new: .money(Scenario.money(100)))
        #expect(id == ChangeID.make(store: "s", sku: SKU("A")!, field: .price, new: .money(Scenario.money(100))))
        #expect(id.count == 17 && id.hasPrefix("c"))
        let others = [
            ChangeID.make(store: "t", sku: SKU("A")!, field: .price, new: .money(Scenario.money(100))),
            ChangeID.make(store: "s", sku: SKU("B")!, field: .price, new: .money(Scenario.money(100))),
            ChangeID.make(store: "s", sku: SKU("A")!, field: .compareAtPrice, new: .money(Scenario.money(100))),
            ChangeID.make(store: "s", sku: SKU("A")!, field: .price, new: .money(Scenario.money(101))),
            ChangeID.make(store: "s", sku: SKU("A")!, field: .price, new: .money(Money(minorUnits: 100, currency: .usd))),
        ]
        #expect(Set(others + [id]).count == 6)
        // 64-bit FNV-1a of "s␟A␟stock@L1␟" + tag 1 + Int64(0), computed independently (Python), so
        // that a change of the hashing breaks this test rather than old plan files.
        #expect(ChangeID.make(store: "s", sku: SKU("A")!, field: .stock(location: "L1"), new: .quantity(0)) == "cda9ab77d7f4bd502")
    }

    @Test func plansAreDeterministic() {
        let (products, listings) = Scenario.catalogAndListings(count: 40, perProduct: 4, priced: 12)
        let first = Planner.plan(Scenario.reconcile(products, listings))
        let second = Planner.plan(Scenario.reconcile(products, listings.reversed()))
        #expect(first.changes == second.changes)
        #expect(first.changes.map(\.sku) == first.changes.map(\.sku).sorted())
    }

    struct BatchCase: CustomTestStringConvertible, Sendable {
        var limits: PlanningLimits
        var changes: Int
        var perProduct: Int
        var batches: Int
        var testDescription: String {
            "\(changes) changes, \(perProduct)/product, size \(limits.writeBatchSize), perProduct \(limits.perProductCalls)"
        }
    }

    @Test(arguments: [
        BatchCase(limits: PlanningLimits(writeBatchSize: 5), changes: 12, perProduct: 1, batches: 3),
        BatchCase(limits: PlanningLimits(writeBatchSize: 12), changes: 12, perProduct: 1, batches: 1),
        BatchCase(limits: PlanningLimits(writeBatchSize: 100, perProductCalls: true), changes: 12, perProduct: 4, batches: 3),
        BatchCase(limits: PlanningLimits(writeBatchSize: 3, perProductCalls: true), changes: 12, perProduct: 4, batches: 6),
        BatchCase(limits: PlanningLimits(writeBatchSize: 1, perProductCalls: true), changes: 12, perProduct: 4, batches: 12),
    ])
    func batchesFollowThePlatformLimits(_ row: BatchCase) {
        let (products, listings) = Scenario.catalogAndListings(count: 40, perProduct: row.perProduct, priced: row.changes)
        let plan = Planner.plan(Scenario.reconcile(products, listings), limits: row.limits)
        #expect(plan.changes.count == row.changes)
        #expect(plan.batches.count == row.batches)
        #expect(plan.estimatedWriteCalls == row.batches)
        for batch in plan.batches {
            #expect(Set(batch.changes.map(\.ref.variantID)).count <= row.limits.writeBatchSize)
            if row.limits.perProductCalls {
                #expect(Set(batch.changes.map(\.ref.productID)) == [batch.productID])
            }
        }
        #expect(Set(plan.batches.flatMap(\.changes)) == Set(plan.changes))
    }

    @Test func aListingsChangesStayInOneBatchAndStockHasItsOwn() {
        var (products, listings) = Scenario.catalogAndListings(count: 6, priced: 6)
        for index in listings.indices { listings[index].stock = [StockLevel(location: "L1", onHand: 3)] }
        let result = Scenario.reconcile(products, listings)
        let plan = Planner.plan(result, limits: PlanningLimits(writeBatchSize: 2, stockWriteBatchSize: 4))
        #expect(plan.changes.count == 12)
        #expect(plan.batches.filter { $0.kind == .stock }.map(\.changes.count) == [4, 2])
        #expect(plan.batches.filter { $0.kind == .listing }.count == 3)
        let together = Planner.plan(result, limits: PlanningLimits(writeBatchSize: 2))
        #expect(together.batches.count == 3)
        #expect(together.batches.allSatisfy { $0.changes.count == 4 })
        products.removeAll()
    }

    @Test func productLevelFieldsAreWrittenOncePerProduct() {
        var (products, listings) = Scenario.catalogAndListings(count: 4, perProduct: 4, priced: 0)
        for index in listings.indices { listings[index].productTitle = "Old" }
        let result = Scenario.reconcile(
            products, listings, policy: Scenario.policy { $0.firstSyncPolicy[.title] = .canonical })
        #expect(result.findings.filter { $0.field == .title }.count == 4)
        let plan = Planner.plan(result)
        #expect(plan.changes.filter { $0.field == .title }.count == 1)
        products.removeAll()
    }

    @Test func reviewsAndPullsAreCarriedNotWritten() {
        var (products, listings) = Scenario.catalogAndListings(count: 2, priced: 0)
        listings[0].productTitle = "Store title"
        listings[1].descriptionHTML = "<p>Store</p>"
        let result = Scenario.reconcile(
            products, listings, policy: Scenario.policy { $0.firstSyncPolicy[.description] = .store })
        let plan = Planner.plan(result)
        #expect(plan.changes.isEmpty)
        #expect(plan.reviews.map(\.field) == [.title])
        #expect(plan.pulls.map(\.field) == [.description])
        products.removeAll()
    }
}

struct MassChangeGuardTests {
    @Test func tooLargeAShareIsRefusedUnlessAllowed() {
        let (products, listings) = Scenario.catalogAndListings(count: 40, priced: 21)
        let result = Scenario.reconcile(products, listings)
        let refused = Planner.plan(result)
        #expect(refused.isRefused)
        #expect(refused.batches.isEmpty)
        #expect(refused.changes.count == 21)
        #expect(refused.verdict.reasons.map(\.code) == [.massChange])
        #expect(refused.verdict.explanation.contains("21 of 40"))
        let allowed = Planner.plan(result, allowMassChange: true)
        #expect(!allowed.isRefused)
        #expect(allowed.verdict.overridden)
        #expect(!allowed.batches.isEmpty)
        let half = Planner.plan(Scenario.reconcile(products, Scenario.catalogAndListings(count: 40, priced: 20).1))
        #expect(!half.isRefused)
    }

    @Test func smallStoresAreNotRefusedForAFewEdits() {
        let (products, listings) = Scenario.catalogAndListings(count: 4, priced: 4)
        #expect(!Planner.plan(Scenario.reconcile(products, listings)).isRefused)
    }

    @Test func zeroingStockIsLimited() {
        var (products, listings) = Scenario.catalogAndListings(count: 10, priced: 0)
        for index in products.indices { products[index].variants[0].stock = [] }
        for index in listings.indices { listings[index].stock = [StockLevel(location: "L1", onHand: 5)] }
        let result = Scenario.reconcile(products, listings)
        let guardRail = MassChangeGuard(maxChangedListingPercent: 100, maxStockZeroed: 9)
        let plan = Planner.plan(result, guard: guardRail)
        #expect(plan.verdict.reasons.map(\.code) == [.massStockZero])
        #expect(plan.verdict.reasons.first?.count == 10)
        #expect(!Planner.plan(result, guard: MassChangeGuard(maxChangedListingPercent: 100, maxStockZeroed: 10)).isRefused)
    }

    @Test func unpublishingIsLimited() {
        var (products, listings) = Scenario.catalogAndListings(count: 10, priced: 0)
        for index in products.indices { products[index].status = .draft }
        let sku = { (index: Int) in products[index].variants[0].sku }
        let bases = Dictionary(
            uniqueKeysWithValues: products.indices.map { (BaseKey(sku: sku($0), field: .status), FieldValue.status(.active)) })
        let result = Scenario.reconcile(products, listings, bases: bases)
        let plan = Planner.plan(result, guard: MassChangeGuard(maxChangedListingPercent: 100, maxUnpublished: 3))
        #expect(plan.verdict.reasons.map(\.code) == [.massUnpublish])
        #expect(plan.verdict.reasons.first?.count == 10)
        listings.removeAll()
    }

    @Test func halfEmptyFetchIsRefused() {
        let (products, listings) = Scenario.catalogAndListings(count: 40, priced: 0)
        let mappings = Dictionary(uniqueKeysWithValues: listings.map { (SKU($0.rawSKU)!, $0.ref) })
        let fetched = Array(listings.prefix(15))
        let result = Scenario.reconcile(products, fetched, mappings: mappings)
        let plan = Planner.plan(result)
        #expect(plan.isRefused)
        #expect(plan.verdict.reasons.map(\.code) == [.halfEmptyFetch])
        #expect(Planner.plan(result, allowMassChange: true).verdict.overridden)
        // An incremental (incomplete) read is expected to be small.
        let incremental = Scenario.reconcile(products, fetched, mappings: mappings, complete: false)
        #expect(!Planner.plan(incremental).isRefused)
        // Most of the store is there: fine.
        let most = Scenario.reconcile(products, Array(listings.prefix(30)), mappings: mappings)
        #expect(!Planner.plan(most).isRefused)
    }
}

extension PlanningTests {
    @Test("a plan batches Shopify's variant changes of many products into one call")
    func planBatchesProducts() {
        let changes = (0..<250).map { index in
            Change(
                id: "c\(index)", store: "shop", sku: SKU("SKU-\(index)")!,
                ref: RemoteRef(productID: "gid://shopify/Product/\(index / 2)", variantID: "gid://shopify/ProductVariant/\(index)"),
                field: .price, expected: .none, new: .money(Money(minorUnits: 100, currency: CurrencyCode("EUR")!)))
        }
        let packed = Planner.batch(
            changes, limits: PlanningLimits(writeBatchSize: 250, perProductCalls: true, stockWriteBatchSize: 250, productsPerCall: 100))
        #expect(packed.map(\.changes.count) == [200, 50])
        #expect(packed.flatMap(\.changes).map(\.id) == changes.map(\.id))
        let single = Planner.batch(changes, limits: PlanningLimits(writeBatchSize: 250, perProductCalls: true, stockWriteBatchSize: 250))
        #expect(single.count == 125)
    }
}
