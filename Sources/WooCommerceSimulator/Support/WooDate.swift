import Foundation

/// WooCommerce's dates: `2025-01-01T10:00:00`, no zone, in the site's time zone (`date_created`)
/// or in UTC (`date_created_gmt`), always to the second.
struct WooDate: Sendable {
    /// The site's offset from UTC in seconds (WordPress's `gmt_offset`).
    var utcOffset: Int

    private static let calendar: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    /// The site-local form.
    func local(_ date: Date) -> String { Self.format(date.addingTimeInterval(TimeInterval(utcOffset))) }

    /// The UTC form.
    func gmt(_ date: Date) -> String { Self.format(date) }

    static func format(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : String($0) } ?? "00" }
        let year = String(parts.year ?? 1970)
        return
            "\(String(repeating: "0", count: max(0, 4 - year.count)))\(year)-\(two(parts.month))-\(two(parts.day))T\(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }

    /// Parses what WordPress's `rest_parse_date` accepts: `YYYY-MM-DDTHH:MM:SS`, optional fraction,
    /// optional `Z` or `±HH[:MM]`. Without a zone the text is UTC when `isGMT`, else site-local.
    func parse(_ text: String, isGMT: Bool) -> Date? {
        let scalars = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= scalars.count else { return nil }
            var value = 0
            for index in range {
                let byte = scalars[index]
                guard byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard scalars.count >= 19, scalars[4] == UInt8(ascii: "-"), scalars[7] == UInt8(ascii: "-"),
            [UInt8(ascii: "T"), UInt8(ascii: "t"), UInt8(ascii: " ")].contains(scalars[10]),
            scalars[13] == UInt8(ascii: ":"), scalars[16] == UInt8(ascii: ":"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
            let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        if index < scalars.count, scalars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < scalars.count, scalars[index] >= 48, scalars[index] <= 57 { index += 1 }
            guard index > start else { return nil }
        }
        var offset: Int? = nil
        if index < scalars.count {
            let sign = scalars[index]
            if sign == UInt8(ascii: "Z") || sign == UInt8(ascii: "z"), index + 1 == scalars.count {
                offset = 0
            } else if sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") {
                let rest = scalars.count - index - 1
                let hours: Int?
                var minutes: Int? = 0
                switch rest {
                case 2: hours = number(index + 1..<index + 3)
                case 4: hours = number(index + 1..<index + 3); minutes = number(index + 3..<index + 5)
                case 5 where scalars[index + 3] == UInt8(ascii: ":"):
                    hours = number(index + 1..<index + 3); minutes = number(index + 4..<index + 6)
                default: return nil
                }
                guard let hours, let minutes else { return nil }
                offset = (sign == UInt8(ascii: "-") ? -1 : 1) * (hours * 3600 + minutes * 60)
            } else {
                return nil
            }
        }
        let components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        guard let wallClock = Self.calendar.date(from: components) else { return nil }
        let zoneOffset = offset ?? (isGMT ? 0 : utcOffset)
        return wallClock.addingTimeInterval(TimeInterval(-zoneOffset))
    }
}

extension Date {
    /// Whole seconds since 1970: WordPress keeps dates to the second and compares them so.
    var wholeSeconds: Int64 { Int64(timeIntervalSince1970.rounded(.down)) }
}
