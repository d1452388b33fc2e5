import Foundation

/// Units of one SKU that arrived at one warehouse: a line of a goods receipt (a purchase order
/// delivered, a transfer in, a return to stock).
///
/// Receipts raise the canonical on-hand count when they are recorded and stay as history, because
/// sell-through (units sold ÷ units received) can only be measured against what came in.
public struct StockReceipt: Hashable, Sendable, Codable {
    public var sku: SKU
    /// The catalog location code the units arrived at.
    public var location: String
    /// Units received; always more than zero.
    public var quantity: Int
    /// When the goods arrived (not when Concord recorded them).
    public var receivedAt: Date
    /// The document it came with (a purchase order number, `PO-123`). A reference is received once:
    /// a second file with the same reference is refused, so a re-run never counts units twice.
    public var reference: String?

    public init(sku: SKU, location: String, quantity: Int, receivedAt: Date, reference: String? = nil) {
        self.sku = sku
        self.location = location
        self.quantity = quantity
        self.receivedAt = receivedAt
        self.reference = reference
    }
}
