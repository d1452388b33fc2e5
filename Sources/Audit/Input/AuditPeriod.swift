import Foundation

/// The orders an audit's KPIs cover: created at or after ``since`` and before ``until``, in UTC.
public struct AuditPeriod: Hashable, Sendable {
    public var since: Date?
    public var until: Date?

    public init(since: Date? = nil, until: Date? = nil) {
        self.since = since
        self.until = until
    }

    public func contains(_ date: Date) -> Bool {
        if let since, date < since { return false }
        if let until, date >= until { return false }
        return true
    }

    /// Reads `--since` and `--until`: ISO 8601 instants (`2025-03-01T08:00:00Z`) or UTC dates
    /// (`2025-03-01`). A date-only `until` includes that whole day, so `--since 2025-03-01
    /// --until 2025-03-31` is all of March.
    /// - Throws: ``AuditPeriodError`` naming the option and the accepted forms.
    public static func parse(since: String?, until: String?) throws -> AuditPeriod {
        let start = try since.map { try instant($0, option: "--since", endOfDay: false) }
        let end = try until.map { try instant($0, option: "--until", endOfDay: true) }
        if let start, let end, end <= start {
            throw AuditPeriodError(message: "--until (\(until!)) is not after --since (\(since!)); give a later --until")
        }
        return AuditPeriod(since: start, until: end)
    }

    static func instant(_ text: String, option: String, endOfDay: Bool) throws -> Date {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let bytes = Array(trimmed.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Int(trimmed.prefix(4)), let month = Int(trimmed.dropFirst(5).prefix(2)),
            let day = Int(trimmed.suffix(2))
        {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: year, month: month, day: day)
            if components.isValidDate(in: calendar), let date = calendar.date(from: components) {
                return endOfDay ? date.addingTimeInterval(86_400) : date
            }
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: trimmed) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: trimmed) { return date }
        throw AuditPeriodError(
            message: "\(option) \"\(text)\" is not a date; write YYYY-MM-DD (UTC) or an ISO 8601 time such as 2025-03-01T08:00:00Z")
    }
}

/// A `--since`/`--until` that cannot be read, with the form to use instead.
public struct AuditPeriodError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public var description: String { message }
}
