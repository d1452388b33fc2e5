import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce writes against the simulator")
struct WriteTests {
    static func quantity(_ listing: Listing) -> Int { listing.stock.first?.available ?? 0 }

    @Test(
        "every field in one apply: 1 product re-read + 1 product batch, 1 variation re-read for both parents + 1 batch per parent (5 requests)"
    )
    func writesEveryField() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 30))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let picks = try ListingPicks(try await adapter.fetchCatalog(since: nil))
            let s = picks.simple[0], v1 = picks.first[0], v2 = picks.first[1], v3 = picks.second[0]
            let newCompareAt = Money(minorUnits: v2.price!.minorUnits + 1000, currency: .eur)
            let changes = [
                change(
                    "stock", s, .stock(location: "default"), expected: .quantity(Self.quantity(s)), new: .quantity(Self.quantity(s) + 5)),
                change("price", s, .price, expected: s.price.map(FieldValue.money), new: .money(money("99.00"))),
                change("description", s, .description, expected: s.descriptionHTML.map(FieldValue.text), new: .text("<p>New words.</p>")),
                change("barcode", v1, .barcode, expected: v1.barcode.map(FieldValue.text) ?? FieldValue.none, new: .text("4006381333931")),
                change("title", v1, .title, expected: .text(v1.productTitle), new: .text("Renamed product")),
                change(
                    "compare", v2, .compareAtPrice, expected: v2.compareAtPrice.map(FieldValue.money) ?? FieldValue.none,
                    new: .money(newCompareAt)),
                change("status", v3, .status, expected: .status(v3.status), new: .status(.archived)),
                change("stock-v3", v3, .stock(location: "default"), expected: .quantity(Self.quantity(v3)), new: .quantity(7)),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 1))

            #expect(outcomes.map(\.changeID) == changes.map(\.id))
            for outcome in outcomes {
                #expect(outcome.status == .applied, "\(outcome.changeID): \(outcome.message ?? "")")
            }
            let simple = try #require(store.variant(s.ref.variantID))
            #expect(simple.variant.totalAvailable == Self.quantity(s) + 5)
            #expect(simple.variant.price == money("99.00"))
            #expect(simple.product.descriptionHTML == "<p>New words.</p>")
            let first = try #require(store.variant(v1.ref.variantID))
            #expect(first.variant.barcode == "4006381333931")
            #expect(first.product.title == "Renamed product")
            let second = try #require(store.variant(v2.ref.variantID))
            #expect(second.variant.compareAtPrice == newCompareAt && second.variant.price == v2.price)
            let third = try #require(store.variant(v3.ref.variantID))
            #expect(third.product.status == .archived)
            #expect(third.variant.totalAvailable == 7)

            let requests = WooRequests(store)
            #expect(requests.productPages == 1 && requests.productBatches == 1)
            #expect(requests.collectionPages == 1 && requests.variationPages == 0 && requests.variationBatches == 2)
            #expect(requests.total == 5)
        }
    }

    @Test("a sale or an admin edit between plan and write is reported stale and not overwritten")
    func concurrentChangeIsStale() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 30))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let picks = try ListingPicks(try await adapter.fetchCatalog(since: nil))
            let sold = picks.simple[0], untouched = picks.simple[1], edited = picks.first[0]
            let changes = [
                change("sold", sold, .stock(location: "default"), expected: .quantity(Self.quantity(sold)), new: .quantity(500)),
                change(
                    "untouched", untouched, .stock(location: "default"), expected: .quantity(Self.quantity(untouched)), new: .quantity(500)),
                change("edited", edited, .price, expected: edited.price.map(FieldValue.money), new: .money(money("10.00"))),
            ]
            // After the plan: a shopper buys 2 of `sold`; a colleague reprices `edited`.
            let now = store.shop.now
            let soldID = store.variant(sold.ref.variantID)!.variant.id
            let editedID = store.variant(edited.ref.variantID)!.variant.id
            store.shop.mutate { state in
                _ = state.updateVariant(id: soldID) { _, variant in
                    let location = variant.available.keys.sorted().first { variant.available[$0]! >= 2 }!
                    variant.available[location]! -= 2
                    variant.updatedAt = now
                }
                _ = state.updateVariant(id: editedID) { _, variant in
                    variant.price = money("77.70")
                    variant.compareAtPrice = nil
                    variant.updatedAt = now
                }
            }
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 2))

            #expect(outcomes.map(\.status) == [.stale, .applied, .stale])
            #expect(outcomes[0].observed == .quantity(Self.quantity(sold) - 2))
            #expect(outcomes[2].observed == .money(money("77.70")))
            #expect(store.variant(sold.ref.variantID)!.variant.totalAvailable == Self.quantity(sold) - 2)
            #expect(store.variant(untouched.ref.variantID)!.variant.totalAvailable == 500)
            #expect(store.variant(edited.ref.variantID)!.variant.price == money("77.70"))
            let requests = WooRequests(store)
            #expect(requests.productPages == 1 && requests.productBatches == 1)
            #expect(requests.collectionPages == 1 && requests.variationBatches == 0)  // nothing left to write there
        }
    }

    @Test("a per-item error in the batch answer rejects that item alone; the others are applied")
    func partialFailure() async throws {
        // The batch is slowed so that a product can be deleted between the re-read and the write;
        // WooCommerce then answers that item with {id, error: woocommerce_rest_product_invalid_id}.
        let slowBatch = FaultRule(kind: .slow(milliseconds: 400), pathContains: "/wp-json/wc/v3/products/batch", method: "POST")
        let catalog = simpleCatalog(count: 5)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [slowBatch]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listings = try await adapter.fetchCatalog(since: nil).listings
            let changes = listings.prefix(3).enumerated().map { index, listing in
                change("c\(index)", listing, .stock(location: "default"), expected: .quantity(Self.quantity(listing)), new: .quantity(1))
            }
            async let outcomes = adapter.apply(changes, context: ApplyContext(runID: 3))
            await store.waitForRequest { entry in
                entry.path == "/wp-json/wc/v3/products" && entry.params.contains { $0.name == "include" }
            }
            store.shop.mutate { state in _ = state.removeProduct(id: Int64(listings[1].ref.productID)!) }

            let result = try await outcomes
            #expect(result.map(\.status) == [.applied, .rejected, .applied])
            #expect(result[1].message?.contains("woocommerce_rest_product_invalid_id") == true)
            #expect(store.variant(listings[0].ref.variantID)!.variant.totalAvailable == 1)
            #expect(store.variant(listings[2].ref.variantID)!.variant.totalAvailable == 1)
        }
    }

    @Test("150 stock changes go out as 2 batches of at most 100 objects, each re-read first (4 requests)")
    func batchesOfAtMostAHundred() async throws {
        let catalog = simpleCatalog(count: 150)
        try await withSimulatedStore(
            StoreSpec(platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations))
        ) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listings = try await adapter.fetchCatalog(since: nil).listings
            let changes = listings.map {
                change("s\($0.ref.variantID)", $0, .stock(location: "default"), expected: .quantity(Self.quantity($0)), new: .quantity(3))
            }
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 4))
            #expect(outcomes.allSatisfy { $0.status == .applied })
            let requests = WooRequests(store)
            #expect(requests.productPages == 2 && requests.productBatches == 2 && requests.total == 4)
            let sizes = store.server.log.filter { $0.method == "POST" }.map { $0.body["update"]?.arrayValue?.count ?? 0 }
            #expect(sizes.sorted() == [50, 100])
            #expect(store.shop.read { $0.allProducts.allSatisfy { $0.variants[0].totalAvailable == 3 } })
        }
    }

    @Test("changes WooCommerce cannot take are rejected with a reason, and nothing is sent for them")
    func rejections() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 30))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let picks = try ListingPicks(try await adapter.fetchCatalog(since: nil))
            let s = picks.simple[0], unmanaged = picks.simple[1], v = picks.first[0]
            let unmanagedID = store.variant(unmanaged.ref.variantID)!.variant.id
            store.shop.mutate { state in
                _ = state.updateVariant(id: unmanagedID) { _, variant in variant.tracksInventory = false }
            }
            let changes = [
                change("images", s, .images, expected: .list(s.images), new: .list(["ftp://files.example.com/tee.jpg"])),
                change("weight", s, .weight, expected: nil, new: .weight(Weight(value: -1, unit: .kilograms))),
                change("location", s, .stock(location: "main"), expected: .quantity(1), new: .quantity(2)),
                change("blind", s, .stock(location: "default"), expected: nil, new: .quantity(2)),
                change("currency", s, .price, expected: nil, new: .money(money("10.00", .usd))),
                change(
                    "unmanaged", unmanaged, .stock(location: "default"), expected: .quantity(Self.quantity(unmanaged)), new: .quantity(9)),
                change(
                    "compare-below", v, .compareAtPrice, expected: v.compareAtPrice.map(FieldValue.money) ?? FieldValue.none,
                    new: .money(money("0.50"))),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 5))
            #expect(outcomes.allSatisfy { $0.status == .rejected })
            let messages = outcomes.map { $0.message ?? "" }
            #expect(messages[0].contains("ftp://files.example.com/tee.jpg") && messages[0].contains("http(s)"))
            #expect(messages[1].contains("negative"))
            #expect(messages[2].contains("one stock number"))
            #expect(messages[3].contains("never writes stock blind"))
            #expect(messages[4].contains("USD") && messages[4].contains("EUR"))
            #expect(messages[5].contains("Manage stock"))
            #expect(messages[6].contains("compare-at price"))
            #expect(WooRequests(store).productBatches + WooRequests(store).variationBatches == 0)
        }
    }

    @Test("a batch answered 503 is not repeated and its changes are unknown; the store is unchanged")
    func failedBatchIsUnknown() async throws {
        let fault = FaultRule(kind: .status(503), pathContains: "/wp-json/wc/v3/products/batch", method: "POST")
        let catalog = simpleCatalog(count: 3)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [fault]))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 3)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listing = try await adapter.fetchCatalog(since: nil).listings[0]
            let outcomes = try await adapter.apply(
                [change("c", listing, .stock(location: "default"), expected: .quantity(Self.quantity(listing)), new: .quantity(0))],
                context: ApplyContext(runID: 6))
            #expect(outcomes.map(\.status) == [.unknown])
            #expect(WooRequests(store).productBatches == 1)
            #expect(store.variant(listing.ref.variantID)!.variant.totalAvailable == Self.quantity(listing))
        }
    }

    @Test("a batch answered 429 is sent again after Retry-After, as WooCommerce did not take it")
    func throttledBatchIsRetried() async throws {
        let fault = FaultRule(
            kind: .rateLimit(retryAfter: 1), pathContains: "/wp-json/wc/v3/products/batch", method: "POST", onRequests: [1])
        let catalog = simpleCatalog(count: 3)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [fault]))
        try await withSimulatedStore(spec, client: .simulatorTesting(maxAttempts: 3)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let listing = try await adapter.fetchCatalog(since: nil).listings[0]
            let outcomes = try await adapter.apply(
                [change("c", listing, .stock(location: "default"), expected: .quantity(Self.quantity(listing)), new: .quantity(0))],
                context: ApplyContext(runID: 7))
            #expect(outcomes.map(\.status) == [.applied])
            #expect(WooRequests(store).productBatches == 2)
            #expect(store.variant(listing.ref.variantID)!.variant.totalAvailable == 0)
        }
    }
}
