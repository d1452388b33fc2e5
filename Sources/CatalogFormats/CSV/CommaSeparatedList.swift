import CatalogModel
import Foundation

/// Lists packed into one CSV cell: tags, image URLs, attribute values.
///
/// WooCommerce escapes a comma inside an item as `\,` (its exporter's `implode_values`); Shopify
/// tags never contain commas, so the same reader serves both.
enum CommaSeparatedList {
    /// Splits on commas not preceded by a backslash, trims the items and drops empty ones.
    static func split(_ cell: String) -> [String] {
        var items: [String] = []
        var current = ""
        var escaped = false
        for character in cell {
            if escaped {
                if character != "," { current.append("\\") }
                current.append(character)
                escaped = false
            } else if character == "\\" {
                escaped = true
            } else if character == "," {
                items.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        if escaped { current.append("\\") }
        items.append(current)
        return items.map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    /// Joins items with `, `, escaping commas inside items as `\,`.
    static func join(_ items: [String]) -> String {
        items.map { $0.replacingOccurrences(of: ",", with: "\\,") }.joined(separator: ", ")
    }
}
