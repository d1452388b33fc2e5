import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: The stock ledger

    public func stockMovements(sku: SKU) async throws -> [StockMovement] {
        try await connection.run(
            """
            SELECT m.*, o.number FROM stock_movement m
            LEFT JOIN store_order o ON o.store = m.store AND o.order_id = m.order_id
            WHERE m.sku = $1 ORDER BY m.location_code, m.recorded_at, m.id
            """, sku.rawValue
        ).map { row in
            StockMovement(
                id: try row.get("id"), kind: StockMovement.Kind(rawValue: try row.get("kind")) ?? .adjustment, sku: sku,
                location: try row.get("location_code"), quantity: try row.get("quantity"), occurredAt: try row.date("occurred_at"),
                recordedAt: try row.date("recorded_at"), asOfGiven: try row.get("as_of_given"),
                store: (try row.get("store") as String?).map { StoreID($0) }, orderID: try row.get("order_id"),
                orderNumber: try row.get("number"), lineID: try row.get("line_id"), reference: try row.get("reference"),
                note: try row.get("note"))
        }
    }

    public func stockDebits(store: StoreID) async throws -> [SKU: [String: Int]] {
        var debits: [SKU: [String: Int]] = [:]
        for row in try await connection.run(
            "SELECT sku, location, units - units_at_base FROM store_debit WHERE store = $1 AND units <> units_at_base", store.rawValue)
        {
            guard let sku = SKU(try row.get(0) as String) else { continue }
            debits[sku, default: [:]][try row.get(1) as String] = try row.get(2)
        }
        return debits
    }

    public func recordStockAdjustments(_ adjustments: [StockAdjustment], at date: Date) async throws {
        guard !adjustments.isEmpty else { return }
        try await write("book \(adjustments.count) stock adjustments") { db in
            let known = Set(
                try await db.run("SELECT code FROM location WHERE code = ANY($1::text[])", adjustments.map(\.location))
                    .map { try $0.get(0) as String })
            if let unknown = adjustments.first(where: { !known.contains($0.location) }) {
                throw CatalogStoreError(
                    code: .refused, path: location,
                    message: "location \(unknown.location) is not in the catalog (adjustment of \(unknown.sku)); nothing was written")
            }
            try await Self.book(
                db,
                adjustments.map {
                    StockMovement(
                        kind: .adjustment, sku: $0.sku, location: $0.location, quantity: $0.units, occurredAt: date, recordedAt: date,
                        store: $0.store, note: $0.note)
                })
            // Each store's settled base, keeping the run that recorded it (an adoption is not a run of its own).
            var byStore: [String: [(sku: String, field: String, quantity: Int)]] = [:]
            for adjustment in adjustments {
                if let store = adjustment.store, let field = adjustment.baseField, let quantity = adjustment.baseQuantity {
                    byStore[store.rawValue, default: []].append((adjustment.sku.rawValue, field.description, quantity))
                }
            }
            for (store, bases) in byStore.sorted(by: { $0.key < $1.key }) {
                let existing = try await Self.baseEntries(db, store: store, skus: bases.map(\.sku))
                try await Self.writeBases(
                    db, store: store,
                    bases.map { base in
                        let run = existing[base.sku]?.first { $0.field == base.field }?.entry.runID
                        return (
                            base.sku, base.field,
                            BaseRows.Entry(FieldValue.quantity(base.quantity), runID: run, recordedAt: date.timeIntervalSince1970)
                        )
                    })
            }
            try await Self.bumpCatalogRevision(db)
        }
    }

    // MARK: Receipts

    public func receiveStock(_ receipts: [StockReceipt], recordedAt: Date) async throws -> StockReceiptSummary {
        try await write("record the receipts") { db in
            // Checked again inside the transaction: another receive may have run since the caller looked.
            let references = Set(receipts.compactMap(\.reference))
            if let already = try await Self.receivedReferences(db, references).values.min(by: { $0.reference < $1.reference }) {
                throw CatalogStoreError(
                    code: .refused, path: location,
                    message:
                        "\(already.reference) was received on \(SQLiteCatalogStore.day(already.receivedAt)) (\(already.units) units); nothing was written"
                )
            }
            let knownSKUs = Set(
                try await db.run("SELECT sku FROM variant WHERE sku = ANY($1::text[])", receipts.map(\.sku.rawValue))
                    .map { try $0.get(0) as String })
            let knownLocations = Set(
                try await db.run("SELECT code FROM location WHERE code = ANY($1::text[])", receipts.map(\.location))
                    .map { try $0.get(0) as String })
            for receipt in receipts {
                guard receipt.quantity > 0 else {
                    throw CatalogStoreError(
                        code: .refused, path: location,
                        message: "a receipt of \(receipt.quantity) units of \(receipt.sku) is not positive; nothing was written")
                }
                guard knownSKUs.contains(receipt.sku.rawValue) else {
                    throw CatalogStoreError(
                        code: .refused, path: location,
                        message: "SKU \(receipt.sku) is not in the catalog; import it first; nothing was written")
                }
                guard knownLocations.contains(receipt.location) else {
                    throw CatalogStoreError(
                        code: .refused, path: location,
                        message: "location \(receipt.location) is not in the catalog (receipt of \(receipt.sku)); nothing was written")
                }
            }
            try await Self.book(
                db,
                receipts.map {
                    StockMovement(
                        kind: .receipt, sku: $0.sku, location: $0.location, quantity: $0.quantity, occurredAt: $0.receivedAt,
                        recordedAt: recordedAt, reference: $0.reference)
                })
            if !receipts.isEmpty {
                try await db.run(
                    """
                    INSERT INTO receipt(reference, sku, location_code, quantity, received_at, recorded_at)
                    SELECT reference, sku, location_code, quantity, received_at, $6
                    FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[]) WITH ORDINALITY
                        AS r(reference, sku, location_code, quantity, received_at, n)
                    ORDER BY n
                    """, receipts.map(\.reference), receipts.map(\.sku.rawValue), receipts.map(\.location), receipts.map(\.quantity),
                    receipts.map(\.receivedAt), recordedAt)
                try await Self.bumpCatalogRevision(db)
            }
            let revision: Int64 = try await db.run("SELECT revision FROM catalog_state WHERE id = 1").first?.get(0) ?? 0
            return StockReceiptSummary(lines: receipts.count, units: receipts.reduce(0) { $0 + $1.quantity }, catalogRevision: revision)
        }
    }

    public func receipts(since: Date?, until: Date?) async throws -> [StockReceipt] {
        try await connection.run(
            """
            SELECT reference, sku, location_code, quantity, received_at FROM receipt
            WHERE received_at >= $1 AND received_at < $2 ORDER BY received_at, id
            """, since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude,
            until?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude
        ).map { row in
            guard let sku = SKU(try row.get("sku") as String) else {
                throw CatalogStoreError(code: .corruptValue, path: location, message: "a receipt has an empty SKU")
            }
            return StockReceipt(
                sku: sku, location: try row.get("location_code"), quantity: try row.get("quantity"),
                receivedAt: try row.date("received_at"), reference: try row.get("reference"))
        }
    }

    public func receivedReferences(_ references: Set<String>) async throws -> [String: ReceivedReference] {
        try await Self.receivedReferences(connection, references)
    }

    static func receivedReferences(_ db: PostgresConnection, _ references: Set<String>) async throws -> [String: ReceivedReference] {
        guard !references.isEmpty else { return [:] }
        var found: [String: ReceivedReference] = [:]
        for row in try await db.run(
            """
            SELECT reference, MIN(received_at) AS received_at, MIN(recorded_at) AS recorded_at, COUNT(*) AS lines, SUM(quantity) AS units
            FROM receipt WHERE reference = ANY($1::text[]) GROUP BY reference
            """, Array(references))
        {
            let reference: String = try row.get("reference")
            found[reference] = ReceivedReference(
                reference: reference, receivedAt: try row.date("received_at"), recordedAt: try row.date("recorded_at"),
                lines: try row.get("lines"), units: try row.get("units"))
        }
        return found
    }

    /// Counts of the receipts on record, all time and in the 30 days before `now`, and the newest,
    /// as `SQLiteCatalogStore.receiptStats(now:)` gives them.
    public func receiptStats(now: Date = Date()) async throws -> ReceiptStats {
        try await read { db in
            func tally(_ filter: String, _ parameters: any SQLParameter...) async throws -> ReceiptStats.Tally {
                let row = try await db.query(
                    "SELECT COUNT(*), COUNT(DISTINCT reference), COALESCE(SUM(quantity), 0) FROM receipt" + filter,
                    parameters.map(\.sqlParameter))[0]
                return ReceiptStats.Tally(lines: try row.get(0), references: try row.get(1), units: try row.get(2))
            }
            var stats = ReceiptStats(asOf: now)
            stats.last30Days = try await tally(
                " WHERE received_at >= $1 AND received_at <= $2", now.addingTimeInterval(-30 * 86_400), now)
            // All time has no upper bound: a receipt dated after `now` (a clock set back) still counts.
            stats.allTime = try await tally("")
            if let newest = try await db.run("SELECT reference, received_at FROM receipt ORDER BY received_at DESC, id DESC LIMIT 1").first
            {
                stats.newest = ReceiptStats.Newest(receivedAt: try newest.date("received_at"), reference: try newest.get("reference"))
            }
            return stats
        }
    }
}

extension PostgresCatalogStore: StockLedger {}
