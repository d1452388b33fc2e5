import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import WooCommerceAdapter

/// The simulator's stores sell in EUR unless told otherwise, and do not serve
/// `/data/currencies/current`, so tests name the currency; they also lift the adapter's default pace.
func testOptions(currency: CurrencyCode = .eur, overlap: TimeInterval = 300, pageSize: Int = 100) -> WooCommerceAdapterOptions {
    WooCommerceAdapterOptions(pageSize: pageSize, overlap: overlap, requestsPerSecond: 10_000, currency: currency, weightUnit: .kilograms)
}

func makeAdapter(_ endpoint: StoreEndpoint, _ client: HTTPClient, options: WooCommerceAdapterOptions = testOptions()) -> WooCommerceAdapter
{
    WooCommerceAdapter(endpoint: endpoint, client: client, options: options)
}

/// A fixed start for `SimClock.stepping`, in the past so that the HTTP `Date` header (the real
/// clock) never caps a cursor.
let clockStart = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15

/// Request counts from the simulator's log, by what they were.
struct WooRequests {
    var productPages = 0
    /// Pages of one product's variations (`products/{id}/variations`).
    var variationPages = 0
    /// Pages of the store-wide `variations` collection (WooCommerce 10.3), `rest_no_route` answers included.
    var collectionPages = 0
    var productBatches = 0
    var variationBatches = 0
    var orderPages = 0
    var other = 0
    var total = 0

    init(_ store: SimulatedStore) {
        for (endpoint, count) in store.server.counters.byEndpoint {
            total += count
            switch endpoint {
            case "GET /wp-json/wc/v3/products": productPages += count
            case "GET /wp-json/wc/v3/products/{id}/variations": variationPages += count
            case "GET /wp-json/wc/v3/variations": collectionPages += count
            case "POST /wp-json/wc/v3/products/batch": productBatches += count
            case "POST /wp-json/wc/v3/products/{id}/variations/batch": variationBatches += count
            case "GET /wp-json/wc/v3/orders": orderPages += count
            default: other += count
            }
        }
    }
}

extension SimulatedStore {
    /// Products that are variable and have at least one variation: each costs one variation page
    /// (the generator makes at most 12 variations a product).
    var variableProductsWithVariations: Int {
        shop.read { state in state.allProducts.filter { !$0.isSimple && !$0.variants.isEmpty }.count }
    }

    var variantCount: Int { shop.read { $0.variantCount } }

    /// Variations of variable products: what the `variations` collection lists.
    var variationCount: Int { shop.read { state in state.allProducts.filter { !$0.isSimple }.reduce(0) { $0 + $1.variants.count } } }

    /// The sellable item behind a listing's variant id: a variation, or a simple product's one
    /// variant (a simple product's listing carries the product's id).
    func variant(_ id: String) -> (product: SimProduct, variant: SimVariant)? {
        guard let id = Int64(id) else { return nil }
        return shop.read { state in
            state.variant(id: id) ?? state.product(id: id).flatMap { product in product.variants.first.map { (product, $0) } }
        }
    }

    /// Waits until the store has answered a request matching `predicate` (the test's way of
    /// acting "between pages" while a slowed-down request is in flight).
    func waitForRequest(_ predicate: @escaping @Sendable (RequestLogEntry) -> Bool) async {
        await server.waitForRequest(matching: predicate)
    }
}

/// Simple products (no options, one variant), stock at one location, for exact paging tests.
func simpleCatalog(count: Int, currency: CurrencyCode = .eur) -> (products: [Product], locations: [Location]) {
    let locations = [Location(code: "main", name: "Main warehouse")]
    let products = (1...max(1, count)).prefix(count).map { index in
        Product(
            handle: "item-\(index)", title: "Item \(index)",
            variants: [
                Variant(
                    sku: SKU("ITEM-\(index)")!, price: Money(minorUnits: 1000 + Int64(index), currency: currency),
                    stock: [StockLevel(location: "main", onHand: 10 + index)])
            ])
    }
    return (products, locations)
}

/// A new simple product, as a colleague would add it in the admin.
func addSimpleProduct(to store: SimulatedStore, sku: String) -> Int64 {
    let now = store.shop.now
    return store.shop.mutate { state in
        let id = state.makeID()
        let location = state.locations.first?.id ?? 0
        let variant = SimVariant(
            id: state.makeID(), inventoryItemID: state.makeID(), sku: sku, title: "Default Title",
            price: Money(minorUnits: 4200, currency: state.currency), available: [location: 5], createdAt: now, updatedAt: now)
        state.upsert(
            SimProduct(id: id, title: "Added " + sku, handle: sku.lowercased(), variants: [variant], createdAt: now, updatedAt: now))
        return id
    }
}

/// The simulator's own mapping of a variant's prices onto WooCommerce's (see its `WooRenderer`).
func expectedPrices(_ variant: SimVariant) -> (price: Money, compareAt: Money?) {
    if let compareAt = variant.compareAtPrice, compareAt > variant.price { return (variant.price, compareAt) }
    return (variant.price, nil)
}

func change(
    _ id: String, _ listing: Listing, _ field: Change.Field, expected: FieldValue?, new: FieldValue
) -> Change {
    Change(id: id, store: listing.store, sku: listing.sku ?? SKU("NO-SKU")!, ref: listing.ref, field: field, expected: expected, new: new)
}

func money(_ text: String, _ currency: CurrencyCode = .eur) -> Money {
    try! Money.parse(text, currency: currency)
}
