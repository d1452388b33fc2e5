import Foundation

/// A statement parameter or a COPY value, sent to PostgreSQL as text.
///
/// Parameters go over the wire in PostgreSQL's text format and the server casts them to the
/// column's type, the same way it reads a literal. Exact numbers (money, `numeric`) travel as
/// ``text(_:)`` (`"19.90"`): there is deliberately no floating-point case, so no price passes
/// through a `Double`. A missing value (SQL NULL) is `nil` where a `PostgresValue?` is expected.
public enum PostgresValue: Sendable, Hashable {
    /// Text as it is; also the form for `numeric`, dates and any type with a text input.
    case text(String)
    /// A 64-bit integer (`bigint`, and `integer` or `smallint` when it fits).
    case int64(Int64)
    /// `true` or `false`.
    case bool(Bool)
    /// Bytes for a `bytea` column, sent in its hex form (`\x0aff`).
    case bytea(Data)
    /// An instant for a `timestamptz` column, to the microsecond, written in UTC.
    case timestamptz(Date)

    /// An `Int` as ``int64(_:)``.
    public static func int(_ value: Int) -> PostgresValue { .int64(Int64(value)) }

    /// The text PostgreSQL reads for this value.
    public var postgresText: String {
        switch self {
        case .text(let text): text
        case .int64(let value): String(value)
        case .bool(let value): value ? "t" : "f"
        case .bytea(let data): PostgresHex.encode(data)
        case .timestamptz(let date): PostgresTimestamp.format(date)
        }
    }
}

extension PostgresValue: ExpressibleByStringLiteral, ExpressibleByStringInterpolation {
    public init(stringLiteral value: String) { self = .text(value) }
    public init(stringInterpolation: DefaultStringInterpolation) { self = .text(String(stringInterpolation: stringInterpolation)) }
}

extension PostgresValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .int64(value) }
}

extension PostgresValue: ExpressibleByBooleanLiteral {
    public init(booleanLiteral value: Bool) { self = .bool(value) }
}
