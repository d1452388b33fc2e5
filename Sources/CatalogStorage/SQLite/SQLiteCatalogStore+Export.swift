import Foundation
import GRDB

/// One table of a SQLite catalog as `concord db copy` moves it: its columns and how many rows.
package struct ExportedTable: Sendable, Hashable {
    package var name: String
    package var columns: [String]
    package var rowCount: Int
    /// The order rows are read in: rowid where the table has one (the journal lists a run's
    /// entries in rowid order), else the primary key.
    package var order: String
}

/// A SQLite value as stored, whatever the column's declared type (SQLite types values, not
/// columns).
package enum ExportedValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    case blob(Data)
}

extension SQLiteCatalogStore {
    /// Every table of the catalog (not SQLite's own, not the migration log), with its columns and
    /// row count, read in one snapshot; a table comes after the tables its foreign keys name, so
    /// that loading them in this order never meets a row whose parent is not there yet.
    package func exportedTables() async throws -> [ExportedTable] {
        try await read { db in
            let names = try String.fetchAll(
                db,
                sql: """
                    SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != 'grdb_migrations'
                    ORDER BY name
                    """)
            var parents: [String: Set<String>] = [:]
            for name in names {
                let keys = try Row.fetchAll(db, sql: "PRAGMA foreign_key_list(\(name.quotedDatabaseIdentifier))")
                parents[name] = Set(keys.map { $0["table"] as String }).subtracting([name])
            }
            var ordered: [String] = []
            var placed: Set<String> = []
            while ordered.count < names.count {
                let ready = names.filter { !placed.contains($0) && parents[$0]!.isSubset(of: placed) }
                // A cycle (none in Concord's schema) is loaded in name order rather than not at all.
                let next = ready.isEmpty ? names.filter { !placed.contains($0) } : ready
                ordered += next
                placed.formUnion(next)
            }
            return try ordered.map { name in
                let info = try Row.fetchAll(db, sql: "PRAGMA table_info(\(name.quotedDatabaseIdentifier))")
                let columns: [String] = info.map { $0["name"] }
                let key = info.filter { ($0["pk"] as Int) > 0 }.sorted { ($0["pk"] as Int) < ($1["pk"] as Int) }.map {
                    $0["name"] as String
                }
                let withoutRowID =
                    try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = ?", arguments: [name])?.uppercased()
                    .contains("WITHOUT ROWID") ?? false
                let order = withoutRowID ? key.map(\.quotedDatabaseIdentifier).joined(separator: ", ") : "rowid"
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(name.quotedDatabaseIdentifier)") ?? 0
                return ExportedTable(name: name, columns: columns, rowCount: count, order: order.isEmpty ? "1" : order)
            }
        }
    }

    /// Up to `limit` rows of `table` from `offset` on, in the table's order, values as stored.
    package func exportedRows(_ table: ExportedTable, offset: Int, limit: Int) async throws -> [[ExportedValue]] {
        try await read { db in
            let columns = table.columns.map(\.quotedDatabaseIdentifier).joined(separator: ", ")
            return try Row.fetchAll(
                db, sql: "SELECT \(columns) FROM \(table.name.quotedDatabaseIdentifier) ORDER BY \(table.order) LIMIT ? OFFSET ?",
                arguments: [limit, offset]
            ).map { row in
                row.databaseValues.map { value in
                    switch value.storage {
                    case .null: .null
                    case .int64(let number): .integer(number)
                    case .double(let number): .real(number)
                    case .string(let text): .text(text)
                    case .blob(let data): .blob(data)
                    }
                }
            }
        }
    }
}
