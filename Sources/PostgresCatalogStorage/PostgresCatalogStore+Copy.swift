import CatalogStorage
import Foundation
import PostgresClient

/// What `concord db copy` moved: every table's rows in the SQLite file and in PostgreSQL after.
public struct CatalogCopyReport: Sendable, Codable {
    public struct Table: Sendable, Codable, Hashable {
        public var name: String
        public var sourceRows: Int
        public var copiedRows: Int
    }

    public var tables: [Table]
    public var schemaVersion: String?

    /// Whether every table holds in PostgreSQL the rows it holds in the file.
    public var rowCountsMatch: Bool { tables.allSatisfy { $0.sourceRows == $0.copiedRows } }
}

extension PostgresCatalogStore {
    /// Copies a SQLite catalog, everything in it (the catalog, orders and the stock ledger, bases
    /// and snapshots, the journal, the review queue and its rules, runs, receipts, kits, and the
    /// plan-signing key, so plans written before the move still apply), into this empty one.
    ///
    /// Both are at the same schema version (each is migrated when opened), so their tables are
    /// the same; values are converted by the PostgreSQL column's type (SQLite's 0/1 flags become
    /// booleans, times stay seconds). It is one transaction: a failure leaves this catalog as it
    /// was. Rows go in by `COPY`, a table at a time in pages, so memory stays flat.
    ///
    /// - Throws: ``CatalogStoreError`` (`refused`) when this catalog is not empty or the schema
    ///   versions differ; `writeFailed` naming the table when a value is refused.
    public func copyCatalog(from source: SQLiteCatalogStore, pageSize: Int = 20_000, progress: ((String) -> Void)? = nil) async throws
        -> CatalogCopyReport
    {
        let sourceVersions = try await source.schemaVersions()
        let targetVersions = try await schemaVersions()
        guard sourceVersions == targetVersions else {
            throw CatalogStoreError(
                code: .refused, path: location,
                message:
                    "the file is at schema version \(sourceVersions.last ?? "none") and this catalog at \(targetVersions.last ?? "none"); open both with the same Concord (concord db migrate) and copy again"
            )
        }
        let tables = try await source.exportedTables()
        var types: [String: [String: String]] = [:]
        for row in try await connection.run(
            "SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = $1", schema)
        {
            types[try row[0, as: String.self], default: [:]][try row[1, as: String.self]] = try row[2, as: String.self]
        }
        for table in tables {
            guard let columns = types[table.name] else {
                throw CatalogStoreError(
                    code: .refused, path: location, message: "the file's table \(table.name) has no counterpart here; nothing was copied")
            }
            if let missing = table.columns.first(where: { columns[$0] == nil }) {
                throw CatalogStoreError(
                    code: .refused, path: location,
                    message: "the file's column \(table.name).\(missing) has no counterpart here; nothing was copied")
            }
            // The migrations seed catalog_state's one row; everything else must be empty.
            if table.name != "catalog_state",
                try await connection.run("SELECT EXISTS (SELECT 1 FROM \(PostgresConnection.quoteIdentifier(table.name)))")[0].get(0)
                    as Bool
            {
                throw CatalogStoreError(
                    code: .refused, path: location,
                    message:
                        "this catalog is not empty (\(table.name) has rows); copy into a new schema (add ?schema=NAME to the URL) or an empty database"
                )
            }
        }
        return try await write("copy the catalog") { db in
            try await db.run("DELETE FROM catalog_state")
            var report = CatalogCopyReport(tables: [], schemaVersion: targetVersions.last)
            for table in tables {
                let columnTypes = table.columns.map { types[table.name]![$0]! }
                var offset = 0
                while offset < table.rowCount {
                    let page = try await source.exportedRows(table, offset: offset, limit: pageSize)
                    if page.isEmpty { break }
                    var rows: [[PostgresValue?]] = []
                    rows.reserveCapacity(page.count)
                    for (index, row) in page.enumerated() {
                        rows.append(
                            try zip(row, zip(table.columns, columnTypes)).map { value, column in
                                guard let converted = Self.copied(value, as: column.1) else {
                                    throw CatalogStoreError(
                                        code: .writeFailed, path: self.location,
                                        message:
                                            "\(table.name) row \(offset + index + 1): \(column.0) holds \(value), which a \(column.1) column cannot take; nothing was copied"
                                    )
                                }
                                return converted
                            })
                    }
                    try await db.copyIn(table: table.name, columns: table.columns, rows: rows)
                    offset += page.count
                }
                let copied: Int64 = try await db.run("SELECT count(*) FROM \(PostgresConnection.quoteIdentifier(table.name))")[0].get(0)
                report.tables.append(.init(name: table.name, sourceRows: table.rowCount, copiedRows: Int(copied)))
                progress?("\(table.name): \(copied) of \(table.rowCount) rows")
            }
            // Identity columns go on after the highest id copied, as SQLite's rowids would.
            for row in try await db.run(
                "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = $1 AND is_identity = 'YES'", schema)
            {
                let table = PostgresConnection.quoteIdentifier(try row[0, as: String.self])
                let column = PostgresConnection.quoteIdentifier(try row[1, as: String.self])
                try await db.run(
                    """
                    SELECT setval(pg_get_serial_sequence($1, $2), GREATEST(COALESCE(MAX(\(column)), 0), 1), COALESCE(MAX(\(column)), 0) > 0)
                    FROM \(table)
                    """, "\"\(schema)\".\(table)", try row[1, as: String.self])
            }
            return report
        }
    }

    /// A SQLite value as the PostgreSQL column of `type` takes it; `nil` when it cannot.
    static func copied(_ value: ExportedValue, as type: String) -> PostgresValue?? {
        switch (value, type) {
        case (.null, _): return .some(nil)
        case (.integer(let number), "boolean"): return .bool(number != 0)
        case (.integer(let number), "bigint"), (.integer(let number), "integer"), (.integer(let number), "smallint"):
            return .int64(number)
        case (.integer(let number), "double precision"), (.integer(let number), "text"): return .text(String(number))
        case (.real(let number), "double precision"), (.real(let number), "text"):
            guard number.isFinite else { return .text(number.isNaN ? "NaN" : number > 0 ? "Infinity" : "-Infinity") }
            // Swift's description is the shortest text that reads back as the same Double.
            return .text(number.description)
        case (.real(let number), "bigint") where number == number.rounded() && abs(number) < 9e18: return .int64(Int64(number))
        case (.text(let text), "text"), (.text(let text), "bigint"), (.text(let text), "double precision"), (.text(let text), "boolean"):
            return .text(text)
        case (.blob(let data), "bytea"): return .bytea(data)
        case (.blob(let data), "text"): return String(data: data, encoding: .utf8).map { .text($0) }
        default: return nil
        }
    }
}
