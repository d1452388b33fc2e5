import Foundation

/// One entry of the stock ledger: why on hand moved at one catalog location.
///
/// On hand is never an edited number: it is the last count at a location plus the movements
/// booked after it (receipts, shipments, returns, adjustments). Each shipped or returned unit is
/// booked once, from the order line that moved it, so that reading an order again never moves
/// stock again, and "why does Shopify show 4?" has an answer line by line.
public struct StockMovement: Hashable, Sendable, Codable {
    /// What moved the stock.
    public enum Kind: String, Hashable, Sendable, Codable, CaseIterable {
        /// An absolute count (an import, a stocktake, a store's stock adopted): on hand *was*
        /// ``StockMovement/quantity`` at ``StockMovement/occurredAt``.
        case count
        /// Goods received (a purchase order, a transfer in).
        case receipt
        /// Units that left with an order (negative).
        case shipment
        /// Shipped units that came back onto the shelf.
        case `return`
        /// A correction: an edit in a store's admin adopted by its stock policy, or by hand.
        case adjustment
    }

    public var id: Int64?
    public var kind: Kind
    public var sku: SKU
    /// The catalog location code.
    public var location: String
    /// The count itself for ``Kind/count``; otherwise the signed change of on hand.
    public var quantity: Int
    /// When it happened (a count's "as of" time; a shipment's time in the store).
    public var occurredAt: Date
    /// When Concord booked it.
    public var recordedAt: Date
    /// Whether a count's time was given (`--as-of`): then movements are after it by
    /// ``occurredAt``; otherwise by when they were booked, since the count then spoke for
    /// everything Concord knew when it was recorded.
    public var asOfGiven: Bool
    public var store: StoreID?
    public var orderID: String?
    public var orderNumber: String?
    public var lineID: String?
    /// A document (a receipt's purchase order, an import file).
    public var reference: String?
    public var note: String?

    public init(
        id: Int64? = nil, kind: Kind, sku: SKU, location: String, quantity: Int, occurredAt: Date, recordedAt: Date,
        asOfGiven: Bool = false, store: StoreID? = nil, orderID: String? = nil, orderNumber: String? = nil,
        lineID: String? = nil, reference: String? = nil, note: String? = nil
    ) {
        self.id = id
        self.kind = kind
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.occurredAt = occurredAt
        self.recordedAt = recordedAt
        self.asOfGiven = asOfGiven
        self.store = store
        self.orderID = orderID
        self.orderNumber = orderNumber
        self.lineID = lineID
        self.reference = reference
        self.note = note
    }
}
