internal import CSV
import CatalogModel

/// A CSV file read into a header and records, each record knowing the physical line it starts on.
///
/// CSV.swift's reader gives cells but no positions, so the line of each record is counted here:
/// a record spans one line plus one for every line break inside its quoted cells (`\r\n`, `\r`
/// and `\n` each count once, as the reader ends rows on any of them). That keeps line numbers
/// right after a multi-line `Body (HTML)` cell, which is where spreadsheet users get lost.
struct CSVTable {
    struct Record {
        /// The 1-based line the record starts on; the header is line 1.
        var line: Int
        var cells: [String]

        /// True for a line with no content at all (or only empty cells), which importers skip.
        var isBlank: Bool { cells.allSatisfy { $0.trimmingWhitespace().isEmpty } }
    }

    /// The header cells, trimmed.
    var header: [String]
    /// The records after the header, in file order, blank ones included.
    var records: [Record]

    /// Reads CSV text (without a byte order mark); `nil` when it has no header row.
    init?(text: String, delimiter: UnicodeScalar = ",") {
        guard let reader = try? CSVReader(string: text, delimiter: delimiter) else { return nil }
        var line = 1
        var header: [String]?
        var records: [Record] = []
        while let cells = reader.next() {
            if header == nil {
                header = cells.map { $0.trimmingWhitespace() }
            } else {
                records.append(Record(line: line, cells: cells))
            }
            line += 1 + cells.reduce(0) { $0 + Self.lineBreaks(in: $1) }
        }
        guard let header else { return nil }
        self.header = header
        self.records = records
    }

    /// The cells of a single line of CSV, for looking at a header.
    static func cells(ofLine line: String, delimiter: UnicodeScalar = ",") -> [String] {
        guard let reader = try? CSVReader(string: line, delimiter: delimiter) else { return [] }
        return reader.next() ?? []
    }

    /// The separator a header line is written with when it is not the comma: a European
    /// spreadsheet saves "CSV" with semicolons, and some tools export tab-separated text. `nil`
    /// when the line has commas outside quotes, or neither.
    static func otherSeparator(ofHeader line: String) -> UnicodeScalar? {
        var quoted = false
        var counts: [UnicodeScalar: Int] = [:]
        for scalar in line.unicodeScalars {
            if scalar == "\"" { quoted.toggle() }
            if !quoted, [",", ";", "\t"].contains(scalar) { counts[scalar, default: 0] += 1 }
        }
        guard counts[",", default: 0] == 0 else { return nil }
        if counts[";", default: 0] > 0 { return ";" }
        if counts["\t", default: 0] > 0 { return "\t" }
        return nil
    }

    /// Line breaks in a cell, counting `\r\n` once.
    static func lineBreaks(in cell: String) -> Int {
        var count = 0
        var previousWasCR = false
        for byte in cell.utf8 {
            if byte == 13 {
                count += 1
                previousWasCR = true
            } else {
                if byte == 10, !previousWasCR { count += 1 }
                previousWasCR = false
            }
        }
        return count
    }
}
