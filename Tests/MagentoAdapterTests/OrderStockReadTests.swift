import CatalogModel
import ConcordTesting
import Foundation
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento order reads: shipped, cancelled and refunded units, and the variant sold")
struct MagentoOrderStockReadTests {
    @Test("a cancel releases what did not ship; a credit memo compensates unshipped units; configurable lines name the simple product")
    func lifecycle() async throws {
        let catalog = mixedCatalog()
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            clock: .stepping(from: clockStart))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let unpaid = placeOrder(in: store, sku: "SHIRT-L", quantity: 4, location: "berlin")
            let paid = placeOrder(in: store, sku: "CAP", quantity: 4, location: "hamburg")
            let now = store.shop.now
            try store.shop.mutate { state in
                var order = state.orders[unpaid]!
                order.financial = .pending
                state.upsert(order)
                try state.ship(order: unpaid, quantities: [(order.lines[0].id, 1)], at: now)
                try state.cancel(order: unpaid, platform: .magento, at: now)
                let line = state.orders[paid]!.lines[0].id
                try state.ship(order: paid, quantities: [(line, 2)], at: now)
                let items = try state.refundItems(order: paid, quantities: [(line, 3)], restock: true, platform: .magento)
                try state.refund(order: paid, items: items, at: now)
            }
            let adapter = makeAdapter(endpoint, client, options: testOptions(overlap: 0))
            let listings = try await adapter.fetchCatalog(since: nil).listings
            let batch = try await adapter.fetchOrders(since: nil)

            let shirt = try #require(batch.orders.first { $0.remoteID == String(unpaid) }?.lines.first)
            #expect(shirt.variantID == listings.first { $0.rawSKU == "SHIRT-L" }?.ref.variantID)
            #expect(shirt.fulfilledQuantity == 1)
            #expect(shirt.cancelledQuantity == 3)
            #expect(shirt.restockedQuantity == 3)
            #expect(shirt.openQuantity == 0)
            #expect(shirt.storeDebit(holdsStock: true) == 1)

            let cap = try #require(batch.orders.first { $0.remoteID == String(paid) }?.lines.first)
            #expect(cap.variantID == listings.first { $0.rawSKU == "CAP" }?.ref.variantID)
            #expect(cap.fulfilledQuantity == 2)
            #expect(cap.refundedQuantity == 3)
            // Two unshipped units compensated; the shipped unit returned to stock cannot be read.
            #expect(cap.restockedQuantity == 2)
            #expect(cap.returnedQuantity == 0)
            #expect(batch.orders.allSatisfy { $0.holdsStock })
        }
    }
}
