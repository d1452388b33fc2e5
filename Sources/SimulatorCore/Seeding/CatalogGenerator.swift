import CatalogModel
import Foundation

/// Makes a realistic canonical catalog from a seed: named products with 1–12 variants over real
/// option axes, prices that end the way shop prices do, compare-at prices, GTIN-13 barcodes with
/// valid check digits, images, weights and stock in two or three locations.
///
/// The same seed and count give the same catalog, byte for byte, on every machine: the simulator
/// seeds stores from it and `concord demo` imports it as the canonical side.
public struct CatalogGenerator: Sendable {
    public var seed: UInt64
    public var productCount: Int
    public var currency: CurrencyCode

    public init(seed: UInt64, productCount: Int, currency: CurrencyCode = .eur) {
        self.seed = seed
        self.productCount = productCount
        self.currency = currency
    }

    public struct Output: Sendable {
        public var products: [Product]
        public var locations: [Location]
    }

    public func generate() -> Output {
        var random = SeededGenerator.derived(from: seed, purpose: "catalog")
        let locations = Array(Self.locationPool.prefix(random.chance(0.5) ? 3 : 2))
        var products: [Product] = []
        products.reserveCapacity(productCount)
        for index in 0..<productCount {
            products.append(makeProduct(index: index, locations: locations, random: &random))
        }
        return Output(products: products, locations: locations)
    }

    private func makeProduct(index: Int, locations: [Location], random: inout SeededGenerator) -> Product {
        let kind = Self.kinds.randomElement(using: &random)!
        let adjective = Self.adjectives.randomElement(using: &random)!
        let material = kind.materials.randomElement(using: &random)!
        let title = "\(adjective) \(material) \(kind.noun)"
        let handle = "\(title.lowercased().replacingOccurrences(of: " ", with: "-"))-\(index + 1)"
        let brand = Self.brands.randomElement(using: &random)!

        // Option axes: a product has none (simple), one, or two, never more than 12 combinations.
        var axes: [(name: String, values: [String])] = []
        let shape = Int.random(in: 0..<10, using: &random)
        if shape >= 3 {
            axes.append(
                (
                    kind.primaryOption,
                    Array(
                        kind.primaryValues.shuffled(using: &random).prefix(
                            Int.random(in: 2...min(6, kind.primaryValues.count), using: &random)))
                ))
        }
        if shape >= 7 {
            let colours = Array(Self.colours.shuffled(using: &random).prefix(Int.random(in: 2...3, using: &random)))
            axes.append(("Color", colours))
        }
        var combinations: [[String]] = [[]]
        for axis in axes {
            combinations = combinations.flatMap { prefix in axis.values.map { prefix + [$0] } }
        }
        combinations = Array(combinations.prefix(12))

        let basePrice = Int64.random(in: 5...250, using: &random) * 100 + [0, 50, 95, 99].randomElement(using: &random)!
        let onSale = random.chance(0.3)
        let grams = Decimal(Int.random(in: 40...2500, using: &random))
        let productCode = String(format: "%@-%05d", kind.code, index + 1)
        let variants = combinations.enumerated().map { position, values -> Variant in
            let suffix = values.map(Self.skuPart).joined(separator: "-")
            let sku = SKU(suffix.isEmpty ? productCode : productCode + "-" + suffix)!
            let price = Money(
                minorUnits: basePrice + (values.first.map { _ in Int64(position / max(1, axes.last?.values.count ?? 1)) * 200 } ?? 0),
                currency: currency)
            let compareAt =
                onSale
                ? Money(
                    minorUnits: (price.minorUnits * Int64.random(in: 120...150, using: &random) / 100 / 100) * 100 + 99, currency: currency)
                : nil
            let stock = locations.map { location in
                StockLevel(location: location.code, onHand: random.chance(0.1) ? 0 : Int.random(in: 1...200, using: &random))
            }
            return Variant(
                sku: sku,
                barcode: Barcode(Self.gtin13(prefix: 400_000_000_000 + Int64(index) * 16 + Int64(position))),
                title: values.isEmpty ? "Default Title" : values.joined(separator: " / "),
                options: values,
                price: price,
                compareAtPrice: compareAt,
                weight: Weight(value: grams, unit: .grams),
                stock: stock
            )
        }
        return Product(
            handle: handle,
            title: title,
            descriptionHTML: "<p>\(adjective) \(kind.noun.lowercased()) in \(material.lowercased()), by \(brand).</p>",
            vendor: brand,
            productType: kind.noun,
            tags: [kind.noun.lowercased(), material.lowercased()],
            status: random.chance(0.05) ? .draft : .active,
            optionNames: axes.map(\.name),
            images: (1...Int.random(in: 1...3, using: &random)).map { "https://cdn.example.com/products/\(handle)-\($0).jpg" },
            variants: variants
        )
    }

    /// An option value as a SKU segment: `M`, `XL`, `42`, `160` (from "160 cm"), `NAV` (from "Navy").
    /// Unique within each option axis the generator uses.
    static func skuPart(_ value: String) -> String {
        let compact = String(value.uppercased().filter { $0.isLetter || $0.isNumber })
        return compact.count > 4 ? String(compact.prefix(3)) : compact
    }

    /// A GTIN-13 whose first twelve digits are `prefix` (12 digits) and whose last is the GS1 check digit.
    public static func gtin13(prefix: Int64) -> String {
        let body = String(format: "%012lld", prefix % 1_000_000_000_000)
        let digits = body.compactMap(\.wholeNumberValue)
        return body + String(Barcode.gs1CheckDigit(digits))
    }

    static let locationPool = [
        Location(code: "main", name: "Main warehouse"),
        Location(code: "berlin", name: "Berlin store"),
        Location(code: "lyon", name: "Lyon depot"),
    ]

    struct Kind {
        var noun: String
        var code: String
        var materials: [String]
        var primaryOption: String
        var primaryValues: [String]
    }

    static let kinds = [
        Kind(
            noun: "T-Shirt", code: "TSH", materials: ["Cotton", "Linen", "Merino", "Bamboo"], primaryOption: "Size",
            primaryValues: ["XS", "S", "M", "L", "XL", "XXL"]),
        Kind(
            noun: "Hoodie", code: "HOD", materials: ["Fleece", "Cotton", "Recycled"], primaryOption: "Size",
            primaryValues: ["S", "M", "L", "XL"]),
        Kind(
            noun: "Sneaker", code: "SNK", materials: ["Canvas", "Leather", "Suede", "Mesh"], primaryOption: "Size",
            primaryValues: ["38", "39", "40", "41", "42", "43", "44", "45"]),
        Kind(
            noun: "Backpack", code: "BPK", materials: ["Nylon", "Canvas", "Leather"], primaryOption: "Capacity",
            primaryValues: ["15 L", "20 L", "28 L"]),
        Kind(
            noun: "Mug", code: "MUG", materials: ["Ceramic", "Enamel", "Stoneware"], primaryOption: "Size",
            primaryValues: ["250 ml", "350 ml", "500 ml"]),
        Kind(
            noun: "Candle", code: "CND", materials: ["Soy", "Beeswax"], primaryOption: "Scent",
            primaryValues: ["Cedar", "Fig", "Sea Salt", "Amber", "Vanilla"]),
        Kind(
            noun: "Scarf", code: "SCF", materials: ["Wool", "Cashmere", "Silk"], primaryOption: "Length",
            primaryValues: ["160 cm", "180 cm", "200 cm"]),
        Kind(
            noun: "Water Bottle", code: "BTL", materials: ["Steel", "Glass", "Tritan"], primaryOption: "Size",
            primaryValues: ["500 ml", "750 ml", "1 L"]),
        Kind(
            noun: "Notebook", code: "NTB", materials: ["Recycled Paper", "Leather", "Linen"], primaryOption: "Ruling",
            primaryValues: ["Plain", "Lined", "Dotted", "Grid"]),
        Kind(
            noun: "Beanie", code: "BNE", materials: ["Wool", "Acrylic", "Merino"], primaryOption: "Size",
            primaryValues: ["One Size", "Kids"]),
    ]

    static let adjectives = [
        "Classic", "Everyday", "Alpine", "Coastal", "Urban", "Vintage", "Essential", "Nordic", "Trail", "Studio", "Heritage",
        "Featherweight",
    ]
    static let colours = ["Black", "White", "Navy", "Olive", "Sand", "Rust", "Grey", "Forest"]
    static let brands = ["Northwind", "Kestrel & Co", "Fjordline", "Atelier Sud", "Harbor Goods", "Oakmoss"]
}
