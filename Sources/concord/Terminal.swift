import CatalogModel
import Foundation

/// Writing to the terminal: colour only on a TTY and never when `NO_COLOR` is set (no-color.org).
enum Terminal {
    static let colorEnabled: Bool = {
        let environment = ProcessInfo.processInfo.environment
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return false }
        if environment["TERM"] == "dumb" { return false }
        return isatty(STDOUT_FILENO) == 1
    }()

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
    }

    /// The text in a style; any control character in it (a store's title, an error a store
    /// sent) is shown as an escape, so only the style's own sequence reaches the terminal.
    static func styled(_ text: String, _ style: Style) -> String {
        let text = visible(text)
        return colorEnabled ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    /// Text that came from a store or a file, with control characters shown as `\x1B`-style
    /// escapes, so that a product title cannot move the cursor, clear the screen or retitle the
    /// terminal.
    static func visible(_ text: String) -> String { VisibleText.escaped(text) }

    /// Prints to standard error, for warnings and progress that must not mix with `--json` output.
    static func printError(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    /// Encodes a value as pretty, key-sorted JSON on standard output, keys in snake_case as in
    /// every other `--json` output (plan, sync, audit).
    static func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }

    /// Lays out rows as left-aligned columns (numbers right-aligned) with two spaces between.
    static func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0.indices.contains(column) ? $0[column].count : 0 }.max() ?? 0 }
        func isNumber(_ text: String) -> Bool { !text.isEmpty && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" || $0 == "," } }
        return all.enumerated().map { index, row in
            let line = row.enumerated().map { column, cell in
                let pad = String(repeating: " ", count: max(0, widths[column] - cell.count))
                return index > 0 && isNumber(cell) ? pad + cell : cell + pad
            }.joined(separator: "  ")
            let trimmed = String(line.reversed().drop(while: { $0 == " " }).reversed())
            return index == 0 ? styled(trimmed, .bold) : trimmed
        }.joined(separator: "\n")
    }
}
