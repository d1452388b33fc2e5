import Foundation

/// Parses the three date formats HTTP recipients must accept (RFC 9110 §5.6.7), without
/// `DateFormatter`, whose behaviour depends on locale data that differs between platforms.
enum HTTPDate {
    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]

    /// `Sun, 06 Nov 1994 08:49:37 GMT` (IMF-fixdate), `Sunday, 06-Nov-94 08:49:37 GMT` (RFC 850)
    /// or `Sun Nov  6 08:49:37 1994` (asctime).
    static func parse(_ text: String) -> Date? {
        let tokens = text.split { $0 == " " || $0 == "," }.map(String.init)
        switch tokens.count {
        case 6 where tokens[5] == "GMT":
            return make(day: tokens[1], month: tokens[2], year: tokens[3], time: tokens[4])
        case 4 where tokens[3] == "GMT":
            let parts = tokens[1].split(separator: "-").map(String.init)
            guard parts.count == 3, let shortYear = Int(parts[2]), parts[2].count == 2 else { return nil }
            // RFC 9110: a two-digit year more than 50 years ahead means the previous century.
            let year = shortYear < 70 ? 2000 + shortYear : 1900 + shortYear
            return make(day: parts[0], month: parts[1], year: String(year), time: tokens[2])
        case 5:
            return make(day: tokens[2], month: tokens[1], year: tokens[4], time: tokens[3])
        default:
            return nil
        }
    }

    private static func make(day: String, month: String, year: String, time: String) -> Date? {
        let clock = time.split(separator: ":").compactMap { Int($0) }
        guard let day = Int(day), (1...31).contains(day),
            let monthIndex = months.firstIndex(of: month.lowercased()),
            let year = Int(year), year >= 1970,
            clock.count == 3, (0...23).contains(clock[0]), (0...59).contains(clock[1]), (0...60).contains(clock[2])
        else { return nil }
        let days = daysSinceEpoch(year: year, month: monthIndex + 1, day: day)
        let seconds = days * 86_400 + clock[0] * 3_600 + clock[1] * 60 + clock[2]
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// Days from 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    private static func daysSinceEpoch(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
