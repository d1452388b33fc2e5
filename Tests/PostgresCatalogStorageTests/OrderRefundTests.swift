import CatalogModel
import CatalogStorage
import Foundation
import Testing

/// Refunds from webhooks and order locations on both backends: a refund counts once, however
/// often it is delivered and whoever counted it first, and open units are grouped by location.
@Suite("refunds and order locations, on SQLite and PostgreSQL alike")
struct OrderRefundTests {
    static let now = Date(timeIntervalSince1970: 1_800_000_000)
    static let orderID = "gid://shopify/Order/450789469"
    static let lineID = "gid://shopify/LineItem/703073504"

    static func order(refunded: Int = 0, fulfilled: Int = 0, refundIDs: [String]? = [], location: String? = "gid://shopify/Location/2")
        -> Order
    {
        Order(
            store: "shop", remoteID: orderID, createdAt: now,
            lines: [
                OrderLine(
                    remoteLineID: lineID, sku: SKU("TEE-BLK-M"), quantity: 4, fulfilledQuantity: fulfilled, refundedQuantity: refunded,
                    locationID: location, locationName: location == nil ? nil : "Berlin")
            ], refundIDs: refundIDs)
    }

    static func refund(_ id: String, units: Int, restock: RefundRestock = .cancel) -> OrderRefund {
        OrderRefund(
            store: "shop", orderID: orderID, refundID: id,
            lines: [OrderRefundLine(lineID: lineID, sku: SKU("TEE-BLK-M"), quantity: units, restock: restock)])
    }

    func line(_ ledger: any StockLedger) async throws -> OrderLine {
        try #require(try await ledger.orders(store: "shop").first?.lines.first)
    }

    @Test(
        "a refund is applied once: a replay, another agent and the order read that counts it change nothing",
        arguments: Backend.allCases)
    func refundOnce(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let ledger = catalog.ledger
            _ = try await ledger.ingestOrders([Self.order()])
            #expect(try await ledger.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .applied(lines: 1))
            #expect(try await line(ledger).refundedQuantity == 2)
            #expect(try await ledger.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .alreadyCounted)
            #expect(try await line(ledger).refundedQuantity == 2)

            let other = try await catalog.another().ledger
            #expect(try await other.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .alreadyCounted)
            // The next order read has the store's own figure (2) and names the refund: still 2.
            _ = try await other.ingestOrders([Self.order(refunded: 2, refundIDs: ["gid://shopify/Refund/1"])])
            #expect(try await line(other).refundedQuantity == 2)
            // A refund an order read counted first is not counted again when its webhook arrives late.
            _ = try await other.ingestOrders([Self.order(refunded: 3, refundIDs: ["gid://shopify/Refund/1", "gid://shopify/Refund/2"])])
            #expect(try await other.recordRefund(Self.refund("gid://shopify/Refund/2", units: 1), at: Self.now) == .alreadyCounted)
            #expect(try await line(other).refundedQuantity == 3)
            // Never past the units sold.
            #expect(try await other.recordRefund(Self.refund("gid://shopify/Refund/3", units: 9), at: Self.now) == .applied(lines: 1))
            #expect(try await line(ledger).refundedQuantity == 4)
        }
    }

    @Test("a refund of an order not read yet is remembered and left to the order read", arguments: Backend.allCases)
    func refundBeforeOrder(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let ledger = catalog.ledger
            #expect(try await ledger.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .applied(lines: 0))
            _ = try await ledger.ingestOrders([Self.order(refunded: 2, refundIDs: ["gid://shopify/Refund/1"])])
            #expect(try await line(ledger).refundedQuantity == 2)
        }
    }

    @Test("returned units had shipped: they leave the fulfilled count, so the open units stay as they were", arguments: Backend.allCases)
    func returnedUnits(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let ledger = catalog.ledger
            _ = try await ledger.ingestOrders([Self.order(fulfilled: 2)])
            _ = try await ledger.recordRefund(Self.refund("r-1", units: 1, restock: .return), at: Self.now)
            var stored = try await line(ledger)
            #expect((stored.fulfilledQuantity, stored.refundedQuantity, stored.openQuantity) == (1, 1, 2))
            #expect((stored.shippedQuantity, stored.restockedQuantity, stored.returnedQuantity) == (2, 1, 1))
            // Cancelled unshipped units come off the open ones.
            _ = try await ledger.recordRefund(Self.refund("r-2", units: 1, restock: .cancel), at: Self.now)
            stored = try await line(ledger)
            #expect((stored.fulfilledQuantity, stored.refundedQuantity, stored.openQuantity) == (1, 2, 1))
            // A line named twice in one refund counts as one line with both quantities.
            var split = Self.refund("r-3", units: 1, restock: .noRestock)
            split.lines.append(split.lines[0])
            #expect(try await ledger.recordRefund(split, at: Self.now) == .applied(lines: 1))
            stored = try await line(ledger)
            #expect((stored.refundedQuantity, stored.restockedQuantity, stored.openQuantity) == (4, 2, 0))
        }
    }

    @Test("a returned unit of a catalog SKU comes back onto the shelf it left", arguments: Backend.allCases)
    func returnBooksOnHand(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            _ = try await catalog.records.writeCatalog(
                [simpleProduct("tee", sku: "TEE-BLK-M", stock: [StockLevel(location: "main", onHand: 10)])], locations: [], mode: .merge,
                kits: [], stock: .perLocation, countedAt: Self.now - 86_400)
            let ledger = catalog.ledger
            var shipped = Self.order(fulfilled: 2)
            shipped.updatedAt = Self.now
            _ = try await ledger.ingestOrders([shipped], routing: ["shop": StockRouting(fallback: "main")])
            #expect(try await catalog.records.stock(of: "TEE-BLK-M")["main"]?.onHand == 8)
            _ = try await ledger.recordRefund(Self.refund("r-1", units: 1, restock: .return), at: Self.now + 60)
            #expect(try await catalog.records.stock(of: "TEE-BLK-M")["main"]?.onHand == 9)
            #expect(try await ledger.stockMovements(sku: SKU("TEE-BLK-M")!).map(\.kind) == [.count, .shipment, .return])
        }
    }

    @Test(
        "open units are grouped by the store location they ship from, unknown first; a read without a location keeps the known one",
        arguments: Backend.allCases)
    func openUnitsByLocation(backend: Backend) async throws {
        try await backend.withCatalog { catalog in
            let ledger = catalog.ledger
            var other = Self.order(location: nil)
            other.remoteID = "gid://shopify/Order/2"
            other.lines[0].remoteLineID = "gid://shopify/LineItem/2"
            other.lines[0].quantity = 1
            _ = try await ledger.ingestOrders([Self.order(), other])
            var units = try await ledger.openOrderUnitsByLocation()
            #expect(
                units == [
                    OpenOrderUnits(sku: SKU("TEE-BLK-M")!, store: "shop", locationID: nil, locationName: nil, units: 1),
                    OpenOrderUnits(
                        sku: SKU("TEE-BLK-M")!, store: "shop", locationID: "gid://shopify/Location/2", locationName: "Berlin", units: 4),
                ])
            _ = try await ledger.ingestOrders([Self.order(fulfilled: 1, location: nil)])
            units = try await ledger.openOrderUnitsByLocation()
            #expect(units.first { $0.locationID != nil }?.units == 3)
            #expect(try await ledger.openOrderUnits() == [SKU("TEE-BLK-M")!: 4])
        }
    }
}
