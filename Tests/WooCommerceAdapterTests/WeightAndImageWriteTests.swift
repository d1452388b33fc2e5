import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce weight and image writes against the simulator")
struct WeightAndImageWriteTests {
    @Test("weights (simple product, variation) and image lists go out in the existing batches: 2 re-reads + 2 batches")
    func writesWeightsAndImages() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 30))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let picks = try ListingPicks(try await adapter.fetchCatalog(since: nil))
            let simple = try #require(picks.simple.first { $0.images.count >= 1 })
            let variation = picks.first[0]
            let keptImage = try #require(simple.images.first)
            let simpleImages = ["https://cdn.example.com/new/front-view.jpg", keptImage]
            let parentImages = ["https://cdn.example.com/new/parent.png"]
            let changes = [
                change(
                    "w-simple", simple, .weight, expected: simple.weight.map(FieldValue.weight) ?? FieldValue.none,
                    new: .weight(Weight(value: 1250, unit: .grams))),
                change(
                    "w-variation", variation, .weight, expected: variation.weight.map(FieldValue.weight) ?? FieldValue.none,
                    new: .weight(Weight(value: Decimal(string: "0.75")!, unit: .kilograms))),
                change("i-simple", simple, .images, expected: .list(simple.images), new: .list(simpleImages)),
                change("i-parent", variation, .images, expected: .list(variation.images), new: .list(parentImages)),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 1))
            for outcome in outcomes { #expect(outcome.status == .applied, "\(outcome.changeID): \(outcome.message ?? "")") }

            // The store's unit is kg: 1250 g is written as "1.25", on the simple product itself.
            let simpleAfter = try #require(store.variant(simple.ref.variantID))
            #expect(simpleAfter.variant.weight?.grams == 1250)
            #expect(simpleAfter.product.images.map { ImageName($0).name } == ["front-view.jpg", ImageName(keptImage).name])
            let variationAfter = try #require(store.variant(variation.ref.variantID))
            #expect(variationAfter.variant.weight?.grams == 750)
            #expect(variationAfter.product.images == parentImages)

            let requests = WooRequests(store)
            #expect(requests.productPages == 1 && requests.productBatches == 1)
            #expect(requests.collectionPages == 1 && requests.variationBatches == 1)
            #expect(requests.total == 4)

            // Body shapes: the image that stays goes by id (no second download), the new one by src;
            // the weight is text in the store's unit.
            let batches = store.server.log.filter { $0.method == "POST" }
            let productBatch = try #require(batches.first { $0.path.hasSuffix("/products/batch") })
            let updates = productBatch.body["update"]?.arrayValue ?? []
            let simpleUpdate = try #require(updates.first { $0["id"]?.numberText == simple.ref.productID })
            let images = simpleUpdate["images"]?.arrayValue ?? []
            #expect(images.count == 2)
            #expect(images[0]["src"]?.stringValue == simpleImages[0] && images[0]["id"] == nil)
            #expect(images[1]["id"]?.int64Value != nil && images[1]["src"] == nil)
            #expect(simpleUpdate["weight"]?.stringValue == "1.25")
            let variationBatch = try #require(batches.first { $0.path.hasSuffix("/variations/batch") })
            #expect(variationBatch.body["update"]?[0]?["weight"]?.stringValue == "0.75")

            // Read again: nothing left to write for these fields.
            let after = try await adapter.fetchCatalog(since: nil)
            let simpleListing = try #require(after.listings.first { $0.ref == simple.ref })
            #expect(FieldValue.list(simpleListing.images).matches(.list(simpleImages)))
            #expect(simpleListing.weight.map(FieldValue.weight)?.matches(.weight(Weight(value: 1250, unit: .grams))) == true)
            let variationListing = try #require(after.listings.first { $0.ref == variation.ref })
            #expect(variationListing.weight?.grams == 750)
            #expect(variationListing.images == parentImages)
        }
    }

    @Test("a weight or image edit in the admin after the plan is reported stale and not overwritten")
    func adminEditIsStale() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 30))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let picks = try ListingPicks(try await adapter.fetchCatalog(since: nil))
            let simple = picks.simple[0]
            let variation = picks.second[0]
            let changes = [
                change(
                    "w", variation, .weight, expected: variation.weight.map(FieldValue.weight) ?? FieldValue.none,
                    new: .weight(Weight(value: 3, unit: .kilograms))),
                change("i", simple, .images, expected: .list(simple.images), new: .list(["https://cdn.example.com/new/x.jpg"])),
            ]
            // A colleague edits both in the admin after the plan.
            let now = store.shop.now
            store.shop.mutate { state in
                _ = state.updateVariant(id: Int64(variation.ref.variantID)!) { _, variant in
                    variant.weight = Weight(value: 9, unit: .kilograms)
                    variant.updatedAt = now
                }
                if var product = state.product(id: Int64(simple.ref.productID)!) {
                    product.images = ["https://cdn.example.com/admin/chosen.jpg"]
                    product.updatedAt = now
                    state.upsert(product)
                }
            }
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 2))
            #expect(outcomes.map(\.status) == [.stale, .stale])
            #expect(outcomes[0].observed == .weight(Weight(value: 9, unit: .kilograms)))
            #expect(outcomes[1].message?.contains("chosen.jpg") == true)
            #expect(WooRequests(store).productBatches + WooRequests(store).variationBatches == 0)
            #expect(store.variant(variation.ref.variantID)?.variant.weight == Weight(value: 9, unit: .kilograms))
            #expect(store.variant(simple.ref.variantID)?.product.images == ["https://cdn.example.com/admin/chosen.jpg"])
        }
    }
}
