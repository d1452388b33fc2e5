import Foundation
import GraphQL
import JSONValue

/// Conversions between the executor's `Map` and the simulator's lossless `JSONValue`.
enum MapJSON {
    static func map(_ json: JSONValue) -> Map {
        switch json {
        case .null: return .null
        case .bool(let bool): return .bool(bool)
        case .string(let string): return .string(string)
        case .number(let text):
            if let int = Int(text) { return .number(Number(int)) }
            return .number(Number(Double(text) ?? 0))
        case .array(let items): return .array(items.map(map))
        case .object(let object):
            // OrderedDictionary's module is GraphQLSwift's dependency, not ours: take its type from an empty case.
            guard case .dictionary(var dictionary) = Map.dictionary([:]) else { return .null }
            for (key, value) in object { dictionary[key] = map(value) }
            return .dictionary(dictionary)
        }
    }

    static func json(_ map: Map) -> JSONValue {
        switch map {
        case .undefined, .null: return .null
        case .bool(let bool): return .bool(bool)
        case .string(let string): return .string(string)
        case .number(var number):
            switch number.storageType {
            case .bool: return .bool(number.boolValue)
            case .int: return .int(number.intValue)
            default: return .number(number.number.stringValue)
            }
        case .array(let items): return .array(items.map(json))
        case .dictionary(let dictionary):
            return .object(JSONObject(dictionary.map { ($0.key, json($0.value)) }))
        }
    }
}
