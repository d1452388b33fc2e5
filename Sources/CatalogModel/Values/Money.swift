import Foundation

/// An ISO 4217 currency code, such as `EUR`.
public struct CurrencyCode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let code: String

    /// Creates a currency code from three ASCII letters (any case), or `nil`.
    public init?(_ text: String) {
        let upper = text.trimmingWhitespace().uppercased()
        guard upper.count == 3, upper.unicodeScalars.allSatisfy({ $0.value >= 65 && $0.value <= 90 })
        else { return nil }
        self.code = upper
    }

    /// How many digits follow the decimal point in this currency (ISO 4217's minor unit).
    public var minorUnitDigits: Int {
        switch code {
        case "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI",
            "VND", "VUV", "XAF", "XOF", "XPF":
            0
        case "BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND":
            3
        default:
            2
        }
    }

    public var description: String { code }

    public static let usd = CurrencyCode("USD")!
    public static let eur = CurrencyCode("EUR")!

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let code = CurrencyCode(text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "\"\(text)\" is not a three-letter ISO 4217 currency code")
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(code)
    }
}

/// An exact amount of money in one currency, held as integer minor units (cents).
///
/// Prices are compared and summed exactly; a `Double` never holds money anywhere in Concord.
/// Text is parsed by ``parse(_:currency:)``, which accepts only a plain decimal with a point, so
/// that `19,90` (a European spreadsheet) is an error rather than 1990 or 19.9.
public struct Money: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    /// The amount in the currency's minor unit (cents for EUR, yen for JPY).
    public var minorUnits: Int64
    public var currency: CurrencyCode

    public init(minorUnits: Int64, currency: CurrencyCode) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    /// Parses a decimal amount such as `19.90`, `-3`, or `0.5`.
    ///
    /// - Throws: ``MoneyParseError`` when the text is empty, uses a comma, has an exponent or a
    ///   thousands separator, or has more significant decimals than the currency allows.
    public static func parse(_ text: String, currency: CurrencyCode) throws(MoneyParseError) -> Money {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { throw MoneyParseError(text: text, reason: .empty) }
        var scalars = Substring(trimmed)
        var negative = false
        if scalars.first == "-" {
            negative = true
            scalars = scalars.dropFirst()
        }
        if scalars.contains(",") { throw MoneyParseError(text: text, reason: .comma) }
        if scalars.contains(where: { $0 == "e" || $0 == "E" }) {
            throw MoneyParseError(text: text, reason: .exponent)
        }
        let parts = scalars.split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count <= 2 else { throw MoneyParseError(text: text, reason: .notANumber) }
        let whole = parts[0]
        var fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
            whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit)
        else { throw MoneyParseError(text: text, reason: .notANumber) }
        let digits = currency.minorUnitDigits
        while fraction.count > digits, fraction.last == "0" { fraction = fraction.dropLast() }
        guard fraction.count <= digits else {
            throw MoneyParseError(text: text, reason: .tooPrecise(currency: currency, allowed: digits))
        }
        let padded = String(fraction) + String(repeating: "0", count: digits - fraction.count)
        guard whole.count + padded.count <= 17,
            let value = Int64((whole.isEmpty ? "0" : String(whole)) + padded)
        else { throw MoneyParseError(text: text, reason: .tooLarge) }
        return Money(minorUnits: negative ? -value : value, currency: currency)
    }

    /// The amount as a `Decimal`, for arithmetic with rates and multipliers.
    public var decimal: Decimal {
        Decimal(minorUnits) / pow(Decimal(10), currency.minorUnitDigits)
    }

    /// The amount written as the platforms expect it: `19.90`, `-0.05`, `1200` (for JPY).
    public var amountString: String {
        let digits = currency.minorUnitDigits
        let magnitude = minorUnits.magnitude
        let sign = minorUnits < 0 ? "-" : ""
        guard digits > 0 else { return sign + String(magnitude) }
        var divisor: UInt64 = 1
        for _ in 0..<digits { divisor *= 10 }
        let fraction = String(magnitude % divisor)
        return sign + String(magnitude / divisor) + "."
            + String(repeating: "0", count: digits - fraction.count) + fraction
    }

    /// `19.90 EUR`.
    public var description: String { "\(amountString) \(currency.code)" }

    /// Orders amounts of one currency; amounts in different currencies order by currency code,
    /// which keeps sorting total but says nothing about value.
    public static func < (lhs: Money, rhs: Money) -> Bool {
        lhs.currency == rhs.currency
            ? lhs.minorUnits < rhs.minorUnits : lhs.currency.code < rhs.currency.code
    }

    public var isZero: Bool { minorUnits == 0 }

    enum CodingKeys: String, CodingKey { case amount, currency }

    /// Encoded as `{"amount": "19.90", "currency": "EUR"}`: a string, so no JSON reader turns it
    /// into a binary floating-point number.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(amountString, forKey: .amount)
        try container.encode(currency, forKey: .currency)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let currency = try container.decode(CurrencyCode.self, forKey: .currency)
        let amount = try container.decode(String.self, forKey: .amount)
        do {
            self = try Money.parse(amount, currency: currency)
        } catch {
            throw DecodingError.dataCorruptedError(
                forKey: .amount, in: container, debugDescription: error.description)
        }
    }
}

/// Why a piece of text is not an amount of money.
public struct MoneyParseError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        case empty
        case comma
        case exponent
        case notANumber
        case tooPrecise(currency: CurrencyCode, allowed: Int)
        case tooLarge
    }

    public var text: String
    public var reason: Reason

    public var description: String {
        switch reason {
        case .empty:
            "an amount is required here"
        case .comma:
            "\"\(text)\" uses a comma; write amounts with a decimal point and no thousands separator, e.g. 19.90"
        case .exponent:
            "\"\(text)\" is in scientific notation; a spreadsheet probably reformatted it — write the plain amount"
        case .notANumber:
            "\"\(text)\" is not an amount; write it like 19.90"
        case .tooPrecise(let currency, let allowed):
            "\"\(text)\" has more decimal places than \(currency.code) allows (\(allowed))"
        case .tooLarge:
            "\"\(text)\" is too large to be a price"
        }
    }
}

extension Character {
    var isASCIIDigit: Bool { asciiValue.map { $0 >= 48 && $0 <= 57 } ?? false }
}
