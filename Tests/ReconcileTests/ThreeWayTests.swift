import CatalogModel
import Reconcile
import Testing

struct ThreeWayTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var canonical: Int
        var store: Int
        var base: Int?
        var storeEdit: ConflictPolicy = .review
        var firstSync: ConflictPolicy = .review
        var outcome: ThreeWay.Outcome
        var reason: ThreeWay.Reason
        var testDescription: String { name }
    }

    static let table: [Case] = [
        Case(name: "in sync, base current", canonical: 5, store: 5, base: 5, outcome: .inSync(updateBase: false), reason: .inSync),
        Case(name: "in sync, no base", canonical: 5, store: 5, base: nil, outcome: .inSync(updateBase: true), reason: .inSync),
        Case(
            name: "false conflict: both moved to the same value", canonical: 7, store: 7, base: 5, outcome: .inSync(updateBase: true),
            reason: .inSync),
        Case(name: "catalog changed", canonical: 7, store: 5, base: 5, outcome: .push, reason: .catalogChanged),
        Case(
            name: "store edited, canonical wins", canonical: 5, store: 7, base: 5, storeEdit: .canonical, outcome: .push,
            reason: .storeEdited),
        Case(name: "store edited, store wins", canonical: 5, store: 7, base: 5, storeEdit: .store, outcome: .pull, reason: .storeEdited),
        Case(name: "store edited, review", canonical: 5, store: 7, base: 5, storeEdit: .review, outcome: .review, reason: .storeEdited),
        Case(
            name: "conflict", canonical: 6, store: 7, base: 5, storeEdit: .canonical, firstSync: .canonical, outcome: .review,
            reason: .conflict),
        Case(name: "first sync, canonical", canonical: 6, store: 7, base: nil, firstSync: .canonical, outcome: .push, reason: .firstSync),
        Case(name: "first sync, store", canonical: 6, store: 7, base: nil, firstSync: .store, outcome: .pull, reason: .firstSync),
        Case(name: "first sync, review", canonical: 6, store: 7, base: nil, firstSync: .review, outcome: .review, reason: .firstSync),
    ]

    @Test(arguments: table)
    func decides(_ row: Case) {
        let decision = ThreeWay.decide(
            canonical: .quantity(row.canonical), store: .quantity(row.store), base: row.base.map(FieldValue.quantity),
            storeEdit: row.storeEdit, firstSync: row.firstSync)
        #expect(decision.outcome == row.outcome)
        #expect(decision.reason == row.reason)
    }

    /// The same table end to end, on the price field of a real listing (price rule = identity).
    @Test(arguments: table)
    func reconcilesPriceField(_ row: Case) throws {
        var (product, listing) = Scenario.clean()
        product.variants[0].price = Scenario.money(Int64(1000 + row.canonical))
        listing.price = Scenario.money(Int64(1000 + row.store))
        let sku = product.variants[0].sku
        var bases: [BaseKey: FieldValue] = [:]
        if let base = row.base { bases[BaseKey(sku: sku, field: .price)] = .money(Scenario.money(Int64(1000 + base))) }
        let policy = Scenario.policy {
            $0.storeEditPolicy[.price] = row.storeEdit
            $0.firstSyncPolicy[.price] = row.firstSync
        }
        let result = Scenario.reconcile([product], [listing], bases: bases, policy: policy)
        let priceFindings = result.findings.filter { $0.field == .price }
        switch row.outcome {
        case .inSync(let updateBase):
            #expect(priceFindings.isEmpty)
            let updated = result.baseUpdates.dictionary()[BaseKey(sku: sku, field: .price)]
            #expect((updated != nil) == updateBase)
            if updateBase { #expect(updated == .money(Scenario.money(Int64(1000 + row.canonical)))) }
        case .push, .pull, .review:
            let finding = try #require(priceFindings.first)
            #expect(priceFindings.count == 1)
            #expect(finding.code == row.reason.code)
            #expect(finding.canonical == .money(product.variants[0].price))
            #expect(finding.storeValue == .money(listing.price!))
            switch row.outcome {
            case .push: #expect(finding.action == .push(.money(product.variants[0].price)))
            case .pull: #expect(finding.action == .pull(.money(listing.price!)))
            default: #expect(finding.action == .review)
            }
            #expect(!finding.explanation.isEmpty)
        }
    }

    @Test func weightsCompareByMass() {
        #expect(FieldValue.weight(Weight(value: 1, unit: .kilograms)).matches(.weight(Weight(value: 1000, unit: .grams))))
        #expect(!FieldValue.weight(Weight(value: 1, unit: .kilograms)).matches(.weight(Weight(value: 999, unit: .grams))))
    }
}

struct PolicyTests {
    @Test(arguments: ManagedField.allCases)
    func documentedDefaults(_ field: ManagedField) {
        let policy = StorePolicy(store: "s")
        let expected: ConflictPolicy = [.stock, .price, .compareAtPrice].contains(field) ? .canonical : .review
        #expect(policy.firstSyncPolicy(for: field) == expected)
        #expect(policy.storeEditPolicy(for: field) == expected)
        #expect(policy.managedFields.contains(field))
    }

    @Test func firstSyncReviewsDescriptiveFieldsAndPushesPrices() throws {
        var (product, listing) = Scenario.clean()
        listing.productTitle = "Old title"
        listing.price = Scenario.money(1500)
        let result = Scenario.reconcile([product], [listing])
        let title = try #require(result.findings.first { $0.field == .title })
        #expect(title.code == .firstSync)
        #expect(title.action == .review)
        let price = try #require(result.findings.first { $0.field == .price })
        #expect(price.code == .firstSync)
        #expect(price.action == .push(.money(product.variants[0].price)))
        _ = product
    }

    @Test func firstSyncPolicyIsPerStoreAndField() throws {
        var (product, listing) = Scenario.clean()
        listing.productTitle = "Store title"
        product.title = "Catalog title"
        let result = Scenario.reconcile([product], [listing], policy: Scenario.policy { $0.firstSyncPolicy[.title] = .store })
        let title = try #require(result.findings.first { $0.field == .title })
        #expect(title.action == .pull(.text("Store title")))
    }

    @Test func unmanagedFieldsAreNotCompared() {
        var (product, listing) = Scenario.clean()
        listing.productTitle = "Something else"
        product.descriptionHTML = "<p>New</p>"
        let result = Scenario.reconcile(
            [product], [listing], policy: Scenario.policy { $0.managedFields = [.price, .stock] })
        #expect(result.findings.allSatisfy { $0.field != .title && $0.field != .description })
    }

    /// Stock is never pulled as a value: the `store` policy for stock adopts an unexplained
    /// difference as a ledger adjustment (the units, not the store's number), and writes nothing.
    @Test func stockEditsAreAdoptedAsAdjustmentsNotPulled() throws {
        let (product, listing) = Scenario.clean()
        let sku = product.variants[0].sku
        var edited = listing
        edited.stock = [StockLevel(location: "L1", onHand: 3)]
        let result = Scenario.reconcile(
            [product], [edited], bases: [BaseKey(sku: sku, field: .stock(location: "L1")): .quantity(10)],
            policy: Scenario.policy { $0.storeEditPolicy[.stock] = .store })
        let finding = try #require(result.findings.first { $0.field == .stock(location: "L1") })
        #expect(finding.code == .stockEditAdopted)
        #expect(finding.units == -7)
        #expect(finding.action == .none)
        #expect(!result.findings.contains { $0.action.isWrite })
    }

    @Test func inSyncFieldsAreNotFindingsAndNeedNoBaseWhenCurrent() {
        let (product, listing) = Scenario.clean()
        let first = Scenario.reconcile([product], [listing])
        #expect(first.findings.isEmpty, "\(first.findings.map(\.explanation))")
        #expect(first.counts.fieldsInSync == first.counts.fieldsCompared)
        let bases = first.baseUpdates.dictionary()
        #expect(bases.count == first.counts.fieldsCompared)
        let second = Scenario.reconcile([product], [listing], bases: bases, mappings: [product.variants[0].sku: listing.ref])
        #expect(second.findings.isEmpty)
        #expect(second.baseUpdates.isEmpty)
        #expect(second.mappingUpdates.isEmpty)
        #expect(second.counts.matchedByMapping == 1)
    }
}
