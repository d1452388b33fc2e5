import CatalogModel
import Planning
import Reconcile
import Testing

/// Stock is settled by cause: the store's own orders since its base explain its count; only an
/// unexplained difference is an edit, and the store's stock policy decides it. The catalog has
/// 10 on hand at `main`; two units are committed on another channel, so the store should show 8.
@Suite("stock reconciled by cause, not three-way")
struct StockByCauseTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        /// Last written to the store, what the store shows, its own orders' net units since.
        var written: Int
        var shown: Int
        var debit: Int
        var policy: ConflictPolicy = .canonical
        var code: FindingCode?
        var action: FindingAction?
        var units: Int? = nil
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "a sale on this store and one elsewhere: explained, push", written: 10, shown: 9, debit: 1, code: .stockMovedByOrders,
            action: .push(.quantity(8))),
        Case(
            name: "the store's own cancellation put units back: explained, push", written: 6, shown: 7, debit: -1,
            code: .stockMovedByOrders, action: .push(.quantity(8))),
        Case(name: "only the catalog moved: push", written: 12, shown: 12, debit: 0, code: .catalogChanged, action: .push(.quantity(8))),
        Case(name: "shows what can be sold already: in sync, nothing", written: 9, shown: 8, debit: 1, code: nil, action: nil),
        Case(
            name: "an admin edit, canonical: overwritten with a warning", written: 10, shown: 15, debit: 1, code: .storeEdited,
            action: .push(.quantity(8))),
        Case(
            name: "an admin edit, review: a person decides", written: 10, shown: 15, debit: 1, policy: .review, code: .storeEdited,
            action: .review),
        Case(
            name: "an admin edit, adopt: the difference becomes an adjustment", written: 10, shown: 15, debit: 1, policy: .store,
            code: .stockEditAdopted, action: FindingAction.none, units: 6),
    ]

    @Test(arguments: cases)
    func settles(_ example: Case) throws {
        let (product, listing) = Scenario.clean()
        let sku = product.variants[0].sku
        var store = listing
        store.stock = [StockLevel(location: "L1", onHand: example.shown)]
        let result = Reconciler.reconcile(
            {
                var input = ReconcileInput(
                    catalog: CatalogIndex(products: [product]), snapshot: Scenario.snapshot([store]),
                    bases: BaseTable([BaseKey(sku: sku, field: .stock(location: "L1")): .quantity(example.written)]),
                    committed: [sku: ["*": 2]], policy: Scenario.policy { $0.storeEditPolicy[.stock] = example.policy })
                input.storeDebits = example.debit == 0 ? [:] : [sku: ["L1": example.debit]]
                return input
            }())
        let finding = result.findings.first { $0.field == .stock(location: "L1") }
        #expect(finding?.code == example.code)
        #expect(finding?.action == example.action)
        if let units = example.units { #expect(finding?.units == units) }
        #expect(!result.findings.contains { $0.code == .conflict }, "stock never makes a conflict")
    }

    @Test(
        "a sale in the store while the catalog moved the other way is never a conflict, whatever the policy",
        arguments: [ConflictPolicy.canonical, .review, .store])
    func salesNeverConflict(_ policy: ConflictPolicy) {
        let (product, listing) = Scenario.clean()
        let sku = product.variants[0].sku
        var store = listing
        store.stock = [StockLevel(location: "L1", onHand: 239)]
        var input = ReconcileInput(
            catalog: CatalogIndex(products: [product]), snapshot: Scenario.snapshot([store]),
            bases: BaseTable([BaseKey(sku: sku, field: .stock(location: "L1")): .quantity(240)]),
            policy: Scenario.policy { $0.storeEditPolicy[.stock] = policy })
        input.storeDebits = [sku: ["*": 1]]
        let result = Reconciler.reconcile(input)
        let finding = result.findings.first { $0.field == .stock(location: "L1") }
        #expect(finding?.code == .stockMovedByOrders)
        #expect(finding?.action == .push(.quantity(10)))
    }
}
