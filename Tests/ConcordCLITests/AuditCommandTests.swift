import CatalogFormats
import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

@Suite("concord audit against a simulated store")
struct AuditCommandTests {
    /// Out-of-sync pairs per field in an audit's JSON for `shop`.
    static func outOfSync(_ json: JSONValue) throws -> [String: Int] {
        let store = try #require(json["stores"]?.arrayValue?.first { $0["store"]?.stringValue == "shop" })
        var result: [String: Int] = [:]
        for field in try #require(store["accuracy"]?["fields"]?.arrayValue) {
            let accuracy = try #require(field["accuracy"])
            result[try #require(field["field"]?.stringValue)] =
                try #require(accuracy["denominator"]?.intValue) - (try #require(accuracy["numerator"]?.intValue))
        }
        return result
    }

    @Test("accuracy equals what the simulator's drift manifest implies, field by field; nothing is written")
    func accuracyMatchesManifest() async throws {
        let catalog = CatalogGenerator(seed: 21, productCount: 40).generate()
        try await withImportedCatalog(
            catalog, seed: 21, drift: DriftProfile(stockShare: 0.1, priceShare: 0.05, titleShare: 0.1)
        ) { store, directory in
            let result = try await CLIScenario.audit(["--json"], store: store, in: directory)
            #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
            let json = try JSONValue.parse(result.stdout)

            let drift = store.shop.manifest.drift
            let variantsOfProduct = Dictionary(
                catalog.products.flatMap { product in product.variants.map { ($0.sku.rawValue, product.variants.count) } },
                uniquingKeysWith: { first, _ in first })
            // A title belongs to the product: every variant's listing shows the drifted title.
            let titleDrift = drift.filter { $0.field == "title" }.reduce(0) { $0 + variantsOfProduct[$1.sku, default: 0] }
            let stockDrift = drift.filter { $0.field.hasPrefix("stock@") }.count
            let priceDrift = drift.filter { $0.field == "price" }.count
            #expect(stockDrift > 0 && priceDrift > 0 && titleDrift > 0)
            let out = try Self.outOfSync(json)
            #expect(out["stock"] == stockDrift)
            #expect(out["price"] == priceDrift)
            #expect(out["title"] == titleDrift)
            for (field, count) in out where !["stock", "price", "title"].contains(field) {
                #expect(count == 0, "\(field) has \(count) pairs out of sync that nobody planted")
            }
            let shop = try #require(json["stores"]?[0])
            let overall = try #require(shop["accuracy"]?["overall"])
            let compared = try #require(overall["denominator"]?.intValue)
            #expect(compared - (try #require(overall["numerator"]?.intValue)) == stockDrift + priceDrift + titleDrift)
            // Every listing's price was compared.
            let price = try #require(shop["accuracy"]?["fields"]?.arrayValue?.first { $0["field"]?.stringValue == "price" })
            #expect(price["accuracy"]?["denominator"]?.intValue == store.shop.manifest.variants)
            #expect(shop["price_deviation"]?["listings"]?.intValue == priceDrift)
            #expect(store.server.counters.writes == 0)
        }
    }

    @Test("every planted listing error is found with its rule and SKU")
    func listingErrorsFound() async throws {
        let catalog = CatalogGenerator(seed: 5, productCount: 60).generate()
        try await withImportedCatalog(catalog, seed: 5, listingErrors: 0.2) { store, directory in
            let result = try await CLIScenario.audit(["--json"], store: store, in: directory)
            #expect(result.status == 0, "\(result.stderr)")
            let json = try JSONValue.parse(result.stdout)
            let rules = try #require(json["stores"]?[0]?["rules"]?.arrayValue)
            func skus(_ code: String) -> Set<String> {
                Set(rules.first { $0["code"]?.stringValue == code }?["skus"]?.arrayValue?.compactMap(\.stringValue) ?? [])
            }
            let planted = store.shop.manifest.listingErrors
            #expect(planted.count >= 3)
            for error in planted {
                let catalogSKU = error.catalogSKU ?? ""
                switch error.kind {
                case .missingImages: #expect(skus("listing.no-image").contains(catalogSKU), "\(error)")
                case .zeroPrice: #expect(skus("listing.price-not-positive").contains(catalogSKU), "\(error)")
                case .duplicateSKU: #expect(skus("listing.duplicate-sku").contains(error.sku), "\(error)")
                case .invalidBarcode: #expect(skus("listing.invalid-barcode").contains(catalogSKU), "\(error)")
                case .missingSKU:
                    let found = skus("listing.missing-sku")
                    #expect(found.contains(catalogSKU) || found.contains("(blank)"), "\(error)")
                case .compareAtBelowPrice: #expect(skus("listing.compare-at-not-above-price").contains(catalogSKU), "\(error)")
                }
            }
        }
    }

    @Test("--offline after an online audit gives the same accuracy without a single request; the trend has both runs")
    func offlineMatchesOnline() async throws {
        let catalog = CatalogGenerator(seed: 22, productCount: 25).generate()
        try await withImportedCatalog(catalog, seed: 22, drift: DriftProfile(stockShare: 0.1, priceShare: 0.05)) { store, directory in

            let before = try await CLIScenario.audit(["--offline"], store: store, in: directory)
            #expect(before.status == 1)
            #expect(before.stderr.contains("no saved snapshot"), "\(before.stderr)")

            let online = try await CLIScenario.audit(["--json"], store: store, in: directory)
            #expect(online.status == 0, "\(online.stderr)")
            let requests = store.server.counters.total
            #expect(requests > 0)
            let offline = try await CLIScenario.audit(["--offline", "--format", "json"], store: store, in: directory)
            #expect(offline.status == 0, "\(offline.stderr)")
            #expect(store.server.counters.total == requests)

            let first = try JSONValue.parse(online.stdout)
            let second = try JSONValue.parse(offline.stdout)
            #expect(second["source"]?.stringValue == "offline")
            #expect(first["stores"]?[0]?["accuracy"] == second["stores"]?[0]?["accuracy"])
            #expect(first["stores"]?[0]?["rules"] == second["stores"]?[0]?["rules"])
            let trend = try #require(second["trend"]?.arrayValue)
            #expect(trend.count == 2)
            #expect(trend[0]["overall"] == first["overall"]?["overall"])
            #expect(store.server.counters.writes == 0)
        }
    }

    @Test("--fail-under exits 4 below the threshold and 0 above; HTML and CSV go to --out; bad options change nothing")
    func failUnderAndFormats() async throws {
        let catalog = CatalogGenerator(seed: 23, productCount: 20).generate()
        try await withImportedCatalog(catalog, seed: 23, drift: DriftProfile(stockShare: 0.2)) { store, directory in

            let tripped = try await CLIScenario.audit(
                ["--fail-under", "100", "--format", "html", "--out", "audit.html"], store: store, in: directory)
            #expect(tripped.status == 4, "\(tripped.stderr)")
            #expect(tripped.stderr.contains("shop"))
            let html = try String(contentsOfFile: directory.path("audit.html"), encoding: .utf8)
            #expect(html.contains("<svg"))
            #expect(!html.contains("http://") && !html.contains("https://"))

            let passed = try await CLIScenario.audit(
                ["--offline", "--fail-under", "50", "--format", "csv", "--out", "audit.csv"], store: store, in: directory)
            #expect(passed.status == 0, "\(passed.stderr)")
            let csv = try String(contentsOfFile: directory.path("audit.csv"), encoding: .utf8)
            #expect(csv.hasPrefix("section,store,metric,value,numerator,denominator,percent,detail\n"))
            #expect(csv.contains("\naccuracy,shop,field:stock,"))

            let text = try await CLIScenario.audit(["--offline"], store: store, in: directory)
            #expect(text.status == 0)
            #expect(text.stdout.contains("Accuracy by store"))
            #expect(!text.stdout.contains("\u{1B}["))

            let trendBefore = try JSONValue.parse(
                try await CLIScenario.audit(["--offline", "--json"], store: store, in: directory).stdout)["trend"]?
                .arrayValue?.count
            let runsBefore = try await SQLiteCatalogStore(path: directory.path("catalog.sqlite")).runs(limit: 1000).count
            for bad in [["--since", "yesterday"], ["--fail-under", "120"], ["--sla", "soon"], ["--store", "nope"]] {
                let result = try await CLIScenario.audit(bad + ["--offline"], store: store, in: directory)
                #expect(result.status != 0 && result.status != 4, "\(bad)")
                #expect(!result.stderr.isEmpty, "\(bad)")
            }
            // The bad invocations recorded no run.
            #expect(try await SQLiteCatalogStore(path: directory.path("catalog.sqlite")).runs(limit: 1000).count == runsBefore)
            let trendAfter = try JSONValue.parse(try await CLIScenario.audit(["--offline", "--json"], store: store, in: directory).stdout)[
                "trend"]?
                .arrayValue?.count
            // An offline audit re-measures a saved read: it is this audit's last point, never a point of
            // its own in later trends, so repeating it does not grow the trend.
            #expect(trendAfter == trendBefore)

            let help = try await CommandRunner(product: "concord").run(["audit", "--help"], directory: directory.path)
            #expect(help.stdout.contains("--fail-under"))
            #expect(help.stdout.contains("Exit status"))
        }
    }
}
