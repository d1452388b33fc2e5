/// A successfully imported catalog, with what a person should still look at.
public struct ImportResult: Sendable, Hashable {
    /// The catalog read from the file.
    public var document: CatalogDocument
    /// Problems that did not stop the import (a barcode a spreadsheet mangled, SKUs that differ
    /// only by case), in file order.
    public var warnings: [ImportDiagnostic]

    public init(document: CatalogDocument, warnings: [ImportDiagnostic] = []) {
        self.document = document
        self.warnings = warnings
    }
}
