/// Aligned columns for the terminal: text left, numbers right, two spaces apart, and no column
/// wider than it may be, so a report fits 100 columns.
struct TextTable {
    var header: [String]
    var rows: [[String]] = []
    /// Widest a column may be; longer cells end in `…`.
    var maxWidth = 44

    init(_ header: [String]) { self.header = header }

    mutating func add(_ row: [String]) { rows.append(row) }

    func render(style: TextStyle, indent: String = "  ") -> [String] {
        let clipped = ([header] + rows).map { $0.map { Self.clip($0, maxWidth) } }
        let widths = header.indices.map { column in clipped.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        return clipped.enumerated().map { index, row in
            let cells = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return index > 0 && Self.isNumeric(cell) ? pad + cell : cell + pad
            }
            var line = indent + cells.joined(separator: "  ")
            while line.last == " " { line.removeLast() }
            return index == 0 ? style.bold(line) : line
        }
    }

    static func clip(_ text: String, _ width: Int) -> String {
        text.count <= width ? text : String(text.prefix(width - 1)) + "…"
    }

    /// Right-aligned: counts, percentages with their counts, hours, money.
    static func isNumeric(_ text: String) -> Bool {
        guard let first = text.first else { return false }
        return first.isNumber || (first == "-" && text.count > 1)
    }
}

/// ANSI styling that is a no-op unless the caller says colour is wanted (a TTY, no `NO_COLOR`).
public struct TextStyle: Sendable {
    public var colors: Bool

    public init(colors: Bool) { self.colors = colors }

    func apply(_ code: String, _ text: String) -> String { colors ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
    func bold(_ text: String) -> String { apply("1", text) }
    func dim(_ text: String) -> String { apply("2", text) }
    func red(_ text: String) -> String { apply("31", text) }
    func yellow(_ text: String) -> String { apply("33", text) }
    func green(_ text: String) -> String { apply("32", text) }
}
