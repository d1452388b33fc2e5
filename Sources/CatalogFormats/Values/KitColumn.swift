import CatalogModel

/// The kit column every import format shares: `Kit Components` in the CSVs, `kitComponents` in
/// Concord JSON Lines, written `SKU-A*2;SKU-B*1` (a missing `*N` means one), on the kit's own row.
enum KitColumn {
    /// The CSV header.
    static let csvName = "Kit Components"

    /// The kit a row defines, or nil when its kit cell is empty or wrong (wrong is reported with
    /// file, line, column and SKU).
    static func read(_ text: String?, sku: SKU?, line: Int, column: String, log: inout DiagnosticLog) -> KitDefinition? {
        guard let text, !text.trimmingWhitespace().isEmpty else { return nil }
        guard let sku else { return nil }
        switch KitDefinition.parseComponents(text, kit: sku) {
        case .success(let components):
            return KitDefinition(sku: sku, components: components)
        case .failure(let error):
            log.error(.invalidValue, line: line, column: column, sku: sku, "\(error.message)")
            return nil
        }
    }
}
