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

@Suite("Shopify adapter against the simulator")
struct ShopifyAdapterSimulatorTests {
    /// A store whose cost bucket is large enough that tests not about throttling never wait for it.
    func spec(
        products: Int = 40, seed: UInt64 = 42, drift: DriftProfile = .none, server: ServerOptions = ServerOptions(),
        clock: SimClock = .system, bucket: Double = 100_000
    ) -> StoreSpec {
        StoreSpec(
            platform: .shopify, name: "shop-test", seed: seed, source: .generated(count: products), drift: drift, server: server,
            clock: clock,
            api: ShopifyPlatform(options: .init(bucketSize: bucket, restoreRate: bucket, maxQueryCost: 1000)))
    }

    @Test("a full read returns every variant with its SKU, price and stock per location")
    func fullRead() async throws {
        try await withSimulatedStore(spec(products: 60)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let state = store.shop.snapshot
            #expect(snapshot.isComplete)
            #expect(snapshot.listings.count == state.variantCount)
            #expect(snapshot.locations.count == state.locations.count)
            for listing in snapshot.listings.prefix(50) {
                let (product, variant) = try #require(state.variants(sku: listing.rawSKU).first)
                #expect(listing.productTitle == product.title)
                #expect(listing.price == variant.price)
                #expect(listing.compareAtPrice == variant.compareAtPrice)
                #expect(listing.barcode == variant.barcode)
                #expect(listing.stock.count == state.locations.count)
                for level in listing.stock {
                    let location = try #require(state.locations.first { "gid://shopify/Location/\($0.id)" == level.location })
                    #expect(level.available == variant.available[location.id] ?? 0)
                }
            }
        }
    }

    @Test("a targeted read by SKU returns exactly those listings, as a full read has them, in a few requests")
    func targetedRead() async throws {
        try await withSimulatedStore(spec(products: 60)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let full = try await adapter.fetchCatalog(since: nil)
            let wanted = Set(full.listings.compactMap(\.sku).shuffled().prefix(7))
            let before = store.server.counters.total
            let targeted = try await adapter.fetchListings(skus: wanted)
            #expect(!targeted.isComplete && targeted.nextCursor == nil)
            #expect(Set(targeted.listings.compactMap(\.sku)) == wanted)
            let fullBySKU = Dictionary(full.listings.map { ($0.rawSKU, $0) }, uniquingKeysWith: { first, _ in first })
            for listing in targeted.listings {
                let expected = try #require(fullBySKU[listing.rawSKU])
                #expect(listing.ref == expected.ref && listing.price == expected.price && listing.productTitle == expected.productTitle)
                #expect(Set(listing.stock) == Set(expected.stock))
            }
            // The shop and locations, then one search for the seven SKUs.
            #expect(store.server.counters.total - before == 2)
        }
    }

    @Test("a bulk read (one query, polls, a streamed JSONL download) returns what a paged read returns")
    func bulkRead() async throws {
        try await withSimulatedStore(spec(products: 50)) { store, endpoint, client in
            let paged = try await ShopifyAdapter(endpoint: endpoint, client: client, options: ShopifyAdapterOptions(bulkReads: .never))
                .fetchCatalog(since: nil)
            store.server.clearLog()
            let bulkOptions = ShopifyAdapterOptions(bulkReads: .fromProducts(0), bulkPollInterval: .milliseconds(1))
            let bulk = try await ShopifyAdapter(endpoint: endpoint, client: client, options: bulkOptions).fetchCatalog(since: nil)
            #expect(bulk.isComplete)
            #expect(bulk.listings.count == paged.listings.count)
            func key(_ listing: Listing) -> String { listing.ref.variantID }
            let byID = Dictionary(uniqueKeysWithValues: paged.listings.map { (key($0), $0) })
            for listing in bulk.listings {
                let other = try #require(byID[key(listing)])
                #expect(listing.price == other.price)
                #expect(listing.images == other.images)
                #expect(Set(listing.stock) == Set(other.stock))
                #expect(listing.stock.count == store.shop.snapshot.locations.count)
            }
            // Locations, the bulk run, two polls and the download: no pages at all.
            let paths = store.server.log.map(\.path)
            #expect(paths.filter { $0.hasPrefix("/_bulk/") }.count == 1)
            #expect(paths.count <= 5)
        }
    }

    @Test("an incremental read returns only what changed since the cursor, stock-only changes included")
    func incrementalRead() async throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        try await withSimulatedStore(spec(products: 30, clock: .stepping(from: start, by: 10))) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client, options: ShopifyAdapterOptions(overlap: 0))
            let full = try await adapter.fetchCatalog(since: nil)
            let cursor = try #require(full.nextCursor)
            // A colleague retitles one product; a shopper buys a variant of another (stock only).
            let state = store.shop.snapshot
            let retitled = state.allProducts[3]
            let sold = state.allProducts[7].variants[0]
            store.shop.mutate { state in
                var product = state.product(id: retitled.id)!
                product.title += " (edited)"
                product.updatedAt = store.shop.now
                state.upsert(product)
                let location = state.locations[0].id
                state.updateVariant(id: sold.id) { _, variant in
                    variant.available[location, default: 0] -= 1
                    variant.committed[location, default: 0] += 1
                    variant.updatedAt = store.shop.now
                }
            }
            // The cursor is the store's clock when the full read began: the edits, made after it, are read.
            store.server.clearLog()
            let changed = try await adapter.fetchCatalog(since: cursor)
            #expect(changed.nextCursor?.updatedAt == store.server.cursorAfterLoggedRead)
            #expect(!changed.isComplete)
            #expect(Set(changed.listings.map(\.rawSKU)) == Set(retitled.variants.map(\.sku) + [sold.sku]))
            #expect(changed.listings.filter { $0.rawSKU != sold.sku }.allSatisfy { $0.productTitle.hasSuffix("(edited)") })
            let soldListing = try #require(changed.listings.first { $0.rawSKU == sold.sku })
            let location = "gid://shopify/Location/\(state.locations[0].id)"
            #expect(soldListing.stock.first { $0.location == location }?.available == (sold.available[state.locations[0].id] ?? 0) - 1)
            #expect(soldListing.stock.count == state.locations.count)
            // Nothing changed since: the next incremental read is empty, though the store's newest
            // change is older than the cursor (the cursor follows the store's clock, not its data).
            let again = try await adapter.fetchCatalog(since: changed.nextCursor)
            #expect(again.listings.isEmpty)
        }
    }

    @Test(
        "many products changed since the cursor: one bulk operation filtered by update time instead of their pages, and only they come back"
    )
    func incrementalBulkRead() async throws {
        let start = Date(timeIntervalSince1970: 1_780_000_000)
        try await withSimulatedStore(spec(products: 200, clock: .stepping(from: start, by: 10))) { store, endpoint, client in
            let options = ShopifyAdapterOptions(overlap: 0, bulkPollInterval: .milliseconds(1))
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client, options: options)
            let full = try await adapter.fetchCatalog(since: nil)
            let cursor = try #require(full.nextCursor)
            // A mass retitle of 120 products: their pages would take far more calls than a bulk read.
            let retitled = Array(store.shop.snapshot.allProducts.prefix(120))
            store.shop.mutate { state in
                for original in retitled {
                    var product = state.product(id: original.id)!
                    product.title += " (sale)"
                    product.updatedAt = store.shop.now
                    state.upsert(product)
                }
            }
            store.server.clearLog()
            let changed = try await adapter.fetchCatalog(since: cursor)
            #expect(Set(changed.listings.map(\.rawSKU)) == Set(retitled.flatMap { $0.variants.map(\.sku) }))
            #expect(changed.listings.allSatisfy { $0.productTitle.hasSuffix("(sale)") && !$0.stock.isEmpty })
            let log = store.server.log
            #expect(log.filter { $0.path.hasPrefix("/_bulk/") }.count == 1)
            let bulkQuery = log.compactMap { $0.variables?["query"]?.stringValue }.first { $0.contains("products(query:") }
            #expect(bulkQuery?.contains("updated_at:>=") == true, "the bulk query is filtered by update time: \(bulkQuery ?? "none")")
            #expect(!log.contains { $0.query?.contains("ConcordChangedProducts") == true }, "no changed-products page")
            #expect(log.count <= 8, "\(log.count) requests: \(log.map { $0.query?.prefix(40).description ?? $0.path })")
        }
    }

    @Test("stock writes are compare-and-set: a sale between plan and apply is reported stale, the rest applied")
    func stockCompareAndSet() async throws {
        try await withSimulatedStore(spec(products: 10)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let targets = Array(snapshot.listings.filter { $0.stock.first.map { $0.available > 2 } ?? false }.prefix(3))
            try #require(targets.count == 3)
            let changes = targets.enumerated().map { index, listing in
                Change(
                    id: "c\(index)", store: listing.store, sku: listing.sku!, ref: listing.ref,
                    field: .stock(location: listing.stock[0].location), expected: .quantity(listing.stock[0].available),
                    new: .quantity(listing.stock[0].available + 10))
            }
            // A sale on the second listing after the plan was made.
            let soldItem = targets[1].ref.inventoryItemID!
            store.shop.mutate { state in
                let id = Int64(soldItem.split(separator: "/").last!)!
                let variant = state.variant(inventoryItemID: id)!.variant
                let location = Int64(targets[1].stock[0].location.split(separator: "/").last!)!
                state.updateVariant(id: variant.id) { _, variant in variant.available[location]! -= 1 }
            }
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 7))
            #expect(outcomes.map(\.status) == [.applied, .stale, .applied])
            #expect(outcomes[1].message?.contains("changed since planned") == true)
            let after = try await adapter.fetchCatalog(since: nil)
            for (index, target) in targets.enumerated() {
                let listing = try #require(after.listings.first { $0.ref == target.ref })
                let expected = index == 1 ? target.stock[0].available - 1 : target.stock[0].available + 10
                #expect(listing.stock.first { $0.location == target.stock[0].location }?.available == expected)
            }
        }
    }

    @Test("price updates check the expected value first and write one call per product")
    func priceUpdates() async throws {
        try await withSimulatedStore(spec(products: 8)) { store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let listing = try #require(snapshot.listings.first)
            let other = try #require(snapshot.listings.first { $0.ref.productID != listing.ref.productID })
            let newPrice = Money(minorUnits: listing.price!.minorUnits + 500, currency: listing.price!.currency)
            let changes = [
                Change(
                    id: "p1", store: listing.store, sku: listing.sku!, ref: listing.ref, field: .price, expected: .money(listing.price!),
                    new: .money(newPrice)),
                Change(
                    id: "p2", store: other.store, sku: other.sku!, ref: other.ref, field: .price,
                    expected: .money(Money(minorUnits: 1, currency: other.price!.currency)), new: .money(newPrice)),
            ]
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 8))
            #expect(outcomes.map(\.status) == [.applied, .stale])
            #expect(outcomes[1].observed == .money(other.price!))
            let state = store.shop.snapshot
            #expect(state.variants(sku: listing.rawSKU).first?.variant.price == newPrice)
            #expect(state.variants(sku: other.rawSKU).first?.variant.price == other.price)
        }
    }

    @Test("orders come back without customer data")
    func orders() async throws {
        try await withSimulatedStore(spec(products: 10, server: ServerOptions(activity: ActivitySettings(orderEveryRequests: 1)))) {
            store, endpoint, client in
            let adapter = ShopifyAdapter(endpoint: endpoint, client: client)
            _ = try await adapter.fetchCatalog(since: nil)
            let batch = try await adapter.fetchOrders(since: nil)
            let placed = store.shop.snapshot.allOrders
            #expect(batch.orders.count == placed.count)
            #expect(!placed.isEmpty)
            let log = store.server.log.compactMap(\.query).filter { $0.contains("ConcordOrders") }
            #expect(!log.isEmpty)
            #expect(log.allSatisfy { !$0.contains("customer") && !$0.contains("email") && !$0.contains("Address") })
        }
    }
}
