import Foundation

/// Shopify's search syntax for the `query:` argument of connections, the part Concord and common
/// clients use: `field:value` terms, comparisons (`updated_at:>'2025-01-01T00:00:00Z'`, `>=`, `<`,
/// `<=`), comma lists (`status:active,draft`), negation (`-tag:x`, `NOT`), `AND` (implied) and `OR`,
/// and bare words matched against the resource's default text. A field the resource does not know
/// is ignored, as Shopify does (it adds a search warning).
///
/// Reference: https://shopify.dev/docs/api/usage/search-syntax
struct SearchQuery: Sendable {
    enum Comparison: Sendable { case equal, greater, greaterOrEqual, less, lessOrEqual }

    struct Term: Sendable {
        var field: String?
        var comparison: Comparison
        var value: String
        var negated: Bool
    }

    /// What a resource offers for one search field.
    enum Value {
        case text([String])
        case date(Date)
        case number(Int64)
    }

    /// Terms in OR-groups: an item matches when every term of any group matches.
    var groups: [[Term]]

    init(_ text: String?) {
        groups = []
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return }
        var current: [Term] = []
        var negateNext = false
        for token in Self.tokens(text) {
            switch token.uppercased() {
            case "AND": continue
            case "OR":
                if !current.isEmpty { groups.append(current) }
                current = []
                continue
            case "NOT":
                negateNext = true
                continue
            default: break
            }
            if var term = Self.term(token) {
                term.negated = term.negated != negateNext
                current.append(term)
            }
            negateNext = false
        }
        if !current.isEmpty { groups.append(current) }
    }

    var isEmpty: Bool { groups.isEmpty }

    /// Whether an item matches; `lookup` gives the item's value for a field name (nil for an
    /// unknown field) and for `""`, the default text of bare words.
    func matches(_ lookup: (String) -> Value?) -> Bool {
        guard !groups.isEmpty else { return true }
        return groups.contains { group in
            group.allSatisfy { term in
                guard let value = lookup(term.field ?? "") else { return true }
                return Self.matches(term, value) != term.negated
            }
        }
    }

    private static func matches(_ term: Term, _ value: Value) -> Bool {
        switch value {
        case .text(let texts):
            let wanted = term.value.split(separator: ",").map { $0.lowercased() }
            return texts.contains { text in
                let text = text.lowercased()
                return wanted.contains { want in
                    if term.field == nil { return text.contains(want) }
                    if want.hasSuffix("*") { return text.hasPrefix(want.dropLast()) }
                    return text == want
                }
            }
        case .date(let date):
            guard let bound = parseDate(term.value) else { return false }
            return compare(date, bound, term.comparison)
        case .number(let number):
            let raw = term.value.hasPrefix("gid://") ? GlobalID(term.value).map { String($0.id) } ?? term.value : term.value
            guard let bound = Int64(raw) else { return false }
            return compare(number, bound, term.comparison)
        }
    }

    private static func compare<T: Comparable>(_ value: T, _ bound: T, _ comparison: Comparison) -> Bool {
        switch comparison {
        case .equal: value == bound
        case .greater: value > bound
        case .greaterOrEqual: value >= bound
        case .less: value < bound
        case .lessOrEqual: value <= bound
        }
    }

    /// ISO-8601 with or without fractional seconds or a zone (then UTC), or a bare date.
    static func parseDate(_ text: String) -> Date? {
        let formats: [Date.ISO8601FormatStyle] = [
            .iso8601,
            Date.ISO8601FormatStyle(includingFractionalSeconds: true),
            Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash).time(includingFractionalSeconds: false).timeSeparator(
                .colon),
            Date.ISO8601FormatStyle().year().month().day().dateSeparator(.dash),
        ]
        for format in formats {
            if let date = try? format.parse(text) { return date }
        }
        return nil
    }

    private static func term(_ token: String) -> Term? {
        var token = Substring(token)
        var negated = false
        if token.hasPrefix("-") {
            negated = true
            token = token.dropFirst()
        }
        guard !token.isEmpty else { return nil }
        guard let colon = token.firstIndex(of: ":") else {
            return Term(field: nil, comparison: .equal, value: unquote(token), negated: negated)
        }
        let field = token[..<colon].lowercased()
        var rest = token[token.index(after: colon)...]
        var comparison = Comparison.equal
        for (prefix, kind) in [(">=", Comparison.greaterOrEqual), ("<=", .lessOrEqual), (">", .greater), ("<", .less), ("=", .equal)] {
            if rest.hasPrefix(prefix) {
                comparison = kind
                rest = rest.dropFirst(prefix.count)
                break
            }
        }
        return Term(field: field, comparison: comparison, value: unquote(rest), negated: negated)
    }

    private static func unquote(_ text: Substring) -> String {
        var text = text
        if let first = text.first, first == "'" || first == "\"", text.count >= 2, text.last == first {
            text = text.dropFirst().dropLast()
        }
        return String(text)
    }

    /// Splits on spaces outside quotes; parentheses are dropped (grouping beyond OR is not modelled).
    private static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = ""
        var quote: Character?
        for character in text {
            if let open = quote {
                current.append(character)
                if character == open { quote = nil }
            } else if character == "'" || character == "\"" {
                quote = character
                current.append(character)
            } else if character == " " || character == "\t" || character == "\n" {
                if !current.isEmpty { tokens.append(current) }
                current = ""
            } else if character != "(" && character != ")" {
                current.append(character)
            }
        }
        if !current.isEmpty { tokens.append(current) }
        return tokens
    }
}
