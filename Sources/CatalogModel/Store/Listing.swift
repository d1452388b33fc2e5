import Foundation

/// Where a variant lives in one store: the platform's ids for it.
public struct RemoteRef: Hashable, Sendable, Codable {
    /// The product's id in the store (Shopify GID, WooCommerce parent id, Magento parent SKU/id).
    public var productID: String
    /// The variant's id (Shopify variant GID, WooCommerce variation or product id, Magento entity id).
    public var variantID: String
    /// The id stock is written against, where the platform has one (Shopify inventory item GID;
    /// Magento writes stock by SKU and leaves this `nil`).
    public var inventoryItemID: String?

    public init(productID: String, variantID: String, inventoryItemID: String? = nil) {
        self.productID = productID
        self.variantID = variantID
        self.inventoryItemID = inventoryItemID
    }
}

/// One store's view of one variant, as read from its admin API.
///
/// Everything a store says is kept as the store said it, including an empty or malformed SKU:
/// the reconciler reports such listings instead of guessing what they mean.
public struct Listing: Hashable, Sendable, Codable {
    public var store: StoreID
    public var ref: RemoteRef
    /// The SKU text exactly as the store holds it (possibly empty or padded).
    public var rawSKU: String
    public var barcode: String?
    public var productTitle: String
    public var variantTitle: String
    public var descriptionHTML: String?
    public var options: [String]
    public var price: Money?
    public var compareAtPrice: Money?
    public var weight: Weight?
    public var status: ListingStatus
    public var images: [String]
    /// Stock per *store* location id (mapped to canonical locations by configuration).
    public var stock: [StockLevel]
    /// False when the store does not track stock for this item (WooCommerce `manage_stock: false`).
    public var tracksStock: Bool
    public var allowsBackorder: Bool
    public var updatedAt: Date?
    /// What the store says about availability where it does not count units (`tracksStock ==
    /// false`): WooCommerce's `stock_status`. Nil when the store did not say; a store that counts
    /// units says it with ``stock``.
    public var availability: StockAvailability?
    /// False where the platform has one offline state for what Concord calls draft and archived
    /// (Magento's status 2, "Disabled"). The reconciler then reads a catalog draft as archived for
    /// this listing, so an offline product is in sync with an offline listing whatever the catalog
    /// calls it, and a pushed status is one the store can hold.
    public var distinguishesDraftFromArchived: Bool
    /// The option names the ``options`` values belong to (`["Size", "Colour"]`), where the store
    /// says; empty otherwise. Needed to adopt a store's listings as the catalog.
    public var optionNames: [String]

    public init(
        store: StoreID,
        ref: RemoteRef,
        rawSKU: String,
        barcode: String? = nil,
        productTitle: String,
        variantTitle: String = "",
        descriptionHTML: String? = nil,
        options: [String] = [],
        price: Money? = nil,
        compareAtPrice: Money? = nil,
        weight: Weight? = nil,
        status: ListingStatus = .active,
        images: [String] = [],
        stock: [StockLevel] = [],
        tracksStock: Bool = true,
        allowsBackorder: Bool = false,
        updatedAt: Date? = nil,
        availability: StockAvailability? = nil,
        distinguishesDraftFromArchived: Bool = true,
        optionNames: [String] = []
    ) {
        self.store = store
        self.ref = ref
        self.rawSKU = rawSKU
        self.barcode = barcode
        self.productTitle = productTitle
        self.variantTitle = variantTitle
        self.descriptionHTML = descriptionHTML
        self.options = options
        self.price = price
        self.compareAtPrice = compareAtPrice
        self.weight = weight
        self.status = status
        self.images = images
        self.stock = stock
        self.tracksStock = tracksStock
        self.allowsBackorder = allowsBackorder
        self.updatedAt = updatedAt
        self.availability = availability
        self.distinguishesDraftFromArchived = distinguishesDraftFromArchived
        self.optionNames = optionNames
    }

    /// The SKU, when the store has a non-blank one.
    public var sku: SKU? { SKU(rawSKU) }
}

/// Whether a store offers an item it does not count units of (WooCommerce `stock_status`).
public enum StockAvailability: String, Hashable, Sendable, Codable, CaseIterable {
    case inStock = "instock"
    case outOfStock = "outofstock"
    case onBackorder = "onbackorder"
}

/// A position in a store's change stream, from which the next incremental read starts.
///
/// Always a UTC instant: timezone-shifted "since" stamps are the commonest cause of missed updates
/// in the connectors studied (OCA/connector-magento#181, frappe/erpnext_shopify#190).
public struct SyncCursor: Hashable, Sendable, Codable {
    /// The store's clock when the last read began (see ``after(readStartedAt:newest:localStart:)``).
    public var updatedAt: Date
    /// An opaque platform token, where the platform has one better than a time stamp.
    public var token: String?
    /// The most a read from this cursor overlaps the last one, when less than the adapter's own
    /// window: a targeted read after a webhook, whose misses the scheduled reads (with the whole
    /// window, from a cursor the targeted reads never move) still catch. Not stored.
    public var overlapAtMost: TimeInterval?

    public init(updatedAt: Date, token: String? = nil) {
        self.updatedAt = updatedAt
        self.token = token
    }

    /// The instant an incremental read asks from: the cursor minus an overlap window, so that an
    /// item updated while the previous read was running is read again rather than missed.
    public func readFrom(overlap: TimeInterval) -> Date { updatedAt.addingTimeInterval(-min(overlap, overlapAtMost ?? overlap)) }

    /// The cursor a read leaves for the next one: the store's clock when the read began (its
    /// first answer's `Date` header) less one second, because the header counts whole seconds
    /// and a change in that second may have landed on a page already read.
    ///
    /// Anything changed during or after the read is at or after that instant, so the next read
    /// sees it; and because the cursor moves on with the store's clock rather than with the
    /// newest change, a store that did not change costs a constant number of calls once the
    /// overlap window has passed. Without a `Date` header it falls back to the newest change
    /// seen, and to the local clock only when the read saw nothing at all.
    public static func after(readStartedAt serverStart: Date?, newest: Date?, localStart: Date) -> SyncCursor {
        SyncCursor(updatedAt: serverStart.map { $0.addingTimeInterval(-1) } ?? newest ?? localStart)
    }
}

/// What one read of a store returned.
public struct StoreSnapshot: Sendable {
    public var store: StoreID
    public var fetchedAt: Date
    /// True when this is the whole catalog; false for a read of only what changed since a cursor.
    public var isComplete: Bool
    public var listings: [Listing]
    /// The store's locations: its own id and name.
    public var locations: [Location]
    /// Where the next incremental read should start.
    public var nextCursor: SyncCursor?

    public init(
        store: StoreID, fetchedAt: Date, isComplete: Bool, listings: [Listing], locations: [Location],
        nextCursor: SyncCursor?
    ) {
        self.store = store
        self.fetchedAt = fetchedAt
        self.isComplete = isComplete
        self.listings = listings
        self.locations = locations
        self.nextCursor = nextCursor
    }
}
