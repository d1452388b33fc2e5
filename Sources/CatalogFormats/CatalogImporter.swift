import CatalogModel
import Foundation

/// Reads catalog files (Shopify CSV, WooCommerce CSV, Concord JSON Lines) into a
/// ``CatalogDocument``.
///
/// An import is all or nothing: the importer reads the whole file, collecting every problem with
/// its line and column, and returns a document only when there is no error. A merchant gets the
/// complete list of rows to fix in one go, and a half-imported catalog never reaches the store.
public enum CatalogImporter {
    /// Reads the catalog file at `path`.
    ///
    /// - Parameters:
    ///   - path: The file to read; diagnostics name the file as written here.
    ///   - format: The file's format, or `nil` to detect it from the name and first line.
    ///   - options: The currency, stock location and weight unit the file does not state.
    /// - Returns: The document and the warnings a person should read.
    /// - Throws: ``ImportFailure`` with every error found, including a file that cannot be read.
    public static func read(
        contentsOf path: String, format: CatalogFileFormat? = nil, options: ImportOptions = .init()
    ) throws(ImportFailure) -> ImportResult {
        try read(text: readText(path), fileName: path, format: format, options: options)
    }

    /// Reads catalog text that came from somewhere other than a file (a download, a test).
    ///
    /// - Parameters:
    ///   - text: The file's content; a UTF-8 byte order mark at its start is ignored.
    ///   - fileName: The name diagnostics give the file, and the name format detection looks at.
    ///   - format: The format, or `nil` to detect it.
    ///   - options: The currency, stock location and weight unit the file does not state.
    /// - Throws: ``ImportFailure`` with every error found.
    public static func read(
        text: String, fileName: String, format: CatalogFileFormat? = nil, options: ImportOptions = .init()
    ) throws(ImportFailure) -> ImportResult {
        var log = DiagnosticLog(file: fileName)
        var text = text
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }

        guard !text.trimmingWhitespace().isEmpty else {
            log.error(
                .emptyFile, line: nil,
                "the file is empty; export the catalog again, or check that this is the file you meant")
            throw log.failure()
        }
        let firstLine = String(text.prefix { $0 != "\n" && $0 != "\r\n" && $0 != "\r" })
        // A European spreadsheet saves "CSV" with semicolons: say so, instead of reporting the
        // columns it then seems to lack.
        if options.delimiter == ",", format != .jsonLines, !firstLine.trimmingWhitespace().hasPrefix("{"),
            let separator = CSVTable.otherSeparator(ofHeader: firstLine)
        {
            let name = separator == ";" ? "semicolons" : "tabs"
            let flag = separator == ";" ? "--delimiter ';'" : "--delimiter tab"
            log.error(
                .unknownFormat, line: 1,
                "the file is separated by \(name), not commas (a spreadsheet's regional default); save it as comma-separated CSV or pass \(flag)"
            )
            throw log.failure()
        }
        guard let format = format ?? CatalogFileFormat.detect(path: fileName, firstLine: firstLine, delimiter: options.delimiter) else {
            log.error(
                .unknownFormat, line: 1,
                "cannot tell the file's format from its name or first line; name it explicitly ("
                    + CatalogFileFormat.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            throw log.failure()
        }

        let document: CatalogDocument
        switch format {
        case .jsonLines:
            document = ConcordJSONLines.read(text, options: options, log: &log)
        case .shopifyCSV, .wooCommerceCSV:
            guard let table = CSVTable(text: text, delimiter: options.delimiter) else {
                log.error(.emptyFile, line: 1, "the file has no header row; export the catalog again")
                throw log.failure()
            }
            document =
                format == .shopifyCSV
                ? ShopifyProductCSV.read(table, options: options, log: &log)
                : WooCommerceProductCSV.read(table, options: options, log: &log)
            // The one stock column's location comes from the options, not a row: one error for the file.
            for location in document.locations {
                log.checkKnown(
                    location: location.code, options: options, line: 1,
                    column: format == .shopifyCSV ? ShopifyProductCSV.Column.inventoryQuantity : WooCommerceProductCSV.Column.stock)
            }
        }

        // A NUL character (U+0000, `\u0000` in JSON) is kept by no catalog database: SQLite would
        // cut the text there without a word, PostgreSQL refuses it. Refused here, by product and field.
        for product in document.products {
            var fields: [(String, String)] = [
                ("title", product.title), ("description", product.descriptionHTML), ("handle", product.handle),
            ]
            fields += [("vendor", product.vendor ?? ""), ("product type", product.productType ?? "")]
            fields += (product.tags + product.optionNames + product.images).map { ("tags, options or images", $0) }
            for variant in product.variants {
                fields += [("variant \(variant.sku) title", variant.title)]
                fields += (variant.options + variant.images).map { ("variant \(variant.sku) options or images", $0) }
            }
            for (field, text) in fields where text.contains("\u{0}") {
                log.error(
                    .invalidValue, line: nil,
                    "product \(product.handle): the \(field) holds a NUL character (U+0000), which the catalog cannot keep (SQLite would cut the text there); remove it from the file"
                )
            }
        }

        if !log.hasErrors, document.products.isEmpty {
            log.error(
                .noProducts, line: nil,
                "the file holds no products; importing it would empty the catalog — check that this is the "
                    + "file you meant")
        }
        guard !log.hasErrors else { throw log.failure() }
        return ImportResult(document: document, warnings: log.sortedWarnings)
    }

    /// The file's text, or a failure that names the file and says what to do.
    static func readText(_ path: String) throws(ImportFailure) -> String {
        func failure(_ message: String) -> ImportFailure {
            var log = DiagnosticLog(file: path)
            log.error(.unreadableFile, line: nil, message)
            return log.failure()
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw failure("no such file; check the path")
        }
        guard !isDirectory.boolValue else { throw failure("this is a directory; name the catalog file inside it") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw failure("the file cannot be read (\(error.localizedDescription)); check its permissions")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw failure(
                "the file is not UTF-8 text; save it again as UTF-8 (in Excel: \"CSV UTF-8\"), or export it again")
        }
        return text
    }
}
