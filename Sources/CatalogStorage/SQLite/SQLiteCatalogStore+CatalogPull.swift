import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    public func writePulledCatalog(
        _ products: [Product], locations: [Location], mode: CatalogWriteMode, mappings: [ListingMapping],
        bases: [BaseKey: FieldValue], store: StoreID
    ) async throws -> CatalogWriteSummary {
        let path = self.path
        return try await write("write the pulled catalog") { db in
            let summary = try Self.writeCatalog(db, products: products, locations: locations, mode: mode, path: path)
            try Self.saveListingMappings(db, mappings)
            try Self.recordBaseValues(db, bases, store: store, runID: nil)
            return summary
        }
    }
}
