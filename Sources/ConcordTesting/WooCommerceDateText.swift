import Foundation

/// WooCommerce's `*_gmt` date text: ISO 8601 in UTC without a zone designator
/// (`2025-06-15T15:06:40`), as its REST API writes dates and reads `modified_after` with
/// `dates_are_gmt=true`.
public enum WooCommerceDateText {
    /// The date `text` names, or `nil` when it is not such a date.
    public static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: text + "Z")
    }

    /// `date` as WooCommerce writes it, to the second.
    public static func format(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return String(formatter.string(from: date).dropLast())
    }
}
