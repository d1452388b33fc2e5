/// Who wins when a field differs between the catalog and a store and the three-way comparison
/// cannot tell on its own (the store was edited outside Concord, or Concord never synced it).
public enum ConflictPolicy: String, Hashable, Sendable, Codable, CaseIterable, CustomStringConvertible {
    /// The catalog wins: push its value to the store.
    case canonical
    /// The store wins: pull its value into the catalog.
    case store
    /// Neither: put the difference in front of a person.
    case review

    public var description: String { rawValue }

    /// The documented default for a store edit of a field that Concord synced before.
    ///
    /// Stock and prices follow the catalog (it is the source of truth for what can be sold and
    /// at what price; a store-side stock edit is usually a race with a sale that order ingestion
    /// has already counted). Descriptive fields go to review: a person edited them on purpose.
    public static func defaultForStoreEdit(_ field: ManagedField) -> ConflictPolicy {
        field.isDescriptive ? .review : .canonical
    }

    /// The documented default for a field Concord has never synced with this store (no base).
    ///
    /// Same split as the issue asks: `canonical` for stock and prices, `review` for descriptive
    /// fields, so a first sync never rewrites titles and descriptions nobody looked at.
    public static func defaultForFirstSync(_ field: ManagedField) -> ConflictPolicy {
        field.isDescriptive ? .review : .canonical
    }
}
