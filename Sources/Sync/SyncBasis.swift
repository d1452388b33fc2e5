import CatalogModel
import CatalogStorage
import ConcordConfig
import StorefrontAdapter

/// What a store's last reconcile was made against: the catalog revision and the units committed to
/// open orders. While both are unchanged, reading only what changed in the store since its cursor
/// finds every difference; once either moves, listings the store did not touch may need new values,
/// so the store is read whole.
public struct SyncBasis: Sendable {
    /// Committed units per SKU (see ``CommittedStock``).
    public var committed: [SKU: [String: Int]]
    /// The basis as stored beside the store's cursor.
    public var token: String

    /// The basis as the catalog stands now.
    ///
    /// - Parameter stores: The configured stores, whose location maps place committed units at
    ///   the catalog location their orders ship from (see ``CommittedStock/load(from:stores:)``).
    public static func current(_ catalog: any CatalogRecords & SyncStateStore & StockLedger, stores: [StoreConfiguration] = []) async throws
        -> SyncBasis
    {
        let committed = try await CommittedStock.load(from: catalog, stores: stores)
        let revision = try await catalog.catalogRevision()
        return SyncBasis(committed: committed, token: "revision:\(revision);committed:\(CommittedStock.fingerprint(committed))")
    }

    /// The cursors to read each store from: those whose last settled reconcile had this basis and
    /// whose platform reads incrementally. The others are read whole.
    public func incrementalCursors(
        for stores: [(configuration: StoreConfiguration, adapter: any StorefrontAdapter)],
        in catalog: any CatalogRecords & SyncStateStore & StockLedger
    ) async throws -> [StoreID: SyncCursor] {
        var cursors: [StoreID: SyncCursor] = [:]
        for (configuration, adapter) in stores where adapter.limits.incrementalReads {
            guard let cursor = try await catalog.cursor(store: configuration.id, stream: .catalog),
                try await catalog.cursor(store: configuration.id, stream: .basis)?.token == token
            else { continue }
            cursors[configuration.id] = cursor
        }
        return cursors
    }
}
