import CatalogModel
import CatalogStorage
import ConcordConfig
import Foundation
import StorefrontAdapter

/// Stock adopted from what a store shows: a store's stock number (WooCommerce's one number, a
/// product CSV's quantity column) is net of the store's own open orders, and Concord takes every
/// channel's open orders off on hand again. Adopting it therefore counts those orders back in, so
/// no open order is subtracted twice.
public enum StoreOrdersBack {
    /// How far back a store's orders are read to find the open ones (open orders are recent).
    public static let window: TimeInterval = 90 * 86_400

    /// The store's orders updated in the last ``window``.
    public static func recentOrders(of adapter: any StorefrontAdapter, now: Date = Date()) async throws -> OrderBatch {
        try await adapter.fetchOrders(since: SyncCursor(updatedAt: now.addingTimeInterval(-window)))
    }

    /// Units still open per SKU text on orders that hold stock.
    public static func openUnits(in orders: [Order]) -> [String: Int] {
        var units: [String: Int] = [:]
        for order in orders where order.holdsStock && !order.isCancelled {
            for line in order.lines where line.openQuantity > 0 {
                if let sku = line.sku { units[sku.rawValue, default: 0] += line.openQuantity }
            }
        }
        return units
    }

    /// The products with each variant's open units added to its stock at `location` (on hand
    /// and available both: the file's number is what the store could still sell).
    public static func countingBack(_ openUnits: [String: Int], into products: [Product], at location: String) -> [Product] {
        guard !openUnits.isEmpty else { return products }
        var products = products
        for p in products.indices {
            for v in products[p].variants.indices {
                guard let open = openUnits[products[p].variants[v].sku.rawValue], open > 0,
                    let level = products[p].variants[v].stock.firstIndex(where: { $0.location == location })
                else { continue }
                products[p].variants[v].stock[level].onHand += open
                products[p].variants[v].stock[level].available += open
            }
        }
        return products
    }

    /// Ingests the orders read for an adoption, before and after the catalog write (see
    /// ``CatalogPull``): lines of SKUs the catalog gains are attributed with their past counted.
    public static func ingest(_ batch: OrderBatch, of configuration: StoreConfiguration, into catalog: any StockLedger) async throws {
        _ = try await catalog.ingestOrders(batch.orders, routing: [configuration.id: StockRouting(configuration: configuration)])
    }
}
