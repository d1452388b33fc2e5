import Foundation

/// An image's identity as every platform keeps it: its file name.
///
/// Stores never hand back the URL they were given. Shopify serves uploads from its CDN with a
/// `?v=` query, WooCommerce from `wp-content/uploads/YYYY/MM/`, Magento as a path under
/// `media/catalog/product` with two dispersion folders (`/m/b/mb01-blue-0.jpg`). What survives
/// everywhere is the last path component, so images compare by that:
/// - the last path component of the URL or path, without query string or fragment, percent-decoded;
/// - case-insensitively, with every character other than `a-z 0-9 _ - .` read as `_`, as Magento's
///   uploader rewrites names (`Magento\Framework\File\Uploader::getCorrectFileName`);
/// - a `_N` suffix before the extension on one side only is the same image: Magento renames an
///   upload whose name is taken to `name_1.jpg`, `name_2.jpg` (`Uploader::getNewFileName`), so
///   `tee.jpg` and `tee_1.jpg` match. `tee_1.jpg` and `tee_2.jpg` do not: neither is the other
///   renamed, and two different images of one product are often numbered that way.
///
/// Order matters (the first image is the main one), so image lists match element by element.
public struct ImageName: Hashable, Sendable, CustomStringConvertible {
    /// The normalised file name.
    public let name: String

    public init(_ reference: String) {
        var text = Substring(reference)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        while text.hasSuffix("/") { text = text.dropLast() }
        if let slash = text.lastIndex(of: "/") { text = text[text.index(after: slash)...] }
        let decoded = String(text).removingPercentEncoding ?? String(text)
        var normal = ""
        normal.reserveCapacity(decoded.utf8.count)
        for scalar in decoded.lowercased().unicodeScalars {
            switch scalar {
            case "a"..."z", "0"..."9", "_", "-", ".": normal.unicodeScalars.append(scalar)
            default: normal.append("_")
            }
        }
        name = normal
    }

    public var description: String { name }

    /// The name without a duplicate-upload suffix (`tee_1.jpg` → `tee.jpg`), or nil when it has none.
    var withoutDuplicateSuffix: String? {
        let dot = name.lastIndex(of: ".") ?? name.endIndex
        let stem = name[..<dot]
        guard let underscore = stem.lastIndex(of: "_"), underscore > stem.startIndex else { return nil }
        let digits = stem[stem.index(after: underscore)...]
        guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return String(stem[..<underscore]) + String(name[dot...])
    }

    /// Whether two references name the same image (see the type's documentation).
    public func matches(_ other: ImageName) -> Bool {
        name == other.name || withoutDuplicateSuffix == other.name || other.withoutDuplicateSuffix == name
    }

    /// Whether two image lists show the same images in the same order.
    public static func listsMatch(_ lhs: [String], _ rhs: [String]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        for (left, right) in zip(lhs, rhs) where left != right {
            if !ImageName(left).matches(ImageName(right)) { return false }
        }
        return true
    }
}
