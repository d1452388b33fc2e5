import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator

/// Options for tests: the adapter's defaults with the pace lifted.
func testOptions(pageSize: Int = 100, overlap: TimeInterval = 300, readsReservations: Bool = true) -> MagentoAdapterOptions {
    MagentoAdapterOptions(pageSize: pageSize, overlap: overlap, readsReservations: readsReservations, requestsPerSecond: 10_000)
}

func makeAdapter(_ endpoint: StoreEndpoint, _ client: HTTPClient, options: MagentoAdapterOptions = testOptions()) -> MagentoAdapter {
    MagentoAdapter(endpoint: endpoint, client: client, options: options)
}

/// A fixed start for `SimClock.stepping`, in the past so that the HTTP `Date` header (the real
/// clock) never caps a cursor.
let clockStart = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15 15:06:40 UTC

/// Request counts from the simulator's log, by what they were.
struct MagentoRequests: CustomStringConvertible {
    var byEndpoint: [String: Int]
    var total: Int

    init(_ store: SimulatedStore) {
        var folded: [String: Int] = [:]
        for (endpoint, count) in store.server.counters.byEndpoint {
            // "GET /rest/default/V1/products" → "GET products"
            let parts = endpoint.split(separator: " ", maxSplits: 1)
            let path = parts.count == 2 ? String(parts[1]) : endpoint
            let tail = path.components(separatedBy: "/V1/").last ?? path
            folded[String(parts[0]) + " " + tail, default: 0] += count
        }
        byEndpoint = folded
        total = store.server.counters.total
    }

    subscript(_ key: String) -> Int { byEndpoint[key] ?? 0 }

    var productPages: Int { self["GET products"] }
    var sourceItemPages: Int { self["GET inventory/source-items"] }
    var orderPages: Int { self["GET orders"] }

    var description: String { byEndpoint.keys.sorted().map { "\($0)=\(byEndpoint[$0]!)" }.joined(separator: ", ") + " (total \(total))" }
}

extension SimulatedStore {
    var products: [SimProduct] { shop.read { $0.allProducts } }

    /// Magento entities: one per simple product, a parent plus one child per variant otherwise.
    var entityCount: Int { products.reduce(0) { $0 + (Self.isMagentoSimple($1) ? 1 : 1 + $1.variants.count) } }

    var variantCount: Int { shop.read { $0.variantCount } }

    static func isMagentoSimple(_ product: SimProduct) -> Bool { product.optionNames.isEmpty && product.variants.count == 1 }

    /// The sellable item behind a listing's variant id: a child (variant id) or a simple (product id).
    func item(_ variantID: String) -> (product: SimProduct, variant: SimVariant)? {
        guard let id = Int64(variantID) else { return nil }
        return shop.read { state in
            if let product = state.product(id: id), Self.isMagentoSimple(product) { return (product, product.variants[0]) }
            return state.variant(id: id)
        }
    }

    func locationCode(_ id: Int64) -> String { shop.read { $0.location(id: id)?.code ?? "?" } }
    func locationID(_ code: String) -> Int64 { shop.read { $0.location(code: code)?.id ?? -1 } }
}

/// The simulator's mapping of a variant's prices onto Magento's and back: what a shopper pays,
/// and the compare-at price.
func expectedPrices(_ variant: SimVariant) -> (price: Money, compareAt: Money?) { (variant.price, variant.compareAtPrice) }

/// Simple products (no options, one variant), stock at one location, for exact paging tests.
func simpleCatalog(count: Int, currency: CurrencyCode = .eur) -> (products: [Product], locations: [Location]) {
    let locations = [Location(code: "main", name: "Main warehouse")]
    let products = (0..<count).map { index in
        Product(
            handle: "item-\(index + 1)", title: "Item \(index + 1)",
            variants: [
                Variant(
                    sku: SKU("ITEM-\(index + 1)")!, price: Money(minorUnits: 1000 + Int64(index), currency: currency),
                    stock: [StockLevel(location: "main", onHand: 10 + index)])
            ])
    }
    return (products, locations)
}

/// A small catalog with one configurable product of three sizes and two simple products, at two
/// locations, one simple product on sale.
func mixedCatalog() -> (products: [Product], locations: [Location]) {
    let locations = [Location(code: "berlin", name: "Berlin"), Location(code: "hamburg", name: "Hamburg")]
    let shirt = Product(
        handle: "shirt", title: "Shirt", optionNames: ["Size"],
        variants: ["S", "M", "L"].enumerated().map { index, size in
            Variant(
                sku: SKU("SHIRT-\(size)")!, title: size, options: [size], price: money("19.90"),
                stock: [StockLevel(location: "berlin", onHand: 5 + index), StockLevel(location: "hamburg", onHand: 2)])
        })
    let mug = Product(
        handle: "mug", title: "Mug",
        variants: [
            Variant(
                sku: SKU("MUG")!, price: money("8.00"), compareAtPrice: money("10.00"), stock: [StockLevel(location: "berlin", onHand: 12)])
        ])
    let cap = Product(
        handle: "cap", title: "Cap",
        variants: [Variant(sku: SKU("CAP")!, price: money("15.00"), stock: [StockLevel(location: "hamburg", onHand: 3)])])
    return ([shirt, mug, cap], locations)
}

func money(_ text: String, _ currency: CurrencyCode = .eur) -> Money {
    try! Money.parse(text, currency: currency)
}

func change(_ id: String, _ listing: Listing, _ field: Change.Field, expected: FieldValue?, new: FieldValue) -> Change {
    Change(id: id, store: listing.store, sku: listing.sku ?? SKU("NO-SKU")!, ref: listing.ref, field: field, expected: expected, new: new)
}

/// A new simple product, as a colleague would add it in the admin.
@discardableResult
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

/// An open (paid, unshipped) order for `quantity` units of the variant with `sku`: the units move
/// from available to committed at `location`, as a sale does.
@discardableResult
func placeOrder(in store: SimulatedStore, sku: String, quantity: Int, location code: String) -> Int64 {
    let now = store.shop.now
    let locationID = store.locationID(code)
    return store.shop.mutate { state in
        let (product, variant) = state.variants(sku: sku)[0]
        _ = state.updateVariant(id: variant.id) { _, variant in
            variant.available[locationID, default: 0] -= quantity
            variant.committed[locationID, default: 0] += quantity
            variant.updatedAt = now
        }
        let orderID = state.makeID()
        let line = SimOrderLine(
            id: state.makeID(), productID: product.id, variantID: variant.id, sku: sku, title: product.title, quantity: quantity,
            price: variant.price)
        state.upsert(
            SimOrder(
                id: orderID, number: state.makeOrderNumber(), currency: state.currency, financial: .paid, fulfillment: .unfulfilled,
                locationID: locationID,
                customer: SimCustomer(
                    firstName: "Ada", lastName: "Meyer", email: "ada@example.com", address: "1 Example Street", city: "Berlin",
                    postcode: "10115", country: "DE"),
                lines: [line], createdAt: now, updatedAt: now))
        return orderID
    }
}

/// The Magento simulator with a hook that runs before each request is served: how a test makes
/// the store change between the adapter's re-read and its write, or hides MSI.
struct HookedMagento: PlatformAPI {
    var inner = MagentoPlatform()
    /// Answer 404 "Request does not match any route." to `/V1/inventory/...`, as a store without MSI.
    var withoutMSI = false
    var before: @Sendable (SimRequest, SimulatedShop) -> Void = { _, _ in }

    func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse {
        if withoutMSI, request.path.contains("/V1/inventory/") {
            return .json(["message": "Request does not match any route."], status: 404)
        }
        before(request, shop)
        return await inner.respond(to: request, shop: shop)
    }

    func banner(baseURL: String, shop: SimulatedShop) -> [String] { inner.banner(baseURL: baseURL, shop: shop) }
}

/// Removes every product holding a variant with `sku`, as an admin deleting it would.
func deleteProduct(sku: String, in shop: SimulatedShop) {
    shop.mutate { state in
        for (product, _) in state.variants(sku: sku) { _ = state.removeProduct(id: product.id) }
    }
}
