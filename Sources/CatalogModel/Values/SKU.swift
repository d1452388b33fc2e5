/// A stock-keeping unit as the merchant wrote it, trimmed of surrounding white space.
///
/// SKUs compare case-sensitively, because every platform Concord talks to stores them that way and
/// `ab-1` and `AB-1` can be two real products. A pair that differs only by case is almost always a
/// typing mistake, though, so ``caseFoldedKey`` exists for finding such pairs and flagging them,
/// never for matching.
public struct SKU: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The trimmed text of the SKU; never empty.
    public let rawValue: String

    /// Creates a SKU from text as found in a file or a store, or `nil` when nothing but white space
    /// is left: an empty SKU must never match anything (woocommerce/woocommerce-square#487).
    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        self.rawValue = trimmed
    }

    /// The key under which SKUs that differ only by letter case collide.
    public var caseFoldedKey: String { rawValue.lowercased() }

    public var description: String { rawValue }

    public static func < (lhs: SKU, rhs: SKU) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let sku = SKU(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a SKU cannot be empty")
        }
        self = sku
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension String {
    /// The string without leading and trailing spaces, tabs and line breaks (no Foundation needed).
    public func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}

/// Finds SKUs that differ only by letter case, which a person should look at.
public func caseOnlyDuplicates(_ skus: some Sequence<SKU>) -> [[SKU]] {
    var groups: [String: Set<SKU>] = [:]
    for sku in skus { groups[sku.caseFoldedKey, default: []].insert(sku) }
    return groups.values.filter { $0.count > 1 }.map { $0.sorted() }.sorted { $0[0] < $1[0] }
}
