import CatalogModel
import Foundation

/// A canonical catalog of any size, made directly as `Product`s.
///
/// `SimulatorCore.CatalogGenerator` makes realistic catalogs but formats every SKU, handle and
/// barcode through Foundation and shuffles option axes per product, which is too slow for the
/// millions of variants this benchmark needs (measure it with `concord-bench reconcile
/// --generator simulator`). This one keeps every SKU, barcode and most titles within Swift's
/// 15-byte small-string form (no allocation) and shares the option arrays and descriptions.
///
/// SKUs are `B<product, 7 digits>-<variant>`, so catalog order is SKU order: stores' base tables
/// can be filled in SKU order, as `BaseTable` wants them.
struct SyntheticCatalog: Sendable {
    static let locations = [
        Location(code: "main", name: "Main warehouse"),
        Location(code: "berlin", name: "Berlin store"),
    ]
    static let maxVariantsPerProduct = sizes.count

    var seed: UInt64
    var variantCount: Int
    var variantsPerProduct: Int

    init(seed: UInt64, variantCount: Int, variantsPerProduct: Int) {
        precondition((1...Self.maxVariantsPerProduct).contains(variantsPerProduct))
        precondition(variantCount <= 9_999_999 * variantsPerProduct, "product numbers have seven digits")
        self.seed = seed
        self.variantCount = max(0, variantCount)
        self.variantsPerProduct = variantsPerProduct
    }

    var productCount: Int { (variantCount + variantsPerProduct - 1) / variantsPerProduct }

    /// The products, the last one holding the remainder when N is not a multiple.
    func makeProducts() -> [Product] {
        var products: [Product] = []
        products.reserveCapacity(productCount)
        var entry = 0
        for index in 0..<productCount {
            let count = min(variantsPerProduct, variantCount - entry)
            products.append(makeProduct(index: index, firstEntry: entry, variants: count))
            entry += count
        }
        return products
    }

    private func makeProduct(index: Int, firstEntry: Int, variants count: Int) -> Product {
        var random = SplitMix(seed: seed, purpose: 1, item: index)
        let number = Self.padded(index + 1, width: 7)
        let kind = random.below(Self.nouns.count)
        let title = Self.adjectives[random.below(Self.adjectives.count)] + " " + Self.nouns[kind] + " " + String(index + 1)
        let basePrice = Int64(5 + random.below(246)) * 100 + Self.endings[random.below(Self.endings.count)]
        let onSale = random.chance(0.3)
        let grams = 40 + random.below(2460)
        let status: ListingStatus = random.chance(0.01) ? .draft : .active
        let weight = Weight(value: Decimal(grams), unit: .grams)

        var variants: [Variant] = []
        variants.reserveCapacity(count)
        for position in 0..<count {
            let entry = firstEntry + position
            let price = Money(minorUnits: basePrice + Int64(position) * 200, currency: .eur)
            let compareAt = onSale ? Money(minorUnits: price.minorUnits * 13 / 1000 * 100 + 99, currency: .eur) : nil
            let stock = Self.locations.map { location in
                StockLevel(location: location.code, onHand: random.chance(0.03) ? 0 : 1 + random.below(200))
            }
            variants.append(
                Variant(
                    sku: SKU("B" + number + "-" + String(position + 1))!,
                    barcode: Barcode(Self.gtin13(body: 200_000_000_000 + Int64(entry))),
                    title: Self.sizes[position],
                    options: Self.optionValues[position],
                    price: price,
                    compareAtPrice: compareAt,
                    cost: Money(minorUnits: price.minorUnits * 45 / 100, currency: .eur),
                    weight: weight,
                    stock: stock))
        }
        return Product(
            handle: "bench-" + number,
            title: title,
            descriptionHTML: Self.descriptions[kind],
            vendor: Self.vendors[kind % Self.vendors.count],
            productType: Self.nouns[kind],
            status: status,
            optionNames: Self.optionNames,
            images: ["https://cdn.example.com/bench/" + number + ".jpg"],
            variants: variants)
    }

    /// `value` in decimal, left-padded with zeros to `width` digits.
    static func padded(_ value: Int, width: Int) -> String {
        let digits = String(value)
        return digits.utf8.count >= width ? digits : String(repeating: "0", count: width - digits.utf8.count) + digits
    }

    /// A GTIN-13: the twelve digits of `body` and the GS1 check digit (weights 3, 1, 3, ... from
    /// the right of the body).
    static func gtin13(body: Int64) -> String {
        var sum: Int64 = 0
        var rest = body
        var weight: Int64 = 3
        for _ in 0..<12 {
            sum += (rest % 10) * weight
            rest /= 10
            weight = 4 - weight
        }
        return String(body) + String((10 - sum % 10) % 10)
    }

    static let sizes = ["XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL"]
    static let optionNames = ["Size"]
    static let optionValues = sizes.map { [$0] }
    static let endings: [Int64] = [0, 50, 95, 99]
    static let adjectives = ["Classic", "Alpine", "Coastal", "Urban", "Nordic", "Trail", "Studio", "Vintage"]
    static let nouns = ["Tee", "Hoodie", "Sneaker", "Mug", "Scarf", "Beanie"]
    static let vendors = ["Northwind", "Fjordline", "Oakmoss"]
    static let descriptions = nouns.map { "<p>A well-made \($0.lowercased()) from the benchmark catalog.</p>" }
}
