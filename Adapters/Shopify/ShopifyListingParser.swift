import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Turns Admin GraphQL product and variant nodes into `Listing`s, exactly as the store holds them:
/// no trimming, no defaults that would hide a listing error (an empty SKU stays empty, a missing
/// price stays missing).
struct ShopifyListingParser: Sendable {
    let store: StoreID
    let currency: CurrencyCode

    /// A listing for `variant` of `product`; nil (with the reason) when the node is not a variant.
    func listing(product: JSONValue, variant: JSONValue) throws -> Listing {
        guard let productID = product["id"]?.stringValue, let variantID = variant["id"]?.stringValue else {
            throw AdapterError.malformed("a product or variant without an id", store: store)
        }
        let item = variant["inventoryItem"]
        let weight = Self.weight(item)
        var listing = Listing(
            store: store,
            ref: RemoteRef(productID: productID, variantID: variantID, inventoryItemID: item?["id"]?.stringValue),
            rawSKU: variant["sku"]?.stringValue ?? "",
            barcode: variant["barcode"]?.stringValue,
            productTitle: product["title"]?.stringValue ?? "",
            variantTitle: variant["title"]?.stringValue ?? "",
            descriptionHTML: product["descriptionHtml"]?.stringValue,
            options: (variant["selectedOptions"]?.arrayValue ?? []).compactMap { $0["value"]?.stringValue },
            price: try money(variant["price"], field: "price", variant: variantID),
            compareAtPrice: try money(variant["compareAtPrice"], field: "compareAtPrice", variant: variantID),
            weight: weight,
            status: product["status"]?.stringValue.flatMap(ListingStatus.init(platformValue:)) ?? .draft,
            images: (product["images"]?["nodes"]?.arrayValue ?? []).compactMap { $0["url"]?.stringValue },
            tracksStock: item?["tracked"]?.boolValue ?? true,
            allowsBackorder: variant["inventoryPolicy"]?.stringValue == "CONTINUE",
            updatedAt: [Self.date(product["updatedAt"]), Self.date(variant["updatedAt"])].compactMap { $0 }.max(),
            optionNames: (variant["selectedOptions"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
        )
        if let levels = item?["inventoryLevels"]?["nodes"]?.arrayValue {
            listing.stock = levels.compactMap { level in
                level["location"]?["id"]?.stringValue.map { Self.stockLevel(location: $0, quantities: level["quantities"]) }
            }
        }
        return listing
    }

    /// An inventory item's `measurement.weight`, in the unit Shopify keeps it in.
    static func weight(_ item: JSONValue?) -> Weight? {
        item?["measurement"]?["weight"].flatMap { weight -> Weight? in
            guard let value = weight["value"]?.decimalValue, let unit = weight["unit"]?.stringValue.flatMap(Weight.Unit.init(platformName:))
            else { return nil }
            return Weight(value: value, unit: unit)
        }
    }

    /// Shopify's `Money` scalar is a decimal string ("19.90"); parse it exactly, in the shop's currency.
    func money(_ value: JSONValue?, field: String, variant: String) throws -> Money? {
        guard let value, !value.isNull else { return nil }
        guard let text = value.stringValue ?? value.numberText else {
            throw AdapterError.malformed("variant \(variant) has a \(field) that is not a decimal string", store: store)
        }
        do {
            return try Money.parse(text, currency: currency)
        } catch {
            throw AdapterError.malformed("variant \(variant) has \(field) \"\(text)\": \(error)", store: store)
        }
    }

    /// A stock level from Shopify's named quantities (`available`, `on_hand`, `committed`).
    static func stockLevel(location: String, quantities: JSONValue?) -> StockLevel {
        var named: [String: Int] = [:]
        for quantity in quantities?.arrayValue ?? [] {
            if let name = quantity["name"]?.stringValue, let amount = quantity["quantity"]?.intValue { named[name] = amount }
        }
        let available = named["available"] ?? 0
        let committed = named["committed"] ?? 0
        return StockLevel(location: location, onHand: named["on_hand"] ?? available + committed, available: available, committed: committed)
    }

    static func date(_ value: JSONValue?) -> Date? {
        guard let text = value?.stringValue else { return nil }
        return try? Date(text, strategy: .iso8601)
    }

    /// `2025-01-01T00:00:00Z`, the form Shopify's search syntax takes.
    static func searchTime(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
