import Foundation
import JSONValue

/// Magento's partial responses: `?fields=items[sku,name],total_count` keeps only the named keys,
/// `extension_attributes[stock_item[qty]]` reaches into nested objects, and a name without
/// brackets keeps the whole value
/// (https://developer.adobe.com/commerce/webapi/rest/use-rest/retrieve-filtered-responses/).
/// Lists are filtered item by item; kept keys stay in the response's own order, as Magento's
/// `array_intersect_key` keeps them.
struct FieldsFilter: Sendable {
    /// A key to keep, and the keys to keep inside it (nil: all of it).
    indirect enum Selection: Sendable {
        case all
        case some([String: Selection])
    }

    let selection: [String: Selection]

    init(_ text: String) {
        var index = text.startIndex
        selection = Self.parseList(text, &index)
    }

    private static func parseList(_ text: String, _ index: inout String.Index) -> [String: Selection] {
        var result: [String: Selection] = [:]
        var name = ""
        func flush(_ nested: Selection = .all) {
            let key = name.trimmingCharacters(in: .whitespaces)
            if !key.isEmpty { result[key] = nested }
            name = ""
        }
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            switch character {
            case ",": flush()
            case "[":
                let nested = parseList(text, &index)
                flush(.some(nested))
            case "]":
                flush()
                return result
            default:
                name.append(character)
            }
        }
        flush()
        return result
    }

    func apply(to value: JSONValue) -> JSONValue {
        Self.apply(.some(selection), to: value)
    }

    private static func apply(_ selection: Selection, to value: JSONValue) -> JSONValue {
        guard case .some(let keys) = selection else { return value }
        switch value {
        case .array(let items):
            return .array(items.map { apply(selection, to: $0) })
        case .object(let object):
            var kept = JSONObject()
            for (key, child) in object {
                if let nested = keys[key] { kept[key] = apply(nested, to: child) }
            }
            return .object(kept)
        default:
            return value
        }
    }
}
