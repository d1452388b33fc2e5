import Foundation

extension PostgresConnection {
    /// Loads rows into a table with `COPY … FROM STDIN`, the fastest way PostgreSQL takes bulk data.
    ///
    /// Rows are encoded in COPY's text format (``CopyTextEncoder``) in this task and sent to the
    /// connection's thread in chunks of about 256 KiB, so memory stays bounded however many rows
    /// there are. The COPY is one statement: either every row goes in or, on any error, none
    /// does. The connection is this task's until the COPY ends.
    ///
    /// - Parameters:
    ///   - table: The table's name, quoted as an identifier (so `Order Lines` and `"x"` are taken
    ///     literally, and case is kept).
    ///   - schema: The table's schema; nil to use the `search_path`.
    ///   - columns: The columns each row gives values for, in order (quoted like `table`).
    ///   - rows: The rows; each has one value per column, nil for NULL.
    /// - Returns: The number of rows the server loaded.
    /// - Throws: ``PostgresError``: ``PostgresError/Code/server`` when the server rejects a value
    ///   (its ``PostgresError/context`` names the line), ``PostgresError/Code/misuse`` for a row
    ///   with the wrong number of values; `CancellationError` when the task is cancelled midway
    ///   (the COPY is then aborted and loads nothing).
    @discardableResult
    public func copyIn<Rows: Sequence>(table: String, schema: String? = nil, columns: [String], rows: Rows) async throws -> Int
    where Rows.Element == [PostgresValue?] {
        let target = (schema.map { Self.quoteIdentifier($0) + "." } ?? "") + Self.quoteIdentifier(table)
        let sql = "COPY \(target) (\(columns.map(Self.quoteIdentifier).joined(separator: ", "))) FROM STDIN"
        return try await withConnection { server in
            try await perform { handle in LibPQ.beginCopy(handle, sql: sql, server: server) }
            var encoder = CopyTextEncoder()
            do {
                for row in rows {
                    guard row.count == columns.count else {
                        throw PostgresError(
                            code: .misuse,
                            message: "row \(encoder.rowCount + 1) has \(row.count) values for \(columns.count) columns; nothing was copied",
                            server: server, statement: sql)
                    }
                    encoder.append(row)
                    if encoder.bytes.count >= Self.copyChunkBytes {
                        try Task.checkCancellation()
                        let chunk = encoder.take()
                        try await perform { handle in LibPQ.sendCopyData(handle, chunk, server: server) }
                    }
                }
                let chunk = encoder.take()
                if !chunk.isEmpty {
                    try await perform { handle in LibPQ.sendCopyData(handle, chunk, server: server) }
                }
            } catch {
                let reason =
                    "Concord stopped the COPY: \(error is CancellationError ? "the task was cancelled" : "a row could not be sent")"
                _ = try? await perform { handle in LibPQ.endCopy(handle, abortReason: reason, statement: sql, server: server) }
                throw error
            }
            return try await perform { handle in LibPQ.endCopy(handle, abortReason: nil, statement: sql, server: server) }
        }
    }

    /// About how much COPY text goes to the connection's thread at once.
    static let copyChunkBytes = 256 * 1024

    /// `name` as a quoted SQL identifier: in double quotes, each `"` doubled.
    public static func quoteIdentifier(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
