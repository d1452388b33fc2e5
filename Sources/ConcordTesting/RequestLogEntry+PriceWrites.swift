import CatalogModel
import JSONValue
import SimulatorCore

extension Sequence<RequestLogEntry> {
    /// How often each variant's price was written by a successful call in this log, on any
    /// platform: Shopify's `productVariantsBulkUpdate` (by variant id), WooCommerce's
    /// `products/batch` and `products/{id}/variations/batch` updates carrying a price (by id),
    /// Magento's `products/base-prices` and `products/special-price` rows (by SKU).
    ///
    /// A price counted more than once was written more than once, which no apply, resumed,
    /// retried or taken over from another agent, may do while nobody else moves it.
    public func priceWritesPerItem(platform: Platform) -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in self where entry.isWrite && (200..<300).contains(entry.status) {
            switch platform {
            case .shopify:
                guard (entry.query ?? "").contains("productVariantsBulkUpdate") else { continue }
                for (name, value) in entry.variables?.objectValue ?? [:] where name.hasPrefix("variants") {
                    for variant in value.arrayValue ?? [] { counts[variant["id"]?.stringValue ?? "", default: 0] += 1 }
                }
            case .woocommerce:
                guard entry.path.hasSuffix("/batch") else { continue }
                for update in entry.body["update"]?.arrayValue ?? []
                where update["regular_price"] != nil || update["sale_price"] != nil {
                    counts[update["id"].map { $0.intValue.map(String.init) ?? $0.stringValue ?? "?" } ?? "?", default: 0] += 1
                }
            case .magento:
                guard entry.path.hasSuffix("products/base-prices") || entry.path.hasSuffix("products/special-price") else { continue }
                for row in entry.body["prices"]?.arrayValue ?? [] {
                    counts["\(entry.path.hasSuffix("base-prices") ? "base" : "special"):\(row["sku"]?.stringValue ?? "?")", default: 0] += 1
                }
            }
        }
        return counts
    }
}
