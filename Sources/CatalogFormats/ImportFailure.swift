/// The error thrown when a catalog file cannot be imported: every error found in it, so that a
/// merchant fixes the whole file in one pass instead of one row per attempt.
///
/// Nothing is imported when this is thrown; the caller has no partial document to write by
/// mistake. The list is capped at ``reportLimit`` diagnostics (ordered by line) so that a file
/// that is wrong on every one of its 40,000 rows still gives a readable report; ``errorCount``
/// says how many there were in all.
public struct ImportFailure: Error, Sendable, CustomStringConvertible {
    /// How many error diagnostics a failure keeps.
    public static let reportLimit = 50

    /// The file as the user named it.
    public var file: String
    /// The first ``reportLimit`` errors, in file order.
    public var errors: [ImportDiagnostic]
    /// How many errors the file has, including those not kept in ``errors``.
    public var errorCount: Int
    /// Warnings found before the import was abandoned, for context.
    public var warnings: [ImportDiagnostic]

    public init(file: String, errors: [ImportDiagnostic], errorCount: Int? = nil, warnings: [ImportDiagnostic] = []) {
        self.file = file
        self.errors = Array(errors.prefix(Self.reportLimit))
        self.errorCount = errorCount ?? errors.count
        self.warnings = warnings
    }

    /// A one-line summary followed by one line per kept error.
    public var description: String {
        let noun = errorCount == 1 ? "error" : "errors"
        var lines = ["\(file): \(errorCount) \(noun); nothing was imported. Fix the file and import it again."]
        lines += errors.map(\.description)
        if errorCount > errors.count {
            lines.append("... and \(errorCount - errors.count) more")
        }
        return lines.joined(separator: "\n")
    }
}
