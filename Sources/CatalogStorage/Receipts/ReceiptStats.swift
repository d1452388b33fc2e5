import Foundation

/// How much received stock the catalog has on record (`concord catalog stats`): enough for a person
/// to see at a glance whether goods-in is being recorded at all, which sell-through depends on.
public struct ReceiptStats: Hashable, Sendable, Codable {
    /// Receipt lines, distinct references and units over some span of arrival dates.
    public struct Tally: Hashable, Sendable, Codable {
        /// Receipt lines (one SKU at one location each).
        public var lines: Int
        /// Distinct references (purchase orders, delivery notes); lines without one are not counted here.
        public var references: Int
        public var units: Int

        public init(lines: Int = 0, references: Int = 0, units: Int = 0) {
            self.lines = lines
            self.references = references
            self.units = units
        }
    }

    /// The most recently arrived receipt line.
    public struct Newest: Hashable, Sendable, Codable {
        public var receivedAt: Date
        /// Its reference; `nil` when the file gave none.
        public var reference: String?

        public init(receivedAt: Date, reference: String?) {
            self.receivedAt = receivedAt
            self.reference = reference
        }
    }

    /// Every receipt recorded.
    public var allTime: Tally
    /// Receipts that arrived in the 30 days before ``asOf``.
    public var last30Days: Tally
    /// `nil` when nothing was ever received.
    public var newest: Newest?
    /// The "now" the 30 days end at.
    public var asOf: Date

    public init(allTime: Tally = Tally(), last30Days: Tally = Tally(), newest: Newest? = nil, asOf: Date) {
        self.allTime = allTime
        self.last30Days = last30Days
        self.newest = newest
        self.asOf = asOf
    }
}
