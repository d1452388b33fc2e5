import CatalogModel
import Foundation
import JSONValue

/// Reads the fields of a request body the way WordPress's schema validation reads them: a wrong
/// type is a 400 `rest_invalid_param` naming the field; absent means "leave as it is".
struct BodyFields: Sendable {
    var object: JSONObject

    init(_ object: JSONObject) { self.object = object }

    func has(_ key: String) -> Bool { object[key] != nil }

    func string(_ key: String) throws(WooError) -> String? {
        switch object[key] {
        case nil: return nil
        case .null?: return ""
        case .string(let text)?: return text
        case .number(let text)?: return text
        default: throw .invalidParam(key, "\(key) is not of type string.")
        }
    }

    func bool(_ key: String) throws(WooError) -> Bool? {
        switch object[key] {
        case nil: return nil
        case .bool(let flag)?: return flag
        case .number(let text)?: return text != "0"
        case .string(let text)?:
            switch text.lowercased() {
            case "true", "1", "yes": return true
            case "false", "0", "no", "": return false
            default: throw .invalidParam(key, "\(key) is not of type boolean.")
            }
        default: throw .invalidParam(key, "\(key) is not of type boolean.")
        }
    }

    func int(_ key: String) throws(WooError) -> Int? {
        switch object[key] {
        case nil, .null?: return nil
        case let value?:
            guard let number = value.intValue else { throw .invalidParam(key, "\(key) is not of type integer.") }
            return number
        }
    }

    func array(_ key: String) throws(WooError) -> [JSONValue]? {
        switch object[key] {
        case nil, .null?: return nil
        case .array(let items)?: return items
        default: throw .invalidParam(key, "\(key) is not of type array.")
        }
    }

    func object(_ key: String) throws(WooError) -> JSONObject? {
        switch object[key] {
        case nil, .null?: return nil
        case .object(let value)?: return value
        default: throw .invalidParam(key, "\(key) is not of type object.")
        }
    }

    /// A price string ("19.90", "" for none) in the store's currency.
    func money(_ key: String, currency: CurrencyCode) throws(WooError) -> Money?? {
        guard let text = try string(key) else { return nil }
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return .some(nil) }
        do {
            return .some(try Money.parse(text, currency: currency))
        } catch {
            throw .invalidParam(key, "\(key) is not a price: \(error.description)")
        }
    }
}
