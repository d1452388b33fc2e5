import CatalogModel

/// Reads typed values from the cells of one CSV record, reporting bad ones against its line and
/// column so that both CSV formats word the same mistake the same way.
struct CSVRecordReader {
    let record: CSVTable.Record
    let columns: CSVColumns

    var line: Int { record.line }

    /// The cell exactly as written (`""` when the column is absent).
    func raw(_ column: String) -> String { columns.value(column, in: record) }

    /// The cell without surrounding white space.
    func text(_ column: String) -> String { raw(column).trimmingWhitespace() }

    func hasValue(_ column: String) -> Bool { !text(column).isEmpty }

    /// The cell as `nil` when empty, else trimmed.
    func optionalText(_ column: String) -> String? {
        let value = text(column)
        return value.isEmpty ? nil : value
    }

    /// The SKU in `column`, or `nil` when the cell is blank (the caller decides whether that is an
    /// error). Warns when a spreadsheet has turned the SKU into scientific notation.
    func sku(_ column: String, log: inout DiagnosticLog) -> SKU? {
        guard let sku = SKU(raw(column)) else { return nil }
        if Barcode.looksLikeScientificNotation(sku.rawValue) {
            log.warning(
                .scientificNotation, line: line, column: column, sku: sku,
                "\"\(sku.rawValue)\" looks like a number a spreadsheet rewrote in scientific notation; "
                    + "check the SKU against the store and format the column as text before saving")
        }
        return sku
    }

    /// An amount in `currency`, `nil` when the cell is empty; an error when it cannot be read.
    func money(_ column: String, currency: CurrencyCode, sku: SKU?, log: inout DiagnosticLog) -> Money? {
        let value = text(column)
        guard !value.isEmpty else { return nil }
        do {
            return try Money.parse(value, currency: currency)
        } catch {
            log.error(.invalidMoney, line: line, column: column, sku: sku, error.description)
            return nil
        }
    }

    /// A whole number, `nil` when the cell is empty; an error when it is not one.
    func integer(_ column: String, sku: SKU?, log: inout DiagnosticLog) -> Int? {
        let value = text(column)
        guard !value.isEmpty else { return nil }
        guard let number = Int(value) else {
            log.error(
                .invalidValue, line: line, column: column, sku: sku,
                "\"\(value)\" is not a whole number; write digits only, such as 12")
            return nil
        }
        return number
    }

    /// A yes/no cell (`TRUE`/`FALSE`, `1`/`0`, `yes`/`no`), `defaultValue` when empty.
    func boolean(_ column: String, default defaultValue: Bool, sku: SKU?, log: inout DiagnosticLog) -> Bool {
        let value = text(column)
        switch value.lowercased() {
        case "": return defaultValue
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default:
            log.error(
                .invalidValue, line: line, column: column, sku: sku,
                "\"\(value)\" is not a yes/no value; write TRUE or FALSE")
            return defaultValue
        }
    }

    /// A barcode, `nil` when empty. A value a spreadsheet turned into scientific notation is not a
    /// barcode any more (its last digits are gone), so it is dropped with a warning rather than
    /// stored as if it were one.
    func barcode(_ column: String, sku: SKU?, log: inout DiagnosticLog) -> Barcode? {
        guard let barcode = Barcode(raw(column)) else { return nil }
        guard !barcode.isScientificNotation else {
            log.warning(
                .scientificNotation, line: line, column: column, sku: sku,
                "\"\(barcode.rawValue)\" is a barcode a spreadsheet rewrote in scientific notation, which "
                    + "dropped its last digits; it was not imported — re-enter the barcode and format the "
                    + "column as text before saving")
            return nil
        }
        return barcode
    }
}
