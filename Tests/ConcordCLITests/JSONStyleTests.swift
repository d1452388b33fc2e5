import ConcordTesting
import Foundation
import JSONValue
import ShopifySimulator
import SimulatorCore
import StorefrontSimulator
import Testing

/// One JSON style for machines: every `--json` output writes its keys in snake_case.
@Suite("every --json output in one style")
struct JSONStyleTests {
    /// Object keys anywhere in `value` that are not snake_case (SKUs and other data keys are
    /// values, not keys, except in maps named for them, which the callers skip).
    static func badKeys(_ value: JSONValue, path: String = "") -> [String] {
        switch value {
        case .object(let object):
            return object.flatMap { key, child -> [String] in
                let isSnake = key.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
                // Maps keyed by data (store ids, rule codes, field names) are not style.
                let dataMap = [
                    "by_code", "findings_by_code", "listing_errors_by_code", "risks_by_code", "acknowledged_by_code", "fields",
                    "listings_per_store", "stores", "by_store", "by_status", "by_endpoint", "event_counts", "risks", "listing_errors",
                    "errors_by_rule",
                ].contains(where: { path.hasSuffix($0) })
                return (isSnake || dataMap ? [] : [path + "." + key]) + badKeys(child, path: path + "." + key)
            }
        case .array(let items): return items.flatMap { badKeys($0, path: path + "[]") }
        default: return []
        }
    }

    @Test("catalog stats, show, movements, import --dry-run, stores list, plan, sync, review --list, audit, status and db migrate")
    func snakeCaseEverywhere() async throws {
        let catalog = CatalogGenerator(seed: 95, productCount: 4).generate()
        try await withSimulatedStore(
            StoreSpec(
                platform: .shopify, name: "shop", seed: 95, source: .catalog(products: catalog.products, locations: catalog.locations),
                drift: DriftProfile(stockShare: 0.3, priceShare: 0.3), api: ShopifyPlatform.roomy)
        ) { store in
            let directory = try TemporaryDirectory()
            try await CLIScenario.importCatalog(catalog, for: store, into: directory)
            let sku = catalog.products[0].variants[0].sku.rawValue
            let concord = try CommandRunner(product: "concord")
            let environment: [String: String?] = ["SHOP_TOKEN": store.credentials.shopifyAccessToken]
            let commands: [[String]] = [
                ["catalog", "stats", "--json"], ["catalog", "show", sku, "--json"], ["catalog", "movements", sku, "--json"],
                ["catalog", "import", "catalog.jsonl", "--dry-run", "--json"], ["stores", "list", "--json"], ["plan", "--json"],
                ["sync", "--json"], ["review", "--list", "--json"], ["audit", "--offline", "--format", "json"], ["status", "--json"],
                ["db", "migrate", "--json"],
            ]
            for command in commands {
                let result = try await concord.run(command, environment: environment, directory: directory.path)
                let json = try JSONValue.parse(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
                #expect(Self.badKeys(json).isEmpty, "concord \(command.joined(separator: " ")): \(Self.badKeys(json).prefix(10))")
            }
        }
    }
}
