import CatalogModel
import Foundation
import Planning
import Reconcile

/// Small builders for reconciliation scenarios: one clean catalog variant and its clean listing,
/// which each test bends in exactly one way.
enum Scenario {
    static let store: StoreID = "shop"
    static let eur = CurrencyCode.eur

    static func money(_ minor: Int64, _ currency: CurrencyCode = .eur) -> Money {
        Money(minorUnits: minor, currency: currency)
    }

    /// A valid GTIN-13 built from a number.
    static func gtin(_ number: Int) -> String {
        let body = String(400_000_000_000 + number)
        return body + String(Barcode.gs1CheckDigit(body.compactMap(\.wholeNumberValue)))
    }

    static func variant(_ sku: String, number: Int = 1, onHand: Int = 10, berlin: Int = 0) -> Variant {
        Variant(
            sku: SKU(sku)!, barcode: Barcode(gtin(number)), title: "M", options: ["M"], price: money(1999),
            compareAtPrice: money(2999), cost: money(900), weight: Weight(value: 1, unit: .kilograms),
            stock: [StockLevel(location: "main", onHand: onHand), StockLevel(location: "berlin", onHand: berlin)])
    }

    static func product(_ handle: String = "tee", variants: [Variant]) -> Product {
        Product(
            handle: handle, title: "Tee \(handle)", descriptionHTML: "<p>Soft cotton.</p>", optionNames: ["Size"],
            images: ["https://cdn.example.com/\(handle).jpg"], variants: variants)
    }

    /// The listing that is exactly in sync with a variant (stock at store location `L1` ↔ `main`).
    static func listing(
        for variant: Variant, of product: Product, id: String? = nil, available: Int? = nil
    ) -> Listing {
        Listing(
            store: store, ref: RemoteRef(productID: "P-\(product.handle)", variantID: id ?? "V-\(variant.sku)"),
            rawSKU: variant.sku.rawValue, barcode: variant.barcode?.rawValue, productTitle: product.title,
            variantTitle: variant.title, descriptionHTML: product.descriptionHTML, options: variant.options,
            price: variant.price, compareAtPrice: variant.compareAtPrice, weight: variant.weight, status: .active,
            images: product.images,
            stock: [StockLevel(location: "L1", onHand: available ?? variant.stock[0].onHand)])
    }

    static func snapshot(_ listings: [Listing], complete: Bool = true, locations: [Location] = []) -> StoreSnapshot {
        StoreSnapshot(
            store: store, fetchedAt: Date(timeIntervalSince1970: 0), isComplete: complete, listings: listings,
            locations: locations, nextCursor: nil)
    }

    static func policy(
        _ configure: (inout StorePolicy) -> Void = { _ in }
    ) -> StorePolicy {
        var policy = StorePolicy(store: store, locationMap: ["L1": "main"])
        configure(&policy)
        return policy
    }

    /// Reconciles one product against its listings.
    static func reconcile(
        _ products: [Product], _ listings: [Listing], bases: [BaseKey: FieldValue] = [:],
        mappings: [SKU: RemoteRef] = [:], committed: [SKU: [String: Int]] = [:], complete: Bool = true,
        policy: StorePolicy = Scenario.policy()
    ) -> ReconcileResult {
        Reconciler.reconcile(
            ReconcileInput(
                catalog: CatalogIndex(products: products), snapshot: snapshot(listings, complete: complete),
                bases: bases, mappings: mappings, committed: committed, policy: policy))
    }

    /// A catalog of `count` variants over products of `perProduct`, and listings in sync except
    /// that the first `priced` listings show an old price.
    static func catalogAndListings(count: Int, perProduct: Int = 1, priced: Int) -> ([Product], [Listing]) {
        var products: [Product] = []
        var listings: [Listing] = []
        for start in stride(from: 0, to: count, by: perProduct) {
            let variants = (start..<min(count, start + perProduct)).map { Scenario.variant("SKU-\($0)", number: $0) }
            let product = Scenario.product("p\(start)", variants: variants)
            products.append(product)
            for (offset, variant) in variants.enumerated() {
                var listing = Scenario.listing(for: variant, of: product)
                if start + offset < priced { listing.price = Scenario.money(1500) }
                listings.append(listing)
            }
        }
        return (products, listings)
    }

    /// One clean variant, its product and its clean listing.
    static func clean(_ sku: String = "TEE-M") -> (Product, Listing) {
        let product = product(variants: [variant(sku)])
        return (product, listing(for: product.variants[0], of: product))
    }
}

extension ReconcileResult {
    func findings(_ code: FindingCode) -> [Finding] { findings.filter { $0.code == code } }
    var codes: Set<FindingCode> { Set(findings.map(\.code)) }
}
