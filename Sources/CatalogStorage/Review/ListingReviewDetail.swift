import CatalogModel
import Foundation

/// What a review item about a whole listing carries so that a person can decide it offline, long
/// after the plan that read the store: the listings to choose between, and what adopting an orphan
/// would write.
///
/// It is worked out when the queue is recorded (the review screen never reaches a store), and kept
/// with the item in the catalog database.
public struct ListingReviewDetail: Hashable, Sendable, Codable {
    /// The store's listings the item is about: the ones carrying an ambiguously matched SKU (one is
    /// chosen with ``ReviewDecision/Choice/match``), or the orphan listing itself.
    public var candidates: [ListingCandidate]
    /// The SKU text exactly as the store holds it (an orphan's is not a catalog SKU).
    public var storeSKU: String?
    /// What ``ReviewDecision/Choice/adopt`` writes, for an orphan that can be adopted.
    public var adoption: ListingAdoption?
    /// Why the orphan cannot be adopted (no price, spaces around its SKU, carried twice...).
    public var adoptBlockedReason: String?

    public init(
        candidates: [ListingCandidate] = [], storeSKU: String? = nil, adoption: ListingAdoption? = nil, adoptBlockedReason: String? = nil
    ) {
        self.candidates = candidates
        self.storeSKU = storeSKU
        self.adoption = adoption
        self.adoptBlockedReason = adoptBlockedReason
    }

    /// The candidate with this remote id: the variant id, or `product/variant` as lists print it.
    public func candidate(matching text: String) -> ListingCandidate? {
        candidates.first { $0.ref.variantID == text || "\($0.ref.productID)/\($0.ref.variantID)" == text }
    }
}

/// One store listing, as much of it as a person needs to tell it from its twins.
public struct ListingCandidate: Hashable, Sendable, Codable {
    public var ref: RemoteRef
    public var rawSKU: String
    public var title: String
    public var price: Money?
    public var barcode: String?
    public var status: ListingStatus
    public var updatedAt: Date?

    public init(
        ref: RemoteRef, rawSKU: String, title: String, price: Money? = nil, barcode: String? = nil, status: ListingStatus = .active,
        updatedAt: Date? = nil
    ) {
        self.ref = ref
        self.rawSKU = rawSKU
        self.title = title
        self.price = price
        self.barcode = barcode
        self.status = status
        self.updatedAt = updatedAt
    }

    /// The same, from the listing the store gave.
    public init(_ listing: Listing) {
        let title = listing.variantTitle.isEmpty ? listing.productTitle : "\(listing.productTitle) - \(listing.variantTitle)"
        self.init(
            ref: listing.ref, rawSKU: listing.rawSKU, title: title, price: listing.price, barcode: listing.barcode, status: listing.status,
            updatedAt: listing.updatedAt)
    }

    /// One line: `1001/2002 "Tee - M" 24.00 EUR active`.
    public var summary: String {
        var parts = ["\(ref.productID)/\(ref.variantID)", "\"\(title)\""]
        if let price { parts.append(price.description) }
        parts.append(status.rawValue)
        if let barcode, !barcode.isEmpty { parts.append("barcode \(barcode)") }
        return parts.joined(separator: " ")
    }
}

/// What adopting one orphan listing writes, in one transaction: its variant (into the product that
/// already holds a sibling of the same store product, else into a new product), the catalog
/// locations its stock needs, the listing mapping and the fields found in sync as bases — what
/// `concord catalog pull` writes for one listing.
public struct ListingAdoption: Hashable, Sendable, Codable {
    /// The product the variant joins, by handle; created from ``product`` when the catalog has no
    /// product with that handle when the decision is made.
    public var handle: String
    /// The new product's fields (its variants are ignored: only ``variant`` is written).
    public var product: Product
    public var variant: Variant
    /// Catalog locations the variant's stock refers to that the catalog may not have yet.
    public var locations: [Location]
    public var ref: RemoteRef
    /// The store's values found in sync with the adopted variant, per field key.
    public var bases: [String: FieldValue]

    public init(handle: String, product: Product, variant: Variant, locations: [Location], ref: RemoteRef, bases: [String: FieldValue]) {
        self.handle = handle
        self.product = product
        self.variant = variant
        self.locations = locations
        self.ref = ref
        self.bases = bases
    }
}

/// A standing "don't ask again" from the review queue: an orphan listing ignored, a SKU not sold in
/// a store, a listing error acknowledged for a SKU and rule. Plans leave matching findings out of
/// the queue, and a SKU marked not sold is out of the store's assortment.
public struct ReviewSuppression: Hashable, Sendable, Codable {
    public var store: StoreID
    /// The finding code it silences (`listing.orphan`, `listing.missing`, `listing.no-image`).
    public var code: String
    /// The SKU: a catalog SKU, or the orphan's SKU text.
    public var sku: SKU
    /// The listing's variant id when only that listing is meant (an orphan); `nil` for every listing.
    public var listing: String?
    /// The decision that made it (undoing the decision removes it).
    public var decisionID: Int64
    public var createdAt: Date

    public init(store: StoreID, code: String, sku: SKU, listing: String?, decisionID: Int64, createdAt: Date) {
        self.store = store
        self.code = code
        self.sku = sku
        self.listing = listing
        self.decisionID = decisionID
        self.createdAt = createdAt
    }

    /// Whether it silences `item`.
    public func matches(_ item: ReviewItem) -> Bool {
        item.store == store && item.code == code && item.sku == sku && (listing == nil || listing == item.listing)
    }
}
