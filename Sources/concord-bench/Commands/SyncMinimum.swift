import CatalogModel
import Foundation
import ShopifyAdapter

/// The fewest calls a platform's API allows for what one sync did, which `concord-bench sync`
/// sets beside the calls it made (`minimum`, `ratio`).
///
/// A whole read at the platform's page maxima (Shopify: one bulk operation once its pages would
/// take more calls); the plan's writes at the batch maxima (the plan's own write calls: the
/// planner packs to those maxima); and the reads Concord's promises need: a fresh order read before
/// stock is written, and the current value of every field written where the platform has no
/// compare-and-set (all but Shopify's stock), read at that read's maximum.
struct SyncMinimum: Sendable {
    var platform: SyncBenchmark.PlatformChoice
    /// Catalog products and their variants as the store holds them.
    var products: [Product]
    /// Store locations that hold stock.
    var locations: Int
    /// Open and recent orders the read returns.
    var orders: Int = 0

    /// Products with several variants: a Shopify product with variants, a WooCommerce variable
    /// product with variations, a Magento configurable with simple children.
    var multiVariantProducts: Int { products.filter { $0.variants.count > 1 }.count }
    var variants: Int { products.reduce(0) { $0 + $1.variants.count } }

    static func pages(_ items: Int, _ perPage: Int) -> Int { items <= 0 ? 0 : (items + perPage - 1) / perPage }

    /// A whole read: listings with their stock, and the orders.
    var wholeRead: Int {
        switch platform {
        case .shopify:
            // Shop, locations and product count in one query; the orders count (and their pages).
            let bulk = 3  // start, poll, download
            return 1 + bulk + 1 + Self.pages(orders, 250)
        case .woocommerce:
            let variations = products.filter { $0.variants.count > 1 }.reduce(0) { $0 + $1.variants.count }
            return Self.pages(products.count, 100) + Self.pages(variations, 100) + max(1, Self.pages(orders, 100))
        case .magento:
            // Store configuration, sources, the product search (parents and children alike), the
            // option labels of configurables, the source items, the orders.
            let entities = variants + multiVariantProducts
            let labels = multiVariantProducts > 0 ? 1 : 0
            return 1 + 1 + Self.pages(entities, 300) + labels + Self.pages(variants * locations, 300) + max(1, Self.pages(orders, 300))
        }
    }

    /// Applying `changes` in `writeCalls` write calls.
    func apply(_ changes: [Change], writeCalls: Int) -> Int {
        guard !changes.isEmpty else { return 0 }
        let stock = changes.filter { if case .stock = $0.field { true } else { false } }
        let other = changes.filter { if case .stock = $0.field { false } else { true } }
        let freshOrders = stock.isEmpty ? 0 : 1
        let variantsRead = Set(other.map(\.ref.variantID)).count
        switch platform {
        case .shopify:
            // Stock is compare-and-set; other fields are re-read by variant id, as many a query
            // as the 1,000-point limit allows.
            let perRead = max(1, (1...250).last { ShopifyOperations.variantsByIDCost(count: $0, levels: locations) <= 1000 } ?? 1)
            return freshOrders + Self.pages(variantsRead, perRead) + writeCalls
        case .woocommerce:
            // Variations re-read 100 a call across products; simple products 100 a call.
            let variationIDs = Set(changes.filter { $0.ref.variantID != $0.ref.productID }.map(\.ref.variantID)).count
            let productIDs = Set(changes.filter { $0.ref.variantID == $0.ref.productID }.map(\.ref.productID)).count
            return freshOrders + Self.pages(variationIDs, 100) + Self.pages(productIDs, 100) + writeCalls
        case .magento:
            let stockSKUs = Set(stock.map(\.sku)).count
            return freshOrders + Self.pages(variantsRead, 300) + Self.pages(stockSKUs * locations, 300) + writeCalls
        }
    }

    /// A sync in which nothing changed: what each platform needs to learn that.
    var idleRead: Int {
        switch platform {
        // The orders count; locations with the count of products updated (0: no products page);
        // one page of changed inventory levels a location.
        case .shopify: 1 + 1 + locations
        // Products, variations and orders modified since the cursor: one page each.
        case .woocommerce: 3
        // Orders updated since (they move stock without touching products) and products updated since.
        case .magento: 2
        }
    }
}
