import Foundation
import PostgresClient

/// A Swift value as a statement parameter, in the form the catalog's columns keep it.
///
/// Times go as seconds since 1970 (the `double precision` columns, as SQLite's REAL), written
/// with Swift's shortest round-trip digits so the server reads back the very same `Double`;
/// arrays go as one array literal, so that `unnest($1::text[], $2::bigint[])` writes any number of
/// rows in one statement.
protocol SQLParameter {
    var sqlParameter: PostgresValue? { get }
}

extension String: SQLParameter {
    var sqlParameter: PostgresValue? { .text(self) }
}

extension Int: SQLParameter {
    var sqlParameter: PostgresValue? { .int64(Int64(self)) }
}

extension Int64: SQLParameter {
    var sqlParameter: PostgresValue? { .int64(self) }
}

extension Bool: SQLParameter {
    var sqlParameter: PostgresValue? { .bool(self) }
}

extension Double: SQLParameter {
    /// Swift's `description` is the shortest text that reads back as the same `Double`, and
    /// PostgreSQL's `float8in` rounds correctly, so nothing is lost on the way.
    var sqlParameter: PostgresValue? { .text(String(self)) }
}

extension Date: SQLParameter {
    var sqlParameter: PostgresValue? { timeIntervalSince1970.sqlParameter }
}

extension Optional: SQLParameter where Wrapped: SQLParameter {
    var sqlParameter: PostgresValue? { self?.sqlParameter ?? nil }
}

extension Array: SQLParameter where Element: SQLParameter {
    /// An array literal (`{"a","b\"c",NULL}`): every element quoted, `"` and `\` escaped.
    var sqlParameter: PostgresValue? {
        var literal = "{"
        for (index, element) in enumerated() {
            if index > 0 { literal += "," }
            guard let value = element.sqlParameter else {
                literal += "NULL"
                continue
            }
            literal += "\""
            for character in value.postgresText.unicodeScalars {
                if character == "\"" || character == "\\" { literal += "\\" }
                literal.unicodeScalars.append(character)
            }
            literal += "\""
        }
        return .text(literal + "}")
    }
}

extension PostgresConnection {
    /// Runs one statement with `parameters` as `$1`, `$2`, … (see ``SQLParameter``).
    @discardableResult
    func run(_ sql: String, _ parameters: any SQLParameter...) async throws -> PostgresRows {
        try await query(sql, parameters.map(\.sqlParameter))
    }
}

extension PostgresRow {
    /// Column `name` read as `Value` (`String?` where it may be NULL).
    func get<Value: PostgresDecodable>(_ name: String) throws -> Value {
        try self[name, as: Value.self]
    }

    /// Column `index` read as `Value`.
    func get<Value: PostgresDecodable>(_ index: Int) throws -> Value {
        try self[index, as: Value.self]
    }

    /// A `double precision` column (PostgresClient reads no `Double` on purpose: it keeps money
    /// away from floating point; these are times, kept as SQLite keeps them).
    func double(_ name: String) throws -> Double {
        guard let value = try optionalDouble(name) else { throw decodingFailure(name, "is NULL") }
        return value
    }

    func optionalDouble(_ name: String) throws -> Double? {
        guard let text: String = try get(name) else { return nil }
        guard let value = Double(text) else { throw decodingFailure(name, "is not a number") }
        return value
    }

    func date(_ name: String) throws -> Date { Date(timeIntervalSince1970: try double(name)) }

    func optionalDate(_ name: String) throws -> Date? { try optionalDouble(name).map(Date.init(timeIntervalSince1970:)) }

    private func decodingFailure(_ column: String, _ problem: String) -> PostgresError {
        PostgresError(code: .decoding, message: "column \"\(column)\" \(problem); read it as a time in seconds since 1970", server: "")
    }
}
