import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import SimulatorCore
import StorefrontSimulator
import Testing

/// What a person answered in `concord review` is reported apart by `concord audit`, not counted
/// against the store again.
@Suite("concord audit: review answers are listed apart")
struct AuditAcknowledgedTests {
    @Test("an ignored orphan and an acknowledged zero price leave listing_errors and appear under acknowledged")
    func acknowledgedAreApart() async throws {
        let generated = CatalogGenerator(seed: 5, productCount: 6).generate()
        try await withImportedCatalog(generated, seed: 5) { store, directory in
            // The catalog lacks the first product (its listings are orphans); one listing is priced 0.
            let orphanProduct = generated.products[0]
            let zeroPriced = generated.products[1].variants[0].sku
            let catalog = try SQLiteCatalogStore(path: directory.path("catalog.sqlite"))
            _ = try await catalog.writeCatalog(Array(generated.products.dropFirst()), locations: generated.locations, mode: .replace)
            let now = store.shop.now
            store.shop.mutate { state in
                for id in state.productIDs {
                    guard var product = state.product(id: id),
                        let index = product.variants.firstIndex(where: { $0.sku == zeroPriced.rawValue })
                    else { continue }
                    product.variants[index].price = Money(minorUnits: 0, currency: product.variants[index].price.currency)
                    product.variants[index].updatedAt = now
                    state.upsert(product)
                }
            }
            let environment = ["SHOP_TOKEN": store.credentials.shopifyAccessToken]
            func concord(_ arguments: [String]) async throws -> CommandRunner.Result {
                try await CommandRunner(product: "concord").run(arguments, environment: environment, directory: directory.path)
            }
            func shopAudit() async throws -> JSONValue {
                let result = try await concord(["audit", "--json"])
                #expect(result.status == 0, "\(result.stderr)")
                let json = try JSONValue.parse(result.stdout)
                return try #require(json["stores"]?.arrayValue?.first { $0["store"] == "shop" })
            }

            let before = try await shopAudit()
            let errorsBefore = try #require(before["listing_errors"]?.intValue)
            #expect(before["acknowledged"] == nil, "nothing answered yet")
            #expect(before["orphans"]?.intValue == orphanProduct.variants.count)

            // The plan records the queue; a person answers two items.
            _ = try await concord(["plan"])
            let orphanSKU = orphanProduct.variants[0].sku.rawValue
            for sku in [orphanSKU, zeroPriced.rawValue] {
                let resolved = try await concord(["review", "resolve", sku, "--store", "shop", "--ignore"])
                #expect(resolved.status == 0, "\(sku): \(resolved.stderr)")
            }

            let after = try await shopAudit()
            #expect(after["listing_errors"]?.intValue == errorsBefore - 2)
            #expect(after["orphans"]?.intValue == orphanProduct.variants.count - 1)
            let acknowledged = try #require(after["acknowledged"]?.arrayValue)
            #expect(Set(acknowledged.compactMap { $0["code"]?.stringValue }) == ["listing.orphan", "listing.price-not-positive"])
            #expect(acknowledged.first { $0["code"] == "listing.orphan" }?["skus"]?.arrayValue?.compactMap(\.stringValue) == [orphanSKU])
            let rules = try #require(after["rules"]?.arrayValue)
            #expect(!rules.contains { $0["code"] == "listing.price-not-positive" }, "an acknowledged error is not among the store's rules")

            let plan = try await concord(["plan"])
            #expect(plan.stdout.contains("2 acknowledged (concord review)"), "\(plan.stdout)")
            let planJSON = try JSONValue.parse(try await concord(["plan", "--json"]).stdout)
            let entry = try #require(planJSON["stores"]?.arrayValue?.first)
            #expect(entry["acknowledged"]?["listing.price-not-positive"]?.intValue == 1)
            #expect(entry["listing_errors"]?["listing.price-not-positive"] == nil)

            let text = try await concord(["audit"])
            #expect(text.stdout.contains("acknowledged in concord review"), "\(text.stdout)")
        }
    }
}
