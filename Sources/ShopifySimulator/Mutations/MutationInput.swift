import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// Reading mutation inputs and writing `userErrors` the way Shopify shapes them.
extension Map {
    /// Whether the input object gives `name` explicitly as null (which clears a value).
    func isExplicitNull(_ name: String) -> Bool {
        guard case .dictionary(let values) = self, let value = values[name] else { return false }
        if case .null = value { return true }
        return false
    }

    func has(_ name: String) -> Bool {
        guard case .dictionary(let values) = self, let value = values[name] else { return false }
        if case .undefined = value { return false }
        return true
    }
}

/// One `userErrors` entry: `field` is the path into the arguments (`["input", "quantities", "0",
/// "compareQuantity"]`), `code` the type's error code where it has one.
struct UserErrorList {
    var typeName: String
    var hasCode = true
    private(set) var errors: [RecordNode] = []

    init(_ typeName: String, hasCode: Bool = true) {
        self.typeName = typeName
        self.hasCode = hasCode
    }

    var isEmpty: Bool { errors.isEmpty }
    var nodes: [(any Sendable)?] { errors.map { $0 } }
    var records: [RecordNode] { errors }

    mutating func add(_ field: [String]?, _ message: String, code: String? = nil) {
        var fields: [String: (any Sendable)?] = ["field": field.map { list($0) }, "message": message]
        if hasCode { fields["code"] = code }
        errors.append(RecordNode(typeName, fields))
    }
}

enum ProductInput {
    /// `Blue Shirt!` → `blue-shirt`, made unique in the store with `-1`, `-2`...
    static func uniqueHandle(for title: String, in state: ShopState, excluding id: Int64? = nil) -> String {
        let words = title.lowercased().map { $0.isLetter || $0.isNumber ? $0 : " " }
        let base = String(words).split(separator: " ").joined(separator: "-")
        let stem = base.isEmpty ? "product" : base
        let taken = Set(state.allProducts.filter { $0.id != id }.map(\.handle))
        var handle = stem
        var suffix = 1
        while taken.contains(handle) {
            handle = "\(stem)-\(suffix)"
            suffix += 1
        }
        return handle
    }

    /// Applies the product fields every product input shares.
    static func apply(_ input: Map, to product: inout SimProduct) {
        if let title = input[argument: "title"]?.text { product.title = title }
        if let html = input[argument: "descriptionHtml"]?.text { product.descriptionHTML = html }
        if input.has("vendor") { product.vendor = input[argument: "vendor"]?.text }
        if input.has("productType") { product.productType = input[argument: "productType"]?.text }
        if let tags = input[argument: "tags"] { product.tags = tags.items.compactMap(\.text) }
        if let status = input[argument: "status"]?.text.flatMap(ListingStatus.init(shopifyStatus:)) { product.status = status }
    }

    /// Option names from `productOptions: [{name, values: [{name}]}]`.
    static func optionNames(_ input: Map) -> [String]? {
        guard let options = input[argument: "productOptions"] else { return nil }
        return options.items.compactMap { $0[argument: "name"]?.text }
    }

    static func firstOptionValues(_ input: Map) -> [String] {
        (input[argument: "productOptions"]?.items ?? []).map { option in
            option[argument: "values"]?.items.first?[argument: "name"]?.text ?? "Default"
        }
    }

    /// A variant's option values, in the product's option order, from `optionValues: [{optionName, name}]`.
    static func optionValues(_ input: Map, names: [String]) -> [String] {
        let given = (input[argument: "optionValues"]?.items ?? []).map {
            ($0[argument: "optionName"]?.text, $0[argument: "name"]?.text ?? "")
        }
        guard !names.isEmpty else { return [] }
        return names.enumerated().map { index, name in
            given.first { $0.0 == name }?.1 ?? (index < given.count ? given[index].1 : "")
        }
    }

    enum Price {
        case absent
        case value(Money)
        case invalid(String)
    }

    /// A `Money` input: a decimal string (clients also send numbers).
    static func price(_ value: Map?, currency: CurrencyCode) -> Price {
        guard let value else { return .absent }
        guard let text = value.decimalText, let money = try? Money.parse(text, currency: currency) else {
            return .invalid(value.decimalText ?? "\(value)")
        }
        return .value(money)
    }

    /// Sets a variant's stock from `[{locationId, name, quantity}]` or `[{locationId, availableQuantity}]`.
    static func applyQuantities(_ items: [Map], to variant: inout SimVariant, state: ShopState) {
        for item in items {
            guard let location = GlobalID.id(item[argument: "locationId"]?.text, type: "Location"),
                state.location(id: location) != nil
            else { continue }
            let quantity = item[argument: "quantity"]?.integer ?? item[argument: "availableQuantity"]?.integer ?? 0
            if item[argument: "name"]?.text == "on_hand" {
                variant.available[location] = quantity - (variant.committed[location] ?? 0)
            } else {
                variant.available[location] = quantity
            }
        }
    }

    /// A new variant with ids from the store, stocked at zero at the first location (where a new
    /// Shopify product's inventory item starts).
    static func newVariant(in state: inout ShopState, title: String, options: [String], price: Money, position: Int, now: Date)
        -> SimVariant
    {
        var available: [Int64: Int] = [:]
        if let first = state.locations.first { available[first.id] = 0 }
        return SimVariant(
            id: state.makeID(), inventoryItemID: state.makeID(), sku: "", title: title, options: options, price: price,
            position: position, available: available, createdAt: now, updatedAt: now
        )
    }

    static func variantTitle(_ options: [String]) -> String {
        options.isEmpty ? "Default Title" : options.joined(separator: " / ")
    }
}
