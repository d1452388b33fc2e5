import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

extension ShopifyOperations {
    /// Variants found by SKU, with their stock and product: a targeted read (a webhook named a
    /// few SKUs) costs a few requests instead of a whole-store read.
    public static let variantsBySKU = """
        query ConcordVariantsBySKU($first: Int!, $after: String, $query: String!, $levels: Int!) {
          productVariants(first: $first, after: $after, query: $query) {
            pageInfo { hasNextPage endCursor }
            nodes {
              \(variantFieldsWithStock)
              product { id title handle status descriptionHtml updatedAt images(first: 10) { nodes { url } } }
            }
          }
        }
        """

    /// The connection, then per variant: the variant with stock, its product and its images.
    public static func variantsBySKUCost(first: Int, levels: Int) -> Int {
        2 + variantsByIDCost(count: first, levels: levels)
    }

    /// The `query:` for some SKUs: `sku:"A" OR sku:"B"` (quoted, so hyphens and spaces stay part
    /// of the value; https://shopify.dev/docs/api/usage/search-syntax).
    public static func skuQuery(_ skus: [SKU]) -> String {
        skus.map { "sku:\"" + $0.rawValue.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: " OR ")
    }

    /// SKUs per search: keeps the query string short and each page within one bucket.
    static let skusPerSearch = 50
}

extension ShopifyCatalogReader {
    /// Reads only the listings of `skus`, with their stock: `productVariants(query: "sku:…")` in
    /// groups of 50. The snapshot is partial (never judged for missing listings) and moves no cursor.
    public func read(skus: Set<SKU>) async throws -> Result {
        var statistics = Statistics()
        let started = Date()
        let (currency, locations, _) = try await readLocations(&statistics)
        let parser = ShopifyListingParser(store: store, currency: currency)
        let levels = max(1, locations.count)
        var listings: [Listing] = []
        var seen = Set<String>()
        let ordered = skus.sorted()
        var start = 0
        while start < ordered.count {
            let group = Array(ordered[start..<min(start + ShopifyOperations.skusPerSearch, ordered.count)])
            start += group.count
            var after: String?
            repeat {
                let first = Self.fit(budget: await budget(), max: min(options.pageSize, group.count)) {
                    ShopifyOperations.variantsBySKUCost(first: $0, levels: levels)
                }
                let variables: JSONObject = [
                    "first": .int(first), "after": .string(after), "query": .string(ShopifyOperations.skuQuery(group)),
                    "levels": .int(levels),
                ]
                let answer = try await graphQL.execute(
                    ShopifyOperations.variantsBySKU, variables: variables,
                    estimatedCost: ShopifyOperations.variantsBySKUCost(first: first, levels: levels))
                statistics.record(answer)
                statistics.variantPages += 1
                let connection = answer.data["productVariants"]
                for node in connection?["nodes"]?.arrayValue ?? [] {
                    guard let product = node["product"] else { continue }
                    let listing = try parser.listing(product: product, variant: node)
                    // Shopify's search matches words; keep exact SKUs only.
                    guard let sku = listing.sku, skus.contains(sku), seen.insert(listing.ref.variantID).inserted else { continue }
                    listings.append(listing)
                }
                after = connection?.nextPageCursor
            } while after != nil
        }
        let snapshot = StoreSnapshot(
            store: store, fetchedAt: started, isComplete: false, listings: listings, locations: locations, nextCursor: nil)
        return Result(snapshot: snapshot, statistics: statistics)
    }
}

extension ShopifyAdapter {
    /// A targeted read by SKU (see ``ShopifyCatalogReader/read(skus:)``).
    public func fetchListings(skus: Set<SKU>) async throws -> StoreSnapshot {
        try await ShopifyCatalogReader(graphQL: graphQL, options: options).read(skus: skus).snapshot
    }
}
