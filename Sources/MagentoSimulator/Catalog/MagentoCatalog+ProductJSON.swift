import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Products rendered as `catalog-data-product-interface` (admin-schema-2.4.9.yaml), in the key
/// order Magento writes them (see the create-simple-products-2.json example).
///
/// Prices: Magento's `price` is the regular price and `special_price` the lower price a shopper
/// pays. A variant with a compare-at price is "on sale", so it becomes `price` = compare-at and
/// the custom attribute `special_price` = the variant's price; a variant without one has only
/// `price`. What a shopper pays is `special_price ?? price`. A compare-at price below the price
/// (a listing error) shows as a special price above the regular one.
extension MagentoCatalog {
    /// Magento's `price` for an entity: the regular price (0 for a configurable parent, whose
    /// price comes from its children).
    static func regularPrice(_ entity: Entity) -> Money? {
        guard let variant = entity.variant else { return nil }
        return variant.compareAtPrice ?? variant.price
    }

    static func specialPrice(_ entity: Entity) -> Money? {
        guard let variant = entity.variant, variant.compareAtPrice != nil else { return nil }
        return variant.price
    }

    /// An EAV decimal attribute as Magento returns it in `custom_attributes`: text with six decimals.
    static func eavDecimal(_ money: Money) -> String {
        var value = money.decimal
        var rounded = Decimal()
        NSDecimalRound(&rounded, &value, 6, .plain)
        let text = NSDecimalNumber(decimal: rounded).stringValue
        let parts = text.split(separator: ".", maxSplits: 1)
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        return String(parts[0]) + "." + fraction + String(repeating: "0", count: max(0, 6 - fraction.count))
    }

    func productJSON(_ entity: Entity) -> JSONValue {
        var object = JSONObject()
        object["id"] = .int(entity.id)
        object["sku"] = .string(entity.sku)
        object["name"] = .string(entity.name)
        object["attribute_set_id"] = 4
        object["price"] = .decimal(Self.regularPrice(entity)?.decimal ?? 0)
        object["status"] = .int(entity.status)
        object["visibility"] = .int(entity.visibility)
        object["type_id"] = .string(entity.typeID)
        object["created_at"] = .string(MagentoDate.format(entity.createdAt))
        object["updated_at"] = .string(MagentoDate.format(entity.updatedAt))
        if let weight = entity.variant?.weight {
            object["weight"] = .decimal(weight.grams / 1000)
        }
        object["extension_attributes"] = .object(extensionAttributes(entity))
        object["product_links"] = []
        object["options"] = []
        object["media_gallery_entries"] = .array(mediaGallery(entity))
        object["tier_prices"] = []
        object["custom_attributes"] = .array(
            customAttributes(entity).map { code, value in
                ["attribute_code": .string(code), "value": value]
            })
        return .object(object)
    }

    private func extensionAttributes(_ entity: Entity) -> JSONObject {
        var object = JSONObject()
        object["website_ids"] = [1]
        object["stock_item"] = stockItemJSON(entity)
        if entity.kind == .configurable {
            object["configurable_product_options"] = .array(
                entity.product.optionNames.enumerated().map { position, name in
                    let code = Self.attributeCode(name)
                    var seen = Set<Int>()
                    let values = entity.product.variants.compactMap { variant -> JSONValue? in
                        guard position < variant.options.count else { return nil }
                        let id = Self.optionID(attribute: code, label: variant.options[position])
                        return seen.insert(id).inserted ? ["value_index": .int(id)] : nil
                    }
                    return [
                        "id": .int(entity.id * 10 + Int64(position)), "attribute_id": .string(String(Self.attributeID(code))),
                        "label": .string(name), "position": .int(position), "values": .array(values), "product_id": .int(entity.id),
                    ]
                })
            object["configurable_product_links"] = .array(entity.product.variants.map { .int($0.id) })
        }
        return object
    }

    /// Units on hand at a source (Magento's source item `quantity`): sellable plus committed.
    static func onHand(_ variant: SimVariant, at location: SimLocation) -> Int {
        variant.onHand(at: location.id)
    }

    /// The legacy stock item (`cataloginventory-data-stock-item-interface`), mirroring the default source.
    func stockItemJSON(_ entity: Entity) -> JSONValue {
        var qty = 0
        var inStock = false
        var manageStock = true
        var backorders = false
        if let variant = entity.variant {
            qty = defaultSource.map { Self.onHand(variant, at: $0) } ?? 0
            manageStock = variant.tracksInventory
            backorders = variant.allowsBackorder
            inStock = qty > 0 || backorders || !manageStock
        } else {
            inStock = children(of: entity.product).contains { child in
                guard let variant = child.variant else { return false }
                return variant.totalAvailable > 0 || variant.allowsBackorder || !variant.tracksInventory
            }
        }
        var object = JSONObject()
        object["item_id"] = .int(entity.id)
        object["product_id"] = .int(entity.id)
        object["stock_id"] = 1
        object["qty"] = .int(qty)
        object["is_in_stock"] = .bool(inStock)
        object["is_qty_decimal"] = false
        object["show_default_notification_message"] = false
        object["use_config_min_qty"] = true
        object["min_qty"] = 0
        object["use_config_min_sale_qty"] = 1
        object["min_sale_qty"] = 1
        object["use_config_max_sale_qty"] = true
        object["max_sale_qty"] = 10000
        object["use_config_backorders"] = .bool(!backorders)
        object["backorders"] = backorders ? 1 : 0
        object["use_config_notify_stock_qty"] = true
        object["notify_stock_qty"] = 1
        object["use_config_qty_increments"] = true
        object["qty_increments"] = 0
        object["use_config_enable_qty_inc"] = true
        object["enable_qty_increments"] = false
        object["use_config_manage_stock"] = .bool(manageStock)
        object["manage_stock"] = .bool(manageStock)
        object["low_stock_date"] = .null
        object["is_decimal_divided"] = false
        object["stock_status_changed_auto"] = 0
        return .object(object)
    }

    private func mediaGallery(_ entity: Entity) -> [JSONValue] {
        guard entity.kind != .child else { return [] }
        return entity.product.images.enumerated().map { index, url in
            let name = url.split(separator: "/").last.map(String.init) ?? "image.jpg"
            let letters = Array(name.lowercased().filter { $0.isLetter || $0.isNumber })
            let dispersion = "/" + String(letters.first ?? "x") + "/" + String(letters.dropFirst().first ?? "x") + "/"
            return [
                "id": .int(entity.product.imageID(at: index)), "media_type": "image", "label": .string(entity.product.title),
                "position": .int(index + 1), "disabled": false,
                "types": index == 0 ? ["image", "small_image", "thumbnail"] : [], "file": .string(dispersion + name),
            ]
        }
    }

    /// `custom_attributes`, in the order Magento lists a product's EAV values.
    func customAttributes(_ entity: Entity) -> [(String, JSONValue)] {
        var attributes: [(String, JSONValue)] = []
        if !entity.product.descriptionHTML.isEmpty {
            attributes.append(("description", .string(entity.product.descriptionHTML)))
        }
        if entity.kind == .child, let variant = entity.variant {
            for (name, label) in zip(entity.product.optionNames, variant.options) {
                let code = Self.attributeCode(name)
                attributes.append((code, .string(String(Self.optionID(attribute: code, label: label)))))
            }
        }
        attributes.append(("category_ids", []))
        attributes.append(("options_container", "container2"))
        attributes.append(("required_options", "0"))
        attributes.append(("has_options", entity.kind == .configurable ? "1" : "0"))
        attributes.append(("url_key", .string(entity.urlKey)))
        attributes.append(("tax_class_id", "2"))
        if let special = Self.specialPrice(entity) {
            attributes.append(("special_price", .string(Self.eavDecimal(special))))
        }
        if let barcode = entity.variant?.barcode, !barcode.isEmpty {
            attributes.append(("ean", .string(barcode)))
        }
        if let vendor = entity.product.vendor, entity.kind != .child {
            attributes.append(("manufacturer_name", .string(vendor)))
        }
        return attributes
    }

    // MARK: Searching

    static let productFields: Set<String> = [
        "entity_id", "sku", "name", "price", "special_price", "status", "visibility", "type_id", "attribute_set_id",
        "created_at", "updated_at", "weight", "url_key", "description", "ean", "category_ids", "website_id",
        "store_id", "tax_class_id", "has_options", "required_options", "manufacturer_name",
    ]

    /// Whether products have this attribute: the fixed ones, plus every option attribute in use.
    func knowsProductField(_ name: String) -> Bool {
        Self.productFields.contains(name)
            || entities.contains { $0.kind == .configurable && $0.product.optionNames.contains { Self.attributeCode($0) == name } }
    }

    func productField(_ entity: Entity, _ name: String) -> FieldValue {
        switch name {
        case "entity_id": return .number(Decimal(entity.id))
        case "sku": return .text(entity.sku)
        case "name": return .text(entity.name)
        case "price": return .number(Self.regularPrice(entity)?.decimal ?? 0)
        case "special_price": return Self.specialPrice(entity).map { .number($0.decimal) } ?? .null
        case "status": return .number(Decimal(entity.status))
        case "visibility": return .number(Decimal(entity.visibility))
        case "type_id": return .text(entity.typeID)
        case "attribute_set_id": return .number(4)
        case "created_at": return .date(entity.createdAt)
        case "updated_at": return .date(entity.updatedAt)
        case "weight": return entity.variant?.weight.map { .number($0.grams / 1000) } ?? .null
        case "url_key": return .text(entity.urlKey)
        case "description": return entity.product.descriptionHTML.isEmpty ? .null : .text(entity.product.descriptionHTML)
        case "ean": return entity.variant?.barcode.map { .text($0) } ?? .null
        case "category_ids": return .list([])
        case "website_id": return .list(["1"])
        case "store_id": return .list(["0", "1"])
        case "tax_class_id": return .number(2)
        case "has_options": return .number(entity.kind == .configurable ? 1 : 0)
        case "required_options": return .number(0)
        case "manufacturer_name": return entity.product.vendor.map { .text($0) } ?? .null
        default:
            guard entity.kind == .child, let variant = entity.variant,
                let index = entity.product.optionNames.firstIndex(where: { Self.attributeCode($0) == name }),
                index < variant.options.count
            else { return .null }
            return .number(Decimal(Self.optionID(attribute: name, label: variant.options[index])))
        }
    }
}

extension MagentoCatalog {
    /// An attribute as `GET /V1/products/attributes` answers (catalog-data-product-attribute-interface
    /// in the 2.4.9 schema), its options led by Magento's empty " " option as `/options` shows it.
    func attributeJSON(_ attribute: OptionAttribute) -> JSONValue {
        let options = optionLabels(attribute: attribute.code).map { label -> JSONValue in
            ["label": .string(label), "value": .string(String(Self.optionID(attribute: attribute.code, label: label)))]
        }
        var object = JSONObject()
        object["is_wysiwyg_enabled"] = false
        object["is_html_allowed_on_front"] = true
        object["used_for_sort_by"] = false
        object["is_filterable"] = true
        object["is_filterable_in_search"] = false
        object["is_used_in_grid"] = true
        object["is_visible_in_grid"] = false
        object["is_filterable_in_grid"] = true
        object["position"] = 0
        object["apply_to"] = ["simple", "virtual", "configurable"]
        object["is_searchable"] = "1"
        object["is_visible_in_advanced_search"] = "0"
        object["is_comparable"] = "0"
        object["is_used_for_promo_rules"] = "0"
        object["is_visible_on_front"] = "0"
        object["used_in_product_listing"] = "0"
        object["is_visible"] = true
        object["scope"] = "global"
        object["attribute_id"] = .int(Int64(attribute.id))
        object["attribute_code"] = .string(attribute.code)
        object["frontend_input"] = "select"
        object["entity_type_id"] = "4"
        object["is_required"] = false
        object["options"] = .array([["label": " ", "value": ""]] + options)
        object["is_user_defined"] = true
        object["default_frontend_label"] = .string(attribute.label)
        object["frontend_labels"] = []
        object["backend_type"] = "int"
        object["source_model"] = "Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table"
        object["default_value"] = ""
        object["is_unique"] = "0"
        object["validation_rules"] = []
        return .object(object)
    }
}
