/// Whether a product is offered for sale, mapped from each platform's own states.
public enum ListingStatus: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// For sale and visible (Shopify `ACTIVE`, WooCommerce `publish`, Magento status 1 and visible).
    case active
    /// Prepared but not for sale (Shopify `DRAFT`, WooCommerce `draft`/`pending`/`private`).
    case draft
    /// Withdrawn (Shopify `ARCHIVED`, Magento status 2).
    case archived

    public var description: String { rawValue }

    /// Reads the spellings found in import files and platform payloads, case-insensitively.
    /// WooCommerce's `private` (visible to shop managers only) reads as archived, which is how
    /// Concord writes an archived product to WooCommerce.
    public init?(platformValue: String) {
        switch platformValue.trimmingWhitespace().lowercased() {
        case "active", "publish", "published", "enabled", "1", "true", "yes": self = .active
        case "draft", "pending", "unlisted", "0", "false", "no": self = .draft
        case "archived", "private", "disabled", "2", "trash": self = .archived
        default: return nil
        }
    }
}

/// A product in the canonical catalog: what the merchant sells, with its variants.
///
/// The ``handle`` is the product's stable key across imports (Shopify's handle, or a WooCommerce
/// parent SKU / slug); variants are keyed by SKU, which is unique across the whole catalog.
public struct Product: Hashable, Sendable, Codable {
    public var handle: String
    public var title: String
    public var descriptionHTML: String
    public var vendor: String?
    public var productType: String?
    public var tags: [String]
    public var status: ListingStatus
    /// Option names in order (`["Colour", "Size"]`); each variant has one value per name.
    public var optionNames: [String]
    /// Image URLs shared by the product's variants, in display order.
    public var images: [String]
    public var variants: [Variant]

    public init(
        handle: String,
        title: String,
        descriptionHTML: String = "",
        vendor: String? = nil,
        productType: String? = nil,
        tags: [String] = [],
        status: ListingStatus = .active,
        optionNames: [String] = [],
        images: [String] = [],
        variants: [Variant] = []
    ) {
        self.handle = handle
        self.title = title
        self.descriptionHTML = descriptionHTML
        self.vendor = vendor
        self.productType = productType
        self.tags = tags
        self.status = status
        self.optionNames = optionNames
        self.images = images
        self.variants = variants
    }
}

/// One sellable item of a product, identified by its SKU.
public struct Variant: Hashable, Sendable, Codable {
    public var sku: SKU
    public var barcode: Barcode?
    /// The variant's own title, usually its option values joined (`Red / M`).
    public var title: String
    /// One value per option name of the product, in the same order.
    public var options: [String]
    public var price: Money
    public var compareAtPrice: Money?
    public var cost: Money?
    public var weight: Weight?
    public var status: ListingStatus
    /// Images specific to this variant (its swatch), in addition to the product's.
    public var images: [String]
    /// Whether the store may keep selling when stock reaches zero.
    public var allowsBackorder: Bool
    public var requiresShipping: Bool
    /// Stock per canonical location.
    public var stock: [StockLevel]

    public init(
        sku: SKU,
        barcode: Barcode? = nil,
        title: String = "",
        options: [String] = [],
        price: Money,
        compareAtPrice: Money? = nil,
        cost: Money? = nil,
        weight: Weight? = nil,
        status: ListingStatus = .active,
        images: [String] = [],
        allowsBackorder: Bool = false,
        requiresShipping: Bool = true,
        stock: [StockLevel] = []
    ) {
        self.sku = sku
        self.barcode = barcode
        self.title = title
        self.options = options
        self.price = price
        self.compareAtPrice = compareAtPrice
        self.cost = cost
        self.weight = weight
        self.status = status
        self.images = images
        self.allowsBackorder = allowsBackorder
        self.requiresShipping = requiresShipping
        self.stock = stock
    }

    /// Units on hand across all locations.
    public var totalOnHand: Int { stock.reduce(0) { $0 + $1.onHand } }
}

/// A place that holds stock: a warehouse, a shop, a fulfilment partner.
public struct Location: Hashable, Sendable, Codable {
    /// Concord's own code for the location (`main`, `berlin`), used in config and files.
    public var code: String
    public var name: String

    public init(code: String, name: String) {
        self.code = code
        self.name = name
    }
}

/// The stock of one variant at one location.
///
/// Platforms name these differently; Concord follows Shopify's names: *on hand* is what is
/// physically there, *committed* is promised to open orders, *available* is what can still be sold.
public struct StockLevel: Hashable, Sendable, Codable {
    public var location: String
    public var onHand: Int
    public var available: Int
    public var committed: Int

    public init(location: String, onHand: Int, available: Int? = nil, committed: Int = 0) {
        self.location = location
        self.onHand = onHand
        self.committed = committed
        self.available = available ?? (onHand - committed)
    }
}
