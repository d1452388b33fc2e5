import CatalogModel
import Foundation

/// Writes a ``CatalogDocument`` in any of the ``CatalogFileFormat``s.
///
/// Exports are deterministic (the same document gives the same bytes), so that a re-export shows
/// up in a diff only where the catalog changed. Each format's documentation says what it cannot
/// carry; Concord JSON Lines carries everything.
public enum CatalogExporter {
    /// The document as the text of a file in `format`.
    ///
    /// - Parameters:
    ///   - document: The catalog to write.
    ///   - format: The file format.
    ///   - options: Which location's stock and which weight unit formats with room for only one use.
    public static func write(
        _ document: CatalogDocument, format: CatalogFileFormat, options: ExportOptions = .init()
    ) -> String {
        var text = ""
        write(document, format: format, options: options) { text += $0 }
        return text
    }

    /// Streams the document to `handle` in chunks, without holding the whole file in memory, for
    /// catalogs too big to build as one string.
    ///
    /// - Throws: The file handle's error when writing fails.
    public static func write(
        _ document: CatalogDocument, format: CatalogFileFormat, options: ExportOptions = .init(),
        to handle: FileHandle
    ) throws {
        var buffer = ""
        var failure: (any Error)?
        let chunkSize = 1 << 16
        write(document, format: format, options: options) { text in
            guard failure == nil else { return }
            buffer += text
            if buffer.utf8.count >= chunkSize {
                do { try handle.write(contentsOf: Data(buffer.utf8)) } catch { failure = error }
                buffer = ""
            }
        }
        if let failure { throw failure }
        try handle.write(contentsOf: Data(buffer.utf8))
    }

    private static func write(
        _ document: CatalogDocument, format: CatalogFileFormat, options: ExportOptions,
        to output: (String) -> Void
    ) {
        switch format {
        case .shopifyCSV: ShopifyProductCSV.write(document, options: options, to: output)
        case .wooCommerceCSV: WooCommerceProductCSV.write(document, options: options, to: output)
        case .jsonLines: ConcordJSONLines.write(document, to: output)
        }
    }
}
