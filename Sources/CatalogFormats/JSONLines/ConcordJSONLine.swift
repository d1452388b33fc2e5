import CatalogModel
import Foundation

/// One line of a Concord JSON Lines file as decoded, before it is checked and turned into model
/// values.
///
/// Every field is optional here so that a missing one is reported by name with what to do,
/// rather than as a decoder's generic `keyNotFound`. Keys the format does not know are collected,
/// because a misspelt key in a lossless format would otherwise drop data silently.
struct ConcordJSONLine: Decodable {
    enum Key: String, CodingKey, CaseIterable {
        case location
        case handle, productTitle, descriptionHTML, vendor, productType, tags, productStatus, optionNames,
            productImages
        case sku, barcode, title, options, price, compareAtPrice, cost, weight, status, images, allowsBackorder,
            requiresShipping, stock, kitComponents
    }

    /// Keys that belong to the variant rather than the product.
    static let variantKeys: [Key] = [
        .barcode, .title, .options, .price, .compareAtPrice, .cost, .weight, .status, .images, .allowsBackorder,
        .requiresShipping, .stock, .kitComponents,
    ]

    struct WeightValue: Decodable {
        var value: Decimal
        var unit: String

        enum CodingKeys: String, CodingKey { case value, unit }

        /// The value is read from a string (`"0.25"`, as Concord writes it) or, for hand-written
        /// files, a number.
        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            unit = try container.decode(String.self, forKey: .unit)
            if let text = try? container.decode(String.self, forKey: .value) {
                guard let weight = Weight.parse(text, unit: .grams) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .value, in: container,
                        debugDescription: "\"\(text)\" is not a weight; write a plain number such as \"0.25\"")
                }
                value = weight.value
            } else {
                value = try container.decode(Decimal.self, forKey: .value)
            }
        }
    }

    struct StockValue: Decodable {
        var location: String
        var onHand: Int
        var available: Int?
        var committed: Int?
    }

    var location: Location?
    var handle: String?
    var productTitle: String?
    var descriptionHTML: String?
    var vendor: String?
    var productType: String?
    var tags: [String]?
    var productStatus: String?
    var optionNames: [String]?
    var productImages: [String]?
    var sku: String?
    var barcode: String?
    var title: String?
    var options: [String]?
    var price: Money?
    var compareAtPrice: Money?
    var cost: Money?
    var weight: WeightValue?
    var status: String?
    var images: [String]?
    var allowsBackorder: Bool?
    var requiresShipping: Bool?
    var stock: [StockValue]?
    /// A kit's components, `SKU-A*2;SKU-B*1`.
    var kitComponents: String?

    /// Keys present in the object, known or not.
    var presentKeys: Set<String> = []

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: any Decoder) throws {
        presentKeys = Set(try decoder.container(keyedBy: AnyKey.self).allKeys.map(\.stringValue))
        let container = try decoder.container(keyedBy: Key.self)
        location = try container.decodeIfPresent(Location.self, forKey: .location)
        handle = try container.decodeIfPresent(String.self, forKey: .handle)
        productTitle = try container.decodeIfPresent(String.self, forKey: .productTitle)
        descriptionHTML = try container.decodeIfPresent(String.self, forKey: .descriptionHTML)
        vendor = try container.decodeIfPresent(String.self, forKey: .vendor)
        productType = try container.decodeIfPresent(String.self, forKey: .productType)
        tags = try container.decodeIfPresent([String].self, forKey: .tags)
        productStatus = try container.decodeIfPresent(String.self, forKey: .productStatus)
        optionNames = try container.decodeIfPresent([String].self, forKey: .optionNames)
        productImages = try container.decodeIfPresent([String].self, forKey: .productImages)
        sku = try container.decodeIfPresent(String.self, forKey: .sku)
        barcode = try container.decodeIfPresent(String.self, forKey: .barcode)
        title = try container.decodeIfPresent(String.self, forKey: .title)
        options = try container.decodeIfPresent([String].self, forKey: .options)
        price = try container.decodeIfPresent(Money.self, forKey: .price)
        compareAtPrice = try container.decodeIfPresent(Money.self, forKey: .compareAtPrice)
        cost = try container.decodeIfPresent(Money.self, forKey: .cost)
        weight = try container.decodeIfPresent(WeightValue.self, forKey: .weight)
        status = try container.decodeIfPresent(String.self, forKey: .status)
        images = try container.decodeIfPresent([String].self, forKey: .images)
        allowsBackorder = try container.decodeIfPresent(Bool.self, forKey: .allowsBackorder)
        requiresShipping = try container.decodeIfPresent(Bool.self, forKey: .requiresShipping)
        stock = try container.decodeIfPresent([StockValue].self, forKey: .stock)
        kitComponents = try container.decodeIfPresent(String.self, forKey: .kitComponents)
    }

    /// Keys in the object that the format does not define.
    var unknownKeys: [String] {
        let known = Set(Key.allCases.map(\.rawValue))
        return presentKeys.subtracting(known).sorted()
    }
}
