import CatalogModel
import Foundation
import JSONValue
import Synchronization

/// The select attributes configurable products are configured by, with the labels of their
/// option values: what turns a child's `"size": "168"` into `Size: M`.
///
/// Magento keeps a configurable child's option values as option ids in `custom_attributes`, and
/// the parent's `configurable_product_options` names only the attribute ids; the labels come from
/// `GET /V1/products/attributes` (GetV1ProductsAttributes in the 2.4.9 schema,
/// catalog-data-product-attribute-interface: `attribute_id`, `attribute_code`,
/// `default_frontend_label`, `options[{label, value}]`), one search for every attribute of a read.
/// `GET /V1/configurable-products/{sku}/options/all` would not do: it answers the same
/// `configurable_product_options` (attribute id, label, `value_index`es) without value labels,
/// and costs a call per product.
public struct MagentoOptionAttributes: Hashable, Sendable {
    public struct Attribute: Hashable, Sendable {
        public var id: String
        public var code: String
        public var label: String
        /// Option id (`value`) → label.
        public var values: [String: String]
    }

    /// By attribute id.
    public var byID: [String: Attribute] = [:]

    public init() {}

    /// From the items of an attribute search.
    public init(items: [JSONValue]) {
        for item in items {
            guard let id = MagentoPayloadParser.id(item["attribute_id"]), let code = item["attribute_code"]?.stringValue else { continue }
            var values: [String: String] = [:]
            for option in item["options"]?.arrayValue ?? [] {
                // The leading " " option with an empty value stands for "none".
                guard let value = MagentoPayloadParser.text(option["value"]), let label = option["label"]?.stringValue,
                    !label.trimmingCharacters(in: .whitespaces).isEmpty
                else { continue }
                values[value] = label
            }
            byID[id] = Attribute(id: id, code: code, label: item["default_frontend_label"]?.stringValue ?? code, values: values)
        }
    }

    /// The attribute ids a configurable is configured by, in its options' `position` order.
    public static func attributeIDs(of parent: JSONValue) -> [String] {
        options(of: parent).compactMap { MagentoPayloadParser.id($0["attribute_id"]) }
    }

    static func options(of parent: JSONValue) -> [JSONValue] {
        (parent["extension_attributes"]?["configurable_product_options"]?.arrayValue ?? []).enumerated().sorted {
            ($0.element["position"]?.intValue ?? $0.offset, $0.offset) < ($1.element["position"]?.intValue ?? $1.offset, $1.offset)
        }.map(\.element)
    }

    /// A child's option names and values, in the parent's option order; nil when any of them is
    /// unknown (an attribute not read, or a value added since), so that no half-named variant is
    /// reported.
    public func options(child: JSONValue, parent: JSONValue) -> (names: [String], values: [String])? {
        var names: [String] = []
        var values: [String] = []
        for option in Self.options(of: parent) {
            guard let id = MagentoPayloadParser.id(option["attribute_id"]), let attribute = byID[id],
                let valueID = MagentoPayloadParser.text(MagentoPayloadParser.customAttribute(child, attribute.code)),
                let value = attribute.values[valueID]
            else { return nil }
            // The option's own label is the store view's name for it; the attribute's is the admin's.
            let label = option["label"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? attribute.label
            names.append(label)
            values.append(value)
        }
        return names.isEmpty ? nil : (names, values)
    }
}

/// Option attributes read before, remembered for the adapter's life and read again only when a
/// read meets an attribute or value they do not know.
final class OptionAttributeCache: Sendable {
    let value = Mutex(MagentoOptionAttributes())
}
