import CatalogModel
import ConcordTesting
import Foundation
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento catalog reads against the simulator")
struct CatalogReadTests {
    /// Compares every listing with the simulator's own state.
    static func expectMatchesStore(_ snapshot: StoreSnapshot, _ store: SimulatedStore) throws {
        for listing in snapshot.listings {
            let (product, variant) = try #require(store.item(listing.ref.variantID))
            let simple = SimulatedStore.isMagentoSimple(product)
            #expect(listing.ref.productID == String(product.id))
            #expect(listing.ref.variantID == String(simple ? product.id : variant.id))
            #expect(listing.rawSKU == variant.sku)
            #expect(listing.barcode == variant.barcode)
            let prices = expectedPrices(variant)
            #expect(listing.price == prices.price && listing.compareAtPrice == prices.compareAt, "\(variant.sku)")
            #expect(listing.productTitle == product.title)
            #expect(listing.status == (product.status == .active ? .active : .archived))
            #expect(listing.descriptionHTML == (product.descriptionHTML.isEmpty ? nil : product.descriptionHTML))
            #expect(listing.weight?.grams == variant.weight?.grams)
            #expect(listing.tracksStock == variant.tracksInventory)
            // A configurable child is named by its options as the store seeded them; a simple has none.
            #expect(listing.optionNames == (simple ? [] : product.optionNames), "\(variant.sku)")
            #expect(listing.options == (simple ? [] : variant.options), "\(variant.sku)")
            if variant.tracksInventory {
                let expected = store.shop.read { $0.locations }.compactMap { location -> StockLevel? in
                    guard variant.available[location.id] != nil || variant.committed[location.id] != nil else { return nil }
                    return StockLevel(
                        location: location.code, onHand: variant.onHand(at: location.id), available: variant.available[location.id] ?? 0,
                        committed: variant.committed[location.id] ?? 0)
                }
                #expect(Set(listing.stock) == Set(expected), "\(variant.sku)")
            }
        }
    }

    @Test("a full read of a store with configurable products: one listing per sellable simple, matching the store, in the fewest requests")
    func fullRead() async throws {
        try await withSimulatedStore(StoreSpec(platform: .magento, source: .generated(count: 30))) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)

            #expect(snapshot.isComplete)
            #expect(snapshot.locations.map(\.code) == store.shop.read { $0.locations.map(\.code) })
            #expect(snapshot.listings.count == store.variantCount)
            #expect(Set(snapshot.listings.map(\.ref.variantID)).count == snapshot.listings.count)
            #expect(snapshot.listings.contains { $0.ref.productID != $0.ref.variantID })  // there are configurable children
            try Self.expectMatchesStore(snapshot, store)
            // The next read starts from the store's clock when the product search began, not from the
            // newest change.
            let firstSearch = try #require(store.server.log.first { $0.path.hasSuffix("/V1/products") })
            #expect(snapshot.nextCursor?.updatedAt == SimulatorServer.cursor(afterReadStartingWith: firstSearch))

            // storeConfigs + sources + product pages + source-item batches + open orders.
            let requests = MagentoRequests(store)
            let entities = store.entityCount
            #expect(requests.productPages == (entities + 99) / 100)
            #expect(requests.sourceItemPages == (store.variantCount + 99) / 100)
            #expect(requests.orderPages == 1)
            #expect(requests["GET store/storeConfigs"] == 1 && requests["GET inventory/sources"] == 1)
            // One attribute search names every configurable child's options.
            #expect(requests["GET products/attributes"] == 1)
            #expect(requests.total == 4 + requests.productPages + requests.sourceItemPages, "\(requests)")
            print("Magento full read of 30 products (\(entities) entities, \(store.variantCount) listings): \(requests)")
        }
    }

    @Test("configurable children carry the option names and value labels the store seeded, from one attribute search kept for later reads")
    func optionLabels() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let seeded = try #require(catalog.products.first { $0.variants.contains { $0.sku.rawValue == "SHIRT-M" } })
            for variant in seeded.variants {
                let listing = try #require(snapshot.listings.first { $0.rawSKU == variant.sku.rawValue })
                #expect(listing.optionNames == seeded.optionNames)
                #expect(listing.options == variant.options)
            }
            #expect(!seeded.optionNames.isEmpty)
            try Self.expectMatchesStore(snapshot, store)
            let search = try #require(store.server.log.first { $0.path.hasSuffix("/V1/products/attributes") })
            #expect(search.params.contains { $0.name.hasSuffix("[condition_type]") && $0.value == "in" })

            _ = try await adapter.fetchCatalog(since: nil)
            #expect(MagentoRequests(store)["GET products/attributes"] == 1)
        }
    }

    @Test("stock is on hand per source, open orders' units reserved against it, sales counted once")
    func reservations() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            placeOrder(in: store, sku: "SHIRT-M", quantity: 2, location: "berlin")
            placeOrder(in: store, sku: "CAP", quantity: 1, location: "hamburg")
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let shirtM = try #require(snapshot.listings.first { $0.rawSKU == "SHIRT-M" })
            #expect(
                Set(shirtM.stock) == [
                    StockLevel(location: "berlin", onHand: 6, available: 4, committed: 2),
                    StockLevel(location: "hamburg", onHand: 2, available: 2),
                ])
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            #expect(cap.stock == [StockLevel(location: "hamburg", onHand: 3, available: 2, committed: 1)])
            let mug = try #require(snapshot.listings.first { $0.rawSKU == "MUG" })
            #expect(mug.price == money("8.00") && mug.compareAtPrice == money("10.00"))
            #expect(mug.ref.productID == mug.ref.variantID)
            #expect(shirtM.ref.productID != shirtM.ref.variantID)
            #expect(shirtM.productTitle == "Shirt" && shirtM.status == .active)
            try Self.expectMatchesStore(snapshot, store)
        }
    }

    @Test("an incremental read asks for updated_at gteq the cursor minus the overlap, in UTC, and returns what changed")
    func incrementalRead() async throws {
        let spec = StoreSpec(platform: .magento, source: .generated(count: 30), clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 60))
            let full = try await adapter.fetchCatalog(since: nil)
            let cursor = try #require(full.nextCursor)

            let (simpleID, childID) = try #require(
                store.shop.read { state -> (Int64, Int64)? in
                    guard let simple = state.allProducts.first(where: SimulatedStore.isMagentoSimple),
                        let configurable = state.allProducts.first(where: { !SimulatedStore.isMagentoSimple($0) && $0.variants.count > 1 })
                    else { return nil }
                    return (simple.id, configurable.variants[1].id)
                })
            let renamedAt = store.shop.now
            store.shop.mutate { state in
                var product = state.product(id: simpleID)!
                product.title += " (renamed)"
                product.updatedAt = renamedAt
                state.upsert(product)
                _ = state.updateVariant(id: childID) { product, variant in
                    variant.price = Money(minorUnits: 123_45, currency: .eur)
                    variant.compareAtPrice = nil
                    variant.updatedAt = renamedAt
                    product.updatedAt = renamedAt
                }
            }
            store.server.clearLog()
            let delta = try await adapter.fetchCatalog(since: cursor)

            #expect(!delta.isComplete)
            let renamed = try #require(delta.listings.first { $0.ref.variantID == String(simpleID) })
            #expect(renamed.productTitle.hasSuffix("(renamed)"))
            let repriced = try #require(delta.listings.first { $0.ref.variantID == String(childID) })
            #expect(repriced.price == Money(minorUnits: 123_45, currency: .eur) && repriced.compareAtPrice == nil)
            #expect(delta.listings.count < full.listings.count)
            // From the store's clock when the product search began (the read's first search page).
            let firstSearch = try #require(store.server.log.first { $0.path.hasSuffix("/V1/products") })
            #expect(delta.nextCursor?.updatedAt == SimulatorServer.cursor(afterReadStartingWith: firstSearch))
            #expect(try #require(delta.nextCursor).updatedAt >= Date(timeIntervalSince1970: renamedAt.timeIntervalSince1970.rounded(.down)))
            try Self.expectMatchesStore(delta, store)

            let search = try #require(store.server.log.first { $0.path.hasSuffix("/V1/products") })
            let params = Dictionary(search.params.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 })
            #expect(params["searchCriteria[filter_groups][0][filters][0][field]"] == "updated_at")
            #expect(params["searchCriteria[filter_groups][0][filters][0][condition_type]"] == "gteq")
            let since = cursor.updatedAt.addingTimeInterval(-60)
            #expect(params["searchCriteria[filter_groups][0][filters][0][value]"] == Self.utcText(since))
            #expect(
                params["searchCriteria[sortOrders][0][field]"] == "entity_id" && params["searchCriteria[sortOrders][0][direction]"] == "ASC"
            )
            print("Magento incremental read: \(MagentoRequests(store))")
        }
    }

    /// `yyyy-MM-dd HH:mm:ss` in UTC, computed apart from the adapter.
    static func utcText(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter.string(from: date)
    }

    @Test("an incremental read sees a sale: the ordered product is read again though its row did not change")
    func incrementalSeesSale() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            _ = try await adapter.fetchCatalog(since: nil)
            let cursor = SyncCursor(updatedAt: store.shop.now)
            placeOrder(in: store, sku: "CAP", quantity: 2, location: "hamburg")
            // A real Magento sale touches neither product nor source item: put the row's time back.
            store.shop.mutate { state in
                _ = state.updateVariant(id: state.variants(sku: "CAP")[0].variant.id) { product, variant in
                    variant.updatedAt = clockStart.addingTimeInterval(-400 * 86_400)
                    product.updatedAt = clockStart.addingTimeInterval(-400 * 86_400)
                }
            }
            let delta = try await adapter.fetchCatalog(since: cursor)
            let cap = try #require(delta.listings.first { $0.rawSKU == "CAP" })
            #expect(cap.stock == [StockLevel(location: "hamburg", onHand: 3, available: 1, committed: 2)])
            #expect(delta.listings.count == 1)
        }
    }

    @Test(
        "a large store is read in pages of 100, each product once",
        .enabled(if: ProcessInfo.processInfo.environment["MAGENTO_SKIP_LARGE"] == nil))
    func largeStore() async throws {
        let count = Int(ProcessInfo.processInfo.environment["MAGENTO_LARGE_COUNT"] ?? "") ?? 5_000
        let catalog = simpleCatalog(count: count)
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let started = ContinuousClock.now
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            let elapsed = ContinuousClock.now - started
            #expect(snapshot.listings.count == count)
            #expect(Set(snapshot.listings.map(\.rawSKU)).count == count)
            let requests = MagentoRequests(store)
            #expect(requests.productPages == count / 100)
            // Source items come 100 SKUs a search (several searches at once).
            #expect(requests.sourceItemPages == count / 100)
            #expect(requests.total == 3 + 2 * count / 100)
            print("Magento full read of \(count) products: \(elapsed), \(requests)")
        }
    }
}

@Suite("Magento paging edge cases")
struct PagingTests {
    @Test("an exact multiple of the page size: 200 products are 2 pages, never a third (Magento would repeat page 2)")
    func exactMultiple() async throws {
        let catalog = simpleCatalog(count: 200)
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == 200)
            #expect(MagentoRequests(store).productPages == 2)
            let pages = store.server.log.filter { $0.path.hasSuffix("/V1/products") }.compactMap { entry in
                entry.params.first { $0.name == "searchCriteria[currentPage]" }?.value
            }
            #expect(pages == ["1", "2"])
        }
    }

    @Test("an empty store: one product page, no source items, an empty complete snapshot")
    func emptyStore() async throws {
        let spec = StoreSpec(platform: .magento, source: .catalog(products: [], locations: [Location(code: "main", name: "Main")]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.isComplete && snapshot.listings.isEmpty)
            #expect(snapshot.nextCursor != nil)
            let requests = MagentoRequests(store)
            #expect(requests.productPages == 1 && requests.sourceItemPages == 0)
            #expect(requests.total == 4, "\(requests)")
        }
    }

    @Test(
        "products deleted mid-read: the shifted page is read again, and no page past the new end is asked for (Magento would repeat the last)"
    )
    func deletedMidRead() async throws {
        // Deleting products during the read makes total_count shrink, so the page count drops
        // below the pages already asked for; the store would answer a later page with the last
        // one again. The reader reads the shifted pages again and stops.
        let catalog = simpleCatalog(count: 250)
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [
                FaultRule(kind: .slow(milliseconds: 400), pathContains: "/V1/products", method: "GET", onRequests: [2])
            ]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            async let snapshot = makeAdapter(endpoint, client).fetchCatalog(since: nil)
            await store.server.waitForRequest { $0.path.hasSuffix("/V1/products") }
            // Remove 60 products from page 1: page 3 no longer exists.
            store.shop.mutate { state in
                for id in state.productIDs.prefix(60) { _ = state.removeProduct(id: id) }
            }
            let listings = try await snapshot.listings
            let remaining = store.shop.read { state in Set(state.allProducts.map { $0.variants[0].sku }) }
            #expect(remaining.count == 190)
            #expect(remaining.isSubset(of: Set(listings.map(\.rawSKU))))
            #expect(Set(listings.map(\.ref.variantID)).count == listings.count)
            let pages = store.server.log.filter { $0.path.hasSuffix("/V1/products") }.compactMap { entry in
                entry.params.first { $0.name == "searchCriteria[currentPage]" }?.value
            }
            #expect(pages == ["1", "2", "1"])
        }
    }

    @Test("a product added between pages is read on a later page")
    func productAddedMidRead() async throws {
        let catalog = simpleCatalog(count: 200)
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [
                FaultRule(kind: .slow(milliseconds: 400), pathContains: "/V1/products", method: "GET", onRequests: [2])
            ]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            async let snapshot = makeAdapter(endpoint, client).fetchCatalog(since: nil)
            await store.server.waitForRequest { $0.path.hasSuffix("/V1/products") }
            let added = addSimpleProduct(to: store, sku: "ADDED-1")
            let listings = try await snapshot.listings
            #expect(listings.count == 201)
            #expect(listings.contains { $0.ref.variantID == String(added) && $0.rawSKU == "ADDED-1" })
            #expect(MagentoRequests(store).productPages == 3)
        }
    }

    @Test("items repeated across pages (rows moving during paging) are kept once")
    func duplicatesAcrossPages() async throws {
        let catalog = simpleCatalog(count: 150)
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            server: ServerOptions(faults: [
                FaultRule(kind: .duplicateItems(5), pathContains: "/V1/products", method: "GET", onRequests: [2])
            ]))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let snapshot = try await makeAdapter(endpoint, client).fetchCatalog(since: nil)
            #expect(snapshot.listings.count == 150)
            #expect(Set(snapshot.listings.map(\.rawSKU)).count == 150)
        }
    }
}
