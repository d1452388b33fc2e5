import CatalogFormats
import CatalogModel
import Foundation

/// The demo shop's catalog, "Fern & Fold" (apparel and homeware), built deterministically.
///
/// `Fixtures/catalog/sample.jsonl` is this document exported as JSON Lines; `SampleCatalogTests`
/// checks that the committed file still matches and rewrites it when run with
/// `RECORD_SNAPSHOTS=1`. Every number here is derived from counters, never from a random source,
/// so the file is byte-for-byte reproducible.
enum SampleCatalog {
    static let cdn = "https://cdn.fernandfold.example/products/"

    static let locations = [
        Location(code: "main", name: "Main warehouse (Leipzig)"),
        Location(code: "berlin", name: "Berlin shop"),
    ]

    private struct Spec {
        var handle: String
        var code: String
        var title: String
        var type: String
        var vendor: String
        var tags: [String]
        var basePrice: String
        /// Added to the price per step of the last option (bigger sizes cost more).
        var step: String = "0"
        /// Percent above the price for the compare-at price, when on sale.
        var salePercent: Int? = nil
        var weight: (value: String, unit: Weight.Unit)?
        var options: [(name: String, values: [String])] = []
        var status: ListingStatus = .active
        var description: String
        var allowsBackorder = false
        var requiresShipping = true
        var isApparel: Bool
        var tracksStock = true
    }

    private static let specs: [Spec] = [
        // Apparel
        Spec(
            handle: "organic-cotton-tee", code: "TEE", title: "Organic Cotton Tee", type: "T-Shirts",
            vendor: "Fern & Fold",
            tags: ["organic", "essentials"], basePrice: "29.00", weight: ("180", .grams),
            options: [("Colour", ["Ecru", "Black", "Sage", "Navy"]), ("Size", ["S", "M", "L", "XL"])],
            description: "<p>Garment-dyed, 180 g/m² organic cotton.</p>\n<p>Machine wash at 30 °C.</p>", isApparel: true
        ),
        Spec(
            handle: "linen-shirt", code: "LSH", title: "Linen Shirt", type: "Shirts", vendor: "Fern & Fold",
            tags: ["linen", "summer"], basePrice: "69.00", weight: ("230", .grams),
            options: [("Colour", ["White", "Sand"]), ("Size", ["S", "M", "L"])],
            description: "<p>Airy, stonewashed linen with a \"grandad\" collar.</p>", isApparel: true),
        Spec(
            handle: "merino-crew-jumper", code: "MER", title: "Merino Crew Jumper", type: "Knitwear",
            vendor: "Fern & Fold", tags: ["merino", "winter"], basePrice: "119.00", salePercent: 25,
            weight: ("0.32", .kilograms), options: [("Colour", ["Oat", "Navy", "Moss"]), ("Size", ["S", "M", "L"])],
            description: "<p>Extra-fine merino, knitted in Portugal.</p>", isApparel: true),
        Spec(
            handle: "relaxed-chinos", code: "CHN", title: "Relaxed Chinos", type: "Trousers", vendor: "Fern & Fold",
            tags: ["cotton"], basePrice: "89.00", weight: ("540", .grams),
            options: [("Waist", ["28", "30", "32", "34", "36"])],
            description: "<p>Brushed cotton twill, relaxed through the thigh, tapered leg.</p>", isApparel: true),
        Spec(
            handle: "heavyweight-hoodie", code: "HOO", title: "Heavyweight Hoodie", type: "Hoodies",
            vendor: "Fern & Fold",
            tags: ["organic", "winter"], basePrice: "79.00", weight: ("0.62", .kilograms),
            options: [("Colour", ["Charcoal", "Forest", "Rust"]), ("Size", ["S", "M", "L", "XL"])],
            description: "<p>Brushed-back organic fleece, 400 g/m².</p>\n<p>Wash inside out.</p>", isApparel: true),
        Spec(
            handle: "waxed-field-jacket", code: "WFJ", title: "Waxed Field Jacket", type: "Outerwear",
            vendor: "Fern & Fold", tags: ["outerwear", "sale"], basePrice: "189.00", salePercent: 30,
            weight: ("1.4", .kilograms), options: [("Size", ["S", "M", "L"])],
            description: "<p>Waxed cotton, corduroy collar, four pockets.</p>", isApparel: true),
        Spec(
            handle: "ribbed-beanie", code: "BEA", title: "Ribbed Beanie", type: "Accessories", vendor: "Fern & Fold",
            tags: ["wool", "winter"], basePrice: "25.00", weight: ("90", .grams),
            options: [("Colour", ["Rust", "Grey", "Black", "Mustard"])],
            description: "<p>Chunky rib, lambswool blend.</p>", isApparel: true),
        Spec(
            handle: "wool-scarf", code: "SCF", title: "Wool Scarf", type: "Accessories", vendor: "Hollow Oak Textiles",
            tags: ["wool", "winter"], basePrice: "49.00", weight: ("210", .grams),
            options: [("Colour", ["Camel", "Grey"])], description: "<p>Woven on a 1950s loom.</p>", isApparel: true),
        Spec(
            handle: "everyday-socks-3-pack", code: "SOC", title: "Everyday Socks (3 pack)", type: "Socks",
            vendor: "Fern & Fold", tags: ["essentials"], basePrice: "19.00", weight: ("120", .grams),
            options: [("Size", ["36-40", "41-46", "47-50"])], description: "<p>Combed cotton, reinforced heel.</p>",
            isApparel: true),
        Spec(
            handle: "canvas-cap", code: "CAP", title: "Canvas Cap", type: "Accessories", vendor: "Fern & Fold",
            tags: ["canvas"], basePrice: "29.00", weight: ("85", .grams), options: [("Colour", ["Olive", "Stone"])],
            description: "<p>Six-panel cap with a brass buckle.</p>", isApparel: true),
        Spec(
            handle: "linen-trousers", code: "LTR", title: "Linen Trousers", type: "Trousers", vendor: "Fern & Fold",
            tags: ["linen", "summer"], basePrice: "79.00", weight: ("380", .grams),
            options: [("Size", ["S", "M", "L"])],
            description: "<p>Drawstring waist, wide leg.</p>", isApparel: true),
        Spec(
            handle: "striped-breton-top", code: "BRT", title: "Striped Breton Top", type: "T-Shirts",
            vendor: "Fern & Fold", tags: ["cotton", "summer"], basePrice: "45.00", weight: ("260", .grams),
            options: [("Size", ["XS", "S", "M", "L"])], description: "<p>Heavy jersey, boat neck.</p>", isApparel: true),
        Spec(
            handle: "denim-overshirt", code: "DOV", title: "Denim Overshirt", type: "Shirts", vendor: "Fern & Fold",
            tags: ["denim"], basePrice: "99.00", weight: ("640", .grams), options: [("Size", ["S", "M", "L", "XL"])],
            description: "<p>12 oz selvedge denim, snap buttons.</p>", isApparel: true),
        Spec(
            handle: "cotton-pyjama-set", code: "PYJ", title: "Cotton Pyjama Set", type: "Nightwear",
            vendor: "Hollow Oak Textiles", tags: ["cotton", "gift"], basePrice: "85.00", weight: ("450", .grams),
            options: [("Size", ["S", "M", "L"])], status: .draft, description: "<p>Poplin with piped edges.</p>",
            isApparel: true),
        Spec(
            handle: "leather-belt", code: "BLT", title: "Leather Belt", type: "Accessories", vendor: "Fern & Fold",
            tags: ["leather"], basePrice: "55.00", weight: ("160", .grams),
            options: [("Length", ["85 cm", "95 cm", "105 cm"])], description: "<p>Veg-tanned leather, solid brass.</p>",
            isApparel: true),
        Spec(
            handle: "canvas-tote", code: "TOT", title: "Canvas Tote", type: "Bags", vendor: "Fern & Fold",
            tags: ["canvas", "gift"], basePrice: "24.00", weight: ("300", .grams),
            description: "<p>Heavy 12 oz canvas, inside pocket.</p>", isApparel: true),
        Spec(
            handle: "silk-scrunchie-set", code: "SCR", title: "Silk Scrunchie Set", type: "Accessories",
            vendor: "Fern & Fold", tags: ["silk", "gift"], basePrice: "22.00", weight: ("40", .grams), status: .draft,
            description: "<p>Three mulberry silk scrunchies.</p>", isApparel: true),
        Spec(
            handle: "knitted-gloves", code: "GLV", title: "Knitted Gloves", type: "Accessories", vendor: "Fern & Fold",
            tags: ["wool", "winter"], basePrice: "35.00", weight: ("70", .grams), options: [("Size", ["S/M", "L/XL"])],
            description: "<p>Touchscreen-friendly fingertips.</p>", isApparel: true),
        Spec(
            handle: "rain-poncho", code: "PON", title: "Rain Poncho", type: "Outerwear", vendor: "Fern & Fold",
            tags: ["outerwear"], basePrice: "65.00", weight: ("380", .grams), options: [("Size", ["One size"])],
            description: "<p>Packs into its own pocket.</p>", isApparel: true),
        Spec(
            handle: "gift-card", code: "GFT", title: "Gift Card", type: "Gift cards", vendor: "Fern & Fold",
            tags: ["gift"], basePrice: "25.00", options: [("Amount", ["€25", "€50", "€100"])],
            description: "<p>Sent by email, valid for three years.</p>", requiresShipping: false, isApparel: false,
            tracksStock: false),
        // Homeware
        Spec(
            handle: "stoneware-mug", code: "MUG", title: "Stoneware Mug", type: "Tableware",
            vendor: "Nordlicht Ceramics",
            tags: ["ceramics", "kitchen"], basePrice: "18.00", weight: ("0.38", .kilograms),
            options: [("Colour", ["Speckled White", "Moss", "Slate", "Clay"])],
            description: "<p>Thrown by hand; every glaze runs a little differently.</p>", isApparel: false),
        Spec(
            handle: "stoneware-bowl", code: "BWL", title: "Stoneware Bowl", type: "Tableware",
            vendor: "Nordlicht Ceramics", tags: ["ceramics", "kitchen"], basePrice: "22.00", step: "6.00",
            weight: ("0.45", .kilograms), options: [("Colour", ["White", "Moss"]), ("Size", ["Small", "Large"])],
            description: "<p>Dishwasher and oven safe.</p>", isApparel: false),
        Spec(
            handle: "dinner-plate-set", code: "PLT", title: "Dinner Plates (Set of 4)", type: "Tableware",
            vendor: "Nordlicht Ceramics", tags: ["ceramics", "kitchen"], basePrice: "96.00",
            weight: ("3.2", .kilograms),
            options: [("Colour", ["White", "Slate"])], description: "<p>27 cm, matte glaze.</p>", isApparel: false),
        Spec(
            handle: "linen-napkins", code: "NAP", title: "Linen Napkins (Set of 4)", type: "Table linen",
            vendor: "Hollow Oak Textiles", tags: ["linen", "table"], basePrice: "32.00", weight: ("240", .grams),
            options: [("Colour", ["Natural", "Sage", "Terracotta", "Charcoal"])],
            description: "<p>Stonewashed, 45 × 45 cm.</p>", isApparel: false),
        Spec(
            handle: "linen-tablecloth", code: "TCL", title: "Linen Tablecloth", type: "Table linen",
            vendor: "Hollow Oak Textiles", tags: ["linen", "table"], basePrice: "79.00", step: "20.00",
            weight: ("0.9", .kilograms), options: [("Size", ["140 × 200", "140 × 250", "160 × 300"])],
            description: "<p>Heavyweight linen, mitred corners.</p>", isApparel: false),
        Spec(
            handle: "waffle-bath-towel", code: "TWL", title: "Waffle Towel", type: "Bath",
            vendor: "Hollow Oak Textiles",
            tags: ["bath", "cotton"], basePrice: "19.00", step: "20.00", weight: ("0.5", .kilograms),
            options: [("Colour", ["White", "Sand", "Sage"]), ("Size", ["Hand", "Bath"])],
            description: "<p>Turkish cotton waffle; dries fast.</p>", isApparel: false),
        Spec(
            handle: "chunky-throw", code: "THR", title: "Chunky Throw", type: "Blankets", vendor: "Hollow Oak Textiles",
            tags: ["wool", "winter"], basePrice: "149.00", salePercent: 20, weight: ("1.8", .kilograms),
            options: [("Colour", ["Oat", "Rust"])], description: "<p>Recycled wool, 130 × 180 cm.</p>",
            isApparel: false),
        Spec(
            handle: "cushion-cover", code: "CUS", title: "Cushion Cover", type: "Cushions",
            vendor: "Hollow Oak Textiles",
            tags: ["linen", "living"], basePrice: "35.00", step: "5.00", weight: ("180", .grams),
            options: [("Colour", ["Natural", "Rust", "Navy"]), ("Size", ["45 × 45", "50 × 50"])],
            description: "<p>Hidden zip; insert sold separately.</p>", isApparel: false),
        Spec(
            handle: "tea-towel-set", code: "TEA", title: "Tea Towels (Set of 2)", type: "Kitchen",
            vendor: "Hollow Oak Textiles", tags: ["kitchen", "cotton"], basePrice: "24.00", weight: ("200", .grams),
            options: [("Pattern", ["Stripe", "Check"])], description: "<p>Half-linen, hanging loop.</p>",
            isApparel: false),
        Spec(
            handle: "soy-candle", code: "CND", title: "Soy Candle", type: "Candles", vendor: "Saltmarsh Candle Co.",
            tags: ["candle", "gift"], basePrice: "24.90", weight: ("410", .grams),
            options: [("Scent", ["Fig", "Cedar", "Sea Salt", "Lavender"])],
            description: "<p>Hand-poured soy wax; about 40 hours.</p>", isApparel: false),
        Spec(
            handle: "reed-diffuser", code: "DIF", title: "Reed Diffuser", type: "Candles",
            vendor: "Saltmarsh Candle Co.",
            tags: ["gift"], basePrice: "32.00", weight: ("350", .grams), options: [("Scent", ["Fig", "Cedar"])],
            description: "<p>100 ml, lasts about three months.</p>", isApparel: false),
        Spec(
            handle: "glass-carafe", code: "CRF", title: "Glass Carafe", type: "Kitchen", vendor: "Nordlicht Ceramics",
            tags: ["kitchen", "glass"], basePrice: "28.00", weight: ("0.6", .kilograms),
            description: "<p>Mouth-blown, 1 litre.</p>", isApparel: false),
        Spec(
            handle: "tumbler-set", code: "TUM", title: "Tumblers (Set of 4)", type: "Kitchen",
            vendor: "Nordlicht Ceramics",
            tags: ["kitchen", "glass"], basePrice: "34.00", weight: ("0.8", .kilograms),
            description: "<p>Recycled glass, 250 ml.</p>", isApparel: false),
        Spec(
            handle: "oak-serving-board", code: "OAK", title: "Oak Serving Board", type: "Kitchen",
            vendor: "Fern & Fold",
            tags: ["kitchen", "wood"], basePrice: "45.00", step: "20.00", weight: ("1.1", .kilograms),
            options: [("Size", ["Small", "Large"])], description: "<p>FSC oak, oiled.</p>", isApparel: false),
        Spec(
            handle: "seagrass-basket", code: "BSK", title: "Seagrass Basket", type: "Storage", vendor: "Fern & Fold",
            tags: ["storage"], basePrice: "29.00", step: "10.00", weight: ("0.7", .kilograms),
            options: [("Size", ["S", "M", "L"])], description: "<p>Hand-woven, with handles.</p>", isApparel: false),
        Spec(
            handle: "terracotta-planter", code: "PLN", title: "Terracotta Planter", type: "Garden",
            vendor: "Fern & Fold",
            tags: ["garden"], basePrice: "15.00", step: "8.00", weight: ("1.2", .kilograms),
            options: [("Diameter", ["12 cm", "18 cm", "24 cm"])], description: "<p>Frost-proof, with a saucer.</p>",
            isApparel: false),
        Spec(
            handle: "cotton-bathrobe", code: "ROB", title: "Cotton Bathrobe", type: "Bath",
            vendor: "Hollow Oak Textiles",
            tags: ["bath", "cotton", "gift"], basePrice: "95.00", weight: ("1.3", .kilograms),
            options: [("Size", ["S/M", "L/XL"])], description: "<p>Terry inside, waffle outside.</p>",
            allowsBackorder: true, isApparel: false),
        Spec(
            handle: "linen-apron", code: "APR", title: "Linen Apron", type: "Kitchen", vendor: "Hollow Oak Textiles",
            tags: ["linen", "kitchen"], basePrice: "39.00", weight: ("250", .grams),
            options: [("Colour", ["Natural", "Charcoal"])], description: "<p>Cross-back straps, two pockets.</p>",
            isApparel: false),
        Spec(
            handle: "cork-coasters", code: "CRK", title: "Cork Coasters (Set of 6)", type: "Kitchen",
            vendor: "Fern & Fold",
            tags: ["kitchen"], basePrice: "14.00", weight: ("120", .grams), status: .archived,
            description: "<p>Natural cork, 10 cm.</p>", isApparel: false),
        Spec(
            handle: "coir-doormat", code: "MAT", title: "Coir Doormat", type: "Living", vendor: "Fern & Fold",
            tags: ["living"], basePrice: "34.00", weight: ("2.1", .kilograms),
            description: "<p>Coconut fibre, 45 × 75 cm.</p>",
            isApparel: false),
        Spec(
            handle: "ceramic-vase", code: "VAS", title: "Ceramic Vase", type: "Living", vendor: "Nordlicht Ceramics",
            tags: ["ceramics", "living"], basePrice: "42.00", weight: ("0.9", .kilograms),
            options: [("Colour", ["Chalk", "Moss"])], description: "<p>Watertight glaze inside.</p>", isApparel: false),
        Spec(
            handle: "linen-duvet-cover", code: "DUV", title: "Linen Duvet Cover", type: "Bedding",
            vendor: "Hollow Oak Textiles", tags: ["linen", "bedroom"], basePrice: "149.00", step: "30.00",
            weight: ("1.5", .kilograms),
            options: [("Colour", ["White", "Stone"]), ("Size", ["Single", "Double", "King"])],
            description: "<p>Stonewashed linen, button closure.</p>", allowsBackorder: true, isApparel: false),
    ]

    /// The catalog: 42 products, 150 variants, prices in EUR, stock at two locations.
    static func make() -> CatalogDocument {
        var products: [Product] = []
        var serial = 0
        for spec in specs {
            let combinations = spec.options.reduce([[String]]([[]])) { partial, option in
                partial.flatMap { prefix in option.values.map { prefix + [$0] } }
            }
            let basePrice = try! Money.parse(spec.basePrice, currency: .eur)
            let step = try! Money.parse(spec.step, currency: .eur)
            var product = Product(
                handle: spec.handle,
                title: spec.title,
                descriptionHTML: spec.description,
                vendor: spec.vendor,
                productType: spec.type,
                tags: spec.tags,
                status: spec.status,
                optionNames: spec.options.map(\.name),
                images: ["\(cdn)\(spec.handle)-1.jpg", "\(cdn)\(spec.handle)-2.jpg"]
            )
            for values in combinations {
                serial += 1
                let lastIndex = spec.options.last.map { option in option.values.firstIndex(of: values.last!)! } ?? 0
                var price = Money(minorUnits: basePrice.minorUnits + Int64(lastIndex) * step.minorUnits, currency: .eur)
                if spec.code == "GFT" {
                    price = try! Money.parse(String(values[0].dropFirst()), currency: .eur)
                }
                let compareAtPrice = spec.salePercent.map { percent in
                    Money(minorUnits: (price.minorUnits * Int64(100 + percent) / 100) / 100 * 100, currency: .eur)
                }
                let cost =
                    spec.code == "GFT" ? nil : Money(minorUnits: price.minorUnits * 2 / 5 / 5 * 5, currency: .eur)
                let colour = spec.options.firstIndex { $0.name == "Colour" }.map { values[$0] }

                var stock: [StockLevel] = []
                if spec.tracksStock {
                    let onHand = (serial * 37) % 41
                    let committed = serial % 3 == 0 ? min(2, onHand) : 0
                    stock.append(StockLevel(location: "main", onHand: onHand, committed: committed))
                    if spec.isApparel { stock.append(StockLevel(location: "berlin", onHand: (serial * 13) % 9)) }
                }

                product.variants.append(
                    Variant(
                        sku: SKU(([("FF-" + spec.code)] + values.map(abbreviation)).joined(separator: "-"))!,
                        barcode: serial % 9 == 0 || spec.code == "GFT" ? nil : barcode(serial: serial),
                        title: values.joined(separator: " / "),
                        options: values,
                        price: price,
                        compareAtPrice: compareAtPrice,
                        cost: cost,
                        weight: spec.weight.map { Weight(value: Decimal(string: $0.value)!, unit: $0.unit) },
                        // One discontinued colour, still listed as a draft.
                        status: spec.code == "MUG" && values == ["Slate"] ? .draft : spec.status,
                        images: colour.map { ["\(cdn)\(spec.handle)-\(slug($0)).jpg"] } ?? [],
                        allowsBackorder: spec.allowsBackorder,
                        requiresShipping: spec.requiresShipping,
                        stock: stock
                    ))
            }
            products.append(product)
        }
        return CatalogDocument(products: products, locations: locations)
    }

    /// `Speckled White` → `SPE`, `XL` → `XL`, `36-40` → `3640`, `€50` → `50`.
    private static func abbreviation(_ value: String) -> String {
        let letters = value.uppercased().filter { $0.isASCII && ($0.isLetter || $0.isNumber) }
        return letters.count > 4 && letters.first!.isLetter ? String(letters.prefix(3)) : letters
    }

    private static func slug(_ value: String) -> String {
        value.lowercased().split { !$0.isLetter && !$0.isNumber }.joined(separator: "-")
    }

    /// An EAN-13 in GS1's restricted-circulation range (prefix 2), so it can never clash with a
    /// real product's barcode.
    private static func barcode(serial: Int) -> Barcode {
        let body = "2" + String(4_000_000_000 + serial * 7_919).leftPadded(to: 11)
        let digits = body.compactMap(\.wholeNumberValue)
        return Barcode(body + String(Barcode.gs1CheckDigit(digits)))!
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        String(repeating: "0", count: max(0, length - count)) + self
    }
}
