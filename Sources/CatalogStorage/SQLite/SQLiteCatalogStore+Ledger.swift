import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: The stock ledger

    public func stockMovements(sku: SKU) async throws -> [StockMovement] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT m.*, o.number FROM stock_movement m
                    LEFT JOIN store_order o ON o.store = m.store AND o.order_id = m.order_id
                    WHERE m.sku = ? ORDER BY m.location_code, m.recorded_at, m.id
                    """,
                arguments: [sku.rawValue]
            ).map { row in
                StockMovement(
                    id: row["id"], kind: StockMovement.Kind(rawValue: row["kind"]) ?? .adjustment, sku: sku,
                    location: row["location_code"], quantity: row["quantity"],
                    occurredAt: Date(timeIntervalSince1970: row["occurred_at"]),
                    recordedAt: Date(timeIntervalSince1970: row["recorded_at"]), asOfGiven: row["as_of_given"],
                    store: (row["store"] as String?).map { StoreID($0) }, orderID: row["order_id"], orderNumber: row["number"],
                    lineID: row["line_id"], reference: row["reference"], note: row["note"])
            }
        }
    }

    public func stockDebits(store: StoreID) async throws -> [SKU: [String: Int]] {
        try await read { db in
            var debits: [SKU: [String: Int]] = [:]
            let rows = try Row.fetchCursor(
                db, sql: "SELECT sku, location, units - units_at_base FROM store_debit WHERE store = ? AND units <> units_at_base",
                arguments: [store.rawValue])
            while let row = try rows.next() {
                guard let sku = SKU(row[0] as String) else { continue }
                debits[sku, default: [:]][row[1] as String] = row[2]
            }
            return debits
        }
    }

    public func openOrderIDs(store: StoreID) async throws -> [String] {
        try await read { db in
            try String.fetchAll(
                db,
                sql: """
                    SELECT DISTINCT o.order_id FROM store_order o JOIN order_line l ON l.store = o.store AND l.order_id = o.order_id
                    WHERE o.store = ? AND o.cancelled_at IS NULL AND o.holds_stock = 1
                      AND l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity > 0
                    ORDER BY o.order_id
                    """,
                arguments: [store.rawValue])
        }
    }

    public func releaseVanishedOrders(store: StoreID, ids: Set<String>, at date: Date) async throws {
        guard !ids.isEmpty else { return }
        try await write("release \(ids.count) orders gone from \(store)") { db in
            for id in ids.sorted() {
                try db.execute(
                    sql:
                        "UPDATE store_order SET cancelled_at = ?, updated_at = ? WHERE store = ? AND order_id = ? AND cancelled_at IS NULL",
                    arguments: [date.timeIntervalSince1970, date.timeIntervalSince1970, store.rawValue, id])
                try db.execute(
                    sql: """
                        UPDATE order_line SET cancelled_quantity = cancelled_quantity
                            + MAX(0, quantity - fulfilled_quantity - refunded_quantity - cancelled_quantity)
                        WHERE store = ? AND order_id = ?
                        """,
                    arguments: [store.rawValue, id])
                try Self.settleOrderLines(db, store: store.rawValue, orderID: id, routing: nil, now: date)
            }
        }
    }

    public func recordStockAdjustments(_ adjustments: [StockAdjustment], at date: Date) async throws {
        guard !adjustments.isEmpty else { return }
        let path = self.path
        try await write("book \(adjustments.count) stock adjustments") { db in
            let now = date.timeIntervalSince1970
            for adjustment in adjustments {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM location WHERE code = ?", arguments: [adjustment.location]) != nil else {
                    throw CatalogStoreError(
                        code: .refused, path: path,
                        message:
                            "location \(adjustment.location) is not in the catalog (adjustment of \(adjustment.sku)); nothing was written")
                }
                try Self.book(
                    db,
                    StockMovement(
                        kind: .adjustment, sku: adjustment.sku, location: adjustment.location, quantity: adjustment.units,
                        occurredAt: date, recordedAt: date, store: adjustment.store, note: adjustment.note))
                if let store = adjustment.store, let field = adjustment.baseField, let quantity = adjustment.baseQuantity {
                    // The base's run stays (an adoption is not a run of its own).
                    let run = try BaseRows.entry(db, store: store.rawValue, sku: adjustment.sku.rawValue, field: field.description)?.runID
                    try BaseRows.write(
                        db, store: store.rawValue, sku: adjustment.sku.rawValue,
                        [(field.description, BaseRows.Entry(FieldValue.quantity(quantity), runID: run, recordedAt: now))])
                }
            }
            try Self.bumpCatalogRevision(db)
        }
    }

    // MARK: Inside a write transaction

    /// Books one movement and brings the place's on hand up to date.
    static func book(_ db: Database, _ movement: StockMovement) throws {
        try insert(db, movement)
        try recomputeOnHand(db, sku: movement.sku.rawValue, location: movement.location)
    }

    static func insert(_ db: Database, _ movement: StockMovement) throws {
        try db.execute(
            sql: """
                INSERT INTO stock_movement(kind, sku, location_code, quantity, occurred_at, recorded_at, as_of_given, store, order_id,
                                           line_id, reference, note)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
            arguments: [
                movement.kind.rawValue, movement.sku.rawValue, movement.location, movement.quantity,
                movement.occurredAt.timeIntervalSince1970, movement.recordedAt.timeIntervalSince1970, movement.asOfGiven,
                movement.store?.rawValue, movement.orderID, movement.lineID, movement.reference, movement.note,
            ])
    }

    /// On hand at one place from the ledger: the latest count (by the time it speaks for) plus
    /// every other movement after it, written to `stock_level` (what plans read).
    ///
    /// "After" a count given with `--as-of` means after that time in the store's or warehouse's
    /// clock (a count taken at 06:00 and imported at 09:00 still loses the 07:00 shipment);
    /// after a count without one, it means booked after it (in ledger order), since such a count
    /// spoke for everything Concord had booked when it was recorded, and for shipments and
    /// returns also made after it: a store's order history read for the first time is in the
    /// count already.
    static func recomputeOnHand(_ db: Database, sku: String, location: String) throws {
        let count = try Row.fetchOne(
            db,
            sql: """
                SELECT id, quantity, occurred_at, recorded_at, as_of_given FROM stock_movement
                WHERE sku = ? AND location_code = ? AND kind = 'count' ORDER BY occurred_at DESC, id DESC LIMIT 1
                """,
            arguments: [sku, location])
        var onHand = 0
        let moved: Int
        if let count {
            onHand = count["quantity"]
            let id: Int64 = count["id"]
            if count["as_of_given"] as Bool {
                moved =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT COALESCE(SUM(quantity), 0) FROM stock_movement
                            WHERE sku = ? AND location_code = ? AND kind <> 'count' AND occurred_at > ?
                            """,
                        arguments: [sku, location, count["occurred_at"] as Double]) ?? 0
            } else {
                // Receipts and adjustments booked after the count add to it. Shipments and returns
                // must also have happened after it (in the store's clock, to the second): an
                // order read for the first time brings its whole history, which the count saw.
                moved =
                    try Int.fetchOne(
                        db,
                        sql: """
                            SELECT COALESCE(SUM(quantity), 0) FROM stock_movement
                            WHERE sku = ? AND location_code = ? AND kind <> 'count' AND id > ?
                              AND (kind NOT IN ('shipment', 'return') OR occurred_at >= ?)
                            """,
                        arguments: [sku, location, id, (count["occurred_at"] as Double).rounded(.down) - 1]) ?? 0
            }
        } else {
            moved =
                try Int.fetchOne(
                    db,
                    sql: "SELECT COALESCE(SUM(quantity), 0) FROM stock_movement WHERE sku = ? AND location_code = ? AND kind <> 'count'",
                    arguments: [sku, location]) ?? 0
        }
        onHand += moved
        try db.execute(
            sql: """
                INSERT INTO stock_level(sku, location_code, on_hand, available, committed) VALUES (?, ?, ?, ?, 0)
                ON CONFLICT(sku, location_code) DO UPDATE SET
                    available = excluded.on_hand - stock_level.committed, on_hand = excluded.on_hand
                """,
            arguments: [sku, location, onHand, onHand])
    }

    /// Books a count where a catalog write set on hand to something the ledger does not already
    /// say (or at a given time): imports, pulls and adopted listings are counts.
    static func bookCounts(
        _ db: Database, _ levels: [(sku: String, location: String, previous: Int?)], asOf: Date?, at date: Date, note: String
    ) throws {
        for level in levels {
            let onHand =
                try Int.fetchOne(
                    db, sql: "SELECT on_hand FROM stock_level WHERE sku = ? AND location_code = ?", arguments: [level.sku, level.location])
                ?? 0
            guard asOf != nil || onHand != (level.previous ?? 0) || level.previous == nil else { continue }
            guard let sku = SKU(level.sku) else { continue }
            let count = StockMovement(
                kind: .count, sku: sku, location: level.location, quantity: onHand, occurredAt: asOf ?? date, recordedAt: date,
                asOfGiven: asOf != nil, note: note)
            // A count as of now is on hand as written; only one in the past has movements after it.
            if asOf == nil { try insert(db, count) } else { try book(db, count) }
        }
    }

    /// Brings one order's lines into the ledger and the stores' debits after a read or a refund
    /// changed them: each line is attributed to its catalog SKU (through the listing it was sold
    /// from, else its SKU text), its units out of the warehouse are booked once as shipments or
    /// returns, and its debit (units the store's own count no longer shows) is moved.
    static func settleOrderLines(_ db: Database, store: String, orderID: String, routing: StockRouting?, now: Date) throws {
        guard
            let order = try Row.fetchOne(
                db,
                sql: "SELECT holds_stock, updated_at, fulfilled_at, first_fulfilled_at FROM store_order WHERE store = ? AND order_id = ?",
                arguments: [store, orderID])
        else { return }
        let holdsStock: Bool = order["holds_stock"]
        let updated = (order["updated_at"] as Double?).map { Date(timeIntervalSince1970: $0) } ?? now
        // A line seen shipped the first time shipped when the order says it did, not when it
        // was last touched (a note added later must not move an old shipment after a count).
        let shippedAt =
            ((order["fulfilled_at"] as Double?) ?? (order["first_fulfilled_at"] as Double?)).map { Date(timeIntervalSince1970: $0) }
        let lines = try Row.fetchAll(
            db,
            sql: """
                SELECT line_id, sku, variant_id, quantity, fulfilled_quantity, shipped_quantity, restocked_quantity, returned_quantity,
                       location_id, location_name, catalog_sku, debit, debit_location, units_out, out_booked, out_location
                FROM order_line WHERE store = ? AND order_id = ?
                """,
            arguments: [store, orderID])
        for row in lines {
            let lineID: String = row["line_id"]
            let skuText: String? = row["sku"]
            var catalogSKU: String?
            if let variant = row["variant_id"] as String? {
                catalogSKU = try String.fetchOne(
                    db, sql: "SELECT sku FROM listing WHERE store = ? AND variant_remote_id = ?", arguments: [store, variant])
            }
            if catalogSKU == nil, let skuText {
                catalogSKU = try String.fetchOne(db, sql: "SELECT sku FROM variant WHERE sku = ?", arguments: [skuText])
            }
            catalogSKU = catalogSKU ?? row["catalog_sku"]
            let line = OrderLine(
                remoteLineID: lineID, sku: nil, quantity: row["quantity"], fulfilledQuantity: row["fulfilled_quantity"],
                shippedQuantity: row["shipped_quantity"], restockedQuantity: row["restocked_quantity"],
                returnedQuantity: row["returned_quantity"])
            let debit = catalogSKU == nil ? 0 : line.storeDebit(holdsStock: holdsStock)
            let debitLocation = (row["location_id"] as String?) ?? "*"
            let oldSKU: String? = row["catalog_sku"]
            let oldDebit: Int = row["debit"]
            let seenBefore = (row["debit_location"] as String?) != nil
            let oldDebitLocation: String = (row["debit_location"] as String?) ?? debitLocation
            // A line read before whose SKU the catalog did not have then (a store adopted or a
            // SKU imported since): its past is in the catalog's count and in the store's bases.
            let lateAttribution = seenBefore && oldSKU == nil && catalogSKU != nil
            if oldSKU != catalogSKU || oldDebit != debit || oldDebitLocation != debitLocation {
                if let oldSKU, oldDebit != 0 {
                    try db.execute(
                        sql: "UPDATE store_debit SET units = units - ? WHERE store = ? AND sku = ? AND location = ?",
                        arguments: [oldDebit, store, oldSKU, oldDebitLocation])
                }
                if let catalogSKU, debit != 0 {
                    try db.execute(
                        sql: """
                            INSERT INTO store_debit(store, sku, location, units, units_at_base) VALUES (?, ?, ?, ?, ?)
                            ON CONFLICT(store, sku, location) DO UPDATE SET
                                units = units + excluded.units, units_at_base = units_at_base + excluded.units_at_base
                            """,
                        arguments: [store, catalogSKU, debitLocation, debit, lateAttribution ? debit : 0])
                }
            }
            var booked: Int = row["out_booked"]
            var outLocation: String? = row["out_location"]
            let unitsOut = line.unitsOut
            if lateAttribution { booked = unitsOut }
            if let catalogSKU, let sku = SKU(catalogSKU), unitsOut != booked {
                if outLocation == nil {
                    outLocation = try shipLocation(
                        db, sku: catalogSKU, routing: routing, locationID: row["location_id"], locationName: row["location_name"])
                }
                if let outLocation {
                    let delta = unitsOut - booked
                    try book(
                        db,
                        StockMovement(
                            kind: delta > 0 ? .shipment : .return, sku: sku, location: outLocation, quantity: -delta,
                            occurredAt: seenBefore ? updated : (shippedAt ?? updated), recordedAt: now, store: StoreID(store),
                            orderID: orderID, lineID: lineID))
                    booked = unitsOut
                }
            }
            try db.execute(
                sql: """
                    UPDATE order_line SET catalog_sku = ?, debit = ?, debit_location = ?, units_out = ?, out_booked = ?, out_location = ?
                    WHERE store = ? AND order_id = ? AND line_id = ?
                    """,
                arguments: [catalogSKU, debit, debitLocation, unitsOut, booked, outLocation, store, orderID, lineID])
        }
    }

    /// The catalog location a line's units left from: its store location as the routing maps
    /// it, else a catalog location of that name, else the store's fallback, else where the SKU
    /// has most on hand.
    static func shipLocation(_ db: Database, sku: String, routing: StockRouting?, locationID: String?, locationName: String?) throws
        -> String?
    {
        if let locationID, let code = routing?.locations[locationID] { return code }
        if let locationName,
            let code = try String.fetchOne(
                db, sql: "SELECT code FROM location WHERE lower(name) = lower(?) OR code = ?", arguments: [locationName, locationName])
        {
            return code
        }
        if let fallback = routing?.fallback { return fallback }
        if let code = try String.fetchOne(
            db, sql: "SELECT location_code FROM stock_level WHERE sku = ? ORDER BY on_hand DESC, location_code LIMIT 1", arguments: [sku])
        {
            return code
        }
        return try String.fetchOne(db, sql: "SELECT code FROM location ORDER BY code LIMIT 1")
    }
}
