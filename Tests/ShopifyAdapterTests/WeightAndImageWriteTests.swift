import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import ShopifyAdapter
import ShopifySimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Shopify weight and image writes against the simulator")
struct ShopifyWeightAndImageWriteTests {
    func spec(products: Int = 12) -> StoreSpec {
        StoreSpec(
            platform: .shopify, name: "shop-media", seed: 7, source: .generated(count: products),
            api: ShopifyPlatform(options: .init(bucketSize: 100_000, restoreRate: 100_000, maxQueryCost: 1000)))
    }

    /// How many calls of each named operation the store answered.
    static func calls(_ store: SimulatedStore) -> [String: Int] {
        var result: [String: Int] = [:]
        for entry in store.server.log {
            guard let document = entry.query,
                let name = document.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).dropFirst().first
            else { continue }
            result[String(name), default: 0] += 1
        }
        return result
    }

    func change(_ id: String, _ listing: Listing, _ field: Change.Field, expected: FieldValue?, new: FieldValue) -> Change {
        Change(id: id, store: listing.store, sku: listing.sku!, ref: listing.ref, field: field, expected: expected, new: new)
    }

    @Test("weight and price of one product in one productVariantsBulkUpdate; images added, kept, removed and put in order")
    func writesWeightsAndMedia() async throws {
        try await withSimulatedStore(spec()) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            // A product with at least two images and two variants.
            let byProduct = Dictionary(grouping: snapshot.listings, by: \.ref.productID)
            let (productID, variants) = try #require(byProduct.first { $0.value.count >= 2 && $0.value[0].images.count >= 2 })
            let first = variants[0], second = variants[1]
            let before = first.images
            // A new image comes first, the second stays (now last), the others go: Shopify appends
            // new media, so this needs a reorder.
            let wanted = ["https://cdn.example.com/new/side-view.jpg", before[1]]
            let weight = Weight(value: Decimal(string: "0.35")!, unit: .kilograms)
            let newPrice = Money(minorUnits: first.price!.minorUnits + 100, currency: first.price!.currency)
            let changes = [
                change("w1", first, .weight, expected: first.weight.map(FieldValue.weight) ?? FieldValue.none, new: .weight(weight)),
                change(
                    "w2", second, .weight, expected: second.weight.map(FieldValue.weight) ?? FieldValue.none,
                    new: .weight(Weight(value: 410, unit: .grams))),
                change("p1", first, .price, expected: .money(first.price!), new: .money(newPrice)),
                change("i1", first, .images, expected: .list(before), new: .list(wanted)),
                change("i2", second, .images, expected: .list(second.images), new: .list(wanted)),
                change("t", first, .title, expected: .text(first.productTitle), new: .text("Renamed")),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 3))
            for outcome in outcomes { #expect(outcome.status == .applied, "\(outcome.changeID): \(outcome.message ?? "")") }

            let calls = Self.calls(store)
            #expect(calls["ConcordVariantsUpdates"] == 1, "weights and the price of one product go in one call: \(calls)")
            #expect(calls["ConcordProductUpdates"] == 1, "the new image rides on the title's productUpdate: \(calls)")
            #expect(calls["ConcordProductMedia"] == 1)
            #expect(calls["ConcordDetachMedia"] == 1)
            #expect(calls["ConcordReorderMedia"] == 1)
            #expect(calls["ConcordVariantsByID"] == 2)
            #expect(store.server.log.count == 7)
            let update = try #require(store.server.log.first { $0.query?.contains("ConcordVariantsUpdates") == true })
            let inputs = update.variables?["variants0"]?.arrayValue ?? []
            #expect(inputs.count == 2)
            let weighed = try #require(inputs.first { $0["price"] != nil })
            #expect(weighed["inventoryItem"]?["measurement"]?["weight"]?["unit"]?.stringValue == "KILOGRAMS")
            #expect(weighed["inventoryItem"]?["measurement"]?["weight"]?["value"]?.numberText == "0.35")

            // The store now holds what was asked; a fresh read shows it.
            let id = Int64(productID.split(separator: "/").last!)!
            let product = try #require(store.shop.snapshot.product(id: id))
            #expect(product.title == "Renamed")
            #expect(product.images.map { ImageName($0).name } == wanted.map { ImageName($0).name })
            #expect(product.images[1] == before[1], "a kept image is not uploaded again")
            #expect(product.images[0].hasPrefix("https://cdn.shopify.com/"))
            let after = try await adapter.fetchCatalog(since: nil)
            let firstAfter = try #require(after.listings.first { $0.ref == first.ref })
            #expect(FieldValue.list(firstAfter.images).matches(.list(wanted)))
            #expect(FieldValue.weight(firstAfter.weight!).matches(.weight(weight)))
            #expect(after.listings.first { $0.ref == second.ref }?.weight?.grams == 410)
            #expect(outcomes.first { $0.changeID == "i1" }?.observed.map { $0.matches(.list(wanted)) } == true)
        }
    }

    @Test("an admin edit of the images or the weight after the plan is stale: nothing is written")
    func adminEditIsStale() async throws {
        try await withSimulatedStore(spec()) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let listing = try #require(snapshot.listings.first { !$0.images.isEmpty })
            let changes = [
                change("i", listing, .images, expected: .list(listing.images), new: .list(["https://cdn.example.com/new/a.jpg"])),
                change(
                    "w", listing, .weight, expected: listing.weight.map(FieldValue.weight) ?? FieldValue.none,
                    new: .weight(Weight(value: 9, unit: .pounds))),
            ]
            let id = Int64(listing.ref.productID.split(separator: "/").last!)!
            let now = store.shop.now
            store.shop.mutate { state in
                guard var product = state.product(id: id) else { return }
                product.images.append("https://cdn.example.com/admin/added-by-hand.jpg")
                product.variants = product.variants.map { variant in
                    var variant = variant
                    variant.weight = Weight(value: 777, unit: .grams)
                    return variant
                }
                product.updatedAt = now
                state.upsert(product)
            }
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 4))
            #expect(outcomes.map(\.status) == [.stale, .stale])
            #expect(outcomes[0].message?.contains("added-by-hand.jpg") == true)
            #expect(store.server.counters.writes == 0)
            #expect(store.shop.snapshot.product(id: id)?.images.last == "https://cdn.example.com/admin/added-by-hand.jpg")
        }
    }

    @Test("variants of one product that ask for different images are refused with the reason, and nothing is sent")
    func disagreeingVariants() async throws {
        try await withSimulatedStore(spec()) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let variants = try #require(Dictionary(grouping: snapshot.listings, by: \.ref.productID).values.first { $0.count >= 2 })
            let changes = [
                change("a", variants[0], .images, expected: .list(variants[0].images), new: .list(["https://cdn.example.com/a.jpg"])),
                change("b", variants[1], .images, expected: .list(variants[1].images), new: .list(["https://cdn.example.com/b.jpg"])),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 5))
            #expect(outcomes.map(\.status) == [.rejected, .rejected])
            #expect(outcomes[0].message?.contains("one image list per product") == true)
            #expect(store.server.counters.writes == 0)
        }
    }
}
