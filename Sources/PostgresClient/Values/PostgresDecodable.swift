import Foundation

/// A type a result column can be read as, from the text PostgreSQL sends.
///
/// A column is read with `row[0, as: Int64.self]` or `row["sku", as: String?.self]`. NULL reads
/// as `nil` into an `Optional` and is an error into anything else, so a column that may be NULL
/// says so at the call. Exact numbers (`numeric`, money) are read as `String` and parsed by the
/// caller's own decimal type: there is no `Double` conformance on purpose.
public protocol PostgresDecodable: Sendable {
    /// Reads a column's text; `text` is nil for SQL NULL.
    init(postgresText text: String?) throws(PostgresDecodingFailure)
}

/// Why a column's text could not be read; ``PostgresRow`` turns it into a ``PostgresError``
/// naming the column.
public enum PostgresDecodingFailure: Error, Sendable, Hashable {
    /// The column is NULL and the type asked for is not an `Optional`.
    case null
    /// The text is not a valid value of the type asked for.
    case invalid
}

extension Optional: PostgresDecodable where Wrapped: PostgresDecodable {
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else {
            self = nil
            return
        }
        self = try Wrapped(postgresText: text)
    }
}

extension String: PostgresDecodable {
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else { throw .null }
        self = text
    }
}

extension Int64: PostgresDecodable {
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else { throw .null }
        guard let value = Int64(text) else { throw .invalid }
        self = value
    }
}

extension Int: PostgresDecodable {
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else { throw .null }
        guard let value = Int(text) else { throw .invalid }
        self = value
    }
}

extension Bool: PostgresDecodable {
    /// PostgreSQL writes a boolean as `t` or `f`.
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        switch text {
        case nil: throw .null
        case "t": self = true
        case "f": self = false
        default: throw .invalid
        }
    }
}

extension Data: PostgresDecodable {
    /// Reads `bytea` in its hex output format.
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else { throw .null }
        guard let data = PostgresHex.decode(text) else { throw .invalid }
        self = data
    }
}

extension Date: PostgresDecodable {
    /// Reads `timestamptz` in the ISO style the connection asks for.
    public init(postgresText text: String?) throws(PostgresDecodingFailure) {
        guard let text else { throw .null }
        guard let date = PostgresTimestamp.parse(text) else { throw .invalid }
        self = date
    }
}
