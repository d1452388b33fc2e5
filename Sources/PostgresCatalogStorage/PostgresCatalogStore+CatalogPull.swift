import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    public func writePulledCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, mappings: [ListingMapping],
        bases: [BaseKey: FieldValue], store: StoreID
    ) async throws -> CatalogWriteSummary {
        try await write("write the pulled catalog") { db in
            let summary = try await Self.writeCatalog(db, products: products, locations: locations, mode: mode, path: location)
            try await Self.saveListingMappings(db, mappings)
            try await Self.recordBaseValues(db, bases, store: store, runID: nil)
            return summary
        }
    }
}

extension PostgresCatalogStore: CatalogRecords {}
