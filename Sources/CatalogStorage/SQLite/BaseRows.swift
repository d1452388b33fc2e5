import CatalogModel
import Foundation
import GRDB

/// The last synced value of every field of one listing, kept as one row per (store, SKU).
///
/// A base used to be a row per field: ten rows a SKU a store, each repeating the store, the SKU
/// and the field's name, so that loading a million-SKU store meant stepping through ten million
/// rows (about 19 s a store). Packed, a store's bases are read in one pass over a row a SKU.
///
/// `fields` holds one record per field, records separated by U+001E, each record's parts by
/// U+001F: the field's key (`price`, `stock@main`), the value (``BaseValueCodec``'s compact text)
/// and, when it differs from the record before it, the run that recorded it and when
/// (`12@1765135694.5`; `@1765135694.5` for no run). Neither separator occurs in a key or in an
/// encoded value, so records split without parsing. Each field keeps its own run and time, as the
/// review screen shows them ("synced 3 h ago (run 12)"); a row written by one run says it once.
///
/// Recording a stock base (`stock@…`) checkpoints the store's debit there (`store_debit`), in the
/// same transaction: what the store's own orders moved since is measured from it.
package enum BaseRows {
    /// One field's base.
    package struct Entry: Hashable, Sendable, Codable {
        /// The value as ``BaseValueCodec`` writes it.
        package var value: String
        package var runID: Int64?
        package var recordedAt: Double

        package init(value: String, runID: Int64?, recordedAt: Double) {
            self.value = value
            self.runID = runID
            self.recordedAt = recordedAt
        }

        package init(_ value: FieldValue, runID: Int64?, recordedAt: Double) {
            self.init(value: BaseValueCodec.encode(value), runID: runID, recordedAt: recordedAt)
        }

        /// The key review decisions saved it under before the packing (`valueJSON`).
        package enum CodingKeys: String, CodingKey {
            case value = "valueJSON"
            case runID, recordedAt
        }
    }

    static let recordSeparator: Character = "\u{1E}"
    static let partSeparator: Character = "\u{1F}"

    /// The records of a `fields` column, in stored order.
    package static func decode(_ text: String) -> [(field: String, entry: Entry)] {
        guard !text.isEmpty else { return [] }
        var result: [(String, Entry)] = []
        var run: Int64?
        var time = 0.0
        for record in text.split(separator: recordSeparator, omittingEmptySubsequences: true) {
            let parts = record.split(separator: partSeparator, maxSplits: 2, omittingEmptySubsequences: false)
            guard parts.count >= 2 else { continue }
            if parts.count == 3, !parts[2].isEmpty {
                let meta = parts[2].split(separator: "@", maxSplits: 1, omittingEmptySubsequences: false)
                run = Int64(meta[0])
                time = meta.count > 1 ? Double(meta[1]) ?? 0 : 0
            }
            result.append((String(parts[0]), Entry(value: String(parts[1]), runID: run, recordedAt: time)))
        }
        return result
    }

    /// Each record's field key and encoded value only, without copying the rest: the hot path of
    /// loading a store's bases. Scans bytes (the separators are ASCII), not `Character`s.
    package static func forEachValue(in text: String, _ body: (Substring, Substring) throws -> Void) rethrows {
        let utf8 = text.utf8
        var start = utf8.startIndex
        while start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: 0x1E) ?? utf8.endIndex
            if let keyEnd = utf8[start..<end].firstIndex(of: 0x1F) {
                let valueStart = utf8.index(after: keyEnd)
                let valueEnd = utf8[valueStart..<end].firstIndex(of: 0x1F) ?? end
                try body(text[start..<keyEnd], text[valueStart..<valueEnd])
            }
            start = end < utf8.endIndex ? utf8.index(after: end) : end
        }
    }

    package static func encode(_ records: [(field: String, entry: Entry)]) -> String {
        var output = ""
        var previous: (run: Int64?, time: Double)?
        for (index, record) in records.enumerated() {
            if index > 0 { output.append(recordSeparator) }
            output += record.field
            output.append(partSeparator)
            output += record.entry.value
            if let previous, previous.run == record.entry.runID, previous.time == record.entry.recordedAt { continue }
            output.append(partSeparator)
            if let run = record.entry.runID { output += String(run) }
            output += "@" + String(record.entry.recordedAt)
            previous = (record.entry.runID, record.entry.recordedAt)
        }
        return output
    }

    /// Every field's base of one listing.
    static func entries(_ db: Database, store: String, sku: String) throws -> [(field: String, entry: Entry)] {
        let text = try String.fetchOne(
            db, cachedSQL: "SELECT fields FROM base_row WHERE store = ? AND sku = ?", arguments: [store, sku])
        return text.map(decode) ?? []
    }

    /// One field's base, if there is one.
    static func entry(_ db: Database, store: String, sku: String, field: String) throws -> Entry? {
        try entries(db, store: store, sku: sku).first { $0.field == field }?.entry
    }

    /// Sets (or, for nil, removes) fields' bases of one listing, keeping the others.
    static func write(_ db: Database, store: String, sku: String, _ changes: [(field: String, entry: Entry?)]) throws {
        guard !changes.isEmpty else { return }
        var records = try entries(db, store: store, sku: sku)
        for (field, entry) in changes {
            if let index = records.firstIndex(where: { $0.field == field }) {
                if let entry { records[index].entry = entry } else { records.remove(at: index) }
            } else if let entry {
                records.append((field, entry))
            }
        }
        if records.isEmpty {
            try db.execute(cachedSQL: "DELETE FROM base_row WHERE store = ? AND sku = ?", arguments: [store, sku])
        } else {
            try db.execute(
                cachedSQL:
                    "INSERT INTO base_row(store, sku, fields) VALUES (?, ?, ?) ON CONFLICT(store, sku) DO UPDATE SET fields = excluded.fields",
                arguments: [store, sku, encode(records)])
        }
        for (field, entry) in changes where entry != nil && field.hasPrefix("stock@") {
            try db.execute(
                cachedSQL: "UPDATE store_debit SET units_at_base = units WHERE store = ? AND sku = ? AND location IN (?, '*')",
                arguments: [store, sku, String(field.dropFirst("stock@".count))])
        }
    }

    /// Sets many listings' bases at once, in SKU order (the table's B-tree is then filled page
    /// after page instead of at random).
    static func write(_ db: Database, store: String, values: [(sku: String, field: String, entry: Entry)]) throws {
        var bySKU: [String: [(field: String, entry: Entry?)]] = [:]
        for value in values { bySKU[value.sku, default: []].append((value.field, value.entry)) }
        for sku in bySKU.keys.sorted() {
            try write(db, store: store, sku: sku, bySKU[sku]!)
        }
    }
}

extension Database {
    /// Runs `sql` through the statement cache.
    fileprivate func execute(cachedSQL sql: String, arguments: StatementArguments) throws {
        try cachedStatement(sql: sql).execute(arguments: arguments)
    }
}

extension String {
    fileprivate static func fetchOne(_ db: Database, cachedSQL sql: String, arguments: StatementArguments) throws -> String? {
        try String.fetchOne(db.cachedStatement(sql: sql), arguments: arguments)
    }
}
