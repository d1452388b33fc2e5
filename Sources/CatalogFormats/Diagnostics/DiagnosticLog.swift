import CatalogModel

/// Collects the diagnostics of one import as the importer walks the file.
///
/// Importers report and carry on, so that one run finds every bad row; whether anything is
/// returned is decided once, at the end, from ``hasErrors``.
struct DiagnosticLog {
    let file: String
    private(set) var errors: [ImportDiagnostic] = []
    private(set) var warnings: [ImportDiagnostic] = []

    init(file: String) { self.file = file }

    var hasErrors: Bool { !errors.isEmpty }

    mutating func error(
        _ code: ImportDiagnostic.Code, line: Int?, column: String? = nil, sku: SKU? = nil, _ message: String
    ) {
        errors.append(
            ImportDiagnostic(
                code: code, severity: .error, file: file, line: line, column: column, sku: sku, message: message))
    }

    mutating func warning(
        _ code: ImportDiagnostic.Code, line: Int?, column: String? = nil, sku: SKU? = nil, _ message: String
    ) {
        warnings.append(
            ImportDiagnostic(
                code: code, severity: .warning, file: file, line: line, column: column, sku: sku, message: message))
    }

    /// Warnings in file order (checks that run after the walk add theirs at the end).
    var sortedWarnings: [ImportDiagnostic] { Self.inFileOrder(warnings) }

    /// The failure to throw: every error in file order, capped by ``ImportFailure``.
    func failure() -> ImportFailure {
        ImportFailure(file: file, errors: Self.inFileOrder(errors), errorCount: errors.count, warnings: sortedWarnings)
    }

    private static func inFileOrder(_ diagnostics: [ImportDiagnostic]) -> [ImportDiagnostic] {
        diagnostics.enumerated()
            .sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }
            .map(\.element)
    }
}
