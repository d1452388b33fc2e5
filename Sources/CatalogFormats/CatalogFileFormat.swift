import CatalogModel
import Foundation

/// The catalog file formats Concord reads and writes.
///
/// The raw values are what a person types after `--format`.
public enum CatalogFileFormat: String, CaseIterable, Sendable {
    /// Shopify's product CSV, as the admin's import template and export write it: one row per
    /// variant (or extra image), rows of a product sharing a `Handle`.
    case shopifyCSV = "shopify-csv"
    /// WooCommerce's built-in product CSV exporter/importer format: one row per simple product,
    /// variable product and variation, variations pointing at their parent in `Parent`.
    case wooCommerceCSV = "woocommerce-csv"
    /// Concord's own lossless format: one JSON object per variant and line, carrying its product.
    case jsonLines = "jsonl"

    /// Guesses the format of a file from its name and first line, or `nil` when neither tells.
    ///
    /// JSON Lines is recognised by its extension (`.jsonl`, `.ndjson`) or by a first line that
    /// opens a JSON object. The two CSV formats share the `.csv` extension, so they are told apart
    /// by header columns only Shopify writes (`Handle`, `Variant SKU`) or only WooCommerce writes
    /// (`SKU` with `Type` or `Regular price`).
    ///
    /// - Parameters:
    ///   - path: The file's path or name.
    ///   - firstLine: The file's first line (the CSV header), with or without a byte order mark.
    public static func detect(path: String, firstLine: String, delimiter: UnicodeScalar = ",") -> CatalogFileFormat? {
        let fileExtension = (path as NSString).pathExtension.lowercased()
        if ["jsonl", "ndjson"].contains(fileExtension) { return .jsonLines }

        var line = firstLine
        if line.hasPrefix("\u{FEFF}") { line.removeFirst() }
        line = line.trimmingWhitespace()
        if line.hasPrefix("{") { return .jsonLines }
        guard !line.isEmpty, ["csv", "txt", ""].contains(fileExtension) else { return nil }

        let columns = Set(CSVTable.cells(ofLine: line, delimiter: delimiter).map { $0.trimmingWhitespace().lowercased() })
        if columns.contains("handle"), columns.contains("variant sku") || columns.contains("title") {
            return .shopifyCSV
        }
        if columns.contains("sku"), columns.contains("type") || columns.contains("regular price") {
            return .wooCommerceCSV
        }
        return nil
    }
}
