import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Listings

    public func saveListingMappings(_ mappings: [ListingMapping]) async throws {
        try await write("save listing mappings") { db in try Self.saveListingMappings(db, mappings) }
    }

    /// The body of ``saveListingMappings(_:)`` inside a transaction the caller holds.
    static func saveListingMappings(_ db: Database, _ mappings: [ListingMapping]) throws {
        let statement = try db.cachedStatement(
            sql: """
                INSERT INTO listing(store, variant_remote_id, sku, product_remote_id, inventory_item_id, last_seen)
                VALUES (?, ?, ?, ?, ?, ?)
                ON CONFLICT(store, variant_remote_id) DO UPDATE SET
                    sku = excluded.sku, product_remote_id = excluded.product_remote_id,
                    inventory_item_id = excluded.inventory_item_id, last_seen = excluded.last_seen
                """)
        for mapping in mappings {
            try statement.execute(arguments: [
                mapping.store.rawValue, mapping.ref.variantID, mapping.sku.rawValue, mapping.ref.productID,
                mapping.ref.inventoryItemID, mapping.lastSeen.timeIntervalSince1970,
            ])
        }
    }

    public func listingMappings(store: StoreID) async throws -> [ListingMapping] {
        try await read { db in
            // In the table's own order (one pass over the primary key, columns by position), then
            // sorted here: `ORDER BY sku` went through the SKU index and a lookup a row.
            var mappings: [ListingMapping] = []
            let rows = try Row.fetchCursor(
                db, sql: "SELECT sku, product_remote_id, variant_remote_id, inventory_item_id, last_seen FROM listing WHERE store = ?",
                arguments: [store.rawValue])
            while let row = try rows.next() {
                guard let sku = SKU(row[0] as String) else { continue }
                mappings.append(
                    ListingMapping(
                        store: store, sku: sku, ref: RemoteRef(productID: row[1], variantID: row[2], inventoryItemID: row[3]),
                        lastSeen: Date(timeIntervalSince1970: row[4])))
            }
            return mappings.sorted { $0.sku != $1.sku ? $0.sku < $1.sku : $0.ref.variantID < $1.ref.variantID }
        }
    }

    // MARK: Bases

    public func baseValues(store: StoreID) async throws -> [BaseKey: FieldValue] {
        let path = self.path
        return try await read { db in
            var result: [BaseKey: FieldValue] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT sku, fields FROM base_row WHERE store = ?", arguments: [store.rawValue])
            while let row = try rows.next() {
                guard let sku = SKU(row[0] as String) else {
                    throw CatalogStoreError(
                        code: .corruptValue, path: path, message: "a base value for store \(store) has an unreadable key")
                }
                try BaseRows.forEachValue(in: row[1]) { key, json in
                    guard let field = Change.Field(key: String(key)) else {
                        throw CatalogStoreError(
                            code: .corruptValue, path: path, message: "a base value for store \(store) has an unreadable key")
                    }
                    result[BaseKey(sku: sku, field: field)] = try BaseValueCodec.decode(json)
                }
            }
            return result
        }
    }

    public func baseTable(store: StoreID) async throws -> BaseTable {
        let path = self.path
        return try await read { db in
            var table = BaseTable()
            if let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM base_row WHERE store = ?", arguments: [store.rawValue]) {
                table.reserveCapacity(skus: count, values: count * 10)
            }
            // The primary key (store, sku) gives SKU order without sorting; a row holds every field.
            let rows = try Row.fetchCursor(
                db, sql: "SELECT sku, fields FROM base_row WHERE store = ? ORDER BY sku", arguments: [store.rawValue])
            // A store has a few field keys (`price`, `stock@main`, …): each is parsed once.
            var fields: [Substring: Change.Field] = [:]
            while let row = try rows.next() {
                guard let sku = SKU(row[0] as String) else {
                    throw CatalogStoreError(
                        code: .corruptValue, path: path, message: "a base value for store \(store) has an unreadable key")
                }
                try BaseRows.forEachValue(in: row[1]) { key, json in
                    let field: Change.Field
                    if let known = fields[key] {
                        field = known
                    } else {
                        guard let parsed = Change.Field(key: String(key)) else {
                            throw CatalogStoreError(
                                code: .corruptValue, path: path, message: "a base value for store \(store) has an unreadable key")
                        }
                        field = parsed
                        if fields.count < 4096 { fields[key] = parsed }
                    }
                    table.append(sku: sku, field: field, value: try BaseValueCodec.decode(json))
                }
            }
            return table
        }
    }

    public func recordBaseValues(_ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) async throws {
        try await write("record base values") { db in try Self.recordBaseValues(db, values, store: store, runID: runID) }
    }

    /// The body of ``recordBaseValues(_:store:runID:)`` inside a transaction the caller holds.
    static func recordBaseValues(_ db: Database, _ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) throws {
        let now = Date().timeIntervalSince1970
        try BaseRows.write(
            db, store: store.rawValue,
            values: values.map {
                (sku: $0.key.sku.rawValue, field: $0.key.field.key, entry: BaseRows.Entry($0.value, runID: runID, recordedAt: now))
            })
    }

    // MARK: Cursors

    public func cursor(store: StoreID, stream: CursorStream) async throws -> SyncCursor? {
        try await read { db in
            try Row.fetchOne(
                db, sql: "SELECT updated_at, token FROM sync_cursor WHERE store = ? AND stream = ?",
                arguments: [store.rawValue, stream.rawValue]
            )
            .map { SyncCursor(updatedAt: Date(timeIntervalSince1970: $0[0]), token: $0[1]) }
        }
    }

    public func saveCursor(_ cursor: SyncCursor, store: StoreID, stream: CursorStream) async throws {
        try await write("save the \(stream.rawValue) cursor of \(store)") { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_cursor(store, stream, updated_at, token) VALUES (?, ?, ?, ?)
                    ON CONFLICT(store, stream) DO UPDATE SET updated_at = excluded.updated_at, token = excluded.token
                    """, arguments: [store.rawValue, stream.rawValue, cursor.updatedAt.timeIntervalSince1970, cursor.token])
        }
    }

    // MARK: Orders

    public func ingestOrders(_ orders: [Order]) async throws -> Int {
        try await ingestOrders(orders, routing: [:])
    }

    public func ingestOrders(_ orders: [Order], routing: [StoreID: StockRouting]) async throws -> Int {
        try await write("store orders") { db in
            var new = 0
            let exists = try db.cachedStatement(sql: "SELECT 1 FROM store_order WHERE store = ? AND order_id = ?")
            let upsertOrder = try db.cachedStatement(
                sql: """
                    INSERT INTO store_order(store, order_id, number, created_at, processed_at, cancelled_at, first_fulfilled_at,
                                            fulfilled_at, financial_status, fulfillment_status, updated_at, holds_stock)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(store, order_id) DO UPDATE SET
                        number = excluded.number, processed_at = excluded.processed_at, cancelled_at = excluded.cancelled_at,
                        first_fulfilled_at = excluded.first_fulfilled_at, fulfilled_at = excluded.fulfilled_at,
                        financial_status = excluded.financial_status, fulfillment_status = excluded.fulfillment_status,
                        updated_at = excluded.updated_at, holds_stock = excluded.holds_stock
                    """)
            // A line's location is kept when a later read no longer says (a shipped line's
            // fulfillment order is closed): it holds no open units then anyway.
            let upsertLine = try db.cachedStatement(
                sql: """
                    INSERT INTO order_line(store, order_id, line_id, sku, quantity, fulfilled_quantity, refunded_quantity, cancelled_quantity,
                                           location_id, location_name, variant_id, shipped_quantity, restocked_quantity, returned_quantity)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(store, order_id, line_id) DO UPDATE SET
                        sku = excluded.sku, quantity = excluded.quantity, fulfilled_quantity = excluded.fulfilled_quantity,
                        refunded_quantity = excluded.refunded_quantity, cancelled_quantity = excluded.cancelled_quantity,
                        variant_id = COALESCE(excluded.variant_id, order_line.variant_id), shipped_quantity = excluded.shipped_quantity,
                        restocked_quantity = excluded.restocked_quantity, returned_quantity = excluded.returned_quantity,
                        location_id = COALESCE(excluded.location_id, order_line.location_id),
                        location_name = COALESCE(excluded.location_name, order_line.location_name)
                    """)
            // The refunds this read already counts: a webhook for one of them must not count it again.
            let countedRefund = try db.cachedStatement(
                sql: """
                    INSERT OR IGNORE INTO order_refund(store, order_id, refund_id, source, created_at, recorded_at)
                    VALUES (?, ?, ?, 'order', NULL, ?)
                    """)
            let now = Date().timeIntervalSince1970
            for order in orders {
                if try Bool.fetchOne(exists, arguments: [order.store.rawValue, order.remoteID]) == nil { new += 1 }
                try upsertOrder.execute(arguments: [
                    order.store.rawValue, order.remoteID, order.number, order.createdAt.timeIntervalSince1970,
                    order.processedAt?.timeIntervalSince1970, order.cancelledAt?.timeIntervalSince1970,
                    order.firstFulfilledAt?.timeIntervalSince1970, order.fulfilledAt?.timeIntervalSince1970,
                    order.financialStatus.rawValue, order.fulfillmentStatus.rawValue, order.updatedAt?.timeIntervalSince1970,
                    order.holdsStock,
                ])
                for line in order.lines {
                    try upsertLine.execute(arguments: [
                        order.store.rawValue, order.remoteID, line.remoteLineID, line.sku?.rawValue, line.quantity,
                        line.fulfilledQuantity, line.refundedQuantity, line.cancelledQuantity, line.locationID, line.locationName,
                        line.variantID, line.shippedQuantity, line.restockedQuantity, line.returnedQuantity,
                    ])
                }
                try Self.settleOrderLines(
                    db, store: order.store.rawValue, orderID: order.remoteID, routing: routing[order.store], now: Date())
                for refundID in order.refundIDs ?? [] {
                    try countedRefund.execute(arguments: [order.store.rawValue, order.remoteID, refundID, now])
                }
            }
            return new
        }
    }

    public func orders(store: StoreID?) async throws -> [Order] {
        try await read { db in
            let filter = store == nil ? "" : " WHERE store = ?"
            let arguments: StatementArguments = store.map { [$0.rawValue] } ?? []
            var lines: [String: [OrderLine]] = [:]
            for row in try Row.fetchAll(
                db, sql: "SELECT * FROM order_line\(filter) ORDER BY store, order_id, line_id", arguments: arguments)
            {
                let key = (row["store"] as String) + "\u{1F}" + (row["order_id"] as String)
                lines[key, default: []].append(
                    OrderLine(
                        remoteLineID: row["line_id"], sku: (row["sku"] as String?).flatMap(SKU.init), quantity: row["quantity"],
                        fulfilledQuantity: row["fulfilled_quantity"], refundedQuantity: row["refunded_quantity"],
                        cancelledQuantity: row["cancelled_quantity"], locationID: row["location_id"], locationName: row["location_name"],
                        variantID: row["variant_id"], shippedQuantity: row["shipped_quantity"],
                        restockedQuantity: row["restocked_quantity"],
                        returnedQuantity: row["returned_quantity"]))
            }
            func date(_ value: Double?) -> Date? { value.map(Date.init(timeIntervalSince1970:)) }
            return try Row.fetchAll(
                db, sql: "SELECT * FROM store_order\(filter) ORDER BY store, created_at, order_id", arguments: arguments
            ).map { row in
                let storeText: String = row["store"]
                let id: String = row["order_id"]
                return Order(
                    store: StoreID(storeText), remoteID: id, number: row["number"],
                    createdAt: Date(timeIntervalSince1970: row["created_at"]), processedAt: date(row["processed_at"]),
                    cancelledAt: date(row["cancelled_at"]), firstFulfilledAt: date(row["first_fulfilled_at"]),
                    fulfilledAt: date(row["fulfilled_at"]),
                    financialStatus: FinancialStatus(rawValue: row["financial_status"]) ?? .unknown,
                    fulfillmentStatus: FulfillmentStatus(rawValue: row["fulfillment_status"]) ?? .unknown,
                    lines: lines[storeText + "\u{1F}" + id] ?? [], updatedAt: date(row["updated_at"]), holdsStock: row["holds_stock"])
            }
        }
    }

    public func openOrderUnits() async throws -> [SKU: Int] {
        try await read { db in
            var units: [SKU: Int] = [:]
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT COALESCE(l.catalog_sku, l.sku), SUM(MAX(0, l.quantity - l.fulfilled_quantity - l.refunded_quantity - l.cancelled_quantity))
                    FROM order_line l JOIN store_order o ON o.store = l.store AND o.order_id = l.order_id
                    WHERE o.cancelled_at IS NULL AND o.holds_stock = 1 AND COALESCE(l.catalog_sku, l.sku) IS NOT NULL
                    GROUP BY COALESCE(l.catalog_sku, l.sku)
                    """)
            while let row = try rows.next() {
                let count: Int = row[1]
                if count > 0, let sku = SKU(row[0] as String) { units[sku] = count }
            }
            return units
        }
    }

    // MARK: Runs

    public func startRun(kind: RunKind, startedAt: Date) async throws -> Int64 {
        try await write("start a run record") { db in
            try db.execute(
                sql: """
                    INSERT INTO sync_run(kind, status, started_at, catalog_revision)
                    VALUES (?, ?, ?, (SELECT revision FROM catalog_state WHERE id = 1))
                    """,
                arguments: [kind.rawValue, RunStatus.running.rawValue, startedAt.timeIntervalSince1970])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, status: RunStatus, finishedAt: Date, summaryJSON: String) async throws {
        try await write("finish run \(id)") { db in
            try db.execute(
                sql: "UPDATE sync_run SET status = ?, finished_at = ?, summary_json = ? WHERE id = ?",
                arguments: [status.rawValue, finishedAt.timeIntervalSince1970, summaryJSON, id])
        }
    }

    public func runs(limit: Int) async throws -> [RunRecord] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM sync_run ORDER BY id DESC LIMIT ?", arguments: [limit]).map(Self.runRecord)
        }
    }

    public func run(id: Int64) async throws -> RunRecord? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sync_run WHERE id = ?", arguments: [id]).map(Self.runRecord)
        }
    }

    static func runRecord(_ row: Row) -> RunRecord {
        RunRecord(
            id: row["id"], kind: RunKind(rawValue: row["kind"]) ?? .sync,
            status: RunStatus(rawValue: row["status"]) ?? .failed,
            startedAt: Date(timeIntervalSince1970: row["started_at"]),
            finishedAt: (row["finished_at"] as Double?).map(Date.init(timeIntervalSince1970:)),
            summaryJSON: row["summary_json"], catalogRevision: row["catalog_revision"])
    }

    // MARK: Journal

    public func journalPlan(_ batches: [[Change]], firstBatch: Int, runID: Int64) async throws {
        let now = Date().timeIntervalSince1970
        let count = batches.reduce(0) { $0 + $1.count }
        try await write("journal \(count) changes") { db in
            let statement = try db.cachedStatement(
                sql: """
                    INSERT INTO journal_entry(run_id, change_id, store, sku, field, batch, change_json, state, message, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
                    ON CONFLICT(run_id, change_id) DO UPDATE SET
                        batch = excluded.batch, change_json = excluded.change_json, state = excluded.state,
                        message = NULL, updated_at = excluded.updated_at
                    """)
            for (offset, batch) in batches.enumerated() {
                for change in batch {
                    try statement.execute(arguments: [
                        runID, change.id, change.store.rawValue, change.sku.rawValue, change.field.key, firstBatch + offset,
                        JSONColumn.encode(change), JournalEntry.State.queued.rawValue, now,
                    ])
                }
            }
        }
    }

    public func markSent(_ changeIDs: [String], runID: Int64, at date: Date) async throws {
        try await write("mark \(changeIDs.count) changes as sent") { db in
            let statement = try db.cachedStatement(
                sql: "UPDATE journal_entry SET state = ?, updated_at = ? WHERE run_id = ? AND change_id = ?")
            for id in changeIDs {
                try statement.execute(arguments: [JournalEntry.State.pending.rawValue, date.timeIntervalSince1970, runID, id])
            }
        }
    }

    public func recordOutcomes(_ outcomes: [ChangeOutcome], runID: Int64, at date: Date) async throws {
        try await write("record \(outcomes.count) outcomes") { db in
            let update = try db.cachedStatement(
                sql: """
                    UPDATE journal_entry SET state = ?, message = ?, updated_at = ? WHERE run_id = ? AND change_id = ?
                    RETURNING change_json
                    """)
            for outcome in outcomes {
                let state: JournalEntry.State =
                    switch outcome.status {
                    case .applied: .applied
                    case .stale: .stale
                    case .rejected: .rejected
                    case .unknown: .unknown
                    }
                let json = try String.fetchOne(
                    update, arguments: [state.rawValue, outcome.message, date.timeIntervalSince1970, runID, outcome.changeID])
                guard state == .applied, let json else { continue }
                let change = try JSONColumn.decode(json, as: Change.self)
                try BaseRows.write(
                    db, store: change.store.rawValue, sku: change.sku.rawValue,
                    [(change.field.key, BaseRows.Entry(change.new, runID: runID, recordedAt: date.timeIntervalSince1970))])
            }
        }
    }

    public func journalEntries(runID: Int64) async throws -> [JournalEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal_entry WHERE run_id = ? ORDER BY batch, rowid", arguments: [runID]).map { row in
                JournalEntry(
                    change: try JSONColumn.decode(row["change_json"]), runID: row["run_id"], batch: row["batch"],
                    state: JournalEntry.State(rawValue: row["state"]) ?? .unknown, message: row["message"],
                    updatedAt: Date(timeIntervalSince1970: row["updated_at"]))
            }
        }
    }

    public func resumableRuns() async throws -> [RunRecord] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM sync_run
                    WHERE kind IN ('apply', 'sync') AND status IN ('running', 'interrupted', 'failed')
                      AND EXISTS (SELECT 1 FROM journal_entry j WHERE j.run_id = sync_run.id AND j.state IN ('queued', 'pending', 'unknown'))
                    ORDER BY id DESC
                    """
            ).map(Self.runRecord)
        }
    }

    public func catalogRevision() async throws -> Int64 {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT revision FROM catalog_state WHERE id = 1") ?? 0 }
    }

    /// Called inside every transaction that writes the canonical catalog.
    static func bumpCatalogRevision(_ db: Database) throws {
        try db.execute(sql: "UPDATE catalog_state SET revision = revision + 1 WHERE id = 1")
    }

    // MARK: Decisions

    public func recordDecision(_ decision: ReviewDecision) async throws -> Int64 {
        try await write("record a review decision") { db in
            try db.execute(
                sql: """
                    INSERT INTO review_decision(store, sku, field, choice, value_json, decided_at) VALUES (?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    decision.store.rawValue, decision.sku.rawValue, decision.field?.key ?? "", decision.choice.rawValue,
                    decision.value.map { JSONColumn.encode($0) }, decision.decidedAt.timeIntervalSince1970,
                ])
            return db.lastInsertedRowID
        }
    }

    public func decisions(store: StoreID?) async throws -> [ReviewDecision] {
        try await read { db in
            let filter = store == nil ? "" : " WHERE store = ?"
            let arguments: StatementArguments = store.map { [$0.rawValue] } ?? []
            return try Row.fetchAll(db, sql: "SELECT * FROM review_decision\(filter) ORDER BY id", arguments: arguments).compactMap { row in
                let fieldKey: String = row["field"]
                let field = Change.Field(key: fieldKey)
                guard let sku = SKU(row["sku"] as String), fieldKey.isEmpty || field != nil,
                    let choice = ReviewDecision.Choice(rawValue: row["choice"])
                else { return nil }
                return ReviewDecision(
                    id: row["id"], store: StoreID(row["store"] as String), sku: sku, field: field, choice: choice,
                    value: try (row["value_json"] as String?).map { try JSONColumn.decode($0, as: FieldValue.self) },
                    decidedAt: Date(timeIntervalSince1970: row["decided_at"]), itemID: row["item_id"],
                    previousCatalogValue: try (row["previous_catalog_json"] as String?).map {
                        try JSONColumn.decode($0, as: FieldValue.self)
                    },
                    previousBase: try (row["previous_base_json"] as String?).map { try JSONColumn.decode($0, as: FieldValue.self) },
                    hadBase: row["had_base"], ruleID: row["rule_id"],
                    undoneAt: (row["undone_at"] as Double?).map(Date.init(timeIntervalSince1970:)))
            }
        }
    }
}
