import CatalogModel
import Foundation

/// The compact text a base value is kept as inside a packed base row (``BaseRows``).
///
/// A base is read for every field of every listing of every store at every plan: at a million
/// SKUs, ten million values a store. As JSON (`{"money":{"_0":{"currency":"EUR","minorUnits":1999}}}`)
/// each took about 1.5 µs to scan and 50 bytes to keep; as `mEUR:1999` it is a tag byte and the
/// value's own text. One letter says the case:
///
/// | value | text |
/// | --- | --- |
/// | `.none` | `n` |
/// | `.quantity(7)` | `q7` |
/// | `.money(19.99 EUR)` | `mEUR:1999` (minor units) |
/// | `.text("Tee")` | `tTee` |
/// | `.status(.active)` | `sactive` |
/// | `.list(["a.jpg", "b.png"])` | `l2:a.jpg<GS>b.png` (count, then items split by U+001D) |
/// | `.weight(1.25 kg)` | `wkg:1.25` |
///
/// Text is escaped only where it holds a backslash or one of the row's separators (U+001D to
/// U+001F): `\\`, `\g`, `\r`, `\u`. A value starting with `{` is JSON, as written before the
/// packing (a review decision's undo may hand one back), and reads through ``JSONColumn``.
package enum BaseValueCodec {
    package static func encode(_ value: FieldValue) -> String {
        switch value {
        case .none: "n"
        case .quantity(let units): "q" + String(units)
        case .money(let money): "m" + money.currency.code + ":" + String(money.minorUnits)
        case .text(let text): "t" + escape(text)
        case .status(let status): "s" + status.rawValue
        case .list(let items): "l" + String(items.count) + ":" + items.map(escape).joined(separator: "\u{1D}")
        case .weight(let weight): "w" + weight.unit.rawValue + ":" + "\(weight.value)"
        }
    }

    package static func decode(_ text: Substring) throws -> FieldValue {
        guard let tag = text.utf8.first else { throw BaseValueError(text: text) }
        let body = text.dropFirst()
        switch tag {
        case UInt8(ascii: "n") where body.isEmpty: return .none
        case UInt8(ascii: "q"): if let units = Int(body) { return .quantity(units) }
        case UInt8(ascii: "m"):
            if let colon = body.firstIndex(of: ":"), let currency = CurrencyCode(String(body[..<colon])),
                let minor = Int64(body[body.index(after: colon)...])
            {
                return .money(Money(minorUnits: minor, currency: currency))
            }
        case UInt8(ascii: "t"): return .text(unescape(body))
        case UInt8(ascii: "s"): if let status = ListingStatus(rawValue: String(body)) { return .status(status) }
        case UInt8(ascii: "l"):
            if let colon = body.firstIndex(of: ":"), let count = Int(body[..<colon]) {
                let items = body[body.index(after: colon)...]
                let list = count == 0 ? [] : items.split(separator: "\u{1D}", omittingEmptySubsequences: false).map(unescape)
                if list.count == count { return .list(list) }
            }
        case UInt8(ascii: "w"):
            if let colon = body.firstIndex(of: ":"), let unit = Weight.Unit(rawValue: String(body[..<colon])),
                let amount = Decimal(string: String(body[body.index(after: colon)...]), locale: Locale(identifier: "en_US_POSIX"))
            {
                return .weight(Weight(value: amount, unit: unit))
            }
        case UInt8(ascii: "{"): return try JSONColumn.decode(text, as: FieldValue.self)
        default: break
        }
        throw BaseValueError(text: text)
    }

    package static func decode(_ text: String) throws -> FieldValue { try decode(text[...]) }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || (0x1D...0x1F).contains($0) }) else { return text }
        var output = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\u{1D}": output += "\\g"
            case "\u{1E}": output += "\\r"
            case "\u{1F}": output += "\\u"
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output
    }

    static func unescape(_ text: Substring) -> String {
        guard text.utf8.contains(0x5C) else { return String(text) }
        var output = ""
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                switch scalar {
                case "g": output += "\u{1D}"
                case "r": output += "\u{1E}"
                case "u": output += "\u{1F}"
                default: output.unicodeScalars.append(scalar)
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}

/// A packed base value that is none of the forms ``BaseValueCodec`` writes.
struct BaseValueError: Error, CustomStringConvertible {
    var text: Substring
    var description: String { "an unreadable base value (\(text.prefix(40)))" }
}
