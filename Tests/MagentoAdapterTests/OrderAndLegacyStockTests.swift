import CatalogModel
import ConcordTesting
import Foundation
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento orders and legacy stock")
struct OrderAndLegacyStockTests {
    @Test("orders: configurable lines counted once, quantities per line, no customer fields asked for; incremental by updated_at")
    func orders() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let first = placeOrder(in: store, sku: "SHIRT-L", quantity: 2, location: "berlin")
            placeOrder(in: store, sku: "CAP", quantity: 1, location: "hamburg")
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            let batch = try await adapter.fetchOrders(since: nil)
            #expect(batch.orders.count == 2)
            let shirtOrder = try #require(batch.orders.first { $0.remoteID == String(first) })
            #expect(shirtOrder.lines.count == 1)  // the configurable item only, not its simple child
            #expect(shirtOrder.lines[0].sku == SKU("SHIRT-L") && shirtOrder.lines[0].quantity == 2 && shirtOrder.lines[0].openQuantity == 2)
            #expect(shirtOrder.financialStatus == .paid && shirtOrder.fulfillmentStatus == .unfulfilled)
            #expect(shirtOrder.number?.hasPrefix("#") == true)

            let request = try #require(store.server.log.first { $0.path.hasSuffix("/V1/orders") })
            let fields = request.params.first { $0.name == "fields" }?.value ?? ""
            for personal in ["customer", "address", "email", "firstname", "lastname", "telephone", "payment", "shipping_assignments"] {
                #expect(!fields.contains(personal), "asked for \(personal)")
            }
            // Of the extension attributes (whose shipping assignments carry the address), only the
            // in-store pickup source.
            #expect(
                fields.components(separatedBy: "extension_attributes").dropFirst().allSatisfy { $0.hasPrefix("[pickup_location_code]") },
                "\(fields)")

            // Incremental: only the order changed since the cursor.
            let cursor = try #require(batch.nextCursor)
            let later = placeOrder(in: store, sku: "MUG", quantity: 3, location: "berlin")
            let delta = try await adapter.fetchOrders(since: cursor)
            // `gteq` includes the cursor's own second: the newest order of the first read comes again.
            #expect(delta.orders.contains { $0.remoteID == String(later) && $0.lines.map(\.quantity) == [3] })
            #expect(!delta.orders.contains { $0.remoteID == String(first) })
        }
    }

    @Test("a store without MSI: stock from the legacy stock item in the product search, written through stockItems")
    func legacyStock() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: [catalog.locations[0]]),
            api: HookedMagento(withoutMSI: true))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let report = try await adapter.checkConnection()
            #expect(report.notes.contains { $0.contains("legacy") })
            let snapshot = try await adapter.fetchCatalog(since: nil)
            #expect(snapshot.locations.map(\.code) == ["default"])
            let mug = try #require(snapshot.listings.first { $0.rawSKU == "MUG" })
            #expect(mug.stock == [StockLevel(location: "default", onHand: 12)])
            let requests = MagentoRequests(store)
            #expect(requests.sourceItemPages == 0 && requests["GET stockItems/MUG"] == 0)

            let outcomes = try await adapter.apply(
                [change("m", mug, .stock(location: "default"), expected: .quantity(12), new: .quantity(4))], context: ApplyContext(runID: 1)
            )
            #expect(outcomes[0].status == .applied, "\(outcomes[0])")
            let berlin = store.locationID("berlin")
            #expect(store.shop.read { $0.variants(sku: "MUG")[0].variant.onHand(at: berlin) } == 4)
            #expect(MagentoRequests(store).byEndpoint.keys.contains { $0.hasPrefix("PUT products/MUG/stockItems/") })
        }
    }
}
