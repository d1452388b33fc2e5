import CatalogModel
import Foundation
import SimulatorCore
import Testing

@Suite("Simulator seeding: catalogs, drift, listing errors")
struct SeedingTests {
    @Test("the same seed makes the same catalog; another seed makes another")
    func deterministic() {
        let first = CatalogGenerator(seed: 42, productCount: 60).generate()
        let again = CatalogGenerator(seed: 42, productCount: 60).generate()
        let other = CatalogGenerator(seed: 43, productCount: 60).generate()
        #expect(first.products == again.products)
        #expect(first.locations == again.locations)
        #expect(first.products != other.products)
    }

    @Test("generated products look like a shop's: 1–12 variants, unique SKUs, valid GTINs, stock per location")
    func realistic() {
        let output = CatalogGenerator(seed: 9, productCount: 200).generate()
        #expect((2...3).contains(output.locations.count))
        let variants = output.products.flatMap(\.variants)
        #expect(output.products.allSatisfy { (1...12).contains($0.variants.count) })
        #expect(output.products.contains { $0.variants.count == 1 } && output.products.contains { $0.variants.count > 4 })
        #expect(Set(variants.map(\.sku)).count == variants.count)
        #expect(variants.allSatisfy { $0.barcode?.isValidGTIN == true })
        #expect(variants.allSatisfy { $0.stock.count == output.locations.count })
        #expect(variants.allSatisfy { $0.price.minorUnits > 0 })
        #expect(variants.allSatisfy { variant in variant.compareAtPrice.map { $0 > variant.price } ?? true })
        #expect(output.products.allSatisfy { !$0.images.isEmpty })
        #expect(output.products.allSatisfy { $0.optionNames.count == ($0.variants.first?.options.count ?? 0) })
    }

    @Test("every drift in the manifest is in the store, and nothing else differs from the catalog")
    func driftManifest() throws {
        let catalog = CatalogGenerator(seed: 5, productCount: 150).generate()
        let seeder = ShopSeeder(
            seed: 5, storeName: "drifty", currency: .eur, drift: DriftProfile(stockShare: 0.2, priceShare: 0.1, titleShare: 0.1))
        let (state, manifest) = seeder.makeState(catalog: catalog.products, locations: catalog.locations)
        #expect(manifest.drift.count > 20)
        #expect(Set(manifest.drift.map(\.field)).isSuperset(of: ["price", "title"]))

        let bySKU = Dictionary(
            uniqueKeysWithValues: catalog.products.flatMap { product in product.variants.map { ($0.sku.rawValue, (product, $0)) } })
        var expected: [String: String] = [:]
        for drift in manifest.drift { expected[drift.sku + "|" + drift.field] = drift.storeValue }
        for product in state.allProducts {
            for variant in product.variants {
                let (canonicalProduct, canonical) = try #require(bySKU[variant.sku])
                let title = expected[product.variants[0].sku + "|title"] ?? canonicalProduct.title
                #expect(product.title == title)
                #expect(variant.price.amountString == (expected[variant.sku + "|price"] ?? canonical.price.amountString))
                for location in state.locations {
                    let catalogStock = canonical.stock.first { $0.location == location.code }!.available
                    #expect(
                        String(variant.available[location.id] ?? -1)
                            == (expected[variant.sku + "|stock@" + location.code] ?? String(catalogStock)))
                }
            }
        }
    }

    @Test("planted listing errors are recorded and really in the store")
    func listingErrors() throws {
        let shop = SimulatedShop.seeded(platform: .woocommerce, seed: 11, products: 300, listingErrorShare: 0.15)
        let state = shop.snapshot
        let errors = shop.manifest.listingErrors
        #expect(errors.count > 20)
        #expect(Set(errors.map(\.kind)).count == ListingErrorKind.allCases.count)
        for error in errors {
            let product = try #require(state.product(id: error.productID))
            let variant = error.variantID.flatMap { id in product.variants.first { $0.id == id } }
            switch error.kind {
            case .missingImages: #expect(product.images.isEmpty)
            case .zeroPrice: #expect(variant?.price.isZero == true)
            case .missingSKU: #expect(variant?.sku == "")
            case .duplicateSKU: #expect(state.variants(sku: error.sku).count >= 2)
            case .invalidBarcode: #expect(variant?.barcode.flatMap(Barcode.init)?.isValidGTIN == false)
            case .compareAtBelowPrice: #expect(variant.map { $0.compareAtPrice! < $0.price } == true)
            }
        }
    }

    @Test("credentials follow from seed and store name, in each platform's native form")
    func credentials() {
        let one = SimCredentials(seed: 1, storeName: "a")
        #expect(one == SimCredentials(seed: 1, storeName: "a"))
        #expect(one != SimCredentials(seed: 1, storeName: "b"))
        #expect(one.shopifyAccessToken.hasPrefix("shpat_") && one.shopifyAccessToken.count == 38)
        #expect(one.wooConsumerKey.hasPrefix("ck_") && one.wooConsumerSecret.hasPrefix("cs_"))
        #expect(one.magentoToken.count == 32)
    }

    @Test("the shop state survives a JSON round trip with its indexes rebuilt")
    func stateCodable() throws {
        let state = SimulatedShop.seeded(platform: .magento, seed: 3, products: 20).snapshot
        let data = try JSONEncoder().encode(state)
        let decoded = try JSONDecoder().decode(ShopState.self, from: data)
        #expect(decoded.allProducts == state.allProducts)
        let variant = try #require(state.allProducts.first?.variants.first)
        #expect(decoded.variants(sku: variant.sku).first?.variant == variant)
        #expect(decoded.variant(inventoryItemID: variant.inventoryItemID)?.variant.id == variant.id)
        #expect(decoded.nextID == state.nextID)
    }
}
