import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

/// The catalog database holds the key that signs plans: no other local user may read it.
@Suite("catalog database file permissions")
struct DatabasePermissionTests {
    func mode(_ path: String) throws -> Int {
        try #require(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    @Test("a new database and its WAL and SHM files are 0600")
    func freshDatabaseIsPrivate() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("catalog.sqlite")
        let catalog = try SQLiteCatalogStore(path: path)
        _ = try await catalog.writeCatalog(
            [Product(handle: "a", title: "A", variants: [Variant(sku: SKU("A-1")!, price: Money(minorUnits: 100, currency: .eur))])],
            locations: [], mode: .replace)
        #expect(try mode(path) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: path + suffix) {
            #expect(try mode(path + suffix) == 0o600, "\(suffix)")
        }
        #expect(catalog.permissionWarning == nil)
    }

    @Test("an existing database readable by others is opened with a warning that says how to fix it")
    func wideDatabaseIsNamed() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.path("catalog.sqlite")
        _ = try SQLiteCatalogStore(path: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let reopened = try SQLiteCatalogStore(path: path)
        let warning = try #require(reopened.permissionWarning)
        #expect(warning.contains("mode 644") && warning.contains("chmod 600"))
    }
}
