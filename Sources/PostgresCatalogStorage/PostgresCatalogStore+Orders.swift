import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: Orders

    public func ingestOrders(_ orders: [Order]) async throws -> Int {
        try await ingestOrders(orders, routing: [:])
    }

    public func ingestOrders(_ orders: [Order], routing: [StoreID: StockRouting]) async throws -> Int {
        try await write("store orders") { db in
            let routing = Dictionary(uniqueKeysWithValues: routing.map { ($0.key.rawValue, $0.value) })
            var new = 0
            // SQLite stores the orders one after another; an order given twice in one call is
            // stored twice, so each round holds every order at most once.
            for round in Self.rounds(of: orders) {
                new += try await Self.ingestRound(db, round, routing: routing)
            }
            return new
        }
    }

    /// `orders` split into runs in which no order appears twice, in the order given.
    static func rounds(of orders: [Order]) -> [[Order]] {
        var rounds: [[Order]] = [[]]
        var seen = Set<OrderKey>()
        for order in orders {
            let key = OrderKey(store: order.store.rawValue, orderID: order.remoteID)
            if !seen.insert(key).inserted {
                rounds.append([])
                seen = [key]
            }
            rounds[rounds.count - 1].append(order)
        }
        return rounds.filter { !$0.isEmpty }
    }

    static func ingestRound(_ db: PostgresConnection, _ orders: [Order], routing: [String: StockRouting]) async throws -> Int {
        guard !orders.isEmpty else { return 0 }
        let now = Date()
        // Inserted rather than updated: `xmax` is 0 for a row this statement created.
        let inserted = try await db.run(
            """
            INSERT INTO store_order(store, order_id, number, created_at, processed_at, cancelled_at, first_fulfilled_at,
                                    fulfilled_at, financial_status, fulfillment_status, updated_at, holds_stock)
            SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::float8[], $5::float8[], $6::float8[], $7::float8[],
                                 $8::float8[], $9::text[], $10::text[], $11::float8[], $12::boolean[])
            ON CONFLICT (store, order_id) DO UPDATE SET
                number = excluded.number, processed_at = excluded.processed_at, cancelled_at = excluded.cancelled_at,
                first_fulfilled_at = excluded.first_fulfilled_at, fulfilled_at = excluded.fulfilled_at,
                financial_status = excluded.financial_status, fulfillment_status = excluded.fulfillment_status,
                updated_at = excluded.updated_at, holds_stock = excluded.holds_stock
            RETURNING (xmax = 0) AS inserted
            """,
            orders.map(\.store.rawValue), orders.map(\.remoteID), orders.map(\.number), orders.map(\.createdAt),
            orders.map(\.processedAt), orders.map(\.cancelledAt), orders.map(\.firstFulfilledAt), orders.map(\.fulfilledAt),
            orders.map(\.financialStatus.rawValue), orders.map(\.fulfillmentStatus.rawValue), orders.map(\.updatedAt),
            orders.map(\.holdsStock)
        ).filter { try $0.get("inserted") as Bool }.count

        // A line given twice in one order is written twice by SQLite: the later one wins, keeping
        // the earlier's variant and location where it does not say.
        var lines: [[String]: (store: String, orderID: String, line: OrderLine)] = [:]
        var lineOrder: [[String]] = []
        for order in orders {
            for line in order.lines {
                let key = [order.store.rawValue, order.remoteID, line.remoteLineID]
                var merged = line
                if let earlier = lines[key]?.line {
                    merged.variantID = line.variantID ?? earlier.variantID
                    merged.locationID = line.locationID ?? earlier.locationID
                    merged.locationName = line.locationName ?? earlier.locationName
                } else {
                    lineOrder.append(key)
                }
                lines[key] = (order.store.rawValue, order.remoteID, merged)
            }
        }
        let rows = lineOrder.map { lines[$0]! }
        if !rows.isEmpty {
            // A line's location is kept when a later read no longer says (a shipped line's
            // fulfillment order is closed): it holds no open units then anyway.
            try await db.run(
                """
                INSERT INTO order_line(store, order_id, line_id, sku, quantity, fulfilled_quantity, refunded_quantity, cancelled_quantity,
                                       location_id, location_name, variant_id, shipped_quantity, restocked_quantity, returned_quantity)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[],
                                     $9::text[], $10::text[], $11::text[], $12::bigint[], $13::bigint[], $14::bigint[])
                ON CONFLICT (store, order_id, line_id) DO UPDATE SET
                    sku = excluded.sku, quantity = excluded.quantity, fulfilled_quantity = excluded.fulfilled_quantity,
                    refunded_quantity = excluded.refunded_quantity, cancelled_quantity = excluded.cancelled_quantity,
                    variant_id = COALESCE(excluded.variant_id, order_line.variant_id), shipped_quantity = excluded.shipped_quantity,
                    restocked_quantity = excluded.restocked_quantity, returned_quantity = excluded.returned_quantity,
                    location_id = COALESCE(excluded.location_id, order_line.location_id),
                    location_name = COALESCE(excluded.location_name, order_line.location_name)
                """,
                rows.map(\.store), rows.map(\.orderID), rows.map(\.line.remoteLineID), rows.map(\.line.sku?.rawValue),
                rows.map(\.line.quantity), rows.map(\.line.fulfilledQuantity), rows.map(\.line.refundedQuantity),
                rows.map(\.line.cancelledQuantity), rows.map(\.line.locationID), rows.map(\.line.locationName),
                rows.map(\.line.variantID), rows.map(\.line.shippedQuantity), rows.map(\.line.restockedQuantity),
                rows.map(\.line.returnedQuantity))
        }
        try await settleOrderLines(
            db, orders: orders.map { OrderKey(store: $0.store.rawValue, orderID: $0.remoteID) }, routing: routing, now: now)
        // The refunds this read already counts: a webhook for one of them must not count it again.
        let counted = orders.flatMap { order in (order.refundIDs ?? []).map { (order.store.rawValue, order.remoteID, $0) } }
        if !counted.isEmpty {
            try await db.run(
                """
                INSERT INTO order_refund(store, order_id, refund_id, source, created_at, recorded_at)
                SELECT store, order_id, refund_id, 'order', NULL, $4 FROM unnest($1::text[], $2::text[], $3::text[]) AS r(store, order_id, refund_id)
                ON CONFLICT DO NOTHING
                """, counted.map(\.0), counted.map(\.1), counted.map(\.2), now)
        }
        return inserted
    }

    public func orders(store: StoreID?) async throws -> [Order] {
        try await read { db in
            let filter = store == nil ? "" : " WHERE store = $1"
            let parameters: [PostgresValue?] = store.map { [.text($0.rawValue)] } ?? []
            var lines: [OrderKey: [OrderLine]] = [:]
            for row in try await db.query("SELECT * FROM order_line\(filter) ORDER BY store, order_id, line_id", parameters) {
                lines[OrderKey(store: try row.get("store"), orderID: try row.get("order_id")), default: []].append(
                    OrderLine(
                        remoteLineID: try row.get("line_id"), sku: (try row.get("sku") as String?).flatMap(SKU.init),
                        quantity: try row.get("quantity"), fulfilledQuantity: try row.get("fulfilled_quantity"),
                        refundedQuantity: try row.get("refunded_quantity"), cancelledQuantity: try row.get("cancelled_quantity"),
                        locationID: try row.get("location_id"), locationName: try row.get("location_name"),
                        variantID: try row.get("variant_id"), shippedQuantity: try row.get("shipped_quantity"),
                        restockedQuantity: try row.get("restocked_quantity"), returnedQuantity: try row.get("returned_quantity")))
            }
            return try await db.query("SELECT * FROM store_order\(filter) ORDER BY store, created_at, order_id", parameters).map { row in
                let storeText: String = try row.get("store")
                let id: String = try row.get("order_id")
                return Order(
                    store: StoreID(storeText), remoteID: id, number: try row.get("number"), createdAt: try row.date("created_at"),
                    processedAt: try row.optionalDate("processed_at"), cancelledAt: try row.optionalDate("cancelled_at"),
                    firstFulfilledAt: try row.optionalDate("first_fulfilled_at"), fulfilledAt: try row.optionalDate("fulfilled_at"),
                    financialStatus: FinancialStatus(rawValue: try row.get("financial_status")) ?? .unknown,
                    fulfillmentStatus: FulfillmentStatus(rawValue: try row.get("fulfillment_status")) ?? .unknown,
                    lines: lines[OrderKey(store: storeText, orderID: id)] ?? [], updatedAt: try row.optionalDate("updated_at"),
                    holdsStock: try row.get("holds_stock"))
            }
        }
    }

    public func openOrderUnits() async throws -> [SKU: Int] {
        var units: [SKU: Int] = [:]
        for row in try await connection.run(
            """
            SELECT COALESCE(l.catalog_sku, l.sku),
                   SUM(GREATEST(0, l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity))
            FROM order_line l JOIN store_order o ON o.store = l.store AND o.order_id = l.order_id
            WHERE o.cancelled_at IS NULL AND o.holds_stock AND COALESCE(l.catalog_sku, l.sku) IS NOT NULL
            GROUP BY COALESCE(l.catalog_sku, l.sku)
            """)
        {
            let count: Int = try row.get(1)
            if count > 0, let sku = SKU(try row.get(0) as String) { units[sku] = count }
        }
        return units
    }

    public func openOrderUnitsByLocation() async throws -> [OpenOrderUnits] {
        // SQLite sorts NULL first; PostgreSQL, unless told, last.
        try await connection.run(
            """
            SELECT COALESCE(l.catalog_sku, l.sku), l.store, l.location_id, MAX(l.location_name COLLATE "C"),
                   SUM(GREATEST(0, l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity))
            FROM order_line l JOIN store_order o ON o.store = l.store AND o.order_id = l.order_id
            WHERE o.cancelled_at IS NULL AND o.holds_stock AND COALESCE(l.catalog_sku, l.sku) IS NOT NULL
            GROUP BY 1, l.store, l.location_id
            ORDER BY 1, l.store, l.location_id NULLS FIRST
            """
        ).compactMap { row in
            let units: Int = try row.get(4)
            guard units > 0, let sku = SKU(try row.get(0) as String) else { return nil }
            return OpenOrderUnits(
                sku: sku, store: StoreID(try row.get(1) as String), locationID: try row.get(2), locationName: try row.get(3), units: units)
        }
    }

    public func openOrderIDs(store: StoreID) async throws -> [String] {
        try await connection.run(
            """
            SELECT DISTINCT o.order_id FROM store_order o JOIN order_line l ON l.store = o.store AND l.order_id = o.order_id
            WHERE o.store = $1 AND o.cancelled_at IS NULL AND o.holds_stock
              AND l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity > 0
            ORDER BY o.order_id
            """, store.rawValue
        ).map { try $0.get(0) }
    }

    public func releaseVanishedOrders(store: StoreID, ids: Set<String>, at date: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write("release \(ids.count) orders gone from \(store)") { db in
            let sorted = ids.sorted()
            try await db.run(
                """
                UPDATE store_order SET cancelled_at = $3, updated_at = $3
                WHERE store = $1 AND order_id = ANY($2::text[]) AND cancelled_at IS NULL
                """, store.rawValue, sorted, date)
            try await db.run(
                """
                UPDATE order_line SET cancelled_quantity = cancelled_quantity
                    + GREATEST(0, quantity - fulfilled_quantity - refunded_quantity - cancelled_quantity)
                WHERE store = $1 AND order_id = ANY($2::text[])
                """, store.rawValue, sorted)
            try await Self.settleOrderLines(
                db, orders: sorted.map { OrderKey(store: store.rawValue, orderID: $0) }, routing: [:], now: date)
        }
    }

    // MARK: Refunds

    public func recordRefund(_ refund: OrderRefund, at date: Date) async throws -> RefundRecording {
        try await write("record refund \(refund.refundID) of order \(refund.orderID) in \(refund.store)") { db in
            let store = refund.store.rawValue
            let recorded = try await db.run(
                """
                INSERT INTO order_refund(store, order_id, refund_id, source, created_at, recorded_at)
                VALUES ($1, $2, $3, 'webhook', $4, $5) ON CONFLICT DO NOTHING
                """, store, refund.orderID, refund.refundID, refund.createdAt, date)
            guard recorded.affectedRows == 1 else { return .alreadyCounted }
            // One line may appear twice in a refund (Shopify splits a line refunded at two
            // restock locations): add them up per line.
            var byLine: [String: (line: OrderRefundLine, units: Int)] = [:]
            var order: [String] = []
            for line in refund.lines where line.quantity > 0 {
                if byLine[line.lineID] == nil { order.append(line.lineID) }
                byLine[line.lineID, default: (line, 0)].units += line.quantity
            }
            guard !order.isEmpty else {
                try await Self.settleOrderLines(
                    db, orders: [OrderKey(store: store, orderID: refund.orderID)], routing: [:], now: date)
                return .applied(lines: 0)
            }
            let refunded = order.map { byLine[$0]! }
            try await db.run(
                """
                INSERT INTO order_refund_line(store, order_id, refund_id, line_id, sku, quantity, restock, location_id)
                SELECT $1, $2, $3, * FROM unnest($4::text[], $5::text[], $6::bigint[], $7::text[], $8::text[])
                ON CONFLICT (store, order_id, refund_id, line_id) DO UPDATE SET
                    sku = excluded.sku, quantity = excluded.quantity, restock = excluded.restock, location_id = excluded.location_id
                """, store, refund.orderID, refund.refundID, order, refunded.map(\.line.sku?.rawValue), refunded.map(\.units),
                refunded.map(\.line.restock.rawValue), refunded.map(\.line.locationID))
            var stored: [String: OrderLine] = [:]
            for row in try await db.run(
                """
                SELECT line_id, quantity, fulfilled_quantity, refunded_quantity, cancelled_quantity FROM order_line
                WHERE store = $1 AND order_id = $2 AND line_id = ANY($3::text[])
                """, store, refund.orderID, order)
            {
                let lineID: String = try row.get(0)
                stored[lineID] = OrderLine(
                    remoteLineID: lineID, sku: nil, quantity: try row.get(1), fulfilledQuantity: try row.get(2),
                    refundedQuantity: try row.get(3), cancelledQuantity: try row.get(4))
            }
            var updates: [(lineID: String, fulfilled: Int, refunded: Int, restocked: Int, returned: Int)] = []
            for lineID in order {
                guard let line = stored[lineID] else { continue }
                let (refundLine, units) = byLine[lineID]!
                let updated = SQLiteCatalogStore.applying(units, restock: refundLine.restock, to: line)
                // Restocked units go back into the store's own count; returned ones (shipped, back
                // on the shelf) into on hand too. What shipped in all stays as it was.
                let restocked = refundLine.restock == .noRestock ? 0 : updated.refundedQuantity - line.refundedQuantity
                let returned = refundLine.restock == .return ? restocked : 0
                updates.append((lineID, updated.fulfilledQuantity, updated.refundedQuantity, restocked, returned))
            }
            if !updates.isEmpty {
                try await db.run(
                    """
                    UPDATE order_line l SET shipped_quantity = COALESCE(l.shipped_quantity, l.fulfilled_quantity),
                        fulfilled_quantity = u.fulfilled, refunded_quantity = u.refunded,
                        restocked_quantity = l.restocked_quantity + u.restocked, returned_quantity = l.returned_quantity + u.returned
                    FROM unnest($3::text[], $4::bigint[], $5::bigint[], $6::bigint[], $7::bigint[]) AS u(line_id, fulfilled, refunded, restocked, returned)
                    WHERE l.store = $1 AND l.order_id = $2 AND l.line_id = u.line_id
                    """, store, refund.orderID, updates.map(\.lineID), updates.map(\.fulfilled), updates.map(\.refunded),
                    updates.map(\.restocked), updates.map(\.returned))
            }
            try await Self.settleOrderLines(db, orders: [OrderKey(store: store, orderID: refund.orderID)], routing: [:], now: date)
            return .applied(lines: updates.count)
        }
    }
}
