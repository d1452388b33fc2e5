import CatalogModel
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter
// Not among this target's declared dependencies (Package.swift), but built for StorefrontSimulator:
// the option that plays a store older than WooCommerce 10.3 is the simulator's own.
import WooCommerceSimulator

/// The writer's re-read before variation writes: through `GET /variations?include=` (WooCommerce
/// 10.3), 100 variations a call whatever their products, and each parent's own variations on an
/// older store.
@Suite("WooCommerce writes re-read variations through the store-wide collection")
struct VariationsCollectionWriteTests {
    /// `products` variable products of `variations` variations each, 10 in stock at one location.
    static func spec(products: Int, variations: Int, older: Bool) -> StoreSpec {
        let locations = [Location(code: "main", name: "Main warehouse")]
        let catalog = (1...products).map { product in
            Product(
                handle: "tee-\(product)", title: "Tee \(product)", optionNames: ["Size"],
                variants: (1...variations).map { variation in
                    Variant(
                        sku: SKU("TEE-\(product)-\(variation)")!, title: "Size \(variation)", options: ["Size \(variation)"],
                        price: Money(minorUnits: 2_000 + Int64(100 * product + variation), currency: .eur),
                        stock: [StockLevel(location: "main", onHand: 10)])
                })
        }
        return StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog, locations: locations),
            api: WooCommercePlatform(options: .init(servesVariationsCollection: !older)))
    }

    static func pages(_ count: Int) -> Int { (count + 99) / 100 }

    /// A price change to each listing: its price plus 1.00.
    static func repricing(_ listings: [Listing]) -> [Change] {
        listings.map { listing in
            let price = listing.price!
            return change(
                "p\(listing.ref.variantID)", listing, .price, expected: .money(price),
                new: .money(Money(minorUnits: price.minorUnits + 100, currency: price.currency)))
        }
    }

    /// The `include` ids of each `GET /variations` in the log, in order.
    static func collectionReads(_ store: SimulatedStore) -> [[String]] {
        store.server.log.filter { $0.method == "GET" && $0.path == "/wp-json/wc/v3/variations" }.map { entry in
            (entry.params.first { $0.name == "include" }?.value ?? "").split(separator: ",").map(String.init)
        }
    }

    @Test(
        "price changes to one variation of each of 30 variable products: 1 re-read on a new store, 30 on an older one; 30 batches",
        arguments: [false, true])
    func oneVariationOfThirtyProducts(older: Bool) async throws {
        try await withSimulatedStore(Self.spec(products: 30, variations: 3, older: older)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listings = try await adapter.fetchCatalog(since: nil).listings
            let picked = Dictionary(grouping: listings, by: \.ref.productID).values.map { $0[0] }
            try #require(picked.count == 30)
            let changes = Self.repricing(picked)
            store.server.clearLog()

            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 1))
            for outcome in outcomes { #expect(outcome.status == .applied, "\(outcome.changeID): \(outcome.message ?? "")") }
            for (listing, change) in zip(picked, changes) {
                #expect(FieldValue.money(try #require(store.variant(listing.ref.variantID)).variant.price) == change.new)
            }

            let requests = WooRequests(store)
            #expect(requests.variationBatches == 30)
            if older {
                // Known since the read: no rest_no_route, each parent's variations.
                #expect(requests.collectionPages == 0 && requests.variationPages == 30)
                #expect(requests.total == 60)
            } else {
                #expect(requests.collectionPages == Self.pages(30) && requests.variationPages == 0)
                #expect(requests.total == 31)
                #expect(Set(Self.collectionReads(store).joined()) == Set(picked.map(\.ref.variantID)))
                let read = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/variations" })
                let fields = Set((read.params.first { $0.name == "_fields" }?.value ?? "").split(separator: ","))
                let compared: Set<Substring> = [
                    "id", "parent_id", "regular_price", "sale_price", "manage_stock", "stock_quantity", "weight",
                ]
                #expect(fields.isSuperset(of: compared))
            }
        }
    }

    @Test("every variation of 30 products (210): ceil(210/100) = 3 re-reads of at most 100, each id once; still 30 batches")
    func readsStraddleProducts() async throws {
        try await withSimulatedStore(Self.spec(products: 30, variations: 7, older: false)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listings = try await adapter.fetchCatalog(since: nil).listings
            try #require(listings.count == 210)
            store.server.clearLog()

            let outcomes = try await adapter.apply(Self.repricing(listings), context: ApplyContext(runID: 2))
            #expect(outcomes.allSatisfy { $0.status == .applied })

            let reads = Self.collectionReads(store)
            #expect(reads.map(\.count) == [100, 100, 10])
            #expect(Set(reads.joined()) == Set(listings.map(\.ref.variantID)) && reads.joined().count == 210)
            let requests = WooRequests(store)
            #expect(requests.collectionPages == 3 && requests.variationPages == 0 && requests.variationBatches == 30)
            #expect(requests.total == 33)
        }
    }

    @Test(
        "an adapter that has not read the store yet learns from its first re-read which kind of store it is: one rest_no_route at most",
        arguments: [false, true])
    func firstReReadIsTheProbe(older: Bool) async throws {
        try await withSimulatedStore(Self.spec(products: 30, variations: 2, older: older)) { store, endpoint, client in
            // Planned from one adapter's read, applied by another (`concord plan`, then `concord apply`).
            let listings = try await makeAdapter(endpoint, client).fetchCatalog(since: nil).listings
            let changes = Self.repricing(listings)
            store.server.clearLog()

            let adapter = makeAdapter(endpoint, client)
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 3))
            #expect(outcomes.allSatisfy { $0.status == .applied })
            let requests = WooRequests(store)
            #expect(requests.collectionPages == 1 && requests.variationBatches == 30)
            #expect(requests.variationPages == (older ? 30 : 0))
            let probe = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/variations" })
            #expect(probe.status == (older ? 404 : 200))

            // Remembered: a second apply does not ask again.
            store.server.clearLog()
            let fresh = try await adapter.fetchCatalog(since: nil).listings
            let again = try await adapter.apply(Self.repricing(fresh), context: ApplyContext(runID: 4))
            #expect(again.allSatisfy { $0.status == .applied })
            let second = WooRequests(store)
            #expect(second.collectionPages == (older ? 0 : 1 + 1))  // new store: the read's page, the re-read
            #expect(second.variationPages == (older ? 30 + 30 : 0))  // older store: the read's, the re-reads
        }
    }

    @Test(
        "a variation repriced, a variation deleted and a product deleted between plan and apply are stale and not overwritten, on both kinds of store",
        arguments: [false, true])
    func changedBetweenPlanAndApply(older: Bool) async throws {
        try await withSimulatedStore(Self.spec(products: 30, variations: 3, older: older)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listings = try await adapter.fetchCatalog(since: nil).listings
            let byProduct = Dictionary(grouping: listings, by: \.ref.productID)
            let products = byProduct.keys.sorted { Int64($0)! < Int64($1)! }
            let picked = products.map { byProduct[$0]![0] }
            let repriced = picked[3], deletedVariation = picked[7], deletedProduct = picked[11]
            var changes = Self.repricing(picked)
            // A weight change too: a variation with no weight of its own shows its parent's, which
            // is not looked up for a variation that is gone.
            changes.append(
                change("weight", deletedProduct, .weight, expected: FieldValue.none, new: .weight(Weight(value: 2, unit: .kilograms))))

            // After the plan: a colleague reprices one variation, deletes another, and deletes a whole product.
            let now = store.shop.now
            store.shop.mutate { state in
                _ = state.updateVariant(id: Int64(repriced.ref.variantID)!) { _, variant in
                    variant.price = money("77.70")
                    variant.compareAtPrice = nil
                    variant.updatedAt = now
                }
                var shrunk = state.product(id: Int64(deletedVariation.ref.productID)!)!
                shrunk.variants.removeAll { String($0.id) == deletedVariation.ref.variantID }
                shrunk.updatedAt = now
                state.upsert(shrunk)
                _ = state.removeProduct(id: Int64(deletedProduct.ref.productID)!)
            }
            store.server.clearLog()

            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 5))
            let byID = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.changeID, $0) })
            let stale = ["p" + repriced.ref.variantID, "p" + deletedVariation.ref.variantID, "p" + deletedProduct.ref.variantID, "weight"]
            for outcome in outcomes {
                let wanted: ChangeOutcome.Status = stale.contains(outcome.changeID) ? .stale : .applied
                #expect(outcome.status == wanted, "\(outcome.changeID): \(outcome.message ?? "")")
            }
            #expect(byID["p" + repriced.ref.variantID]?.observed == .money(money("77.70")))
            #expect(store.variant(repriced.ref.variantID)?.variant.price == money("77.70"))
            for gone in [deletedVariation, deletedProduct] {
                #expect(byID["p" + gone.ref.variantID]?.observed == FieldValue.none)
                #expect(store.variant(gone.ref.variantID) == nil)
            }
            #expect(byID["weight"]?.observed == FieldValue.none)

            let requests = WooRequests(store)
            // Nothing is written to the deleted product; the repriced variation's product had nothing else to write.
            #expect(requests.variationBatches == 30 - 3)
            #expect(requests.collectionPages == (older ? 0 : 1))
            #expect(requests.variationPages == (older ? 30 : 0))
            #expect(requests.other == 0)  // no product read for the deleted product's weight
        }
    }
}
