import CatalogModel
import CatalogStorage
import Foundation
import PostgresCatalogStorage
import PostgresClient
import Testing

/// The PostgreSQL catalog's own schema: the same versions as SQLite's, applied once however many
/// agents open it, and a newer catalog refused rather than misread.
@Suite("the PostgreSQL catalog's schema")
struct PostgresSchemaTests {
    /// Runs `body` with a fresh schema name, dropped afterwards.
    func withSchema(_ body: (_ url: String, _ schema: String) async throws -> Void) async throws {
        let url = try TestPostgres.url
        let schema = "schema_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(24)
        do {
            try await body(url, String(schema))
        } catch {
            try await TestPostgres.dropSchema(String(schema))
            throw error
        }
        try await TestPostgres.dropSchema(String(schema))
    }

    func identifiers(_ url: String, _ schema: String) async throws -> [String] {
        let connection = try await PostgresConnection.connect(url: url)
        let rows = try await connection.query("SELECT identifier FROM \"\(schema)\".concord_schema_migrations")
        await connection.close()
        return try rows.map { try $0[0, as: String.self] }
    }

    @Test("a new catalog is at every version SQLite's is, recorded under the same identifiers")
    func sameVersionsAsSQLite() async throws {
        try await withSchema { url, schema in
            let store = try await PostgresCatalogStore(url: url, schema: schema)
            await store.close()
            #expect(try await identifiers(url, schema).sorted() == CatalogMigrations.identifiers.sorted())
        }
    }

    @Test("opening it again, from two agents at once, migrates nothing twice and keeps the data")
    func reopening() async throws {
        try await withSchema { url, schema in
            let first = try await PostgresCatalogStore(url: url, schema: schema)
            _ = try await first.writeCatalog([simpleProduct("mug", sku: "MUG-1")], locations: [], mode: .merge)
            await first.close()
            async let a = PostgresCatalogStore(url: url, schema: schema)
            async let b = PostgresCatalogStore(url: url, schema: schema)
            let (storeA, storeB) = try await (a, b)
            #expect(try await storeA.allProducts().map(\.handle) == ["mug"])
            #expect(try await storeB.catalogRevision() == 1)
            await storeA.close()
            await storeB.close()
            #expect(try await identifiers(url, schema).count == CatalogMigrations.identifiers.count)
        }
    }

    @Test("a catalog a newer Concord migrated is refused, saying to upgrade")
    func newerSchemaRefused() async throws {
        try await withSchema { url, schema in
            await (try await PostgresCatalogStore(url: url, schema: schema)).close()
            let connection = try await PostgresConnection.connect(url: url)
            try await connection.query("INSERT INTO \"\(schema)\".concord_schema_migrations(identifier) VALUES ('v99-from-the-future')")
            await connection.close()
            await #expect {
                _ = try await PostgresCatalogStore(url: url, schema: schema)
            } throws: { error in
                guard let error = error as? CatalogStoreError else { return false }
                return error.code == .schemaTooNew && error.message.contains("upgrade Concord")
            }
        }
    }

    /// An agent's role may own its catalog's schema and nothing else: opening the catalog must not
    /// need the right to create schemas in the database.
    @Test("an agent whose role owns the schema, and may create nothing else, opens the catalog")
    func leastPrivilegedAgent() async throws {
        try await withSchema { url, schema in
            let role = "agent_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
            let admin = try await PostgresConnection.connect(url: url)
            try await admin.execute("CREATE ROLE \(role) LOGIN; CREATE SCHEMA \(schema) AUTHORIZATION \(role)")
            var components = try #require(URLComponents(string: url))
            components.user = String(role)
            let result = await Result {
                let store = try await PostgresCatalogStore(url: try #require(components.string), schema: schema)
                _ = try await store.writeCatalog([simpleProduct("mug", sku: "MUG-1")], locations: [], mode: .merge)
                let products = try await store.allProducts()
                await store.close()
                return products.map(\.handle)
            }
            try await admin.execute("DROP SCHEMA \(schema) CASCADE; DROP ROLE \(role)")
            await admin.close()
            #expect(try result.get() == ["mug"])
        }
    }

    @Test("a schema name that is not plain is refused before anything is sent", arguments: ["", "1abc", "a-b", "x\"; DROP TABLE y; --"])
    func plainSchemaNames(name: String) async throws {
        await #expect {
            _ = try await PostgresCatalogStore(url: "postgres://nobody@127.0.0.1:1/none", schema: name)
        } throws: { error in
            (error as? CatalogStoreError)?.code == .cannotOpen && "\(error)".contains("schema name")
        }
    }
}
