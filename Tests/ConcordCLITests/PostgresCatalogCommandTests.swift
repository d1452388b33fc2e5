import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import PostgresCatalogStorage
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// The command line on a PostgreSQL catalog (`database = "postgres://…"`): the same import, plan
/// and sync as on SQLite, and one sync at a time per catalog across agents.
@Suite("concord on a PostgreSQL catalog")
struct PostgresCatalogCommandTests {
    @Test(
        "import, plan and sync --apply through postgres://…?schema=…; a second agent's sync is refused while another holds the store's lease"
    )
    func syncOnPostgres() async throws {
        guard let postgres = TestPostgresCatalog.make("cli") else { return }
        let (server, schema, database) = (postgres.server, postgres.schema, postgres.url)
        let catalog = CatalogGenerator(seed: 31, productCount: 12).generate()
        let spec = StoreSpec(
            platform: .shopify, name: "shop", seed: 31, source: .catalog(products: catalog.products, locations: catalog.locations),
            drift: DriftProfile(stockShare: 0.2, priceShare: 0.2), api: ShopifyPlatform.roomy)
        try await withSimulatedStore(spec) { store in
            let directory = try TemporaryDirectory()
            _ = try directory.write(
                CatalogExporter.write(CatalogDocument(products: catalog.products, locations: catalog.locations), format: .jsonLines),
                to: "catalog.jsonl")
            _ = try directory.write(
                """
                [catalog]
                currency = "EUR"
                database = "\(database)"

                [stores.shop]
                platform = "shopify"
                url = "\(store.baseURL)"
                token_env = "SHOP_TOKEN"
                """, to: "concord.toml")
            let concord = try CommandRunner(product: "concord")
            let environment: [String: String?] = ["SHOP_TOKEN": store.credentials.shopifyAccessToken, "CONCORD_DB": nil]

            let imported = try await concord.run(
                ["catalog", "import", "catalog.jsonl"], environment: environment, directory: directory.path)
            #expect(imported.status == 0, "\(imported.stderr)")
            #expect(!FileManager.default.fileExists(atPath: directory.path("concord.sqlite")), "nothing is written to a SQLite file")
            let stats = try await concord.run(["catalog", "stats", "--json"], environment: environment, directory: directory.path)
            #expect(
                try JSONValue.parse(stats.stdout)["variants"]?.intValue == catalog.products.reduce(0) { $0 + $1.variants.count },
                "\(stats.stderr)")

            let plan = try await concord.run(["plan", "--json"], environment: environment, directory: directory.path)
            #expect(plan.status == 2, "the planted drift is planned: \(plan.stderr)")
            #expect(store.server.counters.writes == 0)

            // Another agent holds the store's lease: this sync waits for nothing and writes nothing,
            // and says who holds it; concord status shows the holder.
            let other = try await PostgresCatalogStore(url: server, schema: schema)
            let holder = AgentIdentity(host: "other-host", pid: 4242, command: "concord run")
            _ = try await other.acquireLeases(["shop"], for: holder, ttl: .seconds(120))
            let refused = try await concord.run(["sync", "--apply"], environment: environment, directory: directory.path)
            #expect(refused.status == 1)
            #expect(refused.stderr.contains("shop is held by concord run (pid 4242 on other-host)"), "\(refused.stderr)")
            #expect(store.server.counters.writes == 0)
            let held = try JSONValue.parse(
                try await concord.run(["status", "--json"], environment: environment, directory: directory.path).stdout)
            #expect(held["stores"]?[0]?["lease"]?["host"]?.stringValue == "other-host")
            #expect(held["stores"]?[0]?["lease"]?["expired"]?.boolValue == false)
            try await other.retireAgent(holder)
            await other.close()

            let synced = try await concord.run(["sync", "--apply", "--json"], environment: environment, directory: directory.path)
            #expect(synced.status == 0, "\(synced.stderr)\n\(synced.stdout)")
            #expect(store.server.counters.writes > 0)
            let again = try await concord.run(["plan"], environment: environment, directory: directory.path)
            #expect(again.status == 0, "in sync after the apply: \(again.stdout)")
            // The sync gave its lease back, and is the store's last run.
            let after = try JSONValue.parse(
                try await concord.run(["status", "--json"], environment: environment, directory: directory.path).stdout)
            #expect(after["stores"]?[0]?["lease"] == nil || after["stores"]?[0]?["lease"] == .null)
            #expect(after["stores"]?[0]?["last_run"]?["kind"]?.stringValue == "sync")
            #expect(after["stores"]?[0]?["last_run"]?["status"]?.stringValue == "succeeded")
            // The password never shows: none is in the URL here, and the schema is named in messages.
            #expect(!synced.stderr.contains("password"))
        }
    }

    @Test("concord db migrate brings a SQLite file and a PostgreSQL schema to the same schema versions, and says so")
    func migrateBothBackends() async throws {
        guard let catalog = TestPostgresCatalog.make("mig") else { return }
        let (schema, postgres) = (catalog.schema, catalog.url)
        let directory = try TemporaryDirectory()
        let concord = try CommandRunner(product: "concord")
        var versions: [[String]] = []
        for database in [directory.path("catalog.sqlite"), postgres] {
            let result = try await concord.run(
                ["db", "migrate", "--db", database, "--json"], environment: ["CONCORD_DB": nil], directory: directory.path)
            #expect(result.status == 0, "\(result.stderr)")
            let report = try JSONValue.parse(result.stdout)
            versions.append(report["versions"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            #expect(report["current"]?.stringValue == versions.last?.last)
        }
        #expect(versions[0].count > 10 && versions[0] == versions[1], "\(versions)")
        let text = try await concord.run(["db", "migrate", "--db", postgres], environment: ["CONCORD_DB": nil], directory: directory.path)
        #expect(text.stdout.contains("schema up to date") && text.stdout.contains("(schema \(schema))"), "\(text.stdout)")
    }

    @Test(
        "concord db copy moves a synced SQLite catalog into PostgreSQL: the same rows and plan, a plan file signed before the move applies there, and an occupied target is refused"
    )
    func copyToPostgres() async throws {
        guard let postgres = TestPostgresCatalog.make("copy")?.url else { return }
        try await withCLIScenario(seed: 43, products: 10, drift: DriftProfile(stockShare: 0.2, priceShare: 0.2)) { setup in
            // A history to move: a sync (bases, cursors, a saved read, the journal), then the store
            // drifts again and a plan file is written from the SQLite catalog.
            let synced = try await setup.run(["sync", "--apply"])
            #expect(synced.status == 0, "\(synced.stderr)")
            setup.store.shop.mutate { state in
                guard let variant = state.allProducts.flatMap(\.variants).first(where: { !$0.sku.isEmpty }) else { return }
                state.updateVariant(id: variant.id) { _, variant in variant.price = Money(minorUnits: 1, currency: variant.price.currency) }
            }
            let planned = try await setup.run(["plan", "--out", "plan.json"])
            #expect(planned.status == 2, "\(planned.stderr)")

            let copied = try await setup.run(["db", "copy", "--from", "catalog.sqlite", "--to", postgres, "--json"])
            #expect(copied.status == 0, "\(copied.stderr)\n\(copied.stdout)")
            let report = try JSONValue.parse(copied.stdout)
            #expect(report["verified"]?.boolValue == true)
            let tables = report["tables"]?.arrayValue ?? []
            #expect(tables.contains { $0["name"] == "variant" && ($0["copied_rows"]?.intValue ?? 0) > 0 })
            #expect(tables.allSatisfy { $0["source_rows"] == $0["copied_rows"] })
            // The saved read was there, so the plans were compared, and agreed.
            let plan = report["plans"]?[0]
            #expect(
                plan?["from_file"]?["changes"]?.arrayValue?.isEmpty == false && plan?["from_file"] == plan?["from_copy"], "\(copied.stdout)"
            )

            // The copy is the catalog now: the plan file written from the file applies to it.
            let writesBefore = setup.store.server.counters.writes
            let applied = try await setup.concord.run(
                ["apply", "plan.json", "--db", postgres], environment: setup.environment, directory: setup.directory.path)
            #expect(applied.status == 0, "\(applied.stderr)\n\(applied.stdout)")
            #expect(setup.store.server.counters.writes > writesBefore)
            let inSync = try await setup.concord.run(
                ["plan", "--db", postgres], environment: setup.environment, directory: setup.directory.path)
            #expect(inSync.status == 0, "\(inSync.stdout)")

            // A second copy into the same catalog is refused, and changes nothing.
            let again = try await setup.run(["db", "copy", "--from", "catalog.sqlite", "--to", postgres])
            #expect(again.status == 1)
            #expect(again.stderr.contains("not empty"), "\(again.stderr)")
        }
    }
}
