import CatalogModel
import Foundation

/// How far a seeded store strays from the catalog it was made from: the share of variants whose
/// stock or price differ, and the share of products whose title differs. Each difference is written
/// to the manifest, so a test knows exactly which SKUs a reconcile must find.
public struct DriftProfile: Hashable, Sendable, Codable {
    public var stockShare: Double
    public var priceShare: Double
    public var titleShare: Double

    public init(stockShare: Double = 0, priceShare: Double = 0, titleShare: Double = 0) {
        self.stockShare = stockShare
        self.priceShare = priceShare
        self.titleShare = titleShare
    }

    public static let none = DriftProfile()
    /// What `concord demo` seeds: enough drift to fill a plan, little enough to read.
    public static let demo = DriftProfile(stockShare: 0.04, priceShare: 0.01, titleShare: 0.005)

    public var isNone: Bool { stockShare == 0 && priceShare == 0 && titleShare == 0 }
}

/// The listing errors a seed can plant, one kind per product picked.
public enum ListingErrorKind: String, Hashable, Sendable, Codable, CaseIterable {
    case missingImages = "missing_images"
    case zeroPrice = "zero_price"
    case duplicateSKU = "duplicate_sku"
    case invalidBarcode = "invalid_barcode"
    case missingSKU = "missing_sku"
    case compareAtBelowPrice = "compare_at_below_price"
}

/// What a seed put in a store beyond the catalog itself.
public struct SeedManifest: Hashable, Sendable, Codable {
    public struct ListingError: Hashable, Sendable, Codable {
        public var kind: ListingErrorKind
        public var productID: Int64
        public var variantID: Int64?
        /// The SKU the variant has in the store after the error was planted ("" when missing).
        public var sku: String
        /// The canonical SKU the listing came from.
        public var catalogSKU: String?
        public var detail: String
    }

    public struct Drift: Hashable, Sendable, Codable {
        public var sku: String
        /// `stock@<location code>`, `price` or `title` (Concord's `Change.Field` keys).
        public var field: String
        public var catalogValue: String
        public var storeValue: String
    }

    public var seed: UInt64 = 0
    public var products = 0
    public var variants = 0
    public var locations: [String] = []
    public var listingErrors: [ListingError] = []
    public var drift: [Drift] = []

    public init() {}
}

/// Turns a canonical catalog into a simulated store's state, planting listing errors and drift
/// as asked and recording each in a `SeedManifest`.
public struct ShopSeeder: Sendable {
    public var seed: UInt64
    public var storeName: String
    public var currency: CurrencyCode
    public var firstID: Int64
    public var listingErrorShare: Double
    public var drift: DriftProfile
    /// Created/updated times are spread over the year before this moment.
    public var seededAt: Date

    public init(
        seed: UInt64, storeName: String, currency: CurrencyCode, firstID: Int64 = 1000,
        listingErrorShare: Double = 0, drift: DriftProfile = .none, seededAt: Date = Date()
    ) {
        self.seed = seed
        self.storeName = storeName
        self.currency = currency
        self.firstID = firstID
        self.listingErrorShare = listingErrorShare
        self.drift = drift
        self.seededAt = seededAt
    }

    public func makeState(catalog products: [Product], locations: [Location]) -> (ShopState, SeedManifest) {
        var random = SeededGenerator.derived(from: seed, purpose: "store:" + storeName)
        var state = ShopState(name: storeName, currency: currency, firstID: firstID)
        var manifest = SeedManifest()
        manifest.seed = seed
        manifest.locations = locations.map(\.code)
        state.locations = locations.map { SimLocation(id: state.makeID(), code: $0.code, name: $0.name) }
        let locationIDs = Dictionary(uniqueKeysWithValues: state.locations.map { ($0.code, $0.id) })
        let yearSeconds = 365.0 * 86_400

        for product in products {
            let created = seededAt.addingTimeInterval(-Double.random(in: 86_400...yearSeconds, using: &random).rounded())
            let updated = created.addingTimeInterval(
                Double.random(in: 0...(seededAt.timeIntervalSince(created) - 60), using: &random).rounded())
            let productID = state.makeID()
            var simProduct = SimProduct(
                id: productID, title: product.title, handle: product.handle, descriptionHTML: product.descriptionHTML,
                vendor: product.vendor, productType: product.productType, tags: product.tags, status: product.status,
                optionNames: product.optionNames, images: product.images, createdAt: created, updatedAt: updated
            )
            for (position, variant) in product.variants.enumerated() {
                var available: [Int64: Int] = [:]
                for level in variant.stock {
                    guard let id = locationIDs[level.location] else { continue }
                    available[id] = level.available
                }
                let price = Money(minorUnits: variant.price.minorUnits, currency: currency)
                simProduct.variants.append(
                    SimVariant(
                        id: state.makeID(), inventoryItemID: state.makeID(), sku: variant.sku.rawValue,
                        barcode: variant.barcode?.rawValue, title: variant.title, options: variant.options,
                        price: price, compareAtPrice: variant.compareAtPrice.map { Money(minorUnits: $0.minorUnits, currency: currency) },
                        weight: variant.weight, position: position + 1, tracksInventory: true, available: available,
                        allowsBackorder: variant.allowsBackorder, createdAt: created, updatedAt: updated
                    ))
            }
            // A product gets either a listing error or drift, never both, so each manifest entry
            // describes the listing exactly.
            if !simProduct.variants.isEmpty, random.chance(listingErrorShare) {
                plantListingError(in: &simProduct, state: state, random: &random, manifest: &manifest)
            } else {
                applyDrift(to: &simProduct, locations: state.locations, random: &random, manifest: &manifest)
            }
            state.upsert(simProduct)
        }
        manifest.products = state.productIDs.count
        manifest.variants = state.variantCount
        return (state, manifest)
    }

    private func applyDrift(
        to product: inout SimProduct, locations: [SimLocation], random: inout SeededGenerator, manifest: inout SeedManifest
    ) {
        guard !drift.isNone else { return }
        if random.chance(drift.titleShare), let sku = product.variants.first?.sku {
            let storeTitle = product.title + " - " + ["Sale", "NEW", "old stock", "Copy"].randomElement(using: &random)!
            manifest.drift.append(.init(sku: sku, field: "title", catalogValue: product.title, storeValue: storeTitle))
            product.title = storeTitle
        }
        for index in product.variants.indices {
            var variant = product.variants[index]
            if random.chance(drift.stockShare), let location = locations.randomElement(using: &random) {
                let before = variant.available[location.id] ?? 0
                var after = before + Int.random(in: -5...5, using: &random)
                if after == before || after < 0 { after = before + Int.random(in: 1...7, using: &random) }
                variant.available[location.id] = after
                manifest.drift.append(
                    .init(sku: variant.sku, field: "stock@" + location.code, catalogValue: String(before), storeValue: String(after)))
            }
            if random.chance(drift.priceShare) {
                let before = variant.price
                let after = Money(
                    minorUnits: max(100, before.minorUnits + Int64([-500, -100, 100, 200, 1000].randomElement(using: &random)!)),
                    currency: before.currency)
                variant.price = after
                manifest.drift.append(
                    .init(sku: variant.sku, field: "price", catalogValue: before.amountString, storeValue: after.amountString))
            }
            product.variants[index] = variant
        }
    }

    private func plantListingError(
        in product: inout SimProduct, state: ShopState, random: inout SeededGenerator, manifest: inout SeedManifest
    ) {
        let kind = ListingErrorKind.allCases.randomElement(using: &random)!
        let index = Int.random(in: 0..<product.variants.count, using: &random)
        var variant = product.variants[index]
        let catalogSKU = variant.sku
        var detail: String
        switch kind {
        case .missingImages:
            product.images = []
            detail = "product has no images"
        case .zeroPrice:
            variant.price = Money(minorUnits: 0, currency: variant.price.currency)
            detail = "price is 0.00"
        case .duplicateSKU:
            // Reuse the SKU of an earlier product's first variant; the first product has no earlier one.
            guard let other = state.productIDs.last.flatMap({ state.product(id: $0)?.variants.first?.sku }) else {
                variant.sku = ""
                product.variants[index] = variant
                manifest.listingErrors.append(
                    .init(
                        kind: .missingSKU, productID: product.id, variantID: variant.id, sku: "", catalogSKU: catalogSKU,
                        detail: "variant has no SKU"))
                return
            }
            variant.sku = other
            detail = "SKU \(other) is also used by another listing"
        case .invalidBarcode:
            let base = variant.barcode ?? CatalogGenerator.gtin13(prefix: 400_000_000_000 + variant.id)
            let last = base.last?.wholeNumberValue ?? 0
            variant.barcode = String(base.dropLast()) + String((last + 1) % 10)
            detail = "barcode \(variant.barcode!) fails its GS1 check digit"
        case .missingSKU:
            variant.sku = ""
            detail = "variant has no SKU"
        case .compareAtBelowPrice:
            variant.compareAtPrice = Money(minorUnits: max(0, variant.price.minorUnits - 100), currency: variant.price.currency)
            detail = "compare-at price \(variant.compareAtPrice!.amountString) is below the price \(variant.price.amountString)"
        }
        product.variants[index] = variant
        manifest.listingErrors.append(
            .init(
                kind: kind, productID: product.id, variantID: kind == .missingImages ? nil : variant.id,
                sku: variant.sku, catalogSKU: catalogSKU, detail: detail
            ))
    }
}
