import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Receipts

    public func receiveStock(_ receipts: [StockReceipt], recordedAt: Date) async throws -> StockReceiptSummary {
        let path = self.path
        return try await write("record the receipts") { db in
            // Checked again inside the transaction: another receive may have run since the caller looked.
            let references = Set(receipts.compactMap(\.reference))
            if let already = try Self.receivedReferences(db, references).values.min(by: { $0.reference < $1.reference }) {
                throw CatalogStoreError(
                    code: .refused, path: path,
                    message:
                        "\(already.reference) was received on \(Self.day(already.receivedAt)) (\(already.units) units); nothing was written"
                )
            }
            let knownSKU = try db.cachedStatement(sql: "SELECT 1 FROM variant WHERE sku = ?")
            let knownLocation = try db.cachedStatement(sql: "SELECT 1 FROM location WHERE code = ?")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO receipt(reference, sku, location_code, quantity, received_at, recorded_at) VALUES (?, ?, ?, ?, ?, ?)
                    """)
            var units = 0
            for receipt in receipts {
                guard receipt.quantity > 0 else {
                    throw CatalogStoreError(
                        code: .refused, path: path,
                        message: "a receipt of \(receipt.quantity) units of \(receipt.sku) is not positive; nothing was written")
                }
                guard try Bool.fetchOne(knownSKU, arguments: [receipt.sku.rawValue]) != nil else {
                    throw CatalogStoreError(
                        code: .refused, path: path,
                        message: "SKU \(receipt.sku) is not in the catalog; import it first; nothing was written")
                }
                guard try Bool.fetchOne(knownLocation, arguments: [receipt.location]) != nil else {
                    throw CatalogStoreError(
                        code: .refused, path: path,
                        message: "location \(receipt.location) is not in the catalog (receipt of \(receipt.sku)); nothing was written")
                }
                try Self.book(
                    db,
                    StockMovement(
                        kind: .receipt, sku: receipt.sku, location: receipt.location, quantity: receipt.quantity,
                        occurredAt: receipt.receivedAt, recordedAt: recordedAt, reference: receipt.reference))
                try insert.execute(arguments: [
                    receipt.reference, receipt.sku.rawValue, receipt.location, receipt.quantity,
                    receipt.receivedAt.timeIntervalSince1970, recordedAt.timeIntervalSince1970,
                ])
                units += receipt.quantity
            }
            if !receipts.isEmpty { try Self.bumpCatalogRevision(db) }
            let revision = try Int64.fetchOne(db, sql: "SELECT revision FROM catalog_state WHERE id = 1") ?? 0
            return StockReceiptSummary(lines: receipts.count, units: units, catalogRevision: revision)
        }
    }

    public func receipts(since: Date?, until: Date?) async throws -> [StockReceipt] {
        let path = self.path
        return try await read { db in
            var receipts: [StockReceipt] = []
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT reference, sku, location_code, quantity, received_at FROM receipt
                    WHERE received_at >= ? AND received_at < ? ORDER BY received_at, id
                    """,
                arguments: [
                    since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude,
                    until?.timeIntervalSince1970 ?? Double.greatestFiniteMagnitude,
                ])
            while let row = try rows.next() {
                guard let sku = SKU(row["sku"] as String) else {
                    throw CatalogStoreError(code: .corruptValue, path: path, message: "a receipt has an empty SKU")
                }
                receipts.append(
                    StockReceipt(
                        sku: sku, location: row["location_code"], quantity: row["quantity"],
                        receivedAt: Date(timeIntervalSince1970: row["received_at"]), reference: row["reference"]))
            }
            return receipts
        }
    }

    public func receivedReferences(_ references: Set<String>) async throws -> [String: ReceivedReference] {
        try await read { db in try Self.receivedReferences(db, references) }
    }

    static func receivedReferences(_ db: Database, _ references: Set<String>) throws -> [String: ReceivedReference] {
        var found: [String: ReceivedReference] = [:]
        let statement = try db.cachedStatement(
            sql: """
                SELECT MIN(received_at), MIN(recorded_at), COUNT(*), SUM(quantity) FROM receipt WHERE reference = ?
                """)
        for reference in references {
            guard let row = try Row.fetchOne(statement, arguments: [reference]), let receivedAt = row[0] as Double?,
                let recordedAt = row[1] as Double?
            else { continue }
            found[reference] = ReceivedReference(
                reference: reference, receivedAt: Date(timeIntervalSince1970: receivedAt),
                recordedAt: Date(timeIntervalSince1970: recordedAt), lines: row[2], units: row[3])
        }
        return found
    }

    /// `2025-03-02` in UTC, for messages.
    package static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}

extension SQLiteCatalogStore {
    /// Counts of the receipts on record, all time and in the 30 days before `now`, and the newest:
    /// aggregated in SQL, so a catalog with years of receipts is not read into memory.
    public func receiptStats(now: Date = Date()) async throws -> ReceiptStats {
        try await read { db in
            func tally(since: Date?) throws -> ReceiptStats.Tally {
                let row = try Row.fetchOne(
                    db,
                    sql: """
                        SELECT COUNT(*) AS lines, COUNT(DISTINCT reference) AS refs, COALESCE(SUM(quantity), 0) AS units
                        FROM receipt WHERE received_at >= ? AND received_at <= ?
                        """,
                    arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude, now.timeIntervalSince1970])
                return ReceiptStats.Tally(lines: row?["lines"] ?? 0, references: row?["refs"] ?? 0, units: row?["units"] ?? 0)
            }
            var stats = ReceiptStats(asOf: now)
            stats.last30Days = try tally(since: now.addingTimeInterval(-30 * 86_400))
            // All time has no upper bound: a receipt dated after `now` (a clock set back) still counts.
            let all = try Row.fetchOne(
                db, sql: "SELECT COUNT(*) AS lines, COUNT(DISTINCT reference) AS refs, COALESCE(SUM(quantity), 0) AS units FROM receipt")
            stats.allTime = ReceiptStats.Tally(lines: all?["lines"] ?? 0, references: all?["refs"] ?? 0, units: all?["units"] ?? 0)
            if let newest = try Row.fetchOne(
                db, sql: "SELECT reference, received_at FROM receipt ORDER BY received_at DESC, id DESC LIMIT 1")
            {
                stats.newest = ReceiptStats.Newest(
                    receivedAt: Date(timeIntervalSince1970: newest["received_at"]), reference: newest["reference"])
            }
            return stats
        }
    }
}
