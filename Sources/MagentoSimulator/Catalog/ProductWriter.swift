import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Applies a `{product: {...}}` body to the store, as `PUT`/`POST /V1/products` do.
///
/// What is written, and where it lands in the simulator's model:
/// - `name` → the product's title (a child's name is derived from its parent and options, so a
///   child's `name` is accepted and ignored).
/// - `price` → the regular price: the compare-at price of a variant on sale, else its price.
/// - `status` 1 → active; 2 → archived (a draft stays a draft). Status is per product in the
///   simulator, so disabling one child disables its siblings too.
/// - `weight` (kg) → the variant's weight.
/// - `custom_attributes`: `description`; `special_price` (a value puts the variant on sale with
///   the old price as compare-at; empty or null takes it off sale); `ean` → barcode.
/// - `extension_attributes.stock_item`: `qty` → on hand at the default source, `manage_stock`,
///   `backorders`.
/// Everything else (visibility, url_key, media, categories...) is accepted and ignored.
/// Every write stamps `updated_at` with the store's clock.
struct ProductWriter {
    var payload: JSONValue
    var now: Date

    func update(_ entity: MagentoCatalog.Entity, in state: inout ShopState, catalog: MagentoCatalog) throws(MagentoError) {
        var product = entity.product
        if entity.kind != .child, let name = payload["name"]?.stringValue, !name.isEmpty { product.title = name }
        if let status = payload["status"]?.intValue {
            product.status = status == 1 ? .active : (product.status == .active ? .archived : product.status)
        }
        if let description = customAttribute("description") { product.descriptionHTML = description.stringValue ?? "" }
        product.updatedAt = now
        if let variant = entity.variant, let index = product.variants.firstIndex(where: { $0.id == variant.id }) {
            var changed = product.variants[index]
            try applyVariantFields(to: &changed, catalog: catalog)
            changed.updatedAt = now
            product.variants[index] = changed
        }
        state.upsert(product)
    }

    /// Creates a simple product (one variant, stock at the default source) or an empty
    /// configurable parent (its option names from `configurable_product_options`).
    ///
    /// - Returns: The new entity's id.
    func create(sku: String, in state: inout ShopState, catalog: MagentoCatalog) throws(MagentoError) -> Int64 {
        guard let name = payload["name"]?.stringValue, !name.isEmpty else {
            throw MagentoError(status: 400, "The \"%1\" attribute value is empty. Set the attribute and try again.", parameters: ["name"])
        }
        let type = payload["type_id"]?.stringValue ?? "simple"
        guard ["simple", "virtual", "configurable"].contains(type) else {
            throw MagentoError(
                status: 400, "The simulator creates simple and configurable products only, not \"%1\"; use type_id simple or configurable.",
                parameters: [.string(type)])
        }
        let status: ListingStatus = payload["status"]?.intValue.map { $0 == 1 ? .active : .draft } ?? .active
        let description = customAttribute("description")?.stringValue ?? ""
        let productID = state.makeID()
        var product = SimProduct(
            id: productID, title: name,
            handle: type == "configurable" ? sku : MagentoCatalog.slug(customAttribute("url_key")?.stringValue ?? name),
            descriptionHTML: description, status: status, createdAt: now, updatedAt: now)
        if type == "configurable" {
            let options = payload["extension_attributes"]?["configurable_product_options"]?.arrayValue ?? []
            product.optionNames = options.compactMap { $0["label"]?.stringValue }
            state.upsert(product)
            return productID
        }
        var variant = SimVariant(
            id: state.makeID(), inventoryItemID: state.makeID(), sku: sku, title: "Default Title",
            price: Money(minorUnits: 0, currency: catalog.currency), createdAt: now, updatedAt: now)
        if let source = catalog.defaultSource { variant.available[source.id] = 0 }
        try applyVariantFields(to: &variant, catalog: catalog)
        product.variants = [variant]
        state.upsert(product)
        return productID
    }

    private func applyVariantFields(to variant: inout SimVariant, catalog: MagentoCatalog) throws(MagentoError) {
        if let price = payload["price"], !price.isNull {
            guard let amount = price.decimalValue, amount >= 0 else { throw invalidValue("price", price) }
            let money = MagentoPlatform.money(amount, currency: catalog.currency)
            if variant.compareAtPrice != nil { variant.compareAtPrice = money } else { variant.price = money }
        }
        if let special = customAttribute("special_price") {
            if let amount = special.decimalValue {
                let money = MagentoPlatform.money(amount, currency: catalog.currency)
                if variant.compareAtPrice == nil { variant.compareAtPrice = variant.price }
                variant.price = money
            } else if special.isNull || special.stringValue?.isEmpty == true, let regular = variant.compareAtPrice {
                variant.price = regular
                variant.compareAtPrice = nil
            } else if !special.isNull, special.stringValue?.isEmpty != true {
                throw invalidValue("special_price", special)
            }
        }
        if let weight = payload["weight"]?.decimalValue {
            variant.weight = Weight(value: weight * 1000, unit: .grams)
        }
        if let ean = customAttribute("ean") {
            variant.barcode = ean.stringValue ?? ean.numberText
        }
        if let stock = payload["extension_attributes"]?["stock_item"] {
            if let qty = stock["qty"], !qty.isNull {
                guard let amount = qty.decimalValue else { throw invalidValue("qty", qty) }
                if let source = catalog.defaultSource {
                    let units = NSDecimalNumber(decimal: amount).intValue
                    variant.available[source.id] = units - (variant.committed[source.id] ?? 0)
                }
            }
            if let manage = stock["manage_stock"]?.boolValue { variant.tracksInventory = manage }
            if let backorders = stock["backorders"]?.intValue { variant.allowsBackorder = backorders > 0 }
        }
    }

    /// The value of `custom_attributes[attribute_code == code]`, when the body has one.
    private func customAttribute(_ code: String) -> JSONValue? {
        payload["custom_attributes"]?.arrayValue?.last { $0["attribute_code"]?.stringValue == code }?["value"]
    }

    private func invalidValue(_ field: String, _ value: JSONValue) -> MagentoError {
        MagentoError(
            status: 400, "Invalid attribute %fieldName = %fieldValue.",
            parameters: ["fieldName": .string(field), "fieldValue": .string(value.stringValue ?? value.serialized)])
    }
}
