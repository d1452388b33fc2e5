import Foundation

/// A column's value in a row being searched, typed the way MySQL compares it.
enum FieldValue: Sendable {
    case null
    /// Compared case-insensitively, as MySQL's default `utf8_general_ci` collation does.
    case text(String)
    case number(Decimal)
    case date(Date)
    /// A multi-valued attribute (`category_ids`, `website_ids`), for `finset`.
    case list([String])

    /// Whether this value satisfies one filter. Unknown condition types compare with `=`, as
    /// Magento's `Mysql::prepareSqlCondition` does with a key it does not know.
    func matches(_ filter: SearchCriteria.Filter) -> Bool {
        switch filter.conditionType {
        case "null": return isNull
        case "notnull": return !isNull
        default: break
        }
        // SQL: any comparison with NULL is unknown, so the row is not selected.
        guard !isNull, let operand = filter.value else { return false }
        switch filter.conditionType {
        case "neq": return compare(operand).map { $0 != .orderedSame } ?? false
        case "gt": return compare(operand) == .orderedDescending
        case "gteq", "moreq", "from": return compare(operand).map { $0 != .orderedAscending } ?? false
        case "lt": return compare(operand) == .orderedAscending
        case "lteq", "to": return compare(operand).map { $0 != .orderedDescending } ?? false
        case "like": return like(operand)
        case "nlike": return !like(operand)
        case "in":
            if case .text(let text) = self { return filter.textSet.contains(text.lowercased()) }
            return Self.list(operand).contains { compare($0) == .orderedSame }
        case "nin":
            if case .text(let text) = self { return !filter.textSet.contains(text.lowercased()) }
            return !Self.list(operand).contains { compare($0) == .orderedSame }
        case "finset": return set.contains { $0.caseInsensitiveCompare(operand) == .orderedSame }
        case "nfinset": return !set.contains { $0.caseInsensitiveCompare(operand) == .orderedSame }
        default: return compare(operand) == .orderedSame
        }
    }

    var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// `in`/`nin` take a comma-separated list.
    static func list(_ text: String) -> [String] {
        text.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
    }

    private var set: [String] {
        switch self {
        case .list(let items): items
        case .text(let text): Self.list(text)
        case .number(let number): [NSDecimalNumber(decimal: number).stringValue]
        default: []
        }
    }

    /// This value against a filter operand, the operand read as this value's type. A number
    /// column compares with a non-numeric operand as MySQL does, as if it were 0.
    func compare(_ operand: String) -> ComparisonResult? {
        switch self {
        case .null: return nil
        case .text(let text): return text.compare(operand, options: [.caseInsensitive])
        case .number(let number):
            let other = Decimal(string: operand.trimmingCharacters(in: .whitespaces), locale: Locale(identifier: "en_US_POSIX")) ?? 0
            return number == other ? .orderedSame : (number < other ? .orderedAscending : .orderedDescending)
        case .date(let date):
            guard let other = MagentoDate.parse(operand) else { return nil }
            return date == other ? .orderedSame : (date < other ? .orderedAscending : .orderedDescending)
        case .list(let items):
            return items.contains { $0.caseInsensitiveCompare(operand) == .orderedSame } ? .orderedSame : .orderedAscending
        }
    }

    /// SQL `LIKE`: `%` any run, `_` one character, case-insensitive, the whole value.
    private func like(_ pattern: String) -> Bool {
        let subject: String
        switch self {
        case .text(let text): subject = text
        case .number(let number): subject = NSDecimalNumber(decimal: number).stringValue
        case .date(let date): subject = MagentoDate.format(date)
        case .list(let items): subject = items.joined(separator: ",")
        case .null: return false
        }
        return Self.like(Array(subject.lowercased()), Array(pattern.lowercased()))
    }

    private static func like(_ text: [Character], _ pattern: [Character]) -> Bool {
        // Iterative wildcard match with backtracking to the last `%`.
        var t = 0, p = 0
        var star: Int?
        var mark = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == "_" || (pattern[p] != "%" && pattern[p] == text[t]) {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == "%" {
                star = p
                mark = t
                p += 1
            } else if let star {
                p = star + 1
                mark += 1
                t = mark
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == "%" { p += 1 }
        return p == pattern.count
    }

    /// Orders two values for `sortOrders`: NULL first, as MySQL sorts ascending.
    static func ascending(_ lhs: FieldValue, _ rhs: FieldValue) -> ComparisonResult {
        switch (lhs, rhs) {
        case (.null, .null): return .orderedSame
        case (.null, _): return .orderedAscending
        case (_, .null): return .orderedDescending
        case (.number(let a), .number(let b)): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        case (.date(let a), .date(let b)): return a == b ? .orderedSame : (a < b ? .orderedAscending : .orderedDescending)
        default: return lhs.sortText.compare(rhs.sortText, options: [.caseInsensitive])
        }
    }

    private var sortText: String {
        switch self {
        case .null: ""
        case .text(let text): text
        case .number(let number): NSDecimalNumber(decimal: number).stringValue
        case .date(let date): MagentoDate.format(date)
        case .list(let items): items.joined(separator: ",")
        }
    }
}
