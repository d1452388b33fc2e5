import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Reconcile
import SimulatorCore
import Sync
import Testing

/// An orphan listing ignored and a listing error acknowledged in the review queue stay visible in
/// the next plan and sync, but apart: they no longer count as findings or listing errors.
@Suite("Review answers: acknowledged findings are counted apart")
struct ReviewAcknowledgementTests {
    /// A WooCommerce store with one orphan product (the catalog lacks it) and one zero price.
    func withStore(_ body: (SyncScenario, _ orphans: [SKU], _ zeroPriced: SKU) async throws -> Void) async throws {
        try await withSyncScenario(platform: .woocommerce, products: 8, drift: .none) { scenario in
            let orphanProduct = try #require(scenario.products.first)
            let zeroPriced = scenario.products[1].variants[0].sku
            _ = try await scenario.catalog.writeCatalog(
                Array(scenario.products.dropFirst()), locations: scenario.generated.locations, mode: .replace)
            let now = scenario.store.shop.now
            scenario.store.shop.mutate { state in
                for id in state.productIDs {
                    guard var product = state.product(id: id),
                        let index = product.variants.firstIndex(where: { $0.sku == zeroPriced.rawValue })
                    else { continue }
                    product.variants[index].price = Money(minorUnits: 0, currency: product.variants[index].price.currency)
                    product.variants[index].updatedAt = now
                    state.upsert(product)
                }
            }
            try await body(scenario, orphanProduct.variants.map(\.sku), zeroPriced)
        }
    }

    func planAndRecord(_ scenario: SyncScenario) async throws -> StorePlanReport {
        let report = try #require(try await SyncPlanner(catalog: scenario.catalog, allowMassChange: true).plan(scenario.stores).first)
        _ = try await ReviewQueueRecorder(catalog: scenario.catalog).record(
            [report], configuration: .init(stores: [scenario.configuration]))
        return report
    }

    @Test("ignore an orphan and acknowledge a zero price: the next plan and sync summary count them as acknowledged")
    func acknowledgedFindingsLeaveTheCounts() async throws {
        try await withStore { scenario, orphans, zeroPriced in
            let first = try await planAndRecord(scenario)
            #expect(first.acknowledged.isEmpty)
            let orphanCount = first.findings.filter { $0.code == .orphan }.count
            #expect(orphanCount == orphans.count)
            #expect(first.findings.contains { $0.code == .priceNotPositive && $0.sku == zeroPriced })

            let queue = try await scenario.catalog.reviewQueue(store: "shop")
            let orphanItem = try #require(queue.first { $0.kind == .orphan && $0.sku == orphans[0] })
            let errorItem = try #require(queue.first { $0.kind == .listingError && $0.sku == zeroPriced })
            _ = try await scenario.catalog.decideReviewItem(
                try #require(orphanItem.id), choice: .ignore, value: nil, ruleID: nil, at: Date())
            let acknowledgement = try await scenario.catalog.decideReviewItem(
                try #require(errorItem.id), choice: .ignore, value: nil, ruleID: nil, at: Date())

            let next = try await planAndRecord(scenario)
            // Still found, but apart.
            #expect(Set(next.acknowledged.map(\.code)) == [.orphan, .priceNotPositive])
            #expect(next.acknowledged.count == 2)
            #expect(!next.findings.contains { $0.code == .priceNotPositive && $0.sku == zeroPriced })
            #expect(next.findings.filter { $0.code == .orphan }.count == orphanCount - 1, "only the ignored listing is acknowledged")
            #expect(!next.findings.contains { $0.code == .orphan && $0.storeSKU == orphans[0].rawValue })

            let document = PlanDocument(reports: [next], createdAt: Date(), catalogRevision: 0)
            let entry = try #require(document.stores.first)
            #expect(entry.acknowledged == ["listing.orphan": 1, "listing.price-not-positive": 1])
            #expect(entry.listingErrors["listing.price-not-positive"] == nil)
            #expect(entry.listingErrors["listing.orphan", default: 0] == orphanCount - 1)

            let report = try await scenario.runner(SyncOptions(apply: false, allowMassChange: true)).run()
            let summary = try #require(report.stores.first)
            #expect(summary.acknowledged == 2)
            #expect(summary.acknowledgedByCode == ["listing.orphan": 1, "listing.price-not-positive": 1])
            #expect(summary.findingsByCode["listing.price-not-positive"] == nil)
            #expect(summary.findingsByCode["listing.orphan", default: 0] == orphanCount - 1)
            #expect(summary.listingErrorsByCode["listing.price-not-positive"] == nil)

            // Undoing the answer counts the finding again.
            _ = try await scenario.catalog.undoReviewDecision(try #require(acknowledgement.id), at: Date())
            let afterUndo = try await planAndRecord(scenario)
            #expect(afterUndo.acknowledged.map(\.code) == [.orphan])
            #expect(afterUndo.findings.contains { $0.code == .priceNotPositive && $0.sku == zeroPriced })
        }
    }
}
