import CatalogModel
import Foundation
import SimulatorCore

/// The simulator's products as Magento catalog entities.
///
/// The mapping:
/// - A product with one variant and no options is one `simple` product: entity id = the product's
///   id, SKU = the variant's SKU.
/// - Any other product is a `configurable` parent (entity id = the product's id, SKU = its handle,
///   price 0, no stock of its own) plus one `simple` child per variant (entity id = the variant's
///   id, SKU = the variant's SKU, visibility 1 "Not Visible Individually"), linked through
///   `extension_attributes.configurable_product_links`.
///
/// Listing errors stay visible: a variant without a SKU is an entity with `sku: ""`, and two
/// variants sharing a SKU are two entities (a real Magento refuses both; a broken import or a
/// direct database write leaves them). Lookups by SKU take the first in entity-id order,
/// case-insensitively as MySQL compares.
struct MagentoCatalog: Sendable {
    enum Kind: Sendable {
        case simple
        case configurable
        case child
    }

    struct Entity: Sendable {
        var id: Int64
        var sku: String
        var kind: Kind
        var product: SimProduct
        /// The variant behind a simple product or a child; nil for a configurable parent.
        var variant: SimVariant?

        var typeID: String { kind == .configurable ? "configurable" : "simple" }

        /// Magento only bumps the row it saves; the simulator changes products and variants
        /// together (a title change renames the children), so every entity takes the later of its
        /// product's and its variant's times: an incremental read never misses a change.
        var updatedAt: Date { max(product.updatedAt, variant?.updatedAt ?? product.updatedAt) }
        var createdAt: Date { min(product.createdAt, variant?.createdAt ?? product.createdAt) }

        /// A child's name, as Magento's configurable wizard makes it: `Parent-S-Red`.
        var name: String {
            guard kind == .child, let variant, !variant.options.isEmpty else { return product.title }
            return ([product.title] + variant.options).joined(separator: "-")
        }

        /// 1 enabled, 2 disabled.
        var status: Int { product.status == .active ? 1 : 2 }

        /// 4 "Catalog, Search" for what shoppers browse; 1 "Not Visible Individually" for children.
        var visibility: Int { kind == .child ? 1 : 4 }

        var urlKey: String {
            let base = product.handle.lowercased()
            guard kind == .child, let variant else { return base }
            return ([base] + variant.options.map(MagentoCatalog.slug)).joined(separator: "-")
        }
    }

    let entities: [Entity]
    private let byID: [Int64: Int]
    private let bySKU: [String: Int]
    let locations: [SimLocation]
    let currency: CurrencyCode

    init(_ state: borrowing ShopState) {
        var entities: [Entity] = []
        for product in state.allProducts {
            if Self.isSimple(product), let variant = product.variants.first {
                entities.append(Entity(id: product.id, sku: variant.sku, kind: .simple, product: product, variant: variant))
            } else {
                entities.append(Entity(id: product.id, sku: product.handle, kind: .configurable, product: product, variant: nil))
                for variant in product.variants {
                    entities.append(Entity(id: variant.id, sku: variant.sku, kind: .child, product: product, variant: variant))
                }
            }
        }
        entities.sort { $0.id < $1.id }
        self.entities = entities
        var byID: [Int64: Int] = [:]
        var bySKU: [String: Int] = [:]
        for (index, entity) in entities.enumerated() {
            byID[entity.id] = index
            let key = entity.sku.lowercased()
            if bySKU[key] == nil { bySKU[key] = index }
        }
        self.byID = byID
        self.bySKU = bySKU
        locations = state.locations
        currency = state.currency
    }

    /// One variant and no options: Magento's `simple`. Everything else is `configurable`,
    /// including a configurable created through the API that has no children yet.
    static func isSimple(_ product: SimProduct) -> Bool {
        product.optionNames.isEmpty && product.variants.count == 1
    }

    func entity(sku: String) -> Entity? { bySKU[sku.lowercased()].map { entities[$0] } }
    func entity(id: Int64) -> Entity? { byID[id].map { entities[$0] } }

    /// Every entity with this SKU (more than one only in a store with a duplicate-SKU listing error).
    func entities(sku: String) -> [Entity] {
        let key = sku.lowercased()
        return entities.filter { $0.sku.lowercased() == key }
    }

    func children(of product: SimProduct) -> [Entity] {
        guard !Self.isSimple(product) else { return [] }
        return product.variants.compactMap { entity(id: $0.id) }
    }

    /// The source Magento's legacy stock item (`cataloginventory_stock_item`) mirrors: `default`
    /// when the store has one, else its first source.
    var defaultSource: SimLocation? { locations.first { $0.code == "default" } ?? locations.first }

    static func slug(_ text: String) -> String {
        let lowered = text.lowercased().map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        return lowered.split(separator: "-").joined(separator: "-")
    }

    // MARK: Option attributes

    /// The attribute code an option name becomes (`Size` → `size`, `Water Resistance` → `water_resistance`).
    static func attributeCode(_ optionName: String) -> String {
        slug(optionName).replacingOccurrences(of: "-", with: "_")
    }

    /// A select attribute's option id for a label. Magento stores select values as option ids
    /// (`"size": "168"`); the simulator derives a stable id from the attribute and the label so it
    /// never changes as products come and go.
    static func optionID(attribute: String, label: String) -> Int {
        var hash: UInt32 = 2_166_136_261
        for byte in (attribute + "\u{0}" + label.lowercased()).utf8 {
            hash = (hash ^ UInt32(byte)) &* 16_777_619
        }
        return 100 + Int(hash % 900_000)
    }

    /// A stable attribute id for a configurable option's attribute code.
    static func attributeID(_ code: String) -> Int {
        switch code {
        case "color": 93
        case "size": 144
        default: 200 + optionID(attribute: "attribute", label: code) % 800
        }
    }

    /// A select attribute that configurable products use as an option (`Size` → `size`).
    struct OptionAttribute: Sendable {
        var id: Int
        var code: String
        /// The admin label: the option name as the store's products first spell it.
        var label: String
    }

    /// The option attributes in use, in attribute id order.
    var optionAttributes: [OptionAttribute] {
        var byCode: [String: OptionAttribute] = [:]
        for entity in entities where entity.kind == .configurable {
            for name in entity.product.optionNames {
                let code = Self.attributeCode(name)
                if byCode[code] == nil { byCode[code] = OptionAttribute(id: Self.attributeID(code), code: code, label: name) }
            }
        }
        return byCode.values.sorted { $0.id < $1.id }
    }

    /// Every label used for an option attribute across the store, for `/V1/products/attributes/{code}/options`.
    func optionLabels(attribute code: String) -> [String] {
        var labels: [String] = []
        var seen = Set<String>()
        for entity in entities where entity.kind == .configurable {
            for (index, name) in entity.product.optionNames.enumerated() where Self.attributeCode(name) == code {
                for variant in entity.product.variants where index < variant.options.count {
                    if seen.insert(variant.options[index].lowercased()).inserted { labels.append(variant.options[index]) }
                }
            }
        }
        return labels
    }
}
