import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Turns the simulated store's products, variants and orders into WooCommerce REST v3 bodies with
/// the keys, key order and value types of the reference examples (`shared/fixtures/woocommerce`).
///
/// How the store's model maps onto WooCommerce:
/// - A product with no options and one variant is `simple`: the variant's SKU, prices, stock and
///   weight are the product's. Any other product is `variable`; its variants are variations and
///   the product itself has no SKU and no stock of its own.
/// - **Stock.** WooCommerce keeps one number per product or variation: `stock_quantity` is the
///   variant's `available` summed over every location (see `StockWriter` for writes).
/// - **Sale prices.** The variant's `price` is what a shopper pays and `compareAtPrice` the price
///   before a reduction. When `compareAtPrice` is above `price` the listing is on sale:
///   `regular_price` = compareAtPrice, `sale_price` = price. Otherwise `regular_price` = price and
///   `sale_price` is "" (a compare-at price at or below the price has no WooCommerce form and is not shown).
///   `price` is always the variant's price.
/// - **Status.** active → `publish`, draft → `draft`, archived → `private` (WooCommerce has no
///   archive; a private product is hidden from shoppers as an archived one is).
/// - **Barcode** → `global_unique_id` (WooCommerce 9.2 and later; newer than the reference examples).
/// - `date_modified` of a product is the latest of its own and its variants' change times, as a
///   variation save touches its parent in WooCommerce.
struct WooRenderer: Sendable {
    /// `http://127.0.0.1:PORT`, for permalinks and `_links`.
    var origin: String
    var dates: WooDate
    var weightUnit: Weight.Unit

    var apiBase: String { origin + WooRoute.prefix }

    // MARK: Products

    func product(_ product: SimProduct, statusOverride: String? = nil) -> JSONValue {
        let simple = product.isSimple
        let variant = simple ? product.variants.first : nil
        let modified = Self.modified(product)
        var object = JSONObject()
        object["id"] = .int(product.id)
        object["name"] = .string(product.title)
        object["slug"] = .string(product.handle)
        object["permalink"] = .string(permalink(product))
        object["date_created"] = .string(dates.local(product.createdAt))
        object["date_created_gmt"] = .string(dates.gmt(product.createdAt))
        object["date_modified"] = .string(dates.local(modified))
        object["date_modified_gmt"] = .string(dates.gmt(modified))
        object["type"] = .string(simple ? "simple" : "variable")
        object["status"] = .string(statusOverride ?? Self.status(product.status))
        object["featured"] = false
        object["catalog_visibility"] = "visible"
        object["description"] = .string(product.descriptionHTML)
        object["short_description"] = ""
        object["sku"] = .string(variant?.sku ?? "")
        object["global_unique_id"] = .string(variant?.barcode ?? "")
        let prices = variant.map(Self.prices)
        let lowest = product.variants.map(\.price).min()
        object["price"] = .string(prices?.price ?? lowest?.amountString ?? "")
        object["regular_price"] = .string(prices?.regular ?? "")
        object["sale_price"] = .string(prices?.sale ?? "")
        object["date_on_sale_from"] = .null
        object["date_on_sale_from_gmt"] = .null
        object["date_on_sale_to"] = .null
        object["date_on_sale_to_gmt"] = .null
        object["price_html"] = .string(
            (prices?.price ?? lowest?.amountString).map { priceHTML($0, currency: product.variants.first?.price.currency) } ?? "")
        object["on_sale"] = .bool(prices?.onSale ?? product.variants.contains { Self.prices($0).onSale })
        object["purchasable"] = .bool(simple ? variant != nil : !product.variants.isEmpty)
        object["total_sales"] = 0
        object["virtual"] = false
        object["downloadable"] = false
        object["downloads"] = []
        object["download_limit"] = -1
        object["download_expiry"] = -1
        object["external_url"] = ""
        object["button_text"] = ""
        object["tax_status"] = "taxable"
        object["tax_class"] = ""
        let stock = variant.map(Self.stock) ?? Self.parentStock(product)
        object["manage_stock"] = .bool(stock.manage)
        object["stock_quantity"] = stock.quantity.map { .int($0) } ?? .null
        object["stock_status"] = .string(stock.status)
        object["backorders"] = .string(stock.backorders)
        object["backorders_allowed"] = .bool(stock.backorders != "no")
        object["backordered"] = .bool(stock.status == "onbackorder")
        object["sold_individually"] = false
        object["weight"] = .string(variant.flatMap { weight($0.weight) } ?? "")
        object["dimensions"] = ["length": "", "width": "", "height": ""]
        object["shipping_required"] = true
        object["shipping_taxable"] = true
        object["shipping_class"] = ""
        object["shipping_class_id"] = 0
        object["reviews_allowed"] = true
        object["average_rating"] = "0.00"
        object["rating_count"] = 0
        object["related_ids"] = []
        object["upsell_ids"] = []
        object["cross_sell_ids"] = []
        object["parent_id"] = 0
        object["purchase_note"] = ""
        object["categories"] = .array(product.productType.map { [Self.term($0)] } ?? [])
        object["tags"] = .array(product.tags.map(Self.term))
        object["images"] = .array(product.images.enumerated().map { image(product, index: $0.offset, src: $0.element) })
        object["attributes"] = .array(attributes(product))
        object["default_attributes"] = []
        object["variations"] = .array(simple ? [] : product.variants.sorted { $0.position < $1.position }.map { .int($0.id) })
        object["grouped_products"] = []
        object["menu_order"] = 0
        object["meta_data"] = []
        object["_links"] = [
            "self": [["href": .string("\(apiBase)/products/\(product.id)")]],
            "collection": [["href": .string("\(apiBase)/products")]],
        ]
        return .object(object)
    }

    // MARK: Variations

    /// A variation as `products/{id}/variations` answers it; with `namingParent`, as the
    /// store-wide `GET /variations` does, which adds `parent_id` (the product's id).
    func variation(_ variant: SimVariant, of product: SimProduct, namingParent: Bool = false) -> JSONValue {
        let prices = Self.prices(variant)
        let stock = Self.stock(variant)
        var object = JSONObject()
        object["id"] = .int(variant.id)
        object["date_created"] = .string(dates.local(variant.createdAt))
        object["date_created_gmt"] = .string(dates.gmt(variant.createdAt))
        object["date_modified"] = .string(dates.local(variant.updatedAt))
        object["date_modified_gmt"] = .string(dates.gmt(variant.updatedAt))
        object["description"] = ""
        let query = zip(product.optionNames, variant.options).map {
            "attribute_" + Self.slug($0.0) + "=" + OAuthSignature.rawURLEncode($0.1, keepSlash: false)
        }.joined(separator: "&")
        object["permalink"] = .string(permalink(product) + (query.isEmpty ? "" : "?" + query))
        object["sku"] = .string(variant.sku)
        object["global_unique_id"] = .string(variant.barcode ?? "")
        object["price"] = .string(prices.price)
        object["regular_price"] = .string(prices.regular)
        object["sale_price"] = .string(prices.sale)
        object["date_on_sale_from"] = .null
        object["date_on_sale_from_gmt"] = .null
        object["date_on_sale_to"] = .null
        object["date_on_sale_to_gmt"] = .null
        object["on_sale"] = .bool(prices.onSale)
        object["status"] = .string(product.status == .active ? "publish" : "private")
        object["purchasable"] = true
        object["virtual"] = false
        object["downloadable"] = false
        object["downloads"] = []
        object["download_limit"] = -1
        object["download_expiry"] = -1
        object["tax_status"] = "taxable"
        object["tax_class"] = ""
        object["manage_stock"] = .bool(stock.manage)
        object["stock_quantity"] = stock.quantity.map { .int($0) } ?? .null
        object["stock_status"] = .string(stock.status)
        object["backorders"] = .string(stock.backorders)
        object["backorders_allowed"] = .bool(stock.backorders != "no")
        object["backordered"] = .bool(stock.status == "onbackorder")
        object["weight"] = .string(weight(variant.weight) ?? "")
        object["dimensions"] = ["length": "", "width": "", "height": ""]
        object["shipping_class"] = ""
        object["shipping_class_id"] = 0
        // WooCommerce answers null for a variation without an image; the product's first image stands in.
        object["image"] = product.images.first.map { image(product, index: 0, src: $0) } ?? .null
        object["attributes"] = .array(
            zip(product.optionNames, variant.options).map { name, option in
                ["id": 0, "name": .string(name), "option": .string(option)]
            })
        object["menu_order"] = .int(variant.position)
        object["meta_data"] = []
        if namingParent { object["parent_id"] = .int(product.id) }
        object["_links"] = [
            "self": [["href": .string("\(apiBase)/products/\(product.id)/variations/\(variant.id)")]],
            "collection": [["href": .string("\(apiBase)/products/\(product.id)/variations")]],
            "up": [["href": .string("\(apiBase)/products/\(product.id)")]],
        ]
        return .object(object)
    }

    // MARK: Pieces

    static func modified(_ product: SimProduct) -> Date {
        product.variants.map(\.updatedAt).reduce(product.updatedAt, max)
    }

    static func status(_ status: ListingStatus) -> String {
        switch status {
        case .active: "publish"
        case .draft: "draft"
        case .archived: "private"
        }
    }

    struct Prices {
        var price: String
        var regular: String
        var sale: String
        var onSale: Bool
    }

    static func prices(_ variant: SimVariant) -> Prices {
        if let compareAt = variant.compareAtPrice, compareAt > variant.price {
            return Prices(
                price: variant.price.amountString, regular: compareAt.amountString, sale: variant.price.amountString, onSale: true)
        }
        return Prices(price: variant.price.amountString, regular: variant.price.amountString, sale: "", onSale: false)
    }

    struct Stock {
        var manage: Bool
        var quantity: Int?
        var status: String
        var backorders: String
    }

    static func stock(_ variant: SimVariant) -> Stock {
        let backorders = variant.allowsBackorder ? "notify" : "no"
        guard variant.tracksInventory else { return Stock(manage: false, quantity: nil, status: "instock", backorders: backorders) }
        let total = variant.totalAvailable
        let status = total > 0 ? "instock" : (variant.allowsBackorder ? "onbackorder" : "outofstock")
        return Stock(manage: true, quantity: total, status: status, backorders: backorders)
    }

    /// A variable product has no stock of its own; it is in stock when a variation is.
    static func parentStock(_ product: SimProduct) -> Stock {
        let statuses = product.variants.map { stock($0).status }
        let status =
            statuses.contains("instock")
            ? "instock" : (statuses.contains("onbackorder") ? "onbackorder" : (statuses.isEmpty ? "instock" : "outofstock"))
        return Stock(manage: false, quantity: nil, status: status, backorders: "no")
    }

    func permalink(_ product: SimProduct) -> String { "\(origin)/product/\(product.handle)/" }

    func priceHTML(_ amount: String, currency: CurrencyCode?) -> String {
        "<span class=\"woocommerce-Price-amount amount\"><bdi>\(amount)&nbsp;<span class=\"woocommerce-Price-currencySymbol\">\(currency?.code ?? "")</span></bdi></span>"
    }

    /// A weight in the store's weight unit, written plainly ("0.5"); nil when there is none.
    func weight(_ weight: Weight?) -> String? {
        guard let weight else { return nil }
        if weight.unit == weightUnit { return Self.plain(weight.value) }
        return Self.plain(weight.grams / Self.gramsPerUnit(weightUnit))
    }

    static func gramsPerUnit(_ unit: Weight.Unit) -> Decimal {
        switch unit {
        case .grams: 1
        case .kilograms: 1000
        case .pounds: Decimal(string: "453.59237")!
        case .ounces: Decimal(string: "28.349523125")!
        }
    }

    static func plain(_ value: Decimal) -> String {
        var value = value
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 4, .plain)
        return NSDecimalString(&rounded, Locale(identifier: "en_US_POSIX"))
    }

    /// `{id, name, slug}` for a category or tag; the id is derived from the name so it is stable.
    static func term(_ name: String) -> JSONValue {
        ["id": .int(termID(name)), "name": .string(name), "slug": .string(slug(name))]
    }

    static func termID(_ name: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in name.lowercased().utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return Int(hash % 90_000) + 10_000
    }

    static func slug(_ name: String) -> String {
        var output = ""
        var lastWasDash = false
        for character in name.lowercased() {
            if character.isLetter || character.isNumber {
                output.append(character)
                lastWasDash = false
            } else if !lastWasDash, !output.isEmpty {
                output.append("-")
                lastWasDash = true
            }
        }
        return lastWasDash ? String(output.dropLast()) : output
    }

    /// Attachment ids are synthetic (product id × 100 + position + 1): stable across reads.
    static func imageID(product: Int64, index: Int) -> Int64 { product * 100 + Int64(index) + 1 }

    func image(_ product: SimProduct, index: Int, src: String) -> JSONValue {
        [
            "id": .int(Self.imageID(product: product.id, index: index)),
            "date_created": .string(dates.local(product.createdAt)),
            "date_created_gmt": .string(dates.gmt(product.createdAt)),
            "date_modified": .string(dates.local(product.createdAt)),
            "date_modified_gmt": .string(dates.gmt(product.createdAt)),
            "src": .string(src),
            "name": .string(src.split(separator: "/").last.map(String.init) ?? ""),
            "alt": "",
        ]
    }

    func attributes(_ product: SimProduct) -> [JSONValue] {
        product.optionNames.enumerated().map { index, name in
            var options: [String] = []
            for variant in product.variants.sorted(by: { $0.position < $1.position }) where index < variant.options.count {
                if !options.contains(variant.options[index]) { options.append(variant.options[index]) }
            }
            return [
                "id": 0, "name": .string(name), "position": .int(index), "visible": true, "variation": true,
                "options": .array(options.map { .string($0) }),
            ]
        }
    }
}
