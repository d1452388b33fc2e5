import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// ``StockLedger`` on both backends: on hand is the last count plus the movements after it, each
/// order line's shipped units are booked once, and a store's debit moves with its orders.
@Suite("the stock ledger, on SQLite and PostgreSQL alike")
struct StockLedgerTests {
    static let sku = SKU("MUG-1")!

    /// A mug at main (20) and berlin (5), counted yesterday: everything booked here happens after.
    static func prepare(_ catalog: TestCatalog) async throws {
        let product = Product(
            handle: "mug", title: "Mug",
            variants: [
                Variant(
                    sku: sku, price: Money(minorUnits: 900, currency: .eur),
                    stock: [StockLevel(location: "main", onHand: 20), StockLevel(location: "berlin", onHand: 5)])
            ])
        _ = try await catalog.records.writeCatalog(
            [product], locations: [Location(code: "main", name: "Main"), Location(code: "berlin", name: "Berlin")], mode: .replace,
            kits: [], stock: .perLocation, countedAt: Date().addingTimeInterval(-86_400))
    }

    static func order(
        _ id: String, store: StoreID = "woo", quantity: Int = 2, shipped: Int = 0, cancelled: Int = 0, restocked: Int = 0,
        returned: Int = 0, holdsStock: Bool = true, location: String? = nil, sku: String? = "MUG-1", variantID: String? = nil,
        updatedAt: Date = Date()
    ) -> Order {
        Order(
            store: store, remoteID: id, createdAt: updatedAt,
            lines: [
                OrderLine(
                    remoteLineID: id + "-1", sku: sku.flatMap(SKU.init), quantity: quantity, fulfilledQuantity: shipped,
                    cancelledQuantity: cancelled, locationID: location, variantID: variantID, restockedQuantity: restocked,
                    returnedQuantity: returned)
            ], updatedAt: updatedAt, holdsStock: holdsStock)
    }

    func onHand(_ catalog: TestCatalog, at location: String) async throws -> Int {
        try await catalog.records.stock(of: Self.sku.rawValue)[location]?.onHand ?? 0
    }

    @Test("shipped units leave on hand once, however often the order is read, and returns come back", arguments: Backend.allCases)
    func shipmentsOnce(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let ledger = catalog.ledger
            let routing: [StoreID: StockRouting] = ["woo": StockRouting(fallback: "main")]
            #expect(try await ledger.ingestOrders([Self.order("1")], routing: routing) == 1)
            #expect(try await onHand(catalog, at: "main") == 20, "a sale alone does not move on hand")
            #expect(try await ledger.ingestOrders([Self.order("1", shipped: 1)], routing: routing) == 0)
            _ = try await ledger.ingestOrders([Self.order("1", shipped: 1)], routing: routing)
            #expect(try await onHand(catalog, at: "main") == 19)
            _ = try await ledger.ingestOrders([Self.order("1", shipped: 2)], routing: routing)
            #expect(try await onHand(catalog, at: "main") == 18)
            _ = try await ledger.ingestOrders([Self.order("1", shipped: 2, restocked: 1, returned: 1)], routing: routing)
            #expect(try await onHand(catalog, at: "main") == 19, "a restocked return is back on the shelf")
            #expect(try await onHand(catalog, at: "berlin") == 5)
            let movements = try await ledger.stockMovements(sku: Self.sku)
            #expect(movements.map(\.location) == ["berlin", "main", "main", "main", "main"], "by location, then as booked")
            let main = movements.filter { $0.location == "main" }
            #expect(main.map(\.kind) == [.count, .shipment, .shipment, .return])
            #expect(main.map(\.quantity) == [20, -1, -1, 1])
            #expect(main.last?.store == "woo" && main.last?.orderID == "1" && main.last?.lineID == "1-1")
            #expect(main.first?.asOfGiven == true && main.first?.note == "catalog write")
        }
    }

    @Test(
        "a count as of 06:00 imported later still loses what shipped after 06:00, and not what shipped before", arguments: Backend.allCases)
    func countAsOf(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let routing: [StoreID: StockRouting] = ["woo": StockRouting(fallback: "main")]
            let six = Date().addingTimeInterval(-3 * 3600)
            _ = try await catalog.ledger.ingestOrders(
                [
                    Self.order("early", shipped: 2, updatedAt: six.addingTimeInterval(-600)),
                    Self.order("late", shipped: 3, updatedAt: six.addingTimeInterval(600)),
                ], routing: routing)
            #expect(try await onHand(catalog, at: "main") == 15)
            let product = Product(
                handle: "mug", title: "Mug",
                variants: [
                    Variant(sku: Self.sku, price: Money(minorUnits: 900, currency: .eur), stock: [StockLevel(location: "main", onHand: 30)])
                ])
            _ = try await catalog.records.writeCatalog(
                [product], locations: [], mode: .merge, kits: [], stock: .perLocation, countedAt: six)
            #expect(try await onHand(catalog, at: "main") == 27)
            // The same count without a time speaks for now: nothing booked before it comes off again.
            _ = try await catalog.records.writeCatalog(
                [product], locations: [], mode: .merge, kits: [], stock: .perLocation, countedAt: nil)
            #expect(try await onHand(catalog, at: "main") == 30)
        }
    }

    @Test("receipts and adjustments move on hand and say why", arguments: Backend.allCases)
    func receiptsAndAdjustments(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let ledger = catalog.ledger
            let revision = try await catalog.records.catalogRevision()
            _ = try await ledger.receiveStock(
                [StockReceipt(sku: Self.sku, location: "berlin", quantity: 7, receivedAt: Date(), reference: "PO-9")], recordedAt: Date())
            try await ledger.recordStockAdjustments(
                [StockAdjustment(sku: Self.sku, location: "berlin", units: -2, store: "woo", note: "broken")], at: Date())
            #expect(try await onHand(catalog, at: "berlin") == 10)
            let berlin = try await ledger.stockMovements(sku: Self.sku).filter { $0.location == "berlin" }
            #expect(berlin.map(\.kind) == [.count, .receipt, .adjustment])
            #expect(berlin[1].reference == "PO-9" && berlin[2].note == "broken" && berlin[2].store == "woo")
            #expect(try await catalog.records.catalogRevision() == revision + 2)
            // An adjustment that settles a store's base records it, keeping the run that recorded it.
            let field = Change.Field.stock(location: "w1")
            try await catalog.sync.recordBaseValues([BaseKey(sku: Self.sku, field: field): .quantity(9)], store: "woo", runID: 7)
            try await ledger.recordStockAdjustments(
                [StockAdjustment(sku: Self.sku, location: "main", units: 1, store: "woo", baseField: field, baseQuantity: 12)], at: Date())
            #expect(try await catalog.sync.baseValues(store: "woo") == [BaseKey(sku: Self.sku, field: field): .quantity(12)])
            try await ledger.recordStockAdjustments([], at: Date())
            #expect(try await catalog.records.catalogRevision() == revision + 3, "no adjustments, no write")
        }
    }

    @Test(
        "adjustments that name an unknown location refuse and book nothing, the valid ones before them included",
        arguments: Backend.allCases)
    func adjustmentRollback(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let revision = try await catalog.records.catalogRevision()
            let before = try await catalog.ledger.stockMovements(sku: Self.sku)
            await #expect {
                try await catalog.ledger.recordStockAdjustments(
                    [
                        StockAdjustment(sku: Self.sku, location: "main", units: 4),
                        StockAdjustment(sku: Self.sku, location: "paris", units: 1),
                    ], at: Date())
            } throws: { error in
                guard let error = error as? CatalogStoreError else { return false }
                return error.code == .refused && error.message.contains("location paris is not in the catalog")
                    && error.message.contains("nothing was written")
            }
            #expect(try await catalog.ledger.stockMovements(sku: Self.sku) == before)
            #expect(try await onHand(catalog, at: "main") == 20)
            #expect(try await catalog.records.catalogRevision() == revision)
        }
    }

    @Test(
        "a store's debit: units its own orders took, less what it put back, since its stock base was recorded", arguments: Backend.allCases)
    func debits(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let ledger = catalog.ledger
            // A pull records the store's stock base (and with it checkpoints the debit).
            func recordBase(_ quantity: Int) async throws {
                _ = try await catalog.records.writePulledCatalog(
                    [], locations: [], mode: .merge, mappings: [],
                    bases: [BaseKey(sku: Self.sku, field: .stock(location: "default")): .quantity(quantity)], store: "woo")
            }
            try await recordBase(25)
            _ = try await ledger.ingestOrders([Self.order("1", quantity: 2), Self.order("2", quantity: 1)], routing: [:])
            #expect(try await ledger.stockDebits(store: "woo")[Self.sku]?["*"] == 3)
            #expect(try await ledger.openOrderIDs(store: "woo") == ["1", "2"])
            // Shipping moves nothing in the store's count; a cancellation that restocks gives units back.
            _ = try await ledger.ingestOrders(
                [Self.order("1", quantity: 2, shipped: 2), Self.order("2", quantity: 1, cancelled: 1, restocked: 1)], routing: [:])
            #expect(try await ledger.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
            #expect(try await ledger.openOrderIDs(store: "woo").isEmpty)
            // A pending order (WooCommerce holds no stock for it) debits nothing.
            _ = try await ledger.ingestOrders([Self.order("3", quantity: 4, holdsStock: false)], routing: [:])
            #expect(try await ledger.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
            #expect(try await ledger.openOrderUnits()[Self.sku] == nil, "shipped, cancelled and pending orders commit nothing")
            // A debit at a store location is checkpointed by that location's base.
            _ = try await ledger.ingestOrders([Self.order("4", quantity: 1, location: "default")], routing: [:])
            #expect(try await ledger.stockDebits(store: "woo")[Self.sku] == ["*": 2, "default": 1])
            // Recording the base again checkpoints the debit.
            try await recordBase(23)
            #expect(try await ledger.stockDebits(store: "woo").isEmpty)
            #expect(try await ledger.stockDebits(store: "other").isEmpty)
        }
    }

    @Test("a line whose SKU text differs is attributed through the listing it was sold from", arguments: Backend.allCases)
    func attributionThroughMapping(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            _ = try await catalog.records.writePulledCatalog(
                [], locations: [], mode: .merge,
                mappings: [ListingMapping(store: "woo", sku: Self.sku, ref: RemoteRef(productID: "10", variantID: "11"), lastSeen: Date())],
                bases: [:], store: "woo")
            _ = try await catalog.ledger.ingestOrders([Self.order("1", quantity: 2, sku: "", variantID: "11")], routing: [:])
            #expect(try await catalog.ledger.openOrderUnits()[Self.sku] == 2)
            #expect(try await catalog.ledger.stockDebits(store: "woo")[Self.sku]?["*"] == 2)
        }
    }

    /// Where no routing places a line, its units leave where the SKU has most on hand *then*:
    /// SQLite books line after line, so three shipments read in one call alternate as the counts
    /// cross, and the PostgreSQL store must see each booking before placing the next.
    @Test("lines no routing places ship from where most is on hand, as each booking leaves it", arguments: Backend.allCases)
    func shipFromMostOnHandInOneRead(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            // main 20, berlin 5: bring main to 5 first.
            try await catalog.ledger.recordStockAdjustments([StockAdjustment(sku: Self.sku, location: "main", units: -15)], at: Date())
            _ = try await catalog.ledger.ingestOrders(
                [Self.order("o1", shipped: 2), Self.order("o2", shipped: 2), Self.order("o3", shipped: 2)], routing: [:])
            // Both hold 5: o1 leaves from berlin (a tie goes by code), o2 from main (5 > 3), o3 from berlin (3 = 3).
            let shipments = try await catalog.ledger.stockMovements(sku: Self.sku).filter { $0.kind == .shipment }
            #expect(shipments.sorted { $0.orderID! < $1.orderID! }.map(\.location) == ["berlin", "main", "berlin"])
            #expect(try await onHand(catalog, at: "main") == 3)
            #expect(try await onHand(catalog, at: "berlin") == 1)
        }
    }

    @Test(
        "orders are stored once per store and id, updated in place, and an order read twice in one call counts once",
        arguments: Backend.allCases)
    func ordersOnce(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let ledger = catalog.ledger
            let created = Date(timeIntervalSince1970: 1_700_000_000)
            var order = Order(
                store: "shop", remoteID: "1001", number: "#1001", createdAt: created, processedAt: created + 1,
                financialStatus: .partiallyRefunded, fulfillmentStatus: .partiallyFulfilled,
                lines: [
                    OrderLine(
                        remoteLineID: "l1", sku: SKU("TEE-S"), quantity: 2, locationID: "loc-1", locationName: "Berlin", variantID: "v1",
                        shippedQuantity: 1),
                    OrderLine(remoteLineID: "l2", sku: nil, quantity: 1),
                ], updatedAt: created + 2)
            #expect(try await ledger.ingestOrders([order]) == 1)
            order.cancelledAt = created.addingTimeInterval(60)
            order.lines[0].cancelledQuantity = 2
            var other = order
            other.store = "woo"
            #expect(try await ledger.ingestOrders([order, other, other]) == 1)
            #expect(try await ledger.orders(store: "shop") == [order])
            #expect(try await ledger.orders(store: nil) == [order, other])
            #expect(try await ledger.orders(store: "shop")[0].lines[0].openQuantity == 0)
            // A later read that no longer names the line's location keeps the one known.
            var later = order
            later.lines[0].locationID = nil
            later.lines[0].locationName = nil
            later.lines[0].variantID = nil
            _ = try await ledger.ingestOrders([later])
            #expect(try await ledger.orders(store: "shop")[0].lines[0] == order.lines[0])
            #expect(try await catalog.records.stats().orders == 2)
        }
    }

    @Test("orders a store no longer lists are released: their open units cancelled, nothing put back", arguments: Backend.allCases)
    func releaseVanished(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            try await Self.prepare(catalog)
            let ledger = catalog.ledger
            _ = try await ledger.ingestOrders([Self.order("1", quantity: 3, shipped: 1), Self.order("2", quantity: 1)], routing: [:])
            let debits = try await ledger.stockDebits(store: "woo")
            let at = Date(timeIntervalSince1970: 1_800_000_000)
            try await ledger.releaseVanishedOrders(store: "woo", ids: ["1", "9"], at: at)
            try await ledger.releaseVanishedOrders(store: "woo", ids: [], at: at)
            #expect(try await ledger.openOrderIDs(store: "woo") == ["2"])
            let released = try #require(try await ledger.orders(store: "woo").first { $0.remoteID == "1" })
            #expect(released.cancelledAt == at && released.updatedAt == at)
            #expect(released.lines[0].cancelledQuantity == 2)
            #expect(try await ledger.stockDebits(store: "woo") == debits, "trashing restocks nothing")
            #expect(try await ledger.openOrderUnits() == [Self.sku: 1])
        }
    }
}
