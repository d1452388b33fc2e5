/// The id of a store as written in `concord.toml` (`[stores.shop-main]` → `shop-main`).
public struct StoreID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public var description: String { rawValue }
    public static func < (lhs: StoreID, rhs: StoreID) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// The commerce platforms Concord has (or will have) an adapter for.
public enum Platform: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case shopify
    case woocommerce
    case magento

    public var description: String { rawValue }

    /// The name a person knows the platform by.
    public var displayName: String {
        switch self {
        case .shopify: "Shopify"
        case .woocommerce: "WooCommerce"
        case .magento: "Magento"
        }
    }
}
