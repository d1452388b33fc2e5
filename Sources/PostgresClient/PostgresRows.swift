/// The rows a statement returned, read whole into memory as text.
///
/// libpq hands a result over complete; its values are copied out on the connection's thread and
/// the `PGresult` freed at once, so nothing here points into C memory and a result can cross
/// tasks freely.
public struct PostgresRows: RandomAccessCollection, Sendable {
    /// The result's column names, in order.
    public var columnNames: [String] { layout.names }
    /// Rows the statement inserted, updated, deleted, selected or copied, as the server reports
    /// in its command tag (`INSERT 0 3` → 3); nil for statements without a count (`CREATE TABLE`).
    public let affectedRows: Int?
    /// The server's command tag (`INSERT 0 3`, `COMMIT`; `ROLLBACK` for a `COMMIT` of a failed
    /// transaction).
    public let commandTag: String

    private let layout: PostgresRow.Layout
    private let rows: [PostgresRow]

    init(columnNames: [String], values: [[String?]], affectedRows: Int?, commandTag: String) {
        let layout = PostgresRow.Layout(names: columnNames)
        self.layout = layout
        self.rows = values.map { PostgresRow(layout: layout, values: $0) }
        self.affectedRows = affectedRows
        self.commandTag = commandTag
    }

    public var startIndex: Int { rows.startIndex }
    public var endIndex: Int { rows.endIndex }
    public subscript(position: Int) -> PostgresRow { rows[position] }
}

/// One row of a result: each column's text, read by position or name.
///
/// `row[0]` is the raw text (nil for NULL); `row[0, as: Int64.self]` and
/// `row["sku", as: String.self]` read a typed value and throw a ``PostgresError`` with code
/// ``PostgresError/Code/decoding`` that names the column when it cannot be read.
public struct PostgresRow: Sendable {
    struct Layout: Sendable {
        let names: [String]
        /// The first column of each name, as SQL resolves a duplicate name in `SELECT *` joins.
        let positions: [String: Int]

        init(names: [String]) {
            self.names = names
            var positions: [String: Int] = [:]
            for (index, name) in names.enumerated() where positions[name] == nil { positions[name] = index }
            self.positions = positions
        }
    }

    private let layout: Layout
    private let values: [String?]

    init(layout: Layout, values: [String?]) {
        self.layout = layout
        self.values = values
    }

    /// The number of columns.
    public var count: Int { values.count }

    /// The text of column `index` (from 0), or nil when it is NULL.
    public subscript(index: Int) -> String? { values[index] }

    /// Column `index` (from 0) read as `type`.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/decoding`` when the column is
    ///   NULL and `type` is not optional, or its text is not a `type`.
    public subscript<Value: PostgresDecodable>(index: Int, as type: Value.Type) -> Value {
        get throws {
            guard values.indices.contains(index) else {
                throw decodingError("there is no column \(index); the result has \(values.count) (\(names))")
            }
            do {
                return try Value(postgresText: values[index])
            } catch .null {
                throw decodingError("column \(index) (\"\(layout.names[index])\") is NULL; read it as \(Value.self)? to allow that")
            } catch .invalid {
                // The value itself stays out of the message: it may be a customer's data.
                let length = values[index]?.count ?? 0
                throw decodingError("column \(index) (\"\(layout.names[index])\") holds \(length) characters that are not a \(Value.self)")
            }
        }
    }

    /// The first column named `name` read as `type`.
    ///
    /// - Throws: ``PostgresError`` with code ``PostgresError/Code/decoding`` when there is no
    ///   such column, or as ``subscript(_:as:)-(Int,_)``.
    public subscript<Value: PostgresDecodable>(name: String, as type: Value.Type) -> Value {
        get throws {
            guard let index = layout.positions[name] else {
                throw decodingError("there is no column \"\(name)\" in the result; it has \(names)")
            }
            return try self[index, as: type]
        }
    }

    private var names: String { layout.names.map { "\"\($0)\"" }.joined(separator: ", ") }

    private func decodingError(_ message: String) -> PostgresError {
        PostgresError(code: .decoding, message: message, server: "")
    }
}
