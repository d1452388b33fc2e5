import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Applies WooCommerce product and variation bodies to the store. Each operation works on a copy
/// and stores it only when every field was valid, so a refused write changes nothing; each write
/// stamps `updatedAt` with `now`.
struct ProductWriter: Sendable {
    var now: Date
    var weightUnit: Weight.Unit

    // MARK: Products

    func create(_ body: BodyFields, in state: inout ShopState) throws(WooError) -> SimProduct {
        let type = try body.string("type") ?? "simple"
        guard ["simple", "variable"].contains(type) else {
            throw .invalidParam("type", "type is not one of simple and variable (grouped and external products are not simulated).")
        }
        let name = try body.string("name") ?? ""
        var product = SimProduct(id: state.makeID(), title: name, handle: "", status: .active, createdAt: now, updatedAt: now)
        if type == "simple" {
            product.variants = [
                SimVariant(
                    id: state.makeID(), inventoryItemID: state.makeID(), sku: "", title: name.isEmpty ? "Default Title" : name,
                    price: Money(minorUnits: 0, currency: state.currency), tracksInventory: false, createdAt: now, updatedAt: now
                )
            ]
        }
        try apply(body, to: &product, in: state, isNew: true)
        state.upsert(product)
        return product
    }

    func update(id: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> SimProduct {
        guard var product = state.product(id: id) else { throw .invalidID(.product) }
        try apply(body, to: &product, in: state, isNew: false)
        product.updatedAt = now
        state.upsert(product)
        return product
    }

    func delete(id: Int64, in state: inout ShopState) throws(WooError) -> SimProduct {
        guard let product = state.removeProduct(id: id) else { throw .invalidID(.product) }
        return product
    }

    private func apply(_ body: BodyFields, to product: inout SimProduct, in state: borrowing ShopState, isNew: Bool) throws(WooError) {
        if let name = try body.string("name") { product.title = name }
        if let slug = try body.string("slug"), !slug.isEmpty {
            product.handle = uniqueHandle(WooRenderer.slug(slug), for: product.id, in: state)
        } else if product.handle.isEmpty {
            product.handle = uniqueHandle(
                WooRenderer.slug(product.title).isEmpty ? "product" : WooRenderer.slug(product.title), for: product.id, in: state)
        }
        if let status = try body.string("status") { product.status = try Self.status(status) }
        if let description = try body.string("description") { product.descriptionHTML = description }
        if let categories = try body.array("categories") {
            product.productType = try termNames(categories, key: "categories", known: state.allProducts.compactMap(\.productType)).first
        }
        if let tags = try body.array("tags") {
            product.tags = try termNames(tags, key: "tags", known: state.allProducts.flatMap(\.tags))
        }
        if let images = try body.array("images") {
            product.images = try images.enumerated().map { index, image throws(WooError) -> String in
                if let src = image["src"]?.stringValue, !src.isEmpty { return src }
                if let id = image["id"]?.int64Value,
                    let known = product.images.indices.first(where: { WooRenderer.imageID(product: product.id, index: $0) == id })
                {
                    return product.images[known]
                }
                throw .invalidParam("images", "images[\(index)] needs a src, or the id of one of this product's images.")
            }
        }
        if let attributes = try body.array("attributes") {
            let names = attributes.filter { $0["variation"]?.boolValue != false }.compactMap { $0["name"]?.stringValue }
            let values = attributes.filter { $0["variation"]?.boolValue != false }.map {
                $0["options"]?.arrayValue?.first?.stringValue ?? ""
            }
            product.optionNames = names
            for index in product.variants.indices {
                var options = Array(product.variants[index].options.prefix(names.count))
                while options.count < names.count { options.append(values[options.count]) }
                product.variants[index].options = options
            }
        }
        // A simple product's own SKU, prices and stock are its single variant's.
        if product.isSimple, var variant = product.variants.first {
            try applyVariantFields(body, to: &variant, productID: product.id, in: state)
            if isNew || body.has("name") { variant.title = product.title }
            product.variants[0] = variant
        }
        product.updatedAt = now
    }

    // MARK: Variations

    func createVariation(product productID: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> (
        SimProduct, SimVariant
    ) {
        guard var product = state.product(id: productID) else { throw .invalidID(.product) }
        guard !product.isSimple || !product.optionNames.isEmpty else {
            throw WooError(
                code: "woocommerce_rest_invalid_product_id",
                message:
                    "Product #\(productID) is a simple product; make it variable (type \"variable\" with attributes) before adding variations.",
                status: 400)
        }
        var variant = SimVariant(
            id: state.makeID(), inventoryItemID: state.makeID(), sku: "", title: "",
            options: product.optionNames.map { _ in "" }, price: Money(minorUnits: 0, currency: state.currency),
            position: (product.variants.map(\.position).max() ?? 0) + 1, tracksInventory: false, createdAt: now, updatedAt: now
        )
        try applyVariantFields(body, to: &variant, productID: productID, in: state)
        try applyVariationOnly(body, to: &variant, of: product)
        product.variants.append(variant)
        product.updatedAt = now
        state.upsert(product)
        return (product, variant)
    }

    func updateVariation(product productID: Int64, id: Int64, _ body: BodyFields, in state: inout ShopState) throws(WooError) -> (
        SimProduct, SimVariant
    ) {
        guard var product = state.product(id: productID) else { throw .invalidID(.product) }
        guard !product.isSimple, let index = product.variants.firstIndex(where: { $0.id == id }) else { throw .invalidID(.variation) }
        var variant = product.variants[index]
        try applyVariantFields(body, to: &variant, productID: productID, in: state)
        try applyVariationOnly(body, to: &variant, of: product)
        product.variants[index] = variant
        product.updatedAt = now
        state.upsert(product)
        return (product, variant)
    }

    func deleteVariation(product productID: Int64, id: Int64, in state: inout ShopState) throws(WooError) -> (SimProduct, SimVariant) {
        guard var product = state.product(id: productID) else { throw .invalidID(.product) }
        guard !product.isSimple, let index = product.variants.firstIndex(where: { $0.id == id }) else { throw .invalidID(.variation) }
        let variant = product.variants.remove(at: index)
        product.updatedAt = now
        state.upsert(product)
        return (product, variant)
    }

    private func applyVariationOnly(_ body: BodyFields, to variant: inout SimVariant, of product: SimProduct) throws(WooError) {
        if let attributes = try body.array("attributes") {
            for attribute in attributes {
                let name = attribute["name"]?.stringValue ?? ""
                guard
                    let index = product.optionNames.firstIndex(where: {
                        $0.caseInsensitiveCompare(name) == .orderedSame || WooRenderer.slug($0) == WooRenderer.slug(name)
                    })
                else { continue }
                while variant.options.count < product.optionNames.count { variant.options.append("") }
                variant.options[index] = attribute["option"]?.stringValue ?? ""
            }
        }
        if let order = try body.int("menu_order") { variant.position = order }
        let title = variant.options.filter { !$0.isEmpty }.joined(separator: " / ")
        variant.title = title.isEmpty ? "Default Title" : title
    }

    // MARK: Fields a simple product and a variation share

    private func applyVariantFields(_ body: BodyFields, to variant: inout SimVariant, productID: Int64, in state: borrowing ShopState)
        throws(WooError)
    {
        if let sku = try body.string("sku") {
            let trimmed = sku.trimmingCharacters(in: .whitespaces)
            if !trimmed.isEmpty, trimmed != variant.sku, state.variants(sku: trimmed).contains(where: { $0.variant.id != variant.id }) {
                throw .duplicateSKU(trimmed)
            }
            variant.sku = trimmed
        }
        if let gtin = try body.string("global_unique_id") { variant.barcode = gtin.isEmpty ? nil : gtin }
        let regular = try body.money("regular_price", currency: state.currency)
        let sale = try body.money("sale_price", currency: state.currency)
        if regular != nil || sale != nil {
            let current = WooRenderer.prices(variant)
            let regularPrice = regular ?? (current.regular.isEmpty ? nil : try? Money.parse(current.regular, currency: state.currency))
            let salePrice = sale ?? (current.sale.isEmpty ? nil : try? Money.parse(current.sale, currency: state.currency))
            let base = (regularPrice ?? nil) ?? Money(minorUnits: 0, currency: state.currency)
            if let salePrice = salePrice ?? nil, salePrice < base {
                variant.price = salePrice
                variant.compareAtPrice = base
            } else {
                variant.price = base
                variant.compareAtPrice = nil
            }
        }
        if let manage = try body.bool("manage_stock") { variant.tracksInventory = manage }
        if let quantity = try body.int("stock_quantity") {
            StockWriter.set(total: quantity, on: &variant, locations: state.locations)
        }
        if let backorders = try body.string("backorders") {
            switch backorders {
            case "no": variant.allowsBackorder = false
            case "notify", "yes": variant.allowsBackorder = true
            default: throw .invalidParam("backorders", "backorders is not one of no, notify and yes.")
            }
        }
        if let weight = try body.string("weight") {
            if weight.isEmpty {
                variant.weight = nil
            } else {
                guard let parsed = Weight.parse(weight, unit: weightUnit) else {
                    throw .invalidParam("weight", "weight is not a plain decimal number.")
                }
                variant.weight = parsed
            }
        }
        variant.updatedAt = now
    }

    // MARK: Helpers

    static func status(_ text: String) throws(WooError) -> ListingStatus {
        switch text {
        case "publish": return .active
        case "draft", "pending", "future": return .draft
        case "private": return .archived
        default: throw .invalidParam("status", "status is not one of draft, pending, private, publish and future.")
        }
    }

    private func uniqueHandle(_ base: String, for id: Int64, in state: borrowing ShopState) -> String {
        let taken = Set(state.allProducts.filter { $0.id != id }.map(\.handle))
        guard taken.contains(base) else { return base }
        var suffix = 2
        while taken.contains("\(base)-\(suffix)") { suffix += 1 }
        return "\(base)-\(suffix)"
    }

    /// Category or tag names from `[{id}]` or `[{name}]`; an id must be one the store shows.
    private func termNames(_ terms: [JSONValue], key: String, known: [String]) throws(WooError) -> [String] {
        try terms.enumerated().map { index, term throws(WooError) -> String in
            if let name = term["name"]?.stringValue, !name.isEmpty { return name }
            if let id = term["id"]?.intValue, let name = known.first(where: { WooRenderer.termID($0) == id }) { return name }
            throw .invalidParam(key, "\(key)[\(index)] needs a name, or the id of an existing term.")
        }
    }
}
