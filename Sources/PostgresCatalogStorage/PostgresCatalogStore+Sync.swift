import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: Listings

    public func saveListingMappings(_ mappings: [ListingMapping]) async throws {
        try await write("save listing mappings") { db in try await Self.saveListingMappings(db, mappings) }
    }

    public func listingMappings(store: StoreID) async throws -> [ListingMapping] {
        try await connection.run(
            "SELECT sku, product_remote_id, variant_remote_id, inventory_item_id, last_seen FROM listing WHERE store = $1", store.rawValue
        ).compactMap { row in
            guard let sku = SKU(try row.get(0) as String) else { return nil }
            return ListingMapping(
                store: store, sku: sku,
                ref: RemoteRef(productID: try row.get(1), variantID: try row.get(2), inventoryItemID: try row.get(3)),
                lastSeen: try row.date("last_seen"))
        }.sorted { $0.sku != $1.sku ? $0.sku < $1.sku : $0.ref.variantID < $1.ref.variantID }
    }

    // MARK: Bases

    public func baseValues(store: StoreID) async throws -> [BaseKey: FieldValue] {
        var result: [BaseKey: FieldValue] = [:]
        for row in try await connection.run("SELECT sku, fields FROM base_row WHERE store = $1", store.rawValue) {
            guard let sku = SKU(try row.get(0) as String) else { throw unreadableBase(store) }
            try BaseRows.forEachValue(in: try row.get(1)) { key, value in
                guard let field = Change.Field(key: String(key)) else { throw unreadableBase(store) }
                result[BaseKey(sku: sku, field: field)] = try BaseValueCodec.decode(value)
            }
        }
        return result
    }

    public func baseTable(store: StoreID) async throws -> BaseTable {
        // In SKU order, so the table groups each SKU's fields as they come.
        let rows = try await connection.run("SELECT sku, fields FROM base_row WHERE store = $1 ORDER BY sku", store.rawValue)
        var table = BaseTable()
        table.reserveCapacity(skus: rows.count, values: rows.count * 10)
        // A store has a few field keys (`price`, `stock@main`, …): each is parsed once.
        var fields: [Substring: Change.Field] = [:]
        for row in rows {
            guard let sku = SKU(try row.get(0) as String) else { throw unreadableBase(store) }
            try BaseRows.forEachValue(in: try row.get(1)) { key, value in
                let field: Change.Field
                if let known = fields[key] {
                    field = known
                } else {
                    guard let parsed = Change.Field(key: String(key)) else { throw unreadableBase(store) }
                    field = parsed
                    if fields.count < 4096 { fields[key] = parsed }
                }
                table.append(sku: sku, field: field, value: try BaseValueCodec.decode(value))
            }
        }
        return table
    }

    public func recordBaseValues(_ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) async throws {
        try await write("record base values") { db in try await Self.recordBaseValues(db, values, store: store, runID: runID) }
    }

    private func unreadableBase(_ store: StoreID) -> CatalogStoreError {
        CatalogStoreError(code: .corruptValue, path: location, message: "a base value for store \(store) has an unreadable key")
    }

    // MARK: Cursors

    public func cursor(store: StoreID, stream: CursorStream) async throws -> SyncCursor? {
        try await connection.run(
            "SELECT updated_at, token FROM sync_cursor WHERE store = $1 AND stream = $2", store.rawValue, stream.rawValue
        ).first.map { SyncCursor(updatedAt: try $0.date("updated_at"), token: try $0.get("token")) }
    }

    public func saveCursor(_ cursor: SyncCursor, store: StoreID, stream: CursorStream) async throws {
        try await write("save the \(stream.rawValue) cursor of \(store)") { db in
            try await db.run(
                """
                INSERT INTO sync_cursor(store, stream, updated_at, token) VALUES ($1, $2, $3, $4)
                ON CONFLICT (store, stream) DO UPDATE SET updated_at = excluded.updated_at, token = excluded.token
                """, store.rawValue, stream.rawValue, cursor.updatedAt, cursor.token)
        }
    }

    // MARK: Journal

    public func journalPlan(_ batches: [[Change]], firstBatch: Int, runID: Int64) async throws {
        let now = Date()
        // A change given twice is journaled where it first appears, as its last occurrence says
        // (SQLite's upsert keeps the row, and so its place in the run, and takes the new values).
        var latest: [String: (batch: Int, change: Change)] = [:]
        var order: [String] = []
        for (offset, batch) in batches.enumerated() {
            for change in batch {
                if latest.updateValue((firstBatch + offset, change), forKey: change.id) == nil { order.append(change.id) }
            }
        }
        let rows = order.map { latest[$0]! }
        try await write("journal \(rows.count) changes") { db in
            guard !rows.isEmpty else { return }
            try await db.run(
                """
                INSERT INTO journal_entry(run_id, change_id, store, sku, field, batch, change_json, state, message, updated_at)
                SELECT $1, change_id, store, sku, field, batch, change_json, 'queued', NULL, $8
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[]) WITH ORDINALITY
                    AS j(change_id, store, sku, field, batch, change_json, n)
                ORDER BY n
                ON CONFLICT (run_id, change_id) DO UPDATE SET
                    batch = excluded.batch, change_json = excluded.change_json, state = excluded.state,
                    message = NULL, updated_at = excluded.updated_at
                """, runID, rows.map(\.change.id), rows.map(\.change.store.rawValue), rows.map(\.change.sku.rawValue),
                rows.map(\.change.field.key), rows.map(\.batch), rows.map { JSONColumn.encode($0.change) }, now)
        }
    }

    public func markSent(_ changeIDs: [String], runID: Int64, at date: Date) async throws {
        try await write("mark \(changeIDs.count) changes as sent") { db in
            guard !changeIDs.isEmpty else { return }
            try await db.run(
                "UPDATE journal_entry SET state = $1, updated_at = $2 WHERE run_id = $3 AND change_id = ANY($4::text[])",
                JournalEntry.State.pending.rawValue, date, runID, changeIDs)
        }
    }

    public func recordOutcomes(_ outcomes: [ChangeOutcome], runID: Int64, at date: Date) async throws {
        try await write("record \(outcomes.count) outcomes") { db in
            guard !outcomes.isEmpty else { return }
            func state(_ outcome: ChangeOutcome) -> JournalEntry.State {
                switch outcome.status {
                case .applied: .applied
                case .stale: .stale
                case .rejected: .rejected
                case .unknown: .unknown
                }
            }
            // An outcome given twice ends as the last one says; the journal row is updated once.
            var last: [String: ChangeOutcome] = [:]
            var order: [String] = []
            for outcome in outcomes where last.updateValue(outcome, forKey: outcome.changeID) == nil { order.append(outcome.changeID) }
            let rows = order.map { last[$0]! }
            var changes: [String: Change] = [:]
            for row in try await db.run(
                """
                UPDATE journal_entry j SET state = u.state, message = u.message, updated_at = $2
                FROM unnest($3::text[], $4::text[], $5::text[]) AS u(change_id, state, message)
                WHERE j.run_id = $1 AND j.change_id = u.change_id
                RETURNING j.change_id, j.change_json
                """, runID, date, rows.map(\.changeID), rows.map { state($0).rawValue }, rows.map(\.message))
            {
                changes[try row.get(0)] = try JSONColumn.decode(try row.get(1), as: Change.self)
            }
            // Applied changes become their store's base, in the same transaction.
            var bases: [String: [(sku: String, field: String, entry: BaseRows.Entry?)]] = [:]
            var stores: [String] = []
            for outcome in outcomes where state(outcome) == .applied {
                guard let change = changes[outcome.changeID] else { continue }
                if bases[change.store.rawValue] == nil { stores.append(change.store.rawValue) }
                bases[change.store.rawValue, default: []].append(
                    (
                        change.sku.rawValue, change.field.key,
                        BaseRows.Entry(change.new, runID: runID, recordedAt: date.timeIntervalSince1970)
                    ))
            }
            for store in stores { try await Self.writeBases(db, store: store, bases[store]!) }
        }
    }

    public func journalEntries(runID: Int64) async throws -> [JournalEntry] {
        try await connection.run("SELECT * FROM journal_entry WHERE run_id = $1 ORDER BY batch, seq", runID).map { row in
            JournalEntry(
                change: try JSONColumn.decode(try row.get("change_json")), runID: try row.get("run_id"), batch: try row.get("batch"),
                state: JournalEntry.State(rawValue: try row.get("state")) ?? .unknown, message: try row.get("message"),
                updatedAt: try row.date("updated_at"))
        }
    }

    public func resumableRuns() async throws -> [RunRecord] {
        try await connection.run(
            """
            SELECT * FROM sync_run
            WHERE kind IN ('apply', 'sync') AND status IN ('running', 'interrupted', 'failed')
              AND EXISTS (SELECT 1 FROM journal_entry j WHERE j.run_id = sync_run.id AND j.state IN ('queued', 'pending', 'unknown'))
            ORDER BY id DESC
            """
        ).map(Self.runRecord)
    }

    // MARK: Webhooks

    public func recordWebhookDelivery(store: StoreID, deliveryID: String, at date: Date) async throws -> Bool {
        try await write("remember webhook delivery \(deliveryID) of \(store)") { db in
            try await db.run(
                "INSERT INTO webhook_delivery(store, delivery_id, received_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", store.rawValue,
                deliveryID, date
            ).affectedRows == 1
        }
    }

    public func pruneWebhookDeliveries(before date: Date) async throws {
        try await write("forget old webhook deliveries") { db in
            try await db.run("DELETE FROM webhook_delivery WHERE received_at < $1", date)
        }
    }

    // MARK: Plan files

    public func planSigningKey() async throws -> PlanSigningKey {
        guard let row = try await connection.run("SELECT catalog_id, plan_key FROM catalog_state WHERE id = 1").first,
            let id: String = try row.get("catalog_id"), let hex: String = try row.get("plan_key"), hex.utf8.count == 64,
            hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
        else {
            throw CatalogStoreError(
                code: .corruptValue, path: location, message: "the catalog has no plan-signing key; the database was edited outside Concord"
            )
        }
        return PlanSigningKey(catalogID: id, keyHex: hex)
    }

    public func recordAppliedPlan(signature: String, runID: Int64) async throws {
        try await write("remember the applied plan") { db in
            try await db.run(
                "INSERT INTO applied_plan(signature, run_id, applied_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", signature, runID,
                Date())
        }
    }

    public func appliedPlanRun(signature: String) async throws -> Int64? {
        try await connection.run("SELECT run_id FROM applied_plan WHERE signature = $1", signature).first?.get(0)
    }
}
