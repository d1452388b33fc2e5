import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Order refunds and locations

    public func recordRefund(_ refund: OrderRefund, at date: Date) async throws -> RefundRecording {
        try await write("record refund \(refund.refundID) of order \(refund.orderID) in \(refund.store)") { db in
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO order_refund(store, order_id, refund_id, source, created_at, recorded_at)
                    VALUES (?, ?, ?, 'webhook', ?, ?)
                    """,
                arguments: [
                    refund.store.rawValue, refund.orderID, refund.refundID, refund.createdAt?.timeIntervalSince1970,
                    date.timeIntervalSince1970,
                ])
            guard db.changesCount == 1 else { return .alreadyCounted }
            var applied = 0
            // One line may appear twice in a refund (Shopify splits a line refunded at two
            // restock locations): add them up per line.
            var byLine: [String: (line: OrderRefundLine, units: Int)] = [:]
            var order: [String] = []
            for line in refund.lines where line.quantity > 0 {
                if byLine[line.lineID] == nil { order.append(line.lineID) }
                byLine[line.lineID, default: (line, 0)].units += line.quantity
            }
            for lineID in order {
                let (line, units) = byLine[lineID]!
                try db.execute(
                    sql: """
                        INSERT OR REPLACE INTO order_refund_line(store, order_id, refund_id, line_id, sku, quantity, restock, location_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        refund.store.rawValue, refund.orderID, refund.refundID, lineID, line.sku?.rawValue, units, line.restock.rawValue,
                        line.locationID,
                    ])
                guard
                    let row = try Row.fetchOne(
                        db,
                        sql:
                            "SELECT quantity, fulfilled_quantity, refunded_quantity, cancelled_quantity FROM order_line WHERE store = ? AND order_id = ? AND line_id = ?",
                        arguments: [refund.store.rawValue, refund.orderID, lineID])
                else { continue }
                let stored = OrderLine(
                    remoteLineID: lineID, sku: nil, quantity: row[0], fulfilledQuantity: row[1], refundedQuantity: row[2],
                    cancelledQuantity: row[3])
                let updated = Self.applying(units, restock: line.restock, to: stored)
                // Restocked units go back into the store's own count; returned ones (shipped, back
                // on the shelf) into on hand too. What shipped in all stays as it was.
                let restocked = line.restock == .noRestock ? 0 : updated.refundedQuantity - stored.refundedQuantity
                let returned = line.restock == .return ? restocked : 0
                try db.execute(
                    sql: """
                        UPDATE order_line SET shipped_quantity = COALESCE(shipped_quantity, fulfilled_quantity), fulfilled_quantity = ?,
                            refunded_quantity = ?, restocked_quantity = restocked_quantity + ?, returned_quantity = returned_quantity + ?
                        WHERE store = ? AND order_id = ? AND line_id = ?
                        """,
                    arguments: [
                        updated.fulfilledQuantity, updated.refundedQuantity, restocked, returned, refund.store.rawValue, refund.orderID,
                        lineID,
                    ])
                applied += 1
            }
            try Self.settleOrderLines(db, store: refund.store.rawValue, orderID: refund.orderID, routing: nil, now: date)
            return .applied(lines: applied)
        }
    }

    /// A line after `units` more are refunded. Returned units (``RefundRestock/return``) had
    /// shipped, so they leave the fulfilled count; other refunds take open units first and only
    /// then shipped ones — the arithmetic Shopify's own order read shows afterwards (fulfilled =
    /// current − unfulfilled quantity), so a later read agrees with the webhook.
    package static func applying(_ units: Int, restock: RefundRestock, to line: OrderLine) -> OrderLine {
        var line = line
        let room = max(0, line.quantity - line.cancelledQuantity - line.refundedQuantity)
        let refunded = min(units, room)
        let fromShipped = restock == .return ? refunded : max(0, refunded - line.openQuantity)
        line.fulfilledQuantity = max(0, line.fulfilledQuantity - fromShipped)
        line.refundedQuantity += refunded
        return line
    }

    public func openOrderUnitsByLocation() async throws -> [OpenOrderUnits] {
        try await read { db in
            var result: [OpenOrderUnits] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT COALESCE(l.catalog_sku, l.sku), l.store, l.location_id, MAX(l.location_name),
                           SUM(MAX(0, l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity))
                    FROM order_line l JOIN store_order o ON o.store = l.store AND o.order_id = l.order_id
                    WHERE o.cancelled_at IS NULL AND o.holds_stock = 1 AND COALESCE(l.catalog_sku, l.sku) IS NOT NULL
                    GROUP BY 1, l.store, l.location_id
                    ORDER BY 1, l.store, l.location_id
                    """)
            while let row = try rows.next() {
                let units: Int = row[4]
                guard units > 0, let sku = SKU(row[0] as String) else { continue }
                result.append(
                    OpenOrderUnits(sku: sku, store: StoreID(row[1] as String), locationID: row[2], locationName: row[3], units: units))
            }
            return result
        }
    }
}
