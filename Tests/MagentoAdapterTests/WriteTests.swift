import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento writes against the simulator")
struct WriteTests {
    @Test("stock at a source the item has no source item for: planned against 'none', written (created) while still none")
    func stockAtANewSource() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            addSimpleProduct(to: store, sku: "NEW-1")
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let listing = try #require(snapshot.listings.first { $0.rawSKU == "NEW-1" })
            let empty = try #require(snapshot.locations.map(\.code).first { code in !listing.stock.contains { $0.location == code } })
            let outcomes = try await adapter.apply(
                [change("n1", listing, .stock(location: empty), expected: FieldValue.none, new: .quantity(7))],
                context: ApplyContext(runID: 1))
            #expect(outcomes.map(\.status) == [.applied], "\(outcomes)")
            #expect(store.variant(sku: "NEW-1").onHand(at: store.locationID(empty)) == 7)
            // Planned against "none" again, but the source item exists now: stale, not overwritten.
            let again = try await adapter.apply(
                [change("n2", listing, .stock(location: empty), expected: FieldValue.none, new: .quantity(9))],
                context: ApplyContext(runID: 2))
            #expect(again.map(\.status) == [.stale])
            #expect(store.variant(sku: "NEW-1").onHand(at: store.locationID(empty)) == 7)
        }
    }

    @Test("stock, prices, compare-at prices, titles, descriptions and barcodes in one apply, each the fewest calls")
    func batchWrite() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            placeOrder(in: store, sku: "SHIRT-S", quantity: 1, location: "berlin")
            let snapshot = try await adapter.fetchCatalog(since: nil)
            func listing(_ sku: String) throws -> Listing { try #require(snapshot.listings.first { $0.rawSKU == sku }) }
            let shirtS = try listing("SHIRT-S"), shirtL = try listing("SHIRT-L"), mug = try listing("MUG"), cap = try listing("CAP")
            store.server.clearLog()

            let changes = [
                // Berlin holds 5 of SHIRT-S, 1 of them sold: 4 available. 10 available → 11 on hand.
                change("s1", shirtS, .stock(location: "berlin"), expected: .quantity(4), new: .quantity(10)),
                change("s2", shirtL, .stock(location: "hamburg"), expected: .quantity(2), new: .quantity(0)),
                change("s3", cap, .stock(location: "hamburg"), expected: .quantity(3), new: .quantity(30)),
                change("p1", shirtL, .price, expected: .money(money("19.90")), new: .money(money("17.50"))),
                // Mug is on sale (8.00, was 10.00): a new sale price, and the sale ends on the cap... and starts.
                change("p2", mug, .price, expected: .money(money("8.00")), new: .money(money("7.00"))),
                change("p3", cap, .compareAtPrice, expected: FieldValue.none, new: .money(money("20.00"))),
                change("t1", shirtS, .title, expected: .text("Shirt"), new: .text("Linen Shirt")),
                change("d1", cap, .description, expected: FieldValue.none, new: .text("<p>Warm.</p>")),
                change("b1", shirtL, .barcode, expected: FieldValue.none, new: .text("4006381333931")),
            ]
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 1))
            for outcome in outcomes { #expect(outcome.status == .applied, "\(outcome)") }

            let berlin = store.locationID("berlin"), hamburg = store.locationID("hamburg")
            #expect(store.variant(sku: "SHIRT-S").onHand(at: berlin) == 11)
            #expect(store.variant(sku: "SHIRT-S").available[berlin] == 10)
            #expect(store.variant(sku: "SHIRT-L").onHand(at: hamburg) == 0)
            #expect(store.variant(sku: "CAP").onHand(at: hamburg) == 30)
            #expect(store.variant(sku: "SHIRT-L").price == money("17.50") && store.variant(sku: "SHIRT-L").compareAtPrice == nil)
            #expect(store.variant(sku: "MUG").price == money("7.00") && store.variant(sku: "MUG").compareAtPrice == money("10.00"))
            #expect(store.variant(sku: "CAP").price == money("15.00") && store.variant(sku: "CAP").compareAtPrice == money("20.00"))
            #expect(store.product(sku: "SHIRT-M").title == "Linen Shirt")
            #expect(store.product(sku: "CAP").descriptionHTML == "<p>Warm.</p>")
            #expect(store.variant(sku: "SHIRT-L").barcode == "4006381333931")

            // Re-read: products by id (1) + source items (1) + open orders (1); the sources were
            // read by the catalog read before and are kept (`SourceModeCache`);
            // writes: source-items (1) + base-prices (1: SHIRT-L and CAP's regular price) +
            // special-price (1: MUG and CAP) + one PUT per product (shirt parent, SHIRT-L, cap).
            let requests = MagentoRequests(store)
            #expect(requests["POST inventory/source-items"] == 1)
            #expect(requests["POST products/base-prices"] == 1)
            #expect(requests["POST products/special-price"] == 1)
            #expect(requests["PUT products/shirt"] == 1 && requests["PUT products/SHIRT-L"] == 1 && requests["PUT products/CAP"] == 1)
            #expect(requests.productPages == 1)
            #expect(requests["GET inventory/sources"] == 0)
            #expect(requests.total == 9, "\(requests)")
            print("Magento apply of \(changes.count) changes: \(requests)")

            let after = try await adapter.fetchCatalog(since: nil)
            #expect(after.listings.first { $0.rawSKU == "SHIRT-S" }?.stock.first { $0.location == "berlin" }?.available == 10)
            #expect(after.listings.first { $0.rawSKU == "SHIRT-M" }?.productTitle == "Linen Shirt")
        }
    }

    @Test("a change made between the read and the write is reported stale and not overwritten")
    func concurrentChangeIsStale() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            let mug = try #require(snapshot.listings.first { $0.rawSKU == "MUG" })
            // A sale of 2 caps and a colleague's price edit on the mug, after the plan was made.
            placeOrder(in: store, sku: "CAP", quantity: 2, location: "hamburg")
            store.shop.mutate { state in
                _ = state.updateVariant(id: state.variants(sku: "MUG")[0].variant.id) { _, variant in variant.price = money("6.50") }
            }
            let outcomes = try await adapter.apply(
                [
                    change("c1", cap, .stock(location: "hamburg"), expected: .quantity(3), new: .quantity(10)),
                    change("m1", mug, .price, expected: .money(money("8.00")), new: .money(money("9.00"))),
                    change("m2", mug, .title, expected: .text("Mug"), new: .text("Big Mug")),
                ], context: ApplyContext(runID: 2))
            #expect(outcomes[0].status == .stale && outcomes[0].observed == .quantity(1))
            #expect(outcomes[1].status == .stale && outcomes[1].observed == .money(money("6.50")))
            #expect(outcomes[2].status == .applied)
            let hamburg = store.locationID("hamburg")
            #expect(store.variant(sku: "CAP").onHand(at: hamburg) == 3 && store.variant(sku: "CAP").available[hamburg] == 1)
            #expect(store.variant(sku: "MUG").price == money("6.50"))
            let requests = MagentoRequests(store)
            #expect(requests["POST inventory/source-items"] == 0 && requests["POST products/special-price"] == 0)
        }
    }

    @Test("base-prices refuses one row (the product went between re-read and write): that change is rejected, the others saved")
    func partialPriceFailure() async throws {
        let catalog = mixedCatalog()
        let hook = HookedMagento { request, shop in
            if request.method == "POST", request.path.hasSuffix("/V1/products/base-prices") { deleteProduct(sku: "CAP", in: shop) }
        }
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations), api: hook)
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            let shirtM = try #require(snapshot.listings.first { $0.rawSKU == "SHIRT-M" })
            let outcomes = try await adapter.apply(
                [
                    change("c1", cap, .price, expected: .money(money("15.00")), new: .money(money("16.00"))),
                    change("s1", shirtM, .price, expected: .money(money("19.90")), new: .money(money("21.00"))),
                ], context: ApplyContext(runID: 3))
            #expect(outcomes[0].status == .rejected)
            #expect(outcomes[0].message?.contains("Invalid attribute SKU = CAP") == true, "\(outcomes[0])")
            #expect(outcomes[1].status == .applied)
            #expect(store.variant(sku: "SHIRT-M").price == money("21.00"))
        }
    }

    @Test("source-items saves all or nothing: the SKU Magento names is rejected and the rest sent again")
    func partialStockFailure() async throws {
        let catalog = mixedCatalog()
        let hook = HookedMagento { request, shop in
            if request.method == "POST", request.path.hasSuffix("/V1/inventory/source-items"),
                shop.read({ !$0.variants(sku: "CAP").isEmpty })
            {
                deleteProduct(sku: "CAP", in: shop)
            }
        }
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations), api: hook)
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            let mug = try #require(snapshot.listings.first { $0.rawSKU == "MUG" })
            let outcomes = try await adapter.apply(
                [
                    change("c1", cap, .stock(location: "hamburg"), expected: .quantity(3), new: .quantity(9)),
                    change("m1", mug, .stock(location: "berlin"), expected: .quantity(12), new: .quantity(20)),
                ], context: ApplyContext(runID: 4))
            #expect(outcomes[0].status == .rejected && outcomes[0].message?.contains("CAP") == true, "\(outcomes[0])")
            #expect(outcomes[1].status == .applied)
            #expect(store.variant(sku: "MUG").onHand(at: store.locationID("berlin")) == 20)
            #expect(MagentoRequests(store)["POST inventory/source-items"] == 2)
        }
    }

    @Test("refused before reading: draft status, compare-at not above the price, another currency, stock without an expected value")
    func refusals() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            store.server.clearLog()
            let outcomes = try await adapter.apply(
                [
                    change("a", cap, .status, expected: .status(.active), new: .status(.draft)),
                    change("b", cap, .compareAtPrice, expected: FieldValue.none, new: .money(money("12.00"))),
                    change("c", cap, .price, expected: .money(money("15.00")), new: .money(Money(minorUnits: 100, currency: .usd))),
                    change("d", cap, .stock(location: "hamburg"), expected: nil, new: .quantity(1)),
                ], context: ApplyContext(runID: 5))
            #expect(outcomes.map(\.status) == [.rejected, .rejected, .rejected, .rejected])
            #expect(outcomes[1].message?.contains("not above the price") == true)
            #expect(MagentoRequests(store).byEndpoint.keys.allSatisfy { $0.hasPrefix("GET") })
        }
    }

    @Test(
        "weight: written to the child through PUT /V1/products/{sku} in the store's unit; one changed since the plan is stale; an image that cannot be downloaded refused"
    )
    func weightWrites() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            func setWeight(_ sku: String, grams: Int) {
                store.shop.mutate { state in
                    _ = state.updateVariant(id: state.variants(sku: sku)[0].variant.id) { _, variant in
                        variant.weight = Weight(value: Decimal(grams), unit: .grams)
                    }
                }
            }
            func kilograms(_ text: String) -> Weight { Weight(value: Decimal(string: text)!, unit: .kilograms) }
            func grams(_ sku: String) -> Decimal? { store.shop.read { $0.variants(sku: sku)[0].variant.weight?.grams } }
            setWeight("SHIRT-M", grams: 250)
            setWeight("MUG", grams: 400)
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let shirtM = try #require(snapshot.listings.first { $0.rawSKU == "SHIRT-M" })
            let mug = try #require(snapshot.listings.first { $0.rawSKU == "MUG" })
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            #expect(shirtM.weight == kilograms("0.25"))
            // A colleague reweighs the mug after the plan was made.
            setWeight("MUG", grams: 450)
            store.server.clearLog()
            let outcomes = try await adapter.apply(
                [
                    change(
                        "w1", shirtM, .weight, expected: shirtM.weight.map(FieldValue.weight),
                        new: .weight(Weight(value: 300, unit: .grams))),
                    change("w2", mug, .weight, expected: mug.weight.map(FieldValue.weight), new: .weight(kilograms("0.5"))),
                    change("i1", cap, .images, expected: .list([]), new: .list(["ftp://example.com/cap.jpg"])),
                ], context: ApplyContext(runID: 7))
            #expect(outcomes[0].status == .applied, "\(outcomes[0])")
            #expect(grams("SHIRT-M") == 300)
            #expect(outcomes[1].status == .stale && outcomes[1].observed == .weight(kilograms("0.45")))
            #expect(grams("MUG") == 450)
            // An image Concord cannot download (not http) is refused before anything is read or sent.
            #expect(outcomes[2].status == .rejected && outcomes[2].message?.contains("ftp://example.com/cap.jpg") == true)

            // The child's own product is written, in kilograms (the store's kgs), and nothing else.
            let put = try #require(store.server.log.first { $0.method == "PUT" })
            #expect(put.path.hasSuffix("/V1/products/SHIRT-M"))
            #expect(put.body["product"]?["weight"]?.decimalValue == Decimal(string: "0.3"))
            #expect(MagentoRequests(store).byEndpoint.keys.filter { !$0.hasPrefix("GET") } == ["PUT products/SHIRT-M"])
        }
    }

    @Test("status: archived disables the configurable parent; active enables it again")
    func status() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let shirt = try #require(try await adapter.fetchCatalog(since: nil).listings.first { $0.rawSKU == "SHIRT-S" })
            let off = try await adapter.apply(
                [change("x", shirt, .status, expected: .status(.active), new: .status(.archived))], context: ApplyContext(runID: 6))
            #expect(off[0].status == .applied)
            #expect(store.product(sku: "SHIRT-S").status == .archived)
            let on = try await adapter.apply(
                [change("y", shirt, .status, expected: .status(.archived), new: .status(.active))], context: ApplyContext(runID: 7))
            #expect(on[0].status == .applied, "\(on[0])")
            #expect(store.product(sku: "SHIRT-S").status == .active)
        }
    }
}
