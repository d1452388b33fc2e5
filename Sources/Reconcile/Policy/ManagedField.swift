import CatalogModel

/// A kind of field Concord keeps in step, without the location a stock field carries.
///
/// Policies are written per kind (`stock`, `price`, ...), while changes and bases name the exact
/// field (`stock@gid://shopify/Location/1`); ``init(_:)`` goes from one to the other. The raw
/// values are the names `concord.toml` uses in `managed_fields`.
public enum ManagedField: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case stock
    case price
    case compareAtPrice = "compare_at_price"
    case barcode
    case title
    case description
    case status
    case images
    case weight

    /// The kind of a concrete field.
    public init(_ field: Change.Field) {
        switch field {
        case .stock: self = .stock
        case .price: self = .price
        case .compareAtPrice: self = .compareAtPrice
        case .barcode: self = .barcode
        case .title: self = .title
        case .description: self = .description
        case .status: self = .status
        case .images: self = .images
        case .weight: self = .weight
        }
    }

    public var description: String { rawValue }

    /// Fields that describe the product rather than sell it: a person should look before
    /// Concord overwrites one it has never synced.
    public var isDescriptive: Bool {
        switch self {
        case .stock, .price, .compareAtPrice: false
        case .barcode, .title, .description, .status, .images, .weight: true
        }
    }

    /// A dense index for per-field tables.
    @usableFromInline var ordinal: Int {
        switch self {
        case .stock: 0
        case .price: 1
        case .compareAtPrice: 2
        case .barcode: 3
        case .title: 4
        case .description: 5
        case .status: 6
        case .images: 7
        case .weight: 8
        }
    }
}
