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

@Suite("Shopify adapter: cost, pacing, request counts, errors")
struct ShopifyAdapterCostTests {
    func spec(products: Int, seed: UInt64 = 42, bucket: Double, restore: Double) -> StoreSpec {
        StoreSpec(
            platform: .shopify, name: "cost-test", seed: seed, source: .generated(count: products),
            api: ShopifyPlatform(options: .init(bucketSize: bucket, restoreRate: restore)))
    }

    /// A seed whose generated catalog has exactly two locations.
    static let twoLocationSeed: UInt64 = (1...50).first { CatalogGenerator(seed: $0, productCount: 0).generate().locations.count == 2 }!

    @Test("pacing by the reported bucket: a read that costs several buckets is never throttled")
    func pacing() async throws {
        // A 600-point bucket refilling 300 a second; the read below costs several times that.
        try await withSimulatedStore(spec(products: 40, bucket: 600, restore: 300)) { store, endpoint, client in
            let reader = ShopifyCatalogReader(
                graphQL: ShopifyGraphQLClient(endpoint: endpoint, client: client), options: ShopifyAdapterOptions(bulkReads: .never))
            let result = try await reader.read(since: nil)
            #expect(result.statistics.actualCost > 2 * 600, "the read must need the bucket refilled to prove pacing")
            #expect(result.statistics.throttledResponses == 0)
            #expect(result.snapshot.listings.count == store.shop.snapshot.variantCount)
        }
    }

    @Test("when throttled anyway, the client waits for the reported refill and sends again")
    func recoversFromThrottling() async throws {
        // A 15-point bucket: one mutation (10 points, no refund) leaves 5, so a second sent within
        // 1.25 s (the bucket restores 4 points a second) is THROTTLED, however busy the machine;
        // the estimate of 1 point below makes the client send it at once.
        try await withSimulatedStore(spec(products: 2, bucket: 15, restore: 4)) { store, endpoint, client in
            let product = try #require(store.shop.snapshot.allProducts.first)
            let graphQL = ShopifyGraphQLClient(endpoint: endpoint, client: client)
            var throttled = 0
            for round in 0..<3 {
                let input: JSONObject = ["id": .string("gid://shopify/Product/\(product.id)"), "title": .string("Renamed \(round)")]
                let answer = try await graphQL.execute(
                    ShopifyOperations.productUpdates(count: 1), variables: ["product0": .object(input)], estimatedCost: 1)
                throttled += answer.throttledResponses
                #expect(answer.data["p0"]?["product"]?["title"]?.stringValue == "Renamed \(round)")
            }
            #expect(throttled >= 1)
            #expect(store.shop.snapshot.product(id: product.id)?.title == "Renamed 2")
        }
    }

    @Test("request count: a full read of 300 products is ceil(300 / page) product pages plus ceil(levels / 249) per location")
    func requestCounts() async throws {
        try await withSimulatedStore(spec(products: 300, bucket: 100_000, restore: 100_000)) { store, endpoint, client in
            let options = ShopifyAdapterOptions(bulkReads: .never)
            let result = try await ShopifyCatalogReader(graphQL: ShopifyGraphQLClient(endpoint: endpoint, client: client), options: options)
                .read(since: nil)
            let state = store.shop.snapshot
            let perPage = (1...250).last { ShopifyOperations.productsPageCost(first: $0, variants: options.variantsPerProduct) <= 1000 }!
            let levelsPerPage = (1...250).last { ShopifyOperations.inventoryLevelsPageCost(first: $0) <= 1000 }!
            let bigProducts = state.allProducts.filter { $0.variants.count > options.variantsPerProduct }.count
            let expectedLevelPages = state.locations.reduce(0) { total, location in
                let levels = state.allProducts.flatMap(\.variants).filter { $0.available[location.id] != nil }.count
                return total + max(1, (levels + levelsPerPage - 1) / levelsPerPage)
            }
            #expect(result.statistics.productPages == (300 + perPage - 1) / perPage)
            #expect(result.statistics.variantPages == bigProducts)
            #expect(result.statistics.inventoryPages == expectedLevelPages)
            // Plus one call for the shop's currency, locations and product count.
            #expect(
                result.statistics.requests == 1 + result.statistics.productPages + result.statistics.variantPages
                    + result.statistics.inventoryPages)
            #expect(store.server.counters.total == result.statistics.requests)
            print(
                "Shopify full read of 300 products (\(state.variantCount) variants, \(state.locations.count) locations): \(result.statistics.productPages) product pages of \(perPage), \(result.statistics.variantPages) extra variant pages, \(result.statistics.inventoryPages) inventory pages of \(levelsPerPage)"
            )
        }
    }

    @Test("orders are counted first: a quiet store costs one count and no page, a page asks for no more orders than there are")
    func ordersCountedFirst() async throws {
        try await withSimulatedStore(spec(products: 5, bucket: 1000, restore: 100)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            func orderQueries(after sequence: Int) -> [(query: String, first: Int?)] {
                store.server.log.filter { $0.sequence > sequence }.compactMap { entry in
                    guard let query = entry.query, query.contains("ConcordOrders") else { return nil }
                    return (query, entry.variables?["first"]?.intValue)
                }
            }
            let quiet = try await adapter.fetchOrders(since: nil)
            #expect(quiet.orders.isEmpty)
            #expect(quiet.nextCursor != nil, "a count answer still moves the cursor to the store's clock")
            let quietQueries = orderQueries(after: 0)
            #expect(
                quietQueries.count == 1 && quietQueries.allSatisfy { $0.query.contains("ConcordOrdersCount") },
                "\(quietQueries.map(\.query))")

            let mark = store.server.log.last?.sequence ?? 0
            let variant = try #require(store.shop.snapshot.allProducts.first?.variants.first)
            let location = try #require(store.shop.snapshot.locations.first)
            for _ in 0..<3 {
                store.shop.mutate { state in
                    _ = state.placeOrder(
                        variantID: variant.id, locationID: location.id, quantity: 1,
                        customer: SimCustomer(
                            firstName: "Ada", lastName: "Meyer", email: "ada@example.com", address: "1 Example Street", city: "Berlin",
                            postcode: "10115", country: "DE"), now: store.shop.now)
                }
            }
            let busy = try await adapter.fetchOrders(since: quiet.nextCursor)
            #expect(busy.orders.count == 3)
            let pages = orderQueries(after: mark).filter { !$0.query.contains("ConcordOrdersCount") }
            #expect(pages.map(\.first) == [3], "one page sized to the three orders: \(pages.map(\.first))")
        }
    }

    @Test("a quiet incremental read asks for no products page and a first stock page no larger than the bucket holds")
    func quietIncrementalRead() async throws {
        try await withSimulatedStore(spec(products: 12, bucket: 1000, restore: 100)) { store, endpoint, client in
            let reader = ShopifyCatalogReader(
                graphQL: ShopifyGraphQLClient(endpoint: endpoint, client: client), options: ShopifyAdapterOptions(bulkReads: .never))
            let full = try await reader.read(since: nil)
            let mark = store.server.log.last?.sequence ?? 0
            let quiet = try await reader.read(since: full.snapshot.nextCursor)
            #expect(quiet.snapshot.listings.isEmpty)
            let queries = store.server.log.filter { $0.sequence > mark }.compactMap(\.query)
            #expect(!queries.contains { $0.contains("ConcordChangedProducts") }, "nothing changed: no products page")
            #expect(quiet.statistics.throttledResponses == 0)

            // A product renamed since: counted, and read on one page sized to it.
            var product = try #require(store.shop.snapshot.allProducts.first)
            product.title = "Renamed"
            product.updatedAt = store.shop.now
            store.shop.mutate { state in state.upsert(product) }
            let next = store.server.log.last?.sequence ?? 0
            let changed = try await reader.read(since: full.snapshot.nextCursor)
            #expect(changed.snapshot.listings.contains { $0.productTitle == "Renamed" })
            let pages = store.server.log.filter { $0.sequence > next && ($0.query ?? "").contains("ConcordChangedProducts") }
            #expect(pages.map { $0.variables?["first"]?.intValue } == [1])
        }
    }

    @Test("a full paged read of 5,000 products with variants in two locations")
    func fiveThousandProducts() async throws {
        try await withSimulatedStore(spec(products: 5000, seed: Self.twoLocationSeed, bucket: 1_000_000, restore: 1_000_000)) {
            store, endpoint, client in
            let result = try await ShopifyCatalogReader(
                graphQL: ShopifyGraphQLClient(endpoint: endpoint, client: client), options: ShopifyAdapterOptions(bulkReads: .never)
            ).read(since: nil)
            let state = store.shop.snapshot
            #expect(state.locations.count == 2)
            #expect(result.snapshot.listings.count == state.variantCount)
            #expect(result.snapshot.listings.allSatisfy { $0.stock.count == 2 })
            #expect(Set(result.snapshot.listings.map(\.ref.variantID)).count == state.variantCount)
            print("Shopify full read of 5,000 products (\(state.variantCount) variants): \(result.statistics.requests) requests")
        }
    }

    @Test("a refused token and an unknown API version fail with what to do")
    func errors() async throws {
        try await withSimulatedStore(spec(products: 2, bucket: 1000, restore: 1000)) { _, endpoint, client in
            var wrongToken = endpoint
            wrongToken.token = Secret("shpat_wrong")
            let refused = await #expect(throws: AdapterError.self) {
                _ = try await ShopifyAdapter(endpoint: wrongToken, client: client).fetchCatalog(since: nil)
            }
            #expect(refused?.code == .unauthorized)
            var badVersion = endpoint
            badVersion.apiVersion = "latest"
            let unknown = await #expect(throws: AdapterError.self) {
                _ = try await ShopifyAdapter(endpoint: badVersion, client: client).fetchCatalog(since: nil)
            }
            #expect(unknown?.code == .unsupportedAPIVersion)
            #expect(unknown?.message.contains("latest") == true)
        }
    }

    @Test("partial userErrors: the refused variant is rejected with Shopify's message, the others are applied")
    func partialUserErrors() async throws {
        try await withSimulatedStore(spec(products: 6, bucket: 100_000, restore: 100_000)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client, options: ShopifyAdapterOptions(bulkReads: .never))
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let product = try #require(Dictionary(grouping: snapshot.listings, by: \.ref.productID).values.first { $0.count >= 2 })
            let good = product[0]
            let bad = product[1]
            let currency = good.price!.currency
            let changes = [
                Change(
                    id: "good", store: good.store, sku: good.sku!, ref: good.ref, field: .price, expected: .money(good.price!),
                    new: .money(Money(minorUnits: good.price!.minorUnits + 100, currency: currency))),
                Change(
                    id: "bad", store: bad.store, sku: bad.sku!, ref: bad.ref, field: .price, expected: .money(bad.price!),
                    new: .money(Money(minorUnits: -500, currency: currency))),
            ]
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 3))
            #expect(outcomes.map(\.status) == [.applied, .rejected])
            #expect(outcomes[1].message?.contains("greater than or equal to 0") == true)
            let state = store.shop.snapshot
            #expect(state.variants(sku: good.rawSKU).first?.variant.price.minorUnits == good.price!.minorUnits + 100)
            #expect(state.variants(sku: bad.rawSKU).first?.variant.price == bad.price)
        }
    }

    @Test("price changes across 30 products go in one aliased write, 5 titles in another; one product's refusal leaves the others applied")
    func packedVariantWrites() async throws {
        // A 1,000-point bucket caps a request at 100 aliased mutations; it refills at once, since pacing is not what is tested.
        try await withSimulatedStore(spec(products: 30, bucket: 1000, restore: 100_000)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client, options: ShopifyAdapterOptions(bulkReads: .never))
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let firsts = Dictionary(grouping: snapshot.listings, by: \.ref.productID).values.compactMap(\.first).sorted {
                $0.rawSKU < $1.rawSKU
            }
            #expect(firsts.count == 30)
            let refused = firsts[7]
            let changes = firsts.map { listing in
                let price = listing.price!
                let new = listing.ref == refused.ref ? -500 : price.minorUnits + 100
                return Change(
                    id: listing.rawSKU, store: listing.store, sku: listing.sku!, ref: listing.ref, field: .price, expected: .money(price),
                    new: .money(Money(minorUnits: new, currency: price.currency)))
            }
            let renames = firsts.prefix(5).map { listing in
                Change(
                    id: "title-" + listing.rawSKU, store: listing.store, sku: listing.sku!, ref: listing.ref, field: .title,
                    expected: .text(listing.productTitle), new: .text("Renamed " + listing.rawSKU))
            }
            let mark = store.server.log.last?.sequence ?? 0
            let all = try await adapter.apply(changes + renames, context: ApplyContext(runID: 4))
            let writes = store.server.log.filter { $0.sequence > mark && $0.isWrite }
            #expect(writes.count == 2, "one request for 30 products' prices, one for 5 titles; got \(writes.count)")
            #expect(all.suffix(5).allSatisfy { $0.status == .applied }, "\(all.suffix(5))")
            for listing in firsts.prefix(5) {
                #expect(store.shop.snapshot.variants(sku: listing.rawSKU).first?.product.title == "Renamed " + listing.rawSKU)
            }
            let outcomes = Array(all.prefix(30))
            #expect(outcomes.count == 30)
            for (change, outcome) in zip(changes, outcomes) {
                #expect(outcome.changeID == change.id)
                #expect(outcome.status == (change.ref == refused.ref ? .rejected : .applied), "\(change.id): \(outcome)")
            }
            let state = store.shop.snapshot
            for listing in firsts {
                let price = state.variants(sku: listing.rawSKU).first?.variant.price.minorUnits
                #expect(price == (listing.ref == refused.ref ? listing.price!.minorUnits : listing.price!.minorUnits + 100))
            }
        }
    }

    @Test("from API version 2026-01 the stock precondition is sent as changeFromQuantity")
    func changeFromQuantity() async throws {
        try await withSimulatedStore(spec(products: 2, bucket: 100_000, restore: 100_000)) { store, endpoint, client in
            let listing = try #require(try await ShopifyAdapter(endpoint: endpoint, client: client).fetchCatalog(since: nil).listings.first)
            var newer = endpoint
            newer.apiVersion = "2026-04"
            let level = try #require(listing.stock.first)
            let change = Change(
                id: "s", store: listing.store, sku: listing.sku!, ref: listing.ref, field: .stock(location: level.location),
                expected: .quantity(level.available), new: .quantity(level.available + 1))
            store.server.clearLog()
            let outcomes = try await ShopifyAdapter(endpoint: newer, client: client).apply([change], context: ApplyContext(runID: 1))
            #expect(outcomes.map(\.status) == [.applied])
            let sent = try #require(store.server.log.first { $0.query?.contains("inventorySetQuantities") == true })
            let quantity = try #require(sent.variables?["input"]?["quantities"]?[0])
            #expect(quantity["changeFromQuantity"] == .int(level.available))
            #expect(quantity["compareQuantity"] == nil)
        }
    }
}
