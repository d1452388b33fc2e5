import CatalogModel
import Foundation

/// The canonical catalog: products, variants, locations and kits, and the revision that proves a
/// plan's catalog is still the catalog.
public protocol CatalogRecords: Sendable {
    /// Where the catalog is, for messages: a file's path, or a database server and schema
    /// (never a password).
    var location: String { get }

    /// The schema versions applied to this catalog, oldest first: the same identifiers on every
    /// backend (`concord db migrate` prints them).
    func schemaVersions() async throws -> [String]

    /// Writes products (and the locations their stock refers to) in one transaction.
    ///
    /// With ``CatalogWriteMode/merge`` products are upserted by handle and variants by SKU, and
    /// everything not mentioned is kept; with ``CatalogWriteMode/replace`` the catalog becomes
    /// exactly `products`. A SKU that already belongs to another product moves to the new one.
    func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode) async throws
        -> CatalogWriteSummary

    /// Writes products and the kits defined alongside them in one transaction (an import file
    /// with a kit column): with ``CatalogWriteMode/replace`` the kits become exactly `kits`; with
    /// ``CatalogWriteMode/merge`` each kit in `kits` is replaced and the others are kept.
    func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition]) async throws
        -> CatalogWriteSummary

    /// Writes products and kits as ``writeCatalog(_:locations:mode:kits:)`` does, with the stock
    /// read as `stock` says: a file with one quantity column (``StockScope/availableAtOneLocation``)
    /// sets what is available at its one location and never touches the others, whatever the mode.
    ///
    /// Locations are upserted by code; a location whose name is only its code (what a format
    /// without location names produces) never replaces a name the catalog already has.
    func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope
    ) async throws -> CatalogWriteSummary

    /// The same, with the file's stock taken as a count *as of* `countedAt` (a warehouse system's
    /// export taken at 06:00 and imported at 09:00): movements the ledger books after that time
    /// still apply on top of it. `nil`: counted now.
    func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope,
        countedAt: Date?
    ) async throws -> CatalogWriteSummary

    /// Every product with its variants, in import order.
    func allProducts() async throws -> [Product]

    /// The product holding `sku`, with the index of that variant in `product.variants`.
    func product(containing sku: SKU) async throws -> (product: Product, variantIndex: Int)?

    func locations() async throws -> [Location]

    /// Counts for `concord catalog stats`.
    func stats() async throws -> CatalogStats

    /// A number that grows with every write to the canonical catalog (products, variants, stock,
    /// locations), so a plan can prove the catalog it was made from is still the catalog.
    func catalogRevision() async throws -> Int64

    /// Adopts a store's listings (`concord catalog pull`): writes the products as
    /// ``writeCatalog(_:locations:mode:)`` does, the store's listing mappings and its base values,
    /// all in one transaction, so that a failure leaves the catalog, the mappings and the bases
    /// exactly as they were.
    func writePulledCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, mappings: [ListingMapping],
        bases: [BaseKey: FieldValue], store: StoreID
    ) async throws -> CatalogWriteSummary

    /// Every kit definition, by kit SKU.
    func kits() async throws -> [KitDefinition]

    /// Writes kit definitions in one transaction, each replacing any earlier definition of the
    /// same kit; with `replacingAll` the kits not given are removed (an import with `--replace`).
    func saveKits(_ kits: [KitDefinition], replacingAll: Bool) async throws

    /// Removes a kit definition (the kit's catalog variant stays).
    /// - Returns: whether there was one.
    func removeKit(_ sku: SKU) async throws -> Bool
}

extension CatalogRecords {
    // The shorter forms, the same on every backend: per-location stock, counted now.

    public func writeCatalog(_ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition]) async throws
        -> CatalogWriteSummary
    {
        try await writeCatalog(products, locations: locations, mode: mode, kits: kits, stock: .perLocation)
    }

    public func writeCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, kits: [KitDefinition], stock: StockScope
    ) async throws -> CatalogWriteSummary {
        try await writeCatalog(products, locations: locations, mode: mode, kits: kits, stock: stock, countedAt: nil)
    }
}
