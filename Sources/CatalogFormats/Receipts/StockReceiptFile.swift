import CatalogModel
import Foundation

/// Reads a goods-receipt CSV for `concord catalog receive`: columns `sku,location,quantity` and
/// optionally `received_at` and `reference`, one receipt line a row.
///
/// Like a catalog import it is all or nothing: every row is checked against the catalog (the SKU
/// and the location must exist, the quantity must be a positive whole number, the date readable
/// and not in the future) and every bad row is reported with its line, column and SKU before
/// anything is written.
public enum StockReceiptFile {
    /// One receipt line and the physical line of the file it came from.
    public struct Row: Hashable, Sendable {
        public var line: Int
        public var receipt: StockReceipt
    }

    /// The columns a receipt file must have.
    public static let requiredColumns = ["sku", "location", "quantity"]
    /// The columns it may have.
    public static let optionalColumns = ["received_at", "reference"]

    /// Reads the receipt file at `path`.
    ///
    /// - Parameters:
    ///   - skus: The catalog's SKUs; a row naming another SKU is an error.
    ///   - locations: The catalog's location codes; a row naming another location is an error.
    ///   - now: The time a row without `received_at` was received, and the latest time allowed.
    /// - Throws: ``ImportFailure`` with every bad row.
    public static func read(
        contentsOf path: String, skus: Set<SKU>, locations: Set<String>, now: Date
    ) throws(ImportFailure) -> [Row] {
        try read(text: CatalogImporter.readText(path), fileName: path, skus: skus, locations: locations, now: now)
    }

    /// Reads receipt CSV text; `fileName` names it in diagnostics.
    public static func read(
        text: String, fileName: String, skus: Set<SKU>, locations: Set<String>, now: Date
    ) throws(ImportFailure) -> [Row] {
        var log = DiagnosticLog(file: fileName)
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        guard !text.trimmingWhitespace().isEmpty, let table = CSVTable(text: text) else {
            log.error(.emptyFile, line: nil, "the file is empty; write a header line sku,location,quantity and one row per receipt line")
            throw log.failure()
        }
        let columns = CSVColumns(header: table.header)
        let known = requiredColumns + optionalColumns
        for name in table.header where !known.contains(name.lowercased()) {
            log.error(
                .unknownColumn, line: 1, column: name,
                "is not a receipt column; use \(known.joined(separator: ", ")) (received_at and reference are optional)")
        }
        for name in requiredColumns where !columns.contains(name) {
            log.error(
                .missingColumn, line: 1, column: name, "the header has no \(name) column; the header must name sku, location and quantity")
        }
        guard !log.hasErrors else { throw log.failure() }

        let skusByFolding = Dictionary(skus.map { ($0.rawValue.lowercased(), $0) }, uniquingKeysWith: { first, _ in first })
        var rows: [Row] = []
        for record in table.records where !record.isBlank {
            let reader = CSVRecordReader(record: record, columns: columns)
            guard record.cells.count == table.header.count else {
                log.error(
                    .malformedRow, line: record.line,
                    "has \(record.cells.count) cells for \(table.header.count) columns; check for a lost quote or a stray comma")
                continue
            }
            let sku = reader.sku("sku", log: &log)
            if sku == nil {
                log.error(.missingSKU, line: record.line, column: "sku", "is empty; every receipt line names the SKU received")
            } else if let sku, !skus.contains(sku) {
                let hint =
                    skusByFolding[sku.rawValue.lowercased()].map { "; did you mean \($0)? SKUs are case-sensitive" }
                    ?? "; import it first or correct the SKU"
                log.error(.unknownSKU, line: record.line, column: "sku", sku: sku, "\(sku) is not in the catalog\(hint)")
            }
            let location = reader.text("location")
            if location.isEmpty {
                log.error(
                    .missingValue, line: record.line, column: "location", sku: sku,
                    "is empty; name the catalog location the units arrived at")
            } else if !locations.contains(location) {
                log.error(
                    .unknownLocation, line: record.line, column: "location", sku: sku,
                    "\"\(location)\" is not a catalog location; use one of \(locations.sorted().joined(separator: ", "))")
            }
            let quantityText = reader.text("quantity")
            let quantity = Int(quantityText)
            if quantityText.isEmpty {
                log.error(.missingValue, line: record.line, column: "quantity", sku: sku, "is empty; write the units received, such as 12")
            } else if quantity == nil {
                log.error(
                    .invalidValue, line: record.line, column: "quantity", sku: sku,
                    "\"\(quantityText)\" is not a whole number of units; write digits only, such as 12")
            } else if let quantity, quantity <= 0 {
                log.error(
                    .invalidValue, line: record.line, column: "quantity", sku: sku,
                    "\(quantity) is not a positive quantity; a receipt adds units, so write 1 or more")
            }
            var receivedAt = now
            if let dateText = reader.optionalText("received_at") {
                if let date = ReceiptDate.parse(dateText) {
                    if date > now {
                        log.error(
                            .invalidValue, line: record.line, column: "received_at", sku: sku,
                            "\(dateText) is in the future; a receipt records goods that have arrived")
                    }
                    receivedAt = date
                } else {
                    log.error(
                        .invalidValue, line: record.line, column: "received_at", sku: sku,
                        "\"\(dateText)\" is not a date; write YYYY-MM-DD (UTC) or ISO 8601 such as 2025-03-01T08:00:00Z")
                }
            }
            guard let sku, let quantity, quantity > 0, !location.isEmpty else { continue }
            rows.append(
                Row(
                    line: record.line,
                    receipt: StockReceipt(
                        sku: sku, location: location, quantity: quantity, receivedAt: receivedAt,
                        reference: reader.optionalText("reference"))))
        }
        if !log.hasErrors, rows.isEmpty {
            log.error(.noProducts, line: nil, "the file has a header but no receipt lines; add one row per SKU and location received")
        }
        guard !log.hasErrors else { throw log.failure() }
        return rows
    }
}

extension ImportDiagnostic.Code {
    /// A SKU the catalog does not hold.
    public static let unknownSKU = Self(rawValue: "unknown-sku")
    /// A location code the catalog does not hold.
    public static let unknownLocation = Self(rawValue: "unknown-location")
    /// A column the file's format does not define (usually a misspelling).
    public static let unknownColumn = Self(rawValue: "unknown-column")
}

/// The dates a receipt file may carry: a UTC day or an ISO 8601 instant.
enum ReceiptDate {
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        if bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = Int(text.prefix(4)), let month = Int(text.dropFirst(5).prefix(2)), let day = Int(text.suffix(2))
        {
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = TimeZone(identifier: "UTC")!
            let components = DateComponents(year: year, month: month, day: day)
            return components.isValidDate(in: calendar) ? calendar.date(from: components) : nil
        }
        let formatter = ISO8601DateFormatter()
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}
