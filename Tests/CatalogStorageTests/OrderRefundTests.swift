import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@Suite("refunds from webhooks and order locations in the catalog database")
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

    func line(_ catalog: SQLiteCatalogStore) async throws -> OrderLine {
        try #require(try await catalog.orders(store: "shop").first?.lines.first)
    }

    @Test("a refund is applied once: a replay, reopening the database and the order read that counts it change nothing")
    func refundOnce() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("catalog.sqlite")
        do {
            let catalog = try SQLiteCatalogStore(path: path)
            _ = try await catalog.ingestOrders([Self.order()])
            #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .applied(lines: 1))
            #expect(try await line(catalog).refundedQuantity == 2)
            #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .alreadyCounted)
            #expect(try await line(catalog).refundedQuantity == 2)
        }
        let catalog = try SQLiteCatalogStore(path: path)
        #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .alreadyCounted)
        // The next order read has the store's own figure (2) and names the refund: still 2.
        _ = try await catalog.ingestOrders([Self.order(refunded: 2, refundIDs: ["gid://shopify/Refund/1"])])
        #expect(try await line(catalog).refundedQuantity == 2)
        // A refund an order read counted first is not counted again when its webhook arrives late.
        _ = try await catalog.ingestOrders([Self.order(refunded: 3, refundIDs: ["gid://shopify/Refund/1", "gid://shopify/Refund/2"])])
        #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/2", units: 1), at: Self.now) == .alreadyCounted)
        #expect(try await line(catalog).refundedQuantity == 3)
        // Never past the units sold.
        #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/3", units: 9), at: Self.now) == .applied(lines: 1))
        #expect(try await line(catalog).refundedQuantity == 4)
    }

    @Test("a refund of an order not read yet is remembered and left to the order read")
    func refundBeforeOrder() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        #expect(try await catalog.recordRefund(Self.refund("gid://shopify/Refund/1", units: 2), at: Self.now) == .applied(lines: 0))
        _ = try await catalog.ingestOrders([Self.order(refunded: 2, refundIDs: ["gid://shopify/Refund/1"])])
        #expect(try await line(catalog).refundedQuantity == 2)
    }

    @Test("returned units had shipped: they leave the fulfilled count, so the open units stay as they were")
    func returnedUnits() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        _ = try await catalog.ingestOrders([Self.order(fulfilled: 2)])
        _ = try await catalog.recordRefund(Self.refund("r-1", units: 1, restock: .return), at: Self.now)
        var stored = try await line(catalog)
        #expect((stored.fulfilledQuantity, stored.refundedQuantity, stored.openQuantity) == (1, 1, 2))
        // Cancelled unshipped units come off the open ones.
        _ = try await catalog.recordRefund(Self.refund("r-2", units: 1, restock: .cancel), at: Self.now)
        stored = try await line(catalog)
        #expect((stored.fulfilledQuantity, stored.refundedQuantity, stored.openQuantity) == (1, 2, 1))
    }

    @Test("open units are grouped by the store location they ship from, unknown apart; a read without a location keeps the known one")
    func openUnitsByLocation() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
        var other = Self.order(location: nil)
        other.remoteID = "gid://shopify/Order/2"
        other.lines[0].remoteLineID = "gid://shopify/LineItem/2"
        other.lines[0].quantity = 1
        _ = try await catalog.ingestOrders([Self.order(), other])
        var units = try await catalog.openOrderUnitsByLocation()
        #expect(
            units == [
                OpenOrderUnits(sku: SKU("TEE-BLK-M")!, store: "shop", locationID: nil, locationName: nil, units: 1),
                OpenOrderUnits(
                    sku: SKU("TEE-BLK-M")!, store: "shop", locationID: "gid://shopify/Location/2", locationName: "Berlin", units: 4),
            ])
        _ = try await catalog.ingestOrders([Self.order(fulfilled: 1, location: nil)])
        units = try await catalog.openOrderUnitsByLocation()
        #expect(units.first { $0.locationID != nil }?.units == 3)
        #expect(try await catalog.openOrderUnits() == [SKU("TEE-BLK-M")!: 4])
    }
}
