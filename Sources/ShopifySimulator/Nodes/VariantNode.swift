import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// `ProductVariant`.
struct VariantNode: GraphNode {
    var product: SimProduct
    var variant: SimVariant
    var typeName: String { "ProductVariant" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("ProductVariant", variant.id).description
        case "legacyResourceId": return String(variant.id)
        case "title": return variant.title
        case "displayName": return product.title + " - " + variant.title
        case "sku": return variant.sku
        case "barcode": return variant.barcode
        case "price": return variant.price.amountString
        case "compareAtPrice": return variant.compareAtPrice?.amountString
        case "position": return variant.position
        case "taxable": return true
        case "inventoryQuantity": return variant.totalAvailable
        case "inventoryPolicy": return variant.allowsBackorder ? "CONTINUE" : "DENY"
        case "availableForSale":
            return product.status == .active && (!variant.tracksInventory || variant.allowsBackorder || variant.totalAvailable > 0)
        case "createdAt": return variant.createdAt.shopifyTimestamp
        case "updatedAt": return variant.updatedAt.shopifyTimestamp
        case "product": return ProductNode(product: product)
        case "inventoryItem": return InventoryItemNode(product: product, variant: variant)
        case "selectedOptions":
            if product.optionNames.isEmpty {
                return list([RecordNode("SelectedOption", ["name": "Title", "value": "Default Title"])])
            }
            return list(zip(product.optionNames, variant.options).map { RecordNode("SelectedOption", ["name": $0, "value": $1]) })
        default:
            return nil
        }
    }

    static func searchValue(_ product: SimProduct, _ variant: SimVariant, field: String) -> SearchQuery.Value? {
        switch field {
        case "": .text([variant.title, variant.sku, product.title])
        case "sku": .text([variant.sku])
        case "barcode": .text([variant.barcode ?? ""])
        case "title": .text([variant.title])
        case "product_id": .number(product.id)
        case "id": .number(variant.id)
        case "product_status": .text([product.status.rawValue])
        case "vendor": .text([product.vendor ?? ""])
        case "inventory_quantity": .number(Int64(variant.totalAvailable))
        case "created_at": .date(variant.createdAt)
        case "updated_at": .date(variant.updatedAt)
        default: nil
        }
    }

    static func position(sortKey: String) -> (SimVariant) -> SortPosition {
        switch sortKey {
        case "POSITION": { SortPosition(value: .number(Int64($0.position)), id: $0.id) }
        case "SKU": { .text($0.sku, id: $0.id) }
        case "TITLE", "NAME", "FULL_TITLE": { .text($0.title, id: $0.id) }
        case "INVENTORY_QUANTITY", "INVENTORY_LEVELS_AVAILABLE": { SortPosition(value: .number(Int64($0.totalAvailable)), id: $0.id) }
        default: { .id($0.id) }
        }
    }

    static func isNumeric(_ sortKey: String) -> Bool { !["SKU", "TITLE", "NAME", "FULL_TITLE"].contains(sortKey) }
}

/// `InventoryItem`: Shopify keeps stock on an item separate from the variant.
struct InventoryItemNode: GraphNode {
    var product: SimProduct
    var variant: SimVariant
    var typeName: String { "InventoryItem" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("InventoryItem", variant.inventoryItemID).description
        case "legacyResourceId": return String(variant.inventoryItemID)
        case "sku": return variant.sku
        case "tracked": return variant.tracksInventory
        case "requiresShipping": return true
        case "createdAt": return variant.createdAt.shopifyTimestamp
        case "updatedAt": return variant.updatedAt.shopifyTimestamp
        case "duplicateSkuCount": return variant.sku.isEmpty ? 0 : max(0, context.state.variants(sku: variant.sku).count - 1)
        case "variant": return VariantNode(product: product, variant: variant)
        case "measurement":
            let weight = variant.weight.map { weight in
                RecordNode("Weight", ["unit": Self.weightUnit(weight.unit), "value": NSDecimalNumber(decimal: weight.value).doubleValue])
            }
            return RecordNode(
                "InventoryItemMeasurement",
                [
                    "id": GlobalID("InventoryItemMeasurement", variant.inventoryItemID).description, "weight": weight,
                ])
        case "inventoryLevel":
            guard let id = GlobalID.id(args[argument: "locationId"]?.text, type: "Location"),
                let location = context.state.location(id: id), isStocked(at: id)
            else { return nil }
            return InventoryLevelNode(product: product, variant: variant, location: location)
        case "inventoryLevels":
            let page = try context.pageArguments(args, field: "inventoryLevels")
            let locations = context.state.locations.filter { isStocked(at: $0.id) }
            return try ConnectionNode.page("InventoryLevelConnection", items: locations, position: { .id($0.id) }, arguments: page) {
                InventoryLevelNode(product: product, variant: variant, location: $0)
            }
        default:
            return nil
        }
    }

    static func weightUnit(_ unit: Weight.Unit) -> String {
        switch unit {
        case .grams: "GRAMS"
        case .kilograms: "KILOGRAMS"
        case .pounds: "POUNDS"
        case .ounces: "OUNCES"
        }
    }

    func isStocked(at location: Int64) -> Bool {
        variant.available[location] != nil || variant.committed[location] != nil
    }
}

/// `InventoryLevel`: one item's quantities at one location.
struct InventoryLevelNode: GraphNode {
    var product: SimProduct
    var variant: SimVariant
    var location: SimLocation
    var typeName: String { "InventoryLevel" }

    /// The quantity names Shopify knows; the simulator tracks `available` and `committed`.
    static let quantityNames: Set<String> = [
        "available", "committed", "damaged", "incoming", "on_hand", "quality_control", "reserved", "safety_stock",
    ]

    func quantity(_ name: String) -> Int {
        switch name {
        case "available": variant.available[location.id] ?? 0
        case "committed": variant.committed[location.id] ?? 0
        case "on_hand": variant.onHand(at: location.id)
        default: 0
        }
    }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id":
            return GlobalID("InventoryLevel", location.id, query: "inventory_item_id=\(variant.inventoryItemID)").description
        case "createdAt": return variant.createdAt.shopifyTimestamp
        case "updatedAt": return variant.updatedAt.shopifyTimestamp
        case "item": return InventoryItemNode(product: product, variant: variant)
        case "location": return LocationNode(location: location)
        case "quantities":
            let names = args[argument: "names"]?.items.compactMap(\.text) ?? []
            if let unknown = names.first(where: { !Self.quantityNames.contains($0) }) {
                throw ShopifyFieldError(
                    "The quantity name '\(unknown)' is not valid. Valid names are: \(Self.quantityNames.sorted().joined(separator: ", ")).",
                    code: "BAD_REQUEST")
            }
            return list(
                names.map { name in
                    RecordNode(
                        "InventoryQuantity",
                        [
                            "id": GlobalID(
                                "InventoryQuantity", location.id, query: "inventory_item_id=\(variant.inventoryItemID)&name=\(name)"
                            ).description,
                            "name": name, "quantity": quantity(name), "updatedAt": variant.updatedAt.shopifyTimestamp,
                        ])
                })
        default:
            return nil
        }
    }
}

/// `Location`.
struct LocationNode: GraphNode {
    var location: SimLocation
    var typeName: String { "Location" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("Location", location.id).description
        case "legacyResourceId": return String(location.id)
        case "name": return location.name
        case "isActive", "hasActiveInventory", "fulfillsOnlineOrders", "shipsInventory": return location.isActive
        case "activatable": return !location.isActive
        case "deactivatable": return location.isActive
        case "createdAt", "updatedAt": return Date(timeIntervalSince1970: 1_577_836_800).shopifyTimestamp
        case "inventoryLevel":
            guard let item = GlobalID.id(args[argument: "inventoryItemId"]?.text, type: "InventoryItem"),
                let (product, variant) = context.state.variant(inventoryItemID: item),
                variant.available[location.id] != nil || variant.committed[location.id] != nil
            else { return nil }
            return InventoryLevelNode(product: product, variant: variant, location: location)
        case "inventoryLevels":
            let page = try context.pageArguments(args, field: "inventoryLevels")
            let id = location.id
            // Shopify filters a location's levels by `updated_at` (and a few more fields); a level
            // changes when its variant's stock does, which stamps the variant's `updatedAt`.
            let search = SearchQuery(page.query)
            let stocked = context.state.allProducts.flatMap { product in
                product.variants.filter { $0.available[id] != nil || $0.committed[id] != nil }.map { (product, $0) }
            }.filter { pair in search.matches { VariantNode.searchValue(pair.0, pair.1, field: $0) } }
            return try ConnectionNode.page(
                "InventoryLevelConnection", items: stocked, position: { .id($0.1.inventoryItemID) }, arguments: page, fault: context.fault
            ) {
                InventoryLevelNode(product: $0.0, variant: $0.1, location: location)
            }
        default:
            return nil
        }
    }
}
