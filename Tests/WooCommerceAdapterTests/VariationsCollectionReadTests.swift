import CatalogModel
import ConcordTesting
import Foundation
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Synchronization
import Testing
import WooCommerceAdapter
// Not among this target's declared dependencies (Package.swift), but built for StorefrontSimulator:
// the option that plays a store older than WooCommerce 10.3 is the simulator's own.
import WooCommerceSimulator

/// Reads through `GET /variations` (WooCommerce 10.3), and the per-product walk it replaces on
/// older stores.
@Suite("WooCommerce reads through the store-wide variations collection")
struct VariationsCollectionReadTests {
    /// A generated store on a stepping clock, so that two stores of one seed hold the same
    /// timestamps; `older` plays a WooCommerce without `/variations`.
    static func spec(products: Int, older: Bool = false, api: (any PlatformAPI)? = nil) -> StoreSpec {
        StoreSpec(
            platform: .woocommerce, source: .generated(count: products), clock: .stepping(from: clockStart),
            api: api ?? WooCommercePlatform(options: .init(servesVariationsCollection: !older)))
    }

    static func pages(_ count: Int) -> Int { (count + 99) / 100 }

    @Test("a full read costs ceil(products/100) + ceil(variations/100) calls and gives the per-product walk's listings, in its order")
    func fullReadAtTheMinimum() async throws {
        let products = 250
        let collected = try await withSimulatedStore(Self.spec(products: products)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let requests = WooRequests(store)
            #expect(requests.productPages == Self.pages(products))
            #expect(requests.collectionPages == Self.pages(store.variationCount))
            #expect(requests.variationPages == 0)
            #expect(requests.total <= Self.pages(products) + Self.pages(store.variationCount) + 1)
            #expect(snapshot.listings.count == store.variantCount)
            let page = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/variations" })
            #expect(page.params.contains { $0.name == "orderby" && $0.value == "id" })
            #expect(page.params.contains { $0.name == "_fields" && $0.value.hasSuffix(",parent_id") })
            return snapshot.listings
        }
        let walked = try await withSimulatedStore(Self.spec(products: products, older: true)) { _, endpoint, client in
            try await makeAdapter(endpoint, client).fetchCatalog(since: nil).listings
        }
        #expect(collected.count == walked.count)
        #expect(collected == walked)
    }

    @Test("an older store answers rest_no_route once; the read falls back to each product's variations and reads everything")
    func olderStoreFallsBack() async throws {
        try await withSimulatedStore(Self.spec(products: 120, older: true)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.isComplete)
            #expect(snapshot.listings.count == store.variantCount)
            for listing in snapshot.listings {
                let (product, variant) = try #require(store.variant(listing.ref.variantID))
                #expect(listing.ref.productID == String(product.id))
                #expect(listing.rawSKU == variant.sku)
                #expect(listing.productTitle == product.title)
                #expect(listing.price == expectedPrices(variant).price)
                #expect(listing.stock.first?.available == variant.totalAvailable)
            }
            let probe = try #require(store.server.log.first { $0.path == "/wp-json/wc/v3/variations" })
            #expect(probe.status == 404)
            let requests = WooRequests(store)
            #expect(requests.collectionPages == 1)
            #expect(requests.variationPages == store.variableProductsWithVariations)
            #expect(requests.total == requests.productPages + 1 + store.variableProductsWithVariations)
        }
    }

    @Test(
        "an incremental read after a repriced variation and a retitled product returns both, each product's listings whole",
        arguments: [false, true])
    func incrementalRead(older: Bool) async throws {
        try await withSimulatedStore(Self.spec(products: 30, older: older)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            let cursor = try #require(try await adapter.fetchCatalog(since: nil).nextCursor)

            let (retitledID, variationID) = try #require(
                store.shop.read { state -> (Int64, Int64)? in
                    let variable = state.allProducts.filter { !$0.isSimple && $0.variants.count > 1 }
                    guard variable.count >= 2 else { return nil }
                    return (variable[0].id, variable[1].variants[1].id)
                })
            let at = store.shop.now
            store.shop.mutate { state in
                var product = state.product(id: retitledID)!
                product.title += " (renamed)"
                product.updatedAt = at
                state.upsert(product)
                _ = state.updateVariant(id: variationID) { _, variant in
                    variant.price = Money(minorUnits: 77_70, currency: .eur)
                    variant.compareAtPrice = nil
                    variant.updatedAt = at
                }
            }
            store.server.clearLog()

            let delta = try await adapter.fetchCatalog(since: cursor)
            #expect(!delta.isComplete)
            let changed = store.shop.read { state in
                state.allProducts.filter { $0.lastModified >= cursor.updatedAt }
            }
            #expect(Set(delta.listings.map(\.ref.productID)) == Set(changed.map { String($0.id) }))
            for product in changed {
                let listings = delta.listings.filter { $0.ref.productID == String(product.id) }
                #expect(Set(listings.map(\.ref.variantID)) == Set(product.variants.map { String(product.isSimple ? product.id : $0.id) }))
                #expect(listings.allSatisfy { $0.productTitle == product.title })
            }
            #expect(delta.listings.filter { $0.ref.productID == String(retitledID) }.allSatisfy { $0.productTitle.hasSuffix("(renamed)") })
            #expect(delta.listings.first { $0.ref.variantID == String(variationID) }?.price == Money(minorUnits: 77_70, currency: .eur))

            let requests = WooRequests(store)
            #expect(requests.productPages == 1 && requests.orderPages == 1)
            if older {
                // Known since the full read: no second rest_no_route, one call per changed variable product.
                #expect(requests.collectionPages == 0)
                #expect(requests.variationPages == changed.filter { !$0.isSimple }.count)
            } else {
                // Variations modified since the cursor, then the changed variable products' whole lists.
                #expect(requests.collectionPages == 2 && requests.variationPages == 0)
                #expect(requests.total == 4)
            }
        }
    }

    @Test("an adapter asks an older store for /variations once; a new adapter asks again")
    func probeOncePerAdapter() async throws {
        try await withSimulatedStore(Self.spec(products: 20, older: true)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let first = try await adapter.fetchCatalog(since: nil)
            let second = try await adapter.fetchCatalog(since: nil)
            _ = try await adapter.fetchCatalog(since: second.nextCursor)
            #expect(first.listings == second.listings)
            #expect(WooRequests(store).collectionPages == 1)

            _ = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(WooRequests(store).collectionPages == 2)
        }
    }

    @Test("on a store with the collection the first page is the probe: a second read costs what the first did")
    func noProbeOnANewerStore() async throws {
        try await withSimulatedStore(Self.spec(products: 20)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            _ = try await adapter.fetchCatalog(since: nil)
            let first = WooRequests(store)
            store.server.clearLog()
            _ = try await adapter.fetchCatalog(since: nil)
            let second = WooRequests(store)
            #expect(first.total == second.total && first.collectionPages == second.collectionPages)
            #expect(first.total == 1 + Self.pages(store.variationCount))
        }
    }

    @Test("a variable product created between the two walks is read by id, with all its variations")
    func productCreatedBetweenWalks() async throws {
        let created = Mutex<Int64?>(nil)
        let api = BeforeFirstVariationsPage { shop in
            let now = shop.now
            created.withLock { id in
                id = shop.mutate { state in
                    let id = state.makeID()
                    let variants = (1...3).map { index in
                        SimVariant(
                            id: state.makeID(), inventoryItemID: state.makeID(), sku: "NEW-\(index)", title: "Size \(index)",
                            options: ["Size \(index)"], price: Money(minorUnits: 1_000 * Int64(index), currency: state.currency),
                            position: index, createdAt: now, updatedAt: now)
                    }
                    state.upsert(
                        SimProduct(
                            id: id, title: "Created mid-read", handle: "created-mid-read", optionNames: ["Size"], variants: variants,
                            createdAt: now, updatedAt: now))
                    return id
                }
            }
        }
        try await withSimulatedStore(Self.spec(products: 30, api: api)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let id = try #require(created.withLock { $0 })
            let listings = snapshot.listings.filter { $0.ref.productID == String(id) }
            #expect(listings.map(\.rawSKU) == ["NEW-1", "NEW-2", "NEW-3"])
            #expect(listings.allSatisfy { $0.productTitle == "Created mid-read" })
            #expect(snapshot.listings.count == store.variantCount)

            let byID = store.server.log.filter { $0.path == "/wp-json/wc/v3/products" && $0.params.contains { $0.name == "include" } }
            #expect(byID.map { $0.params.first { $0.name == "include" }?.value } == [String(id)])
            let requests = WooRequests(store)
            #expect(requests.total == 1 + Self.pages(store.variationCount) + 1)
        }
    }

    @Test("a variation deleted between the walks is missed by the collection: its product's variations are read again by parent")
    func variationDeletedBetweenWalks() async throws {
        let touched = Mutex<(product: Int64, deleted: Int64, added: Int64)?>(nil)
        let api = BeforeFirstVariationsPage { shop in
            let now = shop.now
            touched.withLock { touched in
                touched = shop.mutate { state in
                    let variable = state.allProducts.filter { !$0.isSimple && $0.variants.count > 2 }
                    guard variable.count >= 2 else { return nil }
                    var shrunk = variable[0]
                    let deleted = shrunk.variants.removeLast().id
                    shrunk.updatedAt = now
                    state.upsert(shrunk)
                    // A variation added elsewhere is in the collection but not in its product's list: nothing to read again.
                    var grown = variable[1]
                    let added = state.makeID()
                    grown.variants.append(
                        SimVariant(
                            id: added, inventoryItemID: state.makeID(), sku: "ADDED-VARIATION", title: "Extra",
                            options: grown.optionNames.map { _ in "Extra" }, price: Money(minorUnits: 4_200, currency: state.currency),
                            position: grown.variants.count + 1, createdAt: now, updatedAt: now))
                    state.upsert(grown)
                    return (shrunk.id, deleted, added)
                }
            }
        }
        try await withSimulatedStore(Self.spec(products: 30, api: api)) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let (product, deleted, added) = try #require(touched.withLock { $0 })
            #expect(!snapshot.listings.contains { $0.ref.variantID == String(deleted) })
            #expect(snapshot.listings.contains { $0.ref.variantID == String(added) && $0.rawSKU == "ADDED-VARIATION" })
            let remaining = store.shop.read { $0.product(id: product)!.variants.map { String($0.id) } }
            #expect(snapshot.listings.filter { $0.ref.productID == String(product) }.map(\.ref.variantID) == remaining)
            #expect(snapshot.listings.count == store.variantCount)

            let byParent = store.server.log.filter { $0.path == "/wp-json/wc/v3/variations" && $0.params.contains { $0.name == "parent" } }
            #expect(byParent.map { $0.params.first { $0.name == "parent" }?.value } == [String(product)])
            #expect(WooRequests(store).total == 1 + Self.pages(store.variationCount) + 1)
        }
    }
}

/// The simulator's own WooCommerce API, which changes the store once, just before it answers the
/// first `GET /variations`: a change made "between" the products walk and the variations walk,
/// without timing.
final class BeforeFirstVariationsPage: PlatformAPI {
    let woo = WooCommercePlatform()
    let change: @Sendable (SimulatedShop) -> Void
    private let done = Mutex(false)

    init(_ change: @escaping @Sendable (SimulatedShop) -> Void) { self.change = change }

    func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        if request.method == "GET", request.path == "/wp-json/wc/v3/variations" {
            let first = done.withLock { done in
                defer { done = true }
                return !done
            }
            if first { change(shop) }
        }
        return await woo.respond(to: request, shop: shop)
    }

    func banner(baseURL: String, shop: SimulatedShop) -> [String] { woo.banner(baseURL: baseURL, shop: shop) }
}
