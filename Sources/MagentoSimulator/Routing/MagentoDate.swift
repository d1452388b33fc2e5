import Foundation

/// Magento's timestamps: `2025-01-01 10:00:00`, in UTC, without a zone (MySQL `DATETIME`).
enum MagentoDate {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    static func format(_ date: Date) -> String {
        let parts = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let text = String(value ?? 0)
            return text.count < 2 ? "0" + text : text
        }
        let year = String(parts.year ?? 1970)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + two(parts.month) + "-" + two(parts.day)
            + " " + two(parts.hour) + ":" + two(parts.minute) + ":" + two(parts.second)
    }

    /// Reads a filter value the way MySQL compares it with a `DATETIME` column: `2025-01-01`,
    /// `2025-01-01 10:00:00`, and ISO 8601 with `T`, fractions and a zone (`Z`, `+02:00`), which
    /// clients send too. Nil when the text is not a date.
    static func parse(_ text: String) -> Date? {
        let text = text.trimmingCharacters(in: .whitespaces)
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func number(_ digits: Int) -> Int? {
            guard index + digits <= scalars.count else { return nil }
            var value = 0
            for offset in 0..<digits {
                guard let digit = Int(String(scalars[index + offset])) else { return nil }
                value = value * 10 + digit
            }
            index += digits
            return value
        }
        func skip(_ separators: String) -> Bool {
            guard index < scalars.count, separators.unicodeScalars.contains(scalars[index]) else { return false }
            index += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: 0, minute: 0, second: 0)
        var offsetSeconds = 0
        if skip("T ") {
            guard let hour = number(2), skip(":"), let minute = number(2) else { return nil }
            components.hour = hour
            components.minute = minute
            if skip(":") {
                guard let second = number(2) else { return nil }
                components.second = second
            }
            if skip(".") { while index < scalars.count, Int(String(scalars[index])) != nil { index += 1 } }
            if skip("Z") {
            } else if index < scalars.count, scalars[index] == "+" || scalars[index] == "-" {
                let sign = scalars[index] == "-" ? -1 : 1
                index += 1
                guard let hours = number(2) else { return nil }
                _ = skip(":")
                let minutes = number(2) ?? 0
                offsetSeconds = sign * (hours * 3600 + minutes * 60)
            }
        }
        guard index == scalars.count, let date = utc.date(from: components) else { return nil }
        return date.addingTimeInterval(TimeInterval(-offsetSeconds))
    }
}
