import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

/// The stock ledger in a real SQLite file: on hand is the last count plus the movements after it,
/// each order line's shipped units are booked once, and a store's debit moves with its orders.
@Suite("the stock ledger in the catalog database")
struct StockLedgerTests {
    static let sku = SKU("MUG-1")!

    static func catalog() async throws -> (TemporaryDirectory, SQLiteCatalogStore) {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        let product = Product(
            handle: "mug", title: "Mug",
            variants: [
                Variant(
                    sku: sku, price: Money(minorUnits: 900, currency: .eur),
                    stock: [StockLevel(location: "main", onHand: 20), StockLevel(location: "berlin", onHand: 5)])
            ])
        // Counted yesterday: everything these tests book happens after it.
        _ = try await catalog.writeCatalog(
            [product], locations: [Location(code: "main", name: "Main"), Location(code: "berlin", name: "Berlin")], mode: .replace,
            kits: [], stock: .perLocation, countedAt: Date().addingTimeInterval(-86_400))
        return (directory, catalog)
    }

    static func order(
        _ id: String, store: StoreID = "woo", quantity: Int = 2, shipped: Int = 0, cancelled: Int = 0, restocked: Int = 0,
        returned: Int = 0,
        holdsStock: Bool = true, location: String? = nil, sku: String? = "MUG-1", variantID: String? = nil, updatedAt: Date = Date()
    ) -> Order {
        Order(
            store: store, remoteID: id, createdAt: updatedAt,
            lines: [
                OrderLine(
                    remoteLineID: id + "-1", sku: sku.flatMap(SKU.init), quantity: quantity, fulfilledQuantity: shipped,
                    cancelledQuantity: cancelled,
                    locationID: location, variantID: variantID, restockedQuantity: restocked, returnedQuantity: returned)
            ], updatedAt: updatedAt, holdsStock: holdsStock)
    }

    func onHand(_ catalog: SQLiteCatalogStore, at location: String) async throws -> Int {
        let product = try #require(try await catalog.product(containing: Self.sku))
        return product.product.variants[product.variantIndex].stock.first { $0.location == location }?.onHand ?? 0
    }

    @Test("shipped units leave on hand once, however often the order is read, and returns come back")
    func shipmentsOnce() async throws {
        let (directory, catalog) = try await Self.catalog()
        _ = directory
        let routing: [StoreID: StockRouting] = ["woo": StockRouting(fallback: "main")]
        _ = try await catalog.ingestOrders([Self.order("1")], routing: routing)
        #expect(try await onHand(catalog, at: "main") == 20, "a sale alone does not move on hand")
        _ = try await catalog.ingestOrders([Self.order("1", shipped: 1)], routing: routing)
        _ = try await catalog.ingestOrders([Self.order("1", shipped: 1)], routing: routing)
        #expect(try await onHand(catalog, at: "main") == 19)
        _ = try await catalog.ingestOrders([Self.order("1", shipped: 2)], routing: routing)
        #expect(try await onHand(catalog, at: "main") == 18)
        _ = try await catalog.ingestOrders([Self.order("1", shipped: 2, restocked: 1, returned: 1)], routing: routing)
        #expect(try await onHand(catalog, at: "main") == 19, "a restocked return is back on the shelf")
        #expect(try await onHand(catalog, at: "berlin") == 5)
        let movements = try await catalog.stockMovements(sku: Self.sku).filter { $0.location == "main" }
        #expect(movements.map(\.kind) == [.count, .shipment, .shipment, .return])
        #expect(movements.map(\.quantity) == [20, -1, -1, 1])
        #expect(movements.last?.store == "woo" && movements.last?.orderID == "1")
    }

    @Test("a count as of 06:00 imported later still loses what shipped after 06:00, and not what shipped before")
    func countAsOf() async throws {
        let (directory, catalog) = try await Self.catalog()
        _ = directory
        let routing: [StoreID: StockRouting] = ["woo": StockRouting(fallback: "main")]
        let six = Date().addingTimeInterval(-3 * 3600)
        _ = try await catalog.ingestOrders(
            [
                Self.order("early", shipped: 2, updatedAt: six.addingTimeInterval(-600)),
                Self.order("late", shipped: 3, updatedAt: six.addingTimeInterval(600)),
            ],
            routing: routing)
        #expect(try await onHand(catalog, at: "main") == 15)
        // The warehouse counted 30 at 06:00: the late shipment (after it) comes off; the early one
        // is in the count already.
        let product = Product(
            handle: "mug", title: "Mug",
            variants: [
                Variant(sku: Self.sku, price: Money(minorUnits: 900, currency: .eur), stock: [StockLevel(location: "main", onHand: 30)])
            ])
        _ = try await catalog.writeCatalog([product], locations: [], mode: .merge, kits: [], stock: .perLocation, countedAt: six)
        #expect(try await onHand(catalog, at: "main") == 27)
        // The same count without a time speaks for now: nothing booked before it comes off again.
        _ = try await catalog.writeCatalog([product], locations: [], mode: .merge, kits: [], stock: .perLocation, countedAt: nil)
        #expect(try await onHand(catalog, at: "main") == 30)
    }

    @Test("receipts and adjustments move on hand and say why")
    func receiptsAndAdjustments() async throws {
        let (directory, catalog) = try await Self.catalog()
        _ = directory
        _ = try await catalog.receiveStock(
            [StockReceipt(sku: Self.sku, location: "berlin", quantity: 7, receivedAt: Date(), reference: "PO-9")], recordedAt: Date())
        try await catalog.recordStockAdjustments(
            [StockAdjustment(sku: Self.sku, location: "berlin", units: -2, note: "broken")], at: Date())
        #expect(try await onHand(catalog, at: "berlin") == 10)
        let kinds = try await catalog.stockMovements(sku: Self.sku).filter { $0.location == "berlin" }.map(\.kind)
        #expect(kinds == [.count, .receipt, .adjustment])
    }

    @Test("a store's debit: units its own orders took, less what it put back, since its stock base was recorded")
    func debits() async throws {
        let (directory, catalog) = try await Self.catalog()
        _ = directory
        try await catalog.recordBaseValues(
            [BaseKey(sku: Self.sku, field: .stock(location: "default")): .quantity(25)], store: "woo", runID: nil)
        _ = try await catalog.ingestOrders([Self.order("1", quantity: 2), Self.order("2", quantity: 1)], routing: [:])
        #expect(try await catalog.stockDebits(store: "woo")[Self.sku]?["*"] == 3)
        // Shipping moves nothing in the store's count; a cancellation that restocks gives units back.
        _ = try await catalog.ingestOrders(
            [Self.order("1", quantity: 2, shipped: 2), Self.order("2", quantity: 1, cancelled: 1, restocked: 1)], routing: [:])
        #expect(try await catalog.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
        // A pending order (WooCommerce holds no stock for it) debits nothing.
        _ = try await catalog.ingestOrders([Self.order("3", quantity: 4, holdsStock: false)], routing: [:])
        #expect(try await catalog.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
        #expect(try await catalog.openOrderUnits()[Self.sku] == nil, "shipped, cancelled and pending orders commit nothing")
        // Recording the base again checkpoints the debit.
        try await catalog.recordBaseValues(
            [BaseKey(sku: Self.sku, field: .stock(location: "default")): .quantity(23)], store: "woo", runID: nil)
        #expect(try await catalog.stockDebits(store: "woo").isEmpty)
        #expect(try await catalog.stockDebits(store: "other").isEmpty)
    }

    @Test("a line whose SKU text differs is attributed through the listing it was sold from")
    func attributionThroughMapping() async throws {
        let (directory, catalog) = try await Self.catalog()
        _ = directory
        try await catalog.saveListingMappings([
            ListingMapping(store: "woo", sku: Self.sku, ref: RemoteRef(productID: "10", variantID: "11"), lastSeen: Date())
        ])
        _ = try await catalog.ingestOrders([Self.order("1", quantity: 2, sku: "", variantID: "11")], routing: [:])
        #expect(try await catalog.openOrderUnits()[Self.sku] == 2)
        #expect(try await catalog.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
    }
}
