import Foundation

/// Writes CSV rows as RFC 4180 text.
///
/// CSV.swift's `CSVWriter` issues one `OutputStream.write` per byte, which makes exporting a
/// large catalog needlessly slow; quoting a row is a few lines, done here the same way (a cell is
/// quoted when it holds a comma, a quote or a line break, and quotes inside are doubled).
enum CSVText {
    /// One row, terminated by `\n` as Shopify's template is.
    static func row(_ cells: [String]) -> String {
        var line = ""
        for (index, cell) in cells.enumerated() {
            if index > 0 { line += "," }
            line += quoted(cell)
        }
        return line + "\n"
    }

    static func quoted(_ cell: String) -> String {
        let needsQuotes = cell.utf8.contains { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }
        guard needsQuotes else { return cell }
        return "\"" + cell.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
