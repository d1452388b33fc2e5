import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Reconcile
import SimulatorCore
import Sync
import Testing

/// Listing-level review items from real plans of a simulated WooCommerce store: a SKU two listings
/// carry, orphan listings, a missing listing and a zero price; each decision written in one
/// transaction, honoured by the next plan, and undone exactly.
@Suite("Listing-level review decisions, honoured by the next plan")
struct ReviewListingDecisionTests {
    /// The store and catalog disagree about listings in four ways:
    /// - `orphans`: a product the store sells and the catalog lacks (two or more variants);
    /// - `missing`: a catalog SKU whose product was deleted from the store;
    /// - `duplicated`: a SKU a second store listing also carries, at 1.00 more;
    /// - `zeroPriced`: a listing whose store price is 0 (an error-level listing problem).
    struct Setup {
        var scenario: SyncScenario
        var orphans: [SKU]
        var missing: SKU
        var duplicated: SKU
        var copyRef: RemoteRef
        var zeroPriced: SKU

        var catalog: SQLiteCatalogStore { scenario.catalog }

        func plan() async throws -> StorePlanReport {
            try #require(try await SyncPlanner(catalog: scenario.catalog, allowMassChange: true).plan(scenario.stores).first)
        }

        /// Plans and records the queue, as `concord plan` does.
        @discardableResult
        func planAndRecord() async throws -> (StorePlanReport, ReviewQueueUpdate) {
            let report = try await plan()
            let recording = try await ReviewQueueRecorder(catalog: catalog).record(
                [report], configuration: .init(stores: [scenario.configuration]))
            return (report, try #require(recording.updates["shop"]))
        }

        func queue() async throws -> [ReviewItem] { try await catalog.reviewQueue(store: "shop") }

        func item(_ kind: ReviewItem.Kind, _ sku: SKU) async throws -> ReviewItem {
            try #require(try await queue().first { $0.kind == kind && $0.sku == sku }, "no \(kind) item for \(sku)")
        }
    }

    func withSetup(_ body: (Setup) async throws -> Void) async throws {
        try await withSyncScenario(platform: .woocommerce, products: 12, drift: .none) { scenario in
            try await body(try await Self.setUp(scenario))
        }
    }

    /// The scenario's catalog without the orphan product, and its store with a product whose
    /// listings are missing, a second listing of one SKU and a zero price.
    static func setUp(_ scenario: SyncScenario) async throws -> Setup {
        let products = scenario.products
        let orphanProduct = try #require(products.first { $0.variants.count >= 2 })
        let others = products.filter { $0.handle != orphanProduct.handle }
        let missingProduct = others[0], duplicatedProduct = others[1], zeroProduct = others[2]
        // The catalog never had the orphan product.
        _ = try await scenario.catalog.writeCatalog(
            products.filter { $0.handle != orphanProduct.handle }, locations: scenario.generated.locations, mode: .replace)

        let duplicated = duplicatedProduct.variants[0].sku
        let zeroPriced = zeroProduct.variants[0].sku
        let missingSKUs = Set(missingProduct.variants.map(\.sku.rawValue))
        var copyRef: RemoteRef?
        let now = scenario.store.shop.now
        scenario.store.shop.mutate { state in
            for id in state.productIDs {
                guard var product = state.product(id: id) else { continue }
                if product.variants.contains(where: { missingSKUs.contains($0.sku) }) {
                    state.removeProduct(id: id)
                    continue
                }
                if let index = product.variants.firstIndex(where: { $0.sku == zeroPriced.rawValue }) {
                    product.variants[index].price = Money(minorUnits: 0, currency: product.variants[index].price.currency)
                    product.variants[index].updatedAt = now
                    state.upsert(product)
                }
            }
            // A second listing with the same SKU, as a simple product of its own.
            let (_, original) = state.variants(sku: duplicated.rawValue)[0]
            let productID = state.makeID()
            var copy = original
            copy.id = state.makeID()
            copy.inventoryItemID = state.makeID()
            copy.options = []
            copy.price = Money(minorUnits: original.price.minorUnits + 100, currency: original.price.currency)
            state.upsert(
                SimProduct(id: productID, title: "Copy of \(duplicated)", handle: "copy", variants: [copy], createdAt: now, updatedAt: now))
            // A WooCommerce simple product is its own listing: the variant id is the product's.
            copyRef = RemoteRef(productID: String(productID), variantID: String(productID))
        }
        return Setup(
            scenario: scenario, orphans: orphanProduct.variants.map(\.sku), missing: missingProduct.variants[0].sku,
            duplicated: duplicated, copyRef: try #require(copyRef), zeroPriced: zeroPriced)
    }

    @Test("plan queues every kind of listing item with what deciding it needs")
    func queuesListingItems() async throws {
        try await withSetup { setup in
            try await setup.planAndRecord()
            let match = try await setup.item(.ambiguousMatch, setup.duplicated)
            #expect(match.field == nil)
            #expect(match.detail?.candidates.count == 2)
            #expect(match.detail?.candidates.contains { $0.ref.variantID == setup.copyRef.variantID } == true)
            #expect(match.refusal(of: .match) == nil)
            #expect(match.refusal(of: .store) != nil, "a listing item takes no value")
            #expect(match.refusal(of: .ignore) != nil)

            let orphan = try await setup.item(.orphan, setup.orphans[0])
            #expect(orphan.detail?.adoption?.variant.sku == setup.orphans[0])
            #expect(orphan.refusal(of: .adopt) == nil)
            #expect(orphan.refusal(of: .match) != nil)

            let missing = try await setup.item(.missingListing, setup.missing)
            #expect(missing.refusal(of: .ignore) == nil)
            #expect(missing.refusal(of: .adopt)?.contains("orphan") == true)

            let error = try await setup.item(.listingError, setup.zeroPriced)
            #expect(error.code == FindingCode.priceNotPositive.rawValue)
            #expect(error.refusal(of: .ignore) == nil)
        }
    }

    @Test("m: the chosen listing becomes the SKU's mapping; the next plan syncs it and asks no more; undo restores")
    func matchChoosesTheListing() async throws {
        try await withSetup { setup in
            try await setup.planAndRecord()
            let item = try await setup.item(.ambiguousMatch, setup.duplicated)
            let itemID = try #require(item.id)
            let decision = try await setup.catalog.decideReviewItem(
                itemID, choice: .match, value: .text(setup.copyRef.variantID), ruleID: nil, at: Date())
            #expect(decision.value == .text(setup.copyRef.variantID))
            let mapped = try await setup.catalog.listingMappings(store: "shop").filter { $0.sku == setup.duplicated }
            #expect(mapped.map(\.ref.variantID) == [setup.copyRef.variantID])

            let (next, update) = try await setup.planAndRecord()
            // The chosen listing is synced: its 1.00-higher price is pushed to it, not to its twin.
            let pushes = try #require(next.plan?.changes.filter { $0.sku == setup.duplicated })
            #expect(pushes.contains { $0.field == .price && $0.ref.variantID == setup.copyRef.variantID })
            #expect(pushes.allSatisfy { $0.ref.variantID == setup.copyRef.variantID })
            #expect(update.removed >= 1)
            #expect(
                try await setup.queue().contains { $0.kind == .ambiguousMatch && $0.sku == setup.duplicated } == false, "not asked again")

            let decisionID = try #require(decision.id)
            _ = try await setup.catalog.undoReviewDecision(decisionID, at: Date())
            #expect(try await setup.catalog.listingMappings(store: "shop").contains { $0.sku == setup.duplicated } == false)
        }
    }

    @Test("p: an orphan is adopted with its mapping and bases, so the next plan has nothing for it; undo removes it")
    func adoptOrphan() async throws {
        try await withSetup { setup in
            try await setup.planAndRecord()
            let sku = setup.orphans[0]
            let revision = try await setup.catalog.catalogRevision()
            let item = try await setup.item(.orphan, sku)
            let itemID = try #require(item.id)
            let decision = try await setup.catalog.decideReviewItem(itemID, choice: .adopt, value: nil, ruleID: nil, at: Date())
            #expect(try await setup.catalog.product(containing: sku) != nil)
            #expect(try await setup.catalog.catalogRevision() > revision, "a plan made before the adoption must not be applied")
            #expect(try await setup.catalog.listingMappings(store: "shop").contains { $0.sku == sku })
            #expect(try await setup.catalog.baseValues(store: "shop").keys.contains { $0.sku == sku && $0.field == .price })

            let (next, _) = try await setup.planAndRecord()
            #expect(next.findings.contains { $0.code == .orphan && $0.storeSKU == sku.rawValue } == false)
            #expect(next.plan?.changes.contains { $0.sku == sku } == false)
            #expect(next.plan?.reviews.contains { $0.sku == sku } == false)
            #expect(try await setup.queue().contains { $0.sku == sku && $0.kind == .orphan } == false)

            // A second adopt of the same item is refused; undo takes the SKU out again.
            let decisionID = try #require(decision.id)
            _ = try await setup.catalog.undoReviewDecision(decisionID, at: Date())
            #expect(try await setup.catalog.product(containing: sku) == nil)
            #expect(try await setup.catalog.listingMappings(store: "shop").contains { $0.sku == sku } == false)
            #expect(try await setup.catalog.baseValues(store: "shop").keys.contains { $0.sku == sku } == false)
        }
    }

    @Test("i on an orphan, a missing listing and a listing error: recorded, never queued again; undo asks again")
    func ignoreIsHonoured() async throws {
        try await withSetup { setup in
            try await setup.planAndRecord()
            var decisions: [Int64] = []
            for (kind, sku) in [
                (ReviewItem.Kind.orphan, setup.orphans[1]), (.missingListing, setup.missing), (.listingError, setup.zeroPriced),
            ] {
                let item = try await setup.item(kind, sku)
                let itemID = try #require(item.id)
                let decision = try await setup.catalog.decideReviewItem(itemID, choice: .ignore, value: nil, ruleID: nil, at: Date())
                decisions.append(try #require(decision.id))
            }
            let suppressions = try await setup.catalog.reviewSuppressions(store: "shop")
            #expect(Set(suppressions.map(\.sku)) == [setup.orphans[1], setup.missing, setup.zeroPriced])
            #expect(suppressions.first { $0.sku == setup.orphans[1] }?.listing != nil, "an orphan is ignored as that listing")

            let (next, update) = try await setup.planAndRecord()
            #expect(update.suppressed >= 2)
            // Not sold in this store: out of its assortment, so not even a finding any more.
            #expect(next.findings.contains { $0.code == .missingListing && $0.sku == setup.missing } == false)
            let queue = try await setup.queue()
            #expect(queue.contains { $0.sku == setup.orphans[1] && $0.kind == .orphan } == false)
            #expect(queue.contains { $0.sku == setup.zeroPriced && $0.kind == .listingError } == false)
            #expect(queue.contains { $0.sku == setup.missing && $0.kind == .missingListing } == false)
            // The other orphan is still asked about.
            #expect(queue.contains { $0.sku == setup.orphans[0] && $0.kind == .orphan })

            for id in decisions.reversed() { _ = try await setup.catalog.undoReviewDecision(id, at: Date()) }
            #expect(try await setup.catalog.reviewSuppressions(store: "shop").isEmpty)
            try await setup.planAndRecord()
            #expect(try await setup.item(.missingListing, setup.missing).state == .open)
        }
    }

    @Test("choices that do not fit a kind are refused and change nothing")
    func refusals() async throws {
        try await withSetup { setup in
            try await setup.planAndRecord()
            let missing = try await setup.item(.missingListing, setup.missing)
            await #expect(throws: CatalogStoreError.self) {
                _ = try await setup.catalog.decideReviewItem(missing.id!, choice: .adopt, value: nil, ruleID: nil, at: Date())
            }
            let match = try await setup.item(.ambiguousMatch, setup.duplicated)
            await #expect(throws: CatalogStoreError.self) {
                _ = try await setup.catalog.decideReviewItem(
                    match.id!, choice: .match, value: .text("no-such-listing"), ruleID: nil, at: Date())
            }
            await #expect(throws: CatalogStoreError.self) {
                _ = try await setup.catalog.decideReviewItem(match.id!, choice: .match, value: nil, ruleID: nil, at: Date())
            }
            #expect(try await setup.catalog.decisions(store: "shop").isEmpty)
            #expect(try await setup.catalog.listingMappings(store: "shop").contains { $0.sku == setup.duplicated } == false)
        }
    }
}
