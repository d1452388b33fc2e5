import Foundation

/// What a run (an audit, a sync) found, per store: the JSON kept in a run record's `summary_json`.
///
/// Audits and syncs write the same shape, so the accuracy trend reads both kinds of run. The
/// field names are fixed with explicit coding keys (snake_case) rather than left to an encoder's
/// strategy: this JSON outlives the Concord that wrote it and is read by BI tools.
public struct RunSummary: Hashable, Sendable, Codable {
    /// The shape's version; a reader skips summaries with a newer major version.
    public var version: Int
    public var stores: [RunStoreSummary]
    /// Set by an audit that reconciled saved snapshots (`--offline`): it measured reads an
    /// earlier run already made, so trends leave it out.
    public var offline: Bool?

    public init(version: Int = 1, stores: [RunStoreSummary], offline: Bool? = nil) {
        self.version = version
        self.stores = stores
        self.offline = offline
    }

    /// The summary as the compact JSON text a run record keeps.
    public func jsonText() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain numbers and strings cannot fail.
        return String(decoding: try! encoder.encode(self), as: UTF8.self)
    }

    /// Reads a run record's summary; `nil` for a run that wrote none or another shape.
    public static func parse(_ text: String?) -> RunSummary? {
        guard let text, let summary = try? JSONDecoder().decode(RunSummary.self, from: Data(text.utf8)) else { return nil }
        return summary
    }
}

/// One store's figures in a ``RunSummary``.
public struct RunStoreSummary: Hashable, Sendable, Codable {
    public var store: String
    /// (listing, managed field) pairs compared; a listing's stock counts once per location.
    public var fieldsCompared: Int
    /// Of those, the pairs equal to the canonical value.
    public var fieldsInSync: Int
    /// The same two counts per field kind (`stock`, `price`, `title`, ...).
    public var fields: [String: FieldTally]
    /// Every finding by its code (`listing.no-image`: 3).
    public var findingsByCode: [String: Int]
    /// Findings of the listing-error rules (`listing.*`).
    public var listingErrors: Int
    /// Set when the store was read incrementally (only what changed): its counts cover those
    /// listings only, so trends leave it out.
    public var incremental: Bool?

    public init(
        store: String, fieldsCompared: Int, fieldsInSync: Int, fields: [String: FieldTally] = [:],
        findingsByCode: [String: Int] = [:], listingErrors: Int = 0
    ) {
        self.store = store
        self.fieldsCompared = fieldsCompared
        self.fieldsInSync = fieldsInSync
        self.fields = fields
        self.findingsByCode = findingsByCode
        self.listingErrors = listingErrors
    }

    enum CodingKeys: String, CodingKey {
        case store
        case fieldsCompared = "fields_compared"
        case fieldsInSync = "fields_in_sync"
        case fields
        case findingsByCode = "findings_by_code"
        case listingErrors = "listing_errors"
        case incremental
    }
}

/// Pairs compared and in sync for one field kind.
public struct FieldTally: Hashable, Sendable, Codable {
    public var compared: Int
    public var inSync: Int

    public init(compared: Int, inSync: Int) {
        self.compared = compared
        self.inSync = inSync
    }

    enum CodingKeys: String, CodingKey {
        case compared
        case inSync = "in_sync"
    }
}
