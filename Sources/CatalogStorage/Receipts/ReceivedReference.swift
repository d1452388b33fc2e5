import Foundation

/// A receipt reference already recorded, and when: why a file naming it again is refused.
public struct ReceivedReference: Hashable, Sendable, Codable {
    public var reference: String
    /// The earliest arrival date among its lines.
    public var receivedAt: Date
    /// When Concord recorded it (`concord catalog receive`).
    public var recordedAt: Date
    /// Its lines and units, to tell a person what was counted then.
    public var lines: Int
    public var units: Int

    public init(reference: String, receivedAt: Date, recordedAt: Date, lines: Int, units: Int) {
        self.reference = reference
        self.receivedAt = receivedAt
        self.recordedAt = recordedAt
        self.lines = lines
        self.units = units
    }
}

/// What recording receipts did.
public struct StockReceiptSummary: Hashable, Sendable, Codable {
    /// Receipt lines recorded.
    public var lines: Int
    /// Units added to on-hand counts.
    public var units: Int
    /// The catalog revision after the write (it grows with every catalog write).
    public var catalogRevision: Int64

    public init(lines: Int, units: Int, catalogRevision: Int64) {
        self.lines = lines
        self.units = units
        self.catalogRevision = catalogRevision
    }
}
