import CatalogModel
import Foundation
import Reconcile

/// One store's side of a reconcile benchmark: what it lists now, what Concord recorded after the
/// previous sync (mappings and bases), and its policy.
///
/// The store mirrors the catalog as a previous sync left it, then a `drift` share of its
/// variants has one field changed; for each such variant a coin decides whether the *catalog*
/// moved since that sync (the base holds the store's value, so Concord pushes) or the *store* was
/// edited (the base holds the catalog's value, so the store-edit policy decides). A few drifted
/// variants are gone from the store instead.
struct SyntheticStore {
    var snapshot: StoreSnapshot
    var bases: BaseTable
    var mappings: [SKU: RemoteRef]
    var policy: StorePolicy
    /// How many variants were drifted, by kind (for the progress line).
    var drifted: [DriftKind: Int]

    enum DriftKind: String, CaseIterable, Sendable {
        case stock, price, compareAtPrice, title, description, status, weight, images, missing

        /// Out of 100 drifted variants.
        var weight: Int {
            switch self {
            case .stock: 45
            case .price: 20
            case .compareAtPrice: 7
            case .title: 8
            case .description: 5
            case .status: 3
            case .weight: 5
            case .images: 2
            case .missing: 5
            }
        }

        static func pick(_ roll: Int) -> DriftKind {
            var remaining = roll % 100
            for kind in allCases {
                if remaining < kind.weight { return kind }
                remaining -= kind.weight
            }
            return .stock
        }
    }

    static let editedDescription = "<p>Edited in the store admin.</p>"

    /// The id of store number `index` (`bench-1-shopify`).
    static func storeID(index: Int, style: StoreStyle) -> StoreID { StoreID("bench-\(index + 1)-\(style.rawValue)") }

    /// Builds store number `index` of a run over `products`.
    static func make(
        index: Int, style: StoreStyle, products: [Product], variantCount: Int, drift: Double, seed: UInt64
    ) -> SyntheticStore {
        let id = storeID(index: index, style: style)
        let storeLocations = style.locations
        var listings: [Listing] = []
        listings.reserveCapacity(variantCount)
        var bases = BaseTable()
        let fieldsPerSKU = 8 + storeLocations.count
        bases.reserveCapacity(skus: variantCount, values: variantCount * fieldsPerSKU)
        var mappings: [SKU: RemoteRef] = [:]
        mappings.reserveCapacity(variantCount)
        var drifted: [DriftKind: Int] = [:]
        let storeSalt = SplitMix.mix(UInt64(index) &+ 0x5EED)

        var entry = 0
        for (productIndex, product) in products.enumerated() {
            let status = product.status
            for variant in product.variants {
                defer { entry += 1 }
                let ref = style.ref(product: productIndex, entry: entry, parentSKU: product.handle)
                mappings[variant.sku] = ref
                var stock: [StockLevel] = []
                stock.reserveCapacity(storeLocations.count)
                for location in storeLocations {
                    var onHand = 0
                    for level in variant.stock where level.location == location.catalogCode { onHand += level.onHand }
                    stock.append(StockLevel(location: location.id, onHand: onHand))
                }
                let inSync = Listing(
                    store: id, ref: ref, rawSKU: variant.sku.rawValue, barcode: variant.barcode?.rawValue,
                    productTitle: product.title, variantTitle: variant.title, descriptionHTML: product.descriptionHTML,
                    options: variant.options, price: variant.price, compareAtPrice: variant.compareAtPrice,
                    weight: variant.weight, status: Reconciler.canonicalStatus(product: status, variant: variant.status),
                    images: Reconciler.canonicalImages(product: product.images, variant: variant.images), stock: stock,
                    allowsBackorder: variant.allowsBackorder)

                var random = SplitMix(seed: seed ^ storeSalt, purpose: 2, item: entry)
                guard random.chance(drift) else {
                    appendBases(of: inSync, sku: variant.sku, to: &bases)
                    listings.append(inSync)
                    continue
                }
                let kind = DriftKind.pick(random.below(100))
                drifted[kind, default: 0] += 1
                let catalogMoved = random.chance(0.5)
                guard kind != .missing else {
                    appendBases(of: inSync, sku: variant.sku, to: &bases)
                    continue
                }
                var listing = inSync
                switch kind {
                case .stock:
                    let slot = random.below(listing.stock.count)
                    let before = listing.stock[slot].available
                    let step = 1 + random.below(5)
                    let after = before > step ? before - step : before + step
                    listing.stock[slot] = StockLevel(location: listing.stock[slot].location, onHand: after)
                case .price:
                    let before = listing.price!.minorUnits
                    listing.price = Money(minorUnits: before > 200 ? before - 100 : before + 100, currency: .eur)
                case .compareAtPrice:
                    listing.compareAtPrice =
                        listing.compareAtPrice == nil
                        ? Money(minorUnits: listing.price!.minorUnits * 2, currency: .eur) : nil
                case .title: listing.productTitle += " - Sale"
                case .description: listing.descriptionHTML = editedDescription
                case .status: listing.status = listing.status == .active ? .draft : .active
                case .weight:
                    listing.weight = Weight(value: (listing.weight?.value ?? 0) + 10, unit: .grams)
                case .images: listing.images = []
                case .missing: break
                }
                appendBases(of: catalogMoved ? listing : inSync, sku: variant.sku, to: &bases)
                listings.append(listing)
            }
        }

        let snapshot = StoreSnapshot(
            store: id, fetchedAt: Date(), isComplete: true, listings: listings,
            locations: storeLocations.map { Location(code: $0.id, name: $0.id) }, nextCursor: nil)
        return SyntheticStore(
            snapshot: snapshot, bases: bases, mappings: mappings,
            policy: StorePolicy(store: id, locationMap: style.locationMap), drifted: drifted)
    }

    static let scalarFields: [(ManagedField, Change.Field)] = [
        (.price, .price), (.compareAtPrice, .compareAtPrice), (.barcode, .barcode), (.title, .title),
        (.description, .description), (.status, .status), (.images, .images), (.weight, .weight),
    ]

    /// Records the listing's values as the bases of its SKU, as a sync that found them in step would.
    static func appendBases(of listing: Listing, sku: SKU, to bases: inout BaseTable) {
        for (kind, field) in scalarFields {
            guard let value = Reconciler.storeValue(kind, of: listing) else { continue }
            bases.append(sku: sku, field: field, value: value)
        }
        for level in listing.stock {
            bases.append(sku: sku, field: .stock(location: level.location), value: .quantity(level.available))
        }
    }
}
