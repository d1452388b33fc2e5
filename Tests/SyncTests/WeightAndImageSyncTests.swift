import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Sync
import Testing

/// A catalog edit of a weight and an image list goes through plan → journal → the platform's
/// writer → the simulator, and settles: on every platform.
@Suite("Weight and image changes sync to every platform")
struct WeightAndImageSyncTests {
    /// After a first dry run, the catalog's first product with several variants gets a new weight on its first variant and
    /// one more image at the end; returns the SKU whose weight changed.
    static func editCatalog(_ scenario: SyncScenario, imageURL: String) async throws -> SKU {
        // A first dry run records the fields found in sync as bases, so the edit below is the
        // catalog's change (pushed) rather than a first-sync difference (reviewed).
        _ = try await scenario.runner(SyncOptions(apply: false)).run()
        var products = scenario.products
        let index = try #require(products.firstIndex { $0.variants.count >= 2 && !$0.images.isEmpty })
        products[index].images.append(imageURL)
        products[index].variants[0].weight = Weight(value: 1234, unit: .grams)
        _ = try await scenario.catalog.writeCatalog(products, locations: scenario.generated.locations, mode: .replace)
        return products[index].variants[0].sku
    }

    /// The request that writes images on each platform (an image added to the end of the list).
    static func imageWrite(_ platform: Platform) -> FaultRule {
        switch platform {
        case .shopify: FaultRule(kind: .dropMidBody, method: "POST", queryContains: "ConcordProductUpdate", times: 1)
        case .woocommerce: FaultRule(kind: .dropMidBody, pathContains: "/products/batch", method: "POST", times: 1)
        case .magento: FaultRule(kind: .dropMidBody, pathContains: "/media", method: "POST", times: 1)
        }
    }

    static func imageWrites(_ store: SimulatedStore, _ platform: Platform) -> Int {
        store.server.log.filter { entry in
            switch platform {
            case .shopify: entry.query?.contains("ConcordProductUpdate") == true
            case .woocommerce: entry.path.hasSuffix("/products/batch")
            case .magento: entry.method == "POST" && entry.path.hasSuffix("/media")
            }
        }.count
    }

    @Test(
        "a sync writes the weight and the images in batch form, and the next plan has nothing left for them",
        arguments: [Platform.shopify, .woocommerce, .magento])
    func converges(platform: Platform) async throws {
        try await withSyncScenario(platform: platform, products: 8, drift: .none) { scenario in
            let sku = try await Self.editCatalog(scenario, imageURL: scenario.store.baseURL + "/sim/images/added-view.png")
            let planned = try await scenario.remainingChanges()
            #expect(planned.contains { $0.sku == sku && $0.field == .weight })
            #expect(planned.contains { $0.field == .images })

            scenario.store.server.clearLog()
            let report = try await scenario.runner(SyncOptions(apply: true)).run()
            let apply = try #require(report.stores.first?.apply)
            #expect(apply.isSettled && apply.rejected == 0 && apply.stale == 0, "\(apply.problems)")
            #expect(apply.applied == planned.count)
            // One image upload or one batch/productUpdate for the product, whatever its variants.
            #expect(Self.imageWrites(scenario.store, platform) == 1)
            let left = try await scenario.remainingChanges()
            #expect(!left.contains { $0.field == .weight || $0.field == .images }, "\(left)")
        }
    }

    @Test(
        "a write whose answer is lost settles on resume from a re-read, and is not sent twice",
        arguments: [Platform.shopify, .woocommerce, .magento])
    func resumesOnce(platform: Platform) async throws {
        try await withSyncScenario(platform: platform, products: 8, drift: .none, faults: [Self.imageWrite(platform)]) { scenario in
            _ = try await Self.editCatalog(scenario, imageURL: scenario.store.baseURL + "/sim/images/added-view.png")
            let report = try await scenario.runner(SyncOptions(apply: true)).run()
            let apply = try #require(report.stores.first?.apply)
            #expect(apply.unknown > 0)
            let writesBefore = Self.imageWrites(scenario.store, platform)

            let resumed = try await PlanExecutor(catalog: scenario.catalog).resume(
                runID: report.runID, work: [StoreWork(adapter: scenario.adapter, changes: [])])
            let result = try #require(resumed.first)
            #expect(result.isSettled && result.stale == 0, "\(result.problems)")
            #expect(result.confirmedOnResume > 0)
            #expect(Self.imageWrites(scenario.store, platform) == writesBefore, "the image write must not be sent again")
            let entries = try await scenario.catalog.journalEntries(runID: report.runID)
            #expect(entries.allSatisfy { $0.state == .applied })
            let left = try await scenario.remainingChanges()
            #expect(!left.contains { $0.field == .weight || $0.field == .images }, "\(left)")
        }
    }
}
