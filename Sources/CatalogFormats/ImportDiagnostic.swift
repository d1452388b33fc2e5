import CatalogModel

/// One problem found in an import file, located precisely enough that a person can open the file
/// and fix it: file, physical line, column, and the SKU when one is known.
///
/// Diagnostics are data, like swift-format's `Finding`: the importer collects every one of them
/// instead of stopping at the first, and the command line only renders them. An ``Severity/error``
/// makes the whole import fail (see ``ImportFailure``); a ``Severity/warning`` lets it go on and
/// is returned in ``ImportResult/warnings``.
public struct ImportDiagnostic: Sendable, Hashable, CustomStringConvertible {
    /// How bad a problem is.
    public enum Severity: String, Sendable, Hashable, Comparable {
        /// The value was imported, or safely left out, but a person should look at it.
        case warning
        /// The file cannot be imported as it is; nothing is imported.
        case error

        public static func < (lhs: Severity, rhs: Severity) -> Bool {
            lhs == .warning && rhs == .error
        }
    }

    /// A stable, machine-readable name for the kind of problem, for tests and for tools that
    /// filter diagnostics. Extensible (a struct, not an enum), as NIO's error codes are.
    public struct Code: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        /// The file could not be opened or is not UTF-8 text.
        public static let unreadableFile = Code(rawValue: "unreadable-file")
        /// The file holds nothing but white space.
        public static let emptyFile = Code(rawValue: "empty-file")
        /// The file has a header or lines but not a single product.
        public static let noProducts = Code(rawValue: "no-products")
        /// Neither the name nor the first line tells which format the file is in.
        public static let unknownFormat = Code(rawValue: "unknown-format")
        /// A column the format needs is not in the header.
        public static let missingColumn = Code(rawValue: "missing-column")
        /// A CSV row has a different number of cells than the header (usually a lost quote).
        public static let malformedRow = Code(rawValue: "malformed-row")
        /// A JSON Lines line is not a JSON object of the expected shape.
        public static let malformedLine = Code(rawValue: "malformed-line")
        /// A required value is empty.
        public static let missingValue = Code(rawValue: "missing-value")
        /// A variant has no SKU; Concord keys variants by SKU.
        public static let missingSKU = Code(rawValue: "missing-sku")
        /// Two variants share a SKU.
        public static let duplicateSKU = Code(rawValue: "duplicate-sku")
        /// Two SKUs differ only by letter case.
        public static let caseOnlySKU = Code(rawValue: "case-only-sku")
        /// An amount of money cannot be read (a comma, an exponent, too many decimals...).
        public static let invalidMoney = Code(rawValue: "invalid-money")
        /// A status text is not one Concord knows.
        public static let invalidStatus = Code(rawValue: "invalid-status")
        /// Any other value that is not in the form the column needs (a number, a boolean, a unit).
        public static let invalidValue = Code(rawValue: "invalid-value")
        /// A spreadsheet turned a barcode or SKU into a number in scientific notation.
        public static let scientificNotation = Code(rawValue: "scientific-notation")
        /// Rows of one product disagree with each other (option names, product fields).
        public static let inconsistentProduct = Code(rawValue: "inconsistent-product")
        /// A WooCommerce variation names a parent that is not in the file.
        public static let unknownParent = Code(rawValue: "unknown-parent")
        /// A row or value was skipped because Concord's model cannot hold it.
        public static let unsupported = Code(rawValue: "unsupported")
        /// A price pair that imports but looks wrong (a compare-at price below the price).
        public static let suspiciousPrice = Code(rawValue: "suspicious-price")
        /// A JSON Lines key the format does not define (usually a misspelling); it was ignored.
        public static let unknownKey = Code(rawValue: "unknown-key")
        /// A price, compare-at price or cost below zero.
        public static let negativeAmount = Code(rawValue: "negative-amount")
        /// A variant for sale with a price of zero: imported, never pushed to a store.
        public static let zeroPrice = Code(rawValue: "zero-price")
        /// Stock on hand below zero: imported as it is.
        public static let negativeStock = Code(rawValue: "negative-stock")
        /// An import option replaced what the file says (a weight unit in a column header).
        public static let overridden = Code(rawValue: "overridden")
    }

    public var code: Code
    public var severity: Severity
    /// The file as the user named it (a path or a bare file name).
    public var file: String
    /// The 1-based physical line where the offending record starts; the header is line 1. `nil`
    /// for problems with the file as a whole.
    public var line: Int?
    /// The header name of the column (CSV) or the key path (JSON Lines) that holds the bad value.
    public var column: String?
    /// The SKU of the variant concerned, when the row has a readable one.
    public var sku: SKU?
    /// What is wrong and what to do about it.
    public var message: String

    public init(
        code: Code,
        severity: Severity,
        file: String,
        line: Int? = nil,
        column: String? = nil,
        sku: SKU? = nil,
        message: String
    ) {
        self.code = code
        self.severity = severity
        self.file = file
        self.line = line
        self.column = column
        self.sku = sku
        self.message = message
    }

    /// `sample.csv:14: column "Variant Price": "19,90" uses a comma; ... (SKU TSH-RED-M)`: the
    /// compiler's `file:line:` shape, so editors and terminals can jump to the spot.
    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let column { text += "column \"\(column)\": " }
        text += message
        if let sku { text += " (SKU \(sku.rawValue))" }
        return text
    }
}
