import CatalogFormats
import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// `concord audit` against a hand-made simulated store: per-store stock-out, sell-through from
/// `concord catalog receive`, and the `[audit]` section of concord.toml with flags overriding it.
@Suite("concord audit: per-store stock-out, receipts and [audit] settings")
struct AuditStockOutCommandTests {
    static func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }

    static func variant(_ sku: String, main: Int) -> Variant {
        Variant(
            sku: SKU(sku)!, title: sku, options: [sku], price: money(1999), weight: Weight(value: 1, unit: .kilograms),
            stock: [StockLevel(location: "main", onHand: main)])
    }

    /// Four active SKUs (TEE-M with no stock) and a draft CAP.
    static let products = [
        Product(
            handle: "tee", title: "Tee", descriptionHTML: "<p>Tee</p>", optionNames: ["Size"], images: ["https://cdn.example.com/tee.jpg"],
            variants: [variant("TEE-S", main: 5), variant("TEE-M", main: 0), variant("TEE-L", main: 3)]),
        Product(
            handle: "mug", title: "Mug", descriptionHTML: "<p>Mug</p>", optionNames: ["Colour"],
            images: ["https://cdn.example.com/mug.jpg"],
            variants: [variant("MUG", main: 2)]),
        Product(
            handle: "cap", title: "Cap", descriptionHTML: "<p>Cap</p>", status: .draft, optionNames: ["Size"],
            images: ["https://cdn.example.com/cap.jpg"], variants: [variant("CAP", main: 0)]),
    ]

    /// Runs `body` with the store seeded from the catalog, then TEE-L and MUG sold out in the store only,
    /// and a directory with the catalog imported; stops the store afterwards, also when `body` throws.
    static func withStore(audit: String = "", _ body: (SimulatedStore, TemporaryDirectory) async throws -> Void) async throws {
        let locations = [Location(code: "main", name: "Main")]
        try await withSimulatedStore(
            StoreSpec(
                platform: .shopify, name: "shop", seed: 3, source: .catalog(products: products, locations: locations),
                api: ShopifyPlatform.roomy)
        ) { store in
            store.shop.mutate { state in
                let ids = state.products.values.flatMap(\.variants).filter { ["TEE-L", "MUG"].contains($0.sku) }.map(\.id)
                for id in ids {
                    _ = state.updateVariant(id: id) { _, variant in
                        for location in variant.available.keys { variant.available[location] = 0 }
                    }
                }
            }
            let directory = try TemporaryDirectory()
            _ = try directory.write(
                CatalogExporter.write(CatalogDocument(products: products, locations: locations), format: .jsonLines), to: "catalog.jsonl")
            _ = try directory.write(
                """
                [catalog]
                currency = "EUR"
                database = "catalog.sqlite"
                \(audit)
                [stores.shop]
                platform = "shopify"
                url = "\(store.baseURL)"
                token_env = "SHOP_TOKEN"
                """, to: "concord.toml")
            let imported = try await CommandRunner(product: "concord").run(
                ["catalog", "import", "catalog.jsonl"], directory: directory.path)
            #expect(imported.status == 0, "\(imported.stderr)")
            try await body(store, directory)
        }
    }

    @Test("stock-out: the store shows 3 of its 4 active SKUs at 0 (TEE-L, MUG sold out there; TEE-M everywhere), the catalog 1 of 4")
    func perStoreStockOut() async throws {
        try await Self.withStore { store, directory in
            let online = try await CLIScenario.audit(["--json"], store: store, in: directory)
            #expect(online.status == 0, "\(online.stderr)")
            let json = try JSONValue.parse(online.stdout)
            let operations = try #require(json["operations"])
            let shop = try #require(operations["stock_out_by_store"]?[0])
            #expect(shop["store"]?.stringValue == "shop")
            #expect(shop["stock_out_rate"]?["numerator"]?.intValue == 3)
            #expect(shop["stock_out_rate"]?["denominator"]?.intValue == 4)
            #expect(shop["stock_out_rate"]?["percent"] == .number("75"))
            #expect(shop["stock_out_skus"]?.arrayValue?.compactMap(\.stringValue) == ["MUG", "TEE-L", "TEE-M"])
            #expect(operations["stock_out_rate"]?["numerator"]?.intValue == 1)
            #expect(operations["stock_out_rate"]?["denominator"]?.intValue == 4)
            #expect(operations["stock_out_skus"]?.arrayValue?.compactMap(\.stringValue) == ["TEE-M"])

            // Offline, from the saved snapshot: the same figures, in CSV and HTML too.
            let csv = try await CLIScenario.audit(["--offline", "--format", "csv"], store: store, in: directory)
            #expect(csv.status == 0, "\(csv.stderr)")
            #expect(csv.stdout.contains("\noperations,shop,stock_out_rate,,3,4,75.00,listed\n"))
            #expect(csv.stdout.contains("\noperations,all,stock_out_rate,,1,4,25.00,catalog\n"))
            #expect(csv.stdout.contains("\nstock_out,shop,sku:MUG,,,,,\n"))
            let html = try await CLIScenario.audit(["--offline", "--format", "html"], store: store, in: directory)
            #expect(
                html.stdout.contains(
                    "<td>shop</td><td class=\"num\">75.00% (3/4)</td><td class=\"num\">3</td><td class=\"num\">4</td><td>MUG, TEE-L, TEE-M</td>"
                ))
            let text = try await CLIScenario.audit(["--offline"], store: store, in: directory)
            #expect(text.stdout.contains("  shop             75.00% (3/4)  MUG, TEE-L, TEE-M"), "\(text.stdout)")
            #expect(store.server.counters.writes == 0)
        }
    }

    @Test("sell-through: receipts recorded with catalog receive appear in the audit for their period, and only there")
    func receiptsFeedSellThrough() async throws {
        try await Self.withStore { store, directory in
            _ = try directory.write(
                "sku,location,quantity,received_at,reference\nMUG,main,6,2025-03-02,PO-7\nTEE-S,main,4,2025-03-03,PO-7\n", to: "po.csv")
            let received = try await CommandRunner(product: "concord").run(["catalog", "receive", "po.csv"], directory: directory.path)
            #expect(received.status == 0, "\(received.stderr)")

            let march = try await CLIScenario.audit(
                ["--json", "--since", "2025-03-01", "--until", "2025-03-31"], store: store, in: directory)
            #expect(march.status == 0, "\(march.stderr)")
            let sellThrough = try #require(try JSONValue.parse(march.stdout)["operations"]?["sell_through"])
            #expect(sellThrough["available"]?.boolValue == true)
            #expect(sellThrough["units_received"]?.intValue == 10)
            #expect(sellThrough["skus"]?.intValue == 2)
            // No order was ingested: nothing sold of the 10 units.
            #expect(sellThrough["rate"]?["numerator"]?.intValue == 0)
            #expect(sellThrough["rate"]?["denominator"]?.intValue == 10)

            let april = try await CLIScenario.audit(
                ["--offline", "--since", "2025-04-01", "--until", "2025-04-30"], store: store, in: directory)
            #expect(april.status == 0, "\(april.stderr)")
            #expect(april.stdout.contains("  no receipts recorded in the period"))
        }
    }

    @Test("[audit] in concord.toml sets sla, stale_after and fail_under; each flag overrides its key")
    func auditSectionAndPrecedence() async throws {
        try await Self.withStore(audit: "\n[audit]\nsla = \"3d\"\nstale_after = \"2h\"\nfail_under = \"99.5\"\n") { store, directory in
            // TEE-L and MUG differ in stock: accuracy is below 99.5 %, so the file's fail_under trips.
            let tripped = try await CLIScenario.audit(["--json"], store: store, in: directory)
            #expect(tripped.status == 4, "\(tripped.stderr)")
            #expect(tripped.stderr.contains("accuracy below 99.50% in shop"), "\(tripped.stderr)")
            let json = try JSONValue.parse(tripped.stdout)
            #expect(json["operations"]?["sla_hours"]?.intValue == 72)
            #expect(json["stores"]?[0]?["stock_exposure"]?["stale_after_hours"]?.intValue == 2)

            let overridden = try await CLIScenario.audit(
                ["--offline", "--json", "--fail-under", "10", "--sla", "24h", "--stale-after", "1d"], store: store, in: directory)
            #expect(overridden.status == 0, "\(overridden.stderr)")
            let flags = try JSONValue.parse(overridden.stdout)
            #expect(flags["operations"]?["sla_hours"]?.intValue == 24)
            #expect(flags["stores"]?[0]?["stock_exposure"]?["stale_after_hours"]?.intValue == 24)

            // A bad key is refused with its key path before anything runs.
            _ = try directory.write(
                try String(contentsOfFile: directory.path("concord.toml"), encoding: .utf8).replacingOccurrences(
                    of: "sla = \"3d\"", with: "sla = 72"),
                to: "concord.toml")
            let bad = try await CLIScenario.audit(["--offline"], store: store, in: directory)
            #expect(bad.status != 0 && bad.status != 4)
            #expect(bad.stderr.contains("audit.sla"), "\(bad.stderr)")

            let help = try await CommandRunner(product: "concord").run(["audit", "--help"], directory: directory.path)
            let words = help.stdout.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            #expect(words.contains("else from the [audit] section of concord.toml"))
            #expect(words.contains("A flag always wins over the file"))
            #expect(words.contains("sell-through (units sold ÷ units received"))
        }
    }
}
