import CatalogModel
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing
import WooCommerceAdapter

@Suite("WooCommerce catalog reads against the simulator")
struct CatalogReadTests {
    @Test("a full read of 40 products is 1 product page + 1 page per 100 variations, and matches the store")
    func fullRead() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 40))) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)

            #expect(snapshot.isComplete)
            #expect(snapshot.locations == [Location(code: "default", name: "WooCommerce stock")])
            #expect(snapshot.listings.count == store.variantCount)
            #expect(Set(snapshot.listings.map(\.ref.variantID)).count == snapshot.listings.count)
            for listing in snapshot.listings {
                let (product, variant) = try #require(store.variant(listing.ref.variantID))
                let prices = expectedPrices(variant)
                #expect(listing.ref.productID == String(product.id))
                #expect(listing.ref.variantID == String(product.isSimple ? product.id : variant.id))
                #expect(listing.rawSKU == variant.sku)
                #expect(listing.barcode == variant.barcode)
                #expect(listing.price == prices.price && listing.compareAtPrice == prices.compareAt)
                #expect(
                    listing.stock == [StockLevel(location: "default", onHand: variant.totalAvailable, available: variant.totalAvailable)])
                #expect(listing.tracksStock)
                #expect(listing.status == product.status)
                #expect(listing.productTitle == product.title)
                #expect(listing.options == (product.isSimple ? [] : variant.options))
                #expect(listing.weight?.grams == variant.weight?.grams)
                #expect(listing.images == product.images)
            }
            // The next read starts from the store's clock when its first product page was read, not
            // from the newest change.
            let firstPage = try #require(store.server.log.first { $0.path.hasSuffix("/products") })
            #expect(snapshot.nextCursor?.updatedAt == SimulatorServer.cursor(afterReadStartingWith: firstPage))

            let requests = WooRequests(store)
            let variationPages = (store.variationCount + 99) / 100
            #expect(requests.productPages == 1)
            #expect(requests.collectionPages == variationPages && requests.variationPages == 0)
            #expect(requests.total == 1 + variationPages)
        }
    }

    @Test("an incremental read asks for products and variations modified since the cursor and reads changed variable products whole")
    func incrementalRead() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .generated(count: 30), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            let full = try await adapter.fetchCatalog(since: nil)
            let cursor = try #require(full.nextCursor)

            let (simpleID, variableID, variationID) = try #require(
                store.shop.read { state -> (Int64, Int64, Int64)? in
                    guard let simple = state.allProducts.first(where: \.isSimple),
                        let variable = state.allProducts.first(where: { !$0.isSimple && $0.variants.count > 1 })
                    else { return nil }
                    return (simple.id, variable.id, variable.variants[1].id)
                })
            let renamedAt = store.shop.now
            let repricedAt = store.shop.now
            store.shop.mutate { state in
                var product = state.product(id: simpleID)!
                product.title += " (renamed)"
                product.updatedAt = renamedAt
                state.upsert(product)
                _ = state.updateVariant(id: variationID) { _, variant in
                    variant.price = Money(minorUnits: 123_45, currency: .eur)
                    variant.compareAtPrice = nil
                    variant.updatedAt = repricedAt
                }
            }
            store.server.clearLog()

            let delta = try await adapter.fetchCatalog(since: cursor)

            // WordPress compares whole seconds, strictly: the adapter asks from one second before
            // the cursor, so products modified in the cursor's own second come again.
            let expected = store.shop.read { state in
                Set(state.allProducts.filter { $0.lastModified >= cursor.updatedAt }.map { String($0.id) })
            }
            #expect(expected.isSuperset(of: [String(simpleID), String(variableID)]))
            #expect(!delta.isComplete)
            #expect(Set(delta.listings.map(\.ref.productID)) == expected)
            #expect(delta.listings.first { $0.ref.productID == String(simpleID) }?.productTitle.hasSuffix("(renamed)") == true)
            let variations = delta.listings.filter { $0.ref.productID == String(variableID) }
            #expect(variations.count == store.shop.read { $0.product(id: variableID)!.variants.count })
            #expect(variations.first { $0.ref.variantID == String(variationID) }?.price == Money(minorUnits: 123_45, currency: .eur))
            let firstPage = try #require(store.server.log.first { $0.path.hasSuffix("/products") })
            #expect(delta.nextCursor?.updatedAt == SimulatorServer.cursor(afterReadStartingWith: firstPage))
            #expect(try #require(delta.nextCursor).updatedAt >= repricedAt)

            // Products modified, variations modified, the changed variable products' variations
            // (`parent=`, all of them in one page here) and orders: 4 calls, however many changed.
            let requests = WooRequests(store)
            #expect(requests.productPages == 1)
            #expect(requests.collectionPages == 2 && requests.variationPages == 0)
            #expect(requests.orderPages == 1)  // no orders: nothing sold to read again
            #expect(requests.total == 4)
            let since = GMTText.gmt(cursor.updatedAt.addingTimeInterval(-1))
            for path in ["/wp-json/wc/v3/products", "/wp-json/wc/v3/variations"] {
                let page = try #require(store.server.log.first { $0.path == path })
                #expect(page.params.contains { $0.name == "dates_are_gmt" && $0.value == "true" })
                #expect(page.params.contains { $0.name == "modified_after" && $0.value == since })
            }
            let whole = try #require(
                store.server.log.first { $0.path == "/wp-json/wc/v3/variations" && $0.params.contains { $0.name == "parent" } })
            let variableChanged = store.shop.read { state in expected.filter { !state.product(id: Int64($0)!)!.isSimple } }
            let parents = Set(whole.params.first { $0.name == "parent" }?.value.split(separator: ",").map(String.init) ?? [])
            #expect(parents.contains(String(variableID)) && parents.isSubset(of: variableChanged))
        }
    }

    @Test(
        "a sale that leaves date_modified alone (woocommerce#40060) is still read: 1 product page + 1 variations page + 1 order page + 1 include page"
    )
    func soldProductIsReadAgain() async throws {
        let catalog = simpleCatalog(count: 20)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let full = try await makeAdapter(endpoint, client, options: testOptions(overlap: 0)).fetchCatalog(since: nil)
            let cursor = try #require(full.nextCursor)
            // The oldest product, so that it is not read again for being modified in the cursor's second.
            let sold = try #require(store.shop.read { $0.allProducts.min { $0.updatedAt < $1.updatedAt } })
            let now = store.shop.now
            store.shop.mutate { state in
                var product = state.product(id: sold.id)!
                let location = state.locations[0].id
                product.variants[0].available[location]! -= 3  // as WooCommerce does: date_modified untouched
                state.upsert(product)
                let line = SimOrderLine(
                    id: state.makeID(), productID: sold.id, variantID: product.variants[0].id, sku: product.variants[0].sku,
                    title: product.title,
                    quantity: 3, price: product.variants[0].price)
                state.upsert(
                    SimOrder(
                        id: state.makeID(), number: state.makeOrderNumber(), currency: .eur, financial: .paid, fulfillment: .unfulfilled,
                        locationID: location, customer: ShopDay.customer, lines: [line], createdAt: now, updatedAt: now))
            }
            let stock = sold.variants[0].totalAvailable - 3

            store.server.clearLog()
            let delta = try await makeAdapter(endpoint, client, options: testOptions(overlap: 0)).fetchCatalog(since: cursor)
            #expect(delta.listings.first { $0.ref.productID == String(sold.id) }?.stock.first?.available == stock)
            let requests = WooRequests(store)
            #expect(requests.orderPages == 1 && requests.productPages == 2 && requests.collectionPages == 1 && requests.total == 4)

            store.server.clearLog()
            let blind = try await makeAdapter(
                endpoint, client,
                options: WooCommerceAdapterOptions(overlap: 0, rereadOrderedProducts: false, currency: .eur, weightUnit: .kilograms)
            )
            .fetchCatalog(since: cursor)
            #expect(!blind.listings.contains { $0.ref.productID == String(sold.id) })
            #expect(WooRequests(store).total == 2)  // products and variations modified since the cursor
        }
    }

    @Test("the default overlap window reads 5 minutes back from the cursor")
    func overlapWindow() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 3))) { store, endpoint, client in
            let cursor = SyncCursor(updatedAt: clockStart)
            _ = try await makeAdapter(endpoint, client, options: testOptions()).fetchCatalog(since: cursor)
            let page = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/products" })
            #expect(page.params.contains { $0.name == "modified_after" && $0.value == GMTText.gmt(clockStart.addingTimeInterval(-301)) })
        }
    }

    /// The size: 5,000 products (about 18,000 listings).
    static let largeCount = 5000

    @Test("a full read of 5,000 products: 50 product pages + 1 page per 100 variations")
    func largeStore() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: Self.largeCount))) {
            store, endpoint, client in
            let started = ContinuousClock.now
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let elapsed = ContinuousClock.now - started
            let requests = WooRequests(store)
            print(
                "WooCommerce full read of \(Self.largeCount) products (\(snapshot.listings.count) listings): \(requests.productPages) product pages + \(requests.collectionPages) variation pages in \(elapsed)"
            )
            #expect(snapshot.listings.count == store.variantCount)
            #expect(requests.productPages == Self.largeCount / 100)
            #expect(requests.total == Self.largeCount / 100 + (store.variationCount + 99) / 100)
        }
    }

    @Test("200 products, an exact multiple of the page size, take exactly 2 pages")
    func exactMultiple() async throws {
        let catalog = simpleCatalog(count: 200)
        try await withSimulatedStore(
            StoreSpec(platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations))
        ) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == 200)
            #expect(WooRequests(store).total == 2)
            #expect(store.server.log.map { $0.params.first { $0.name == "page" }?.value } == ["1", "2"])
        }
    }

    @Test("an empty store is 1 request and a complete, empty snapshot")
    func emptyStore() async throws {
        let spec = StoreSpec(platform: .woocommerce, source: .catalog(products: [], locations: [Location(code: "main", name: "Main")]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.isComplete && snapshot.listings.isEmpty)
            #expect(snapshot.nextCursor != nil)
            #expect(WooRequests(store).total == 1)
        }
    }

    /// Slows the second products page down so that the test can change the store while it is in flight.
    static let slowSecondPage = FaultRule(
        kind: .slow(milliseconds: 400), pathContains: "/wp-json/wc/v3/products", method: "GET", onRequests: [2])

    @Test("a product added between pages of 200 is read on a third page: 3 requests, 201 listings")
    func productAddedMidRead() async throws {
        let catalog = simpleCatalog(count: 200)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [Self.slowSecondPage]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            async let snapshot = makeAdapter(endpoint, client).fetchCatalog(since: nil)
            await store.waitForRequest { $0.path == "/wp-json/wc/v3/products" }
            let added = addSimpleProduct(to: store, sku: "ADDED-1")
            let listings = try await snapshot.listings
            #expect(listings.count == 201)
            #expect(listings.contains { $0.ref.variantID == String(added) && $0.rawSKU == "ADDED-1" })
            #expect(WooRequests(store).productPages == 3)
        }
    }

    @Test("a product deleted from a page already read: the shifted page is read again, nothing skipped (3 requests)")
    func productDeletedMidRead() async throws {
        let catalog = simpleCatalog(count: 200)
        let spec = StoreSpec(
            platform: .woocommerce, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [Self.slowSecondPage]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            async let snapshot = makeAdapter(endpoint, client).fetchCatalog(since: nil)
            await store.waitForRequest { $0.path == "/wp-json/wc/v3/products" }
            let deleted = store.shop.mutate { state in state.removeProduct(id: state.productIDs[4])!.id }
            let listings = try await snapshot.listings
            let remaining = store.shop.read { state in Set(state.productIDs.map(String.init)) }
            #expect(remaining.count == 199)
            #expect(remaining.isSubset(of: Set(listings.map(\.ref.productID))))
            #expect(listings.contains { $0.ref.productID == String(deleted) })  // read before it went
            #expect(WooRequests(store).productPages == 3)
        }
    }
}

/// `2025-06-15T15:06:40`: the GMT form `modified_after` takes, computed apart from the adapter.
enum GMTText {
    static func gmt(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!, parts.second!)
    }
}

@Suite("WooCommerce weight unit")
struct WeightUnitTests {
    @Test("with no unit configured, the adapter asks the store's woocommerce_weight_unit setting and reads weights in it")
    func weightUnitFromTheStore() async throws {
        try await withSimulatedStore(StoreSpec(platform: .woocommerce, source: .generated(count: 6))) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: WooCommerceAdapterOptions(requestsPerSecond: 1_000, currency: .eur))
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let weighed = snapshot.listings.filter { $0.weight != nil }
            #expect(!weighed.isEmpty)
            for listing in weighed {
                let (_, variant) = try #require(store.variant(listing.ref.variantID))
                #expect(listing.weight?.grams == variant.weight?.grams)
            }
            #expect(store.server.log.contains { $0.path.hasSuffix("/settings/products/woocommerce_weight_unit") && $0.status == 200 })
        }
    }
}
