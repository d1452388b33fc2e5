import CatalogModel

/// Checks SKUs across a whole file as variants are read: exact duplicates are errors, SKUs that
/// differ only by letter case are warnings.
///
/// Concord keys variants by SKU across the whole catalog, so a duplicate would make two variants
/// one. Case-only pairs (`tsh-red-m` / `TSH-RED-M`) are legal on every platform but almost always
/// a typing mistake, so they are reported without stopping the import (see ``SKU/caseFoldedKey``).
struct SKURegistry {
    private var lineBySKU: [SKU: Int] = [:]
    private var firstByFoldedKey: [String: (sku: SKU, line: Int)] = [:]

    /// Records `sku` as seen on `line`; reports it when it repeats or clashes by case.
    mutating func register(_ sku: SKU, line: Int, column: String, log: inout DiagnosticLog) {
        if let earlier = lineBySKU[sku] {
            log.error(
                .duplicateSKU, line: line, column: column, sku: sku,
                "SKU \"\(sku.rawValue)\" is used on line \(earlier) and again on line \(line); "
                    + "SKUs must be unique across the catalog — give one of the two variants another SKU")
            return
        }
        lineBySKU[sku] = line
        if let first = firstByFoldedKey[sku.caseFoldedKey] {
            log.warning(
                .caseOnlySKU, line: line, column: column, sku: sku,
                "SKU \"\(sku.rawValue)\" differs only by letter case from \"\(first.sku.rawValue)\" on line "
                    + "\(first.line); stores treat them as two different items — check whether one is a typo")
        } else {
            firstByFoldedKey[sku.caseFoldedKey] = (sku, line)
        }
    }
}
