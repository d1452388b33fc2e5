import CatalogModel
import Foundation

/// Fast paths of ``JSONColumn`` for the values read and written millions of times per run: base
/// values (one per SKU, field and store), option and image lists, stock levels.
///
/// They write the JSON `JSONEncoder` writes for these types (synthesized `Codable`: `{"quantity":
/// {"_0":5}}`, `{"none":{}}`) and read it with ``ColumnJSONScanner``; whatever the scanner does not
/// recognise is read by `JSONDecoder`, so the column format is unchanged and older rows read as
/// before. Overload resolution picks these wherever the static type is one of them.
extension JSONColumn {
    // MARK: Field values

    static func encode(_ value: FieldValue) -> String {
        var output = "{\""
        switch value {
        case .quantity(let quantity):
            output += "quantity\":{\"_0\":\(quantity)}}"
        case .money(let money):
            output += "money\":{\"_0\":"
            appendMoney(money, to: &output)
            output += "}}"
        case .text(let text):
            output += "text\":{\"_0\":"
            ColumnJSONWriter.quoted(text, into: &output)
            output += "}}"
        case .status(let status):
            output += "status\":{\"_0\":"
            ColumnJSONWriter.quoted(status.rawValue, into: &output)
            output += "}}"
        case .list(let items):
            output += "list\":{\"_0\":"
            ColumnJSONWriter.stringArray(items, into: &output)
            output += "}}"
        case .weight(let weight):
            output += "weight\":{\"_0\":{\"unit\":"
            ColumnJSONWriter.quoted(weight.unit.rawValue, into: &output)
            output += ",\"value\":\(weight.value)}}}"
        case .none:
            output += "none\":{}}"
        }
        return output
    }

    static func decode(_ text: String, as type: FieldValue.Type) throws -> FieldValue {
        var scanner = ColumnJSONScanner(text)
        if let value = fieldValue(&scanner), scanner.isAtEnd { return value }
        return try JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))
    }

    /// The same from part of a packed row, without copying it into a `String` first.
    static func decode(_ text: Substring, as type: FieldValue.Type) throws -> FieldValue {
        var scanner = ColumnJSONScanner(text)
        if let value = fieldValue(&scanner), scanner.isAtEnd { return value }
        return try JSONDecoder().decode(FieldValue.self, from: Data(text.utf8))
    }

    private static func fieldValue(_ scanner: inout ColumnJSONScanner) -> FieldValue? {
        var result: FieldValue?
        let read = scanner.object { scanner, kind in
            guard result == nil else { return false }
            if kind == "none" {
                result = scanner.object { _, _ in false } ? FieldValue.none : nil
                return result != nil
            }
            return scanner.object { scanner, key in
                guard key == "_0", result == nil else { return false }
                switch kind {
                case "quantity": result = scanner.integer().map(FieldValue.quantity)
                case "money": result = money(&scanner).map(FieldValue.money)
                case "text": result = scanner.string().map(FieldValue.text)
                case "status": result = scanner.string().flatMap(ListingStatus.init(rawValue:)).map(FieldValue.status)
                case "list": result = scanner.stringArray().map(FieldValue.list)
                case "weight": result = weight(&scanner).map(FieldValue.weight)
                default: return false
                }
                return result != nil
            }
        }
        return read ? result : nil
    }

    private static func appendMoney(_ money: Money, to output: inout String) {
        output += "{\"amount\":"
        ColumnJSONWriter.quoted(money.amountString, into: &output)
        output += ",\"currency\":"
        ColumnJSONWriter.quoted(money.currency.code, into: &output)
        output += "}"
    }

    private static func money(_ scanner: inout ColumnJSONScanner) -> Money? {
        var amount: String?
        var currency: String?
        let read = scanner.object { scanner, key in
            switch key {
            case "amount": amount = scanner.string()
            case "currency": currency = scanner.string()
            default: return false
            }
            return true
        }
        guard read, let amount, let code = currency.flatMap(CurrencyCode.init) else { return nil }
        return try? Money.parse(amount, currency: code)
    }

    private static func weight(_ scanner: inout ColumnJSONScanner) -> Weight? {
        var unit: Weight.Unit?
        var value: Decimal?
        let read = scanner.object { scanner, key in
            switch key {
            case "unit": unit = scanner.string().flatMap(Weight.Unit.init(rawValue:))
            case "value": value = scanner.numberText().flatMap { Decimal(string: $0, locale: Locale(identifier: "en_US_POSIX")) }
            default: return false
            }
            return true
        }
        guard read, let unit, let value else { return nil }
        return Weight(value: value, unit: unit)
    }

    // MARK: String lists

    static func encode(_ items: [String]) -> String {
        var output = ""
        ColumnJSONWriter.stringArray(items, into: &output)
        return output
    }

    package static func decode(_ text: String, as type: [String].Type = [String].self) throws -> [String] {
        var scanner = ColumnJSONScanner(text)
        if let items = scanner.stringArray(), scanner.isAtEnd { return items }
        return try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }

    // MARK: Stock levels

    static func encode(_ levels: [StockLevel]) -> String {
        var output = "["
        for (index, level) in levels.enumerated() {
            if index > 0 { output += "," }
            output += "{\"available\":\(level.available),\"committed\":\(level.committed),\"location\":"
            ColumnJSONWriter.quoted(level.location, into: &output)
            output += ",\"onHand\":\(level.onHand)}"
        }
        return output + "]"
    }

    package static func decode(_ text: String, as type: [StockLevel].Type = [StockLevel].self) throws -> [StockLevel] {
        var scanner = ColumnJSONScanner(text)
        if let levels = stockLevels(&scanner), scanner.isAtEnd { return levels }
        return try JSONDecoder().decode([StockLevel].self, from: Data(text.utf8))
    }

    private static func stockLevels(_ scanner: inout ColumnJSONScanner) -> [StockLevel]? {
        guard scanner.take(UInt8(ascii: "[")) else { return nil }
        var levels: [StockLevel] = []
        if scanner.take(UInt8(ascii: "]")) { return levels }
        repeat {
            var location: String?
            var onHand: Int?
            var available: Int?
            var committed: Int?
            let read = scanner.object { scanner, key in
                switch key {
                case "location": location = scanner.string()
                case "onHand": onHand = scanner.integer()
                case "available": available = scanner.integer()
                case "committed": committed = scanner.integer()
                default: return false
                }
                return true
            }
            guard read, let location, let onHand, let available, let committed else { return nil }
            levels.append(StockLevel(location: location, onHand: onHand, available: available, committed: committed))
        } while scanner.take(UInt8(ascii: ","))
        return scanner.take(UInt8(ascii: "]")) ? levels : nil
    }
}
