import Foundation

/// A shipping weight with its unit, exact (no binary floating point).
public struct Weight: Hashable, Sendable, Codable, CustomStringConvertible {
    public enum Unit: String, Hashable, Sendable, Codable, CaseIterable {
        case grams = "g"
        case kilograms = "kg"
        case pounds = "lb"
        case ounces = "oz"

        /// Grams in one of this unit (exact for the international avoirdupois pound and ounce).
        var grams: Decimal {
            switch self {
            case .grams: 1
            case .kilograms: 1000
            case .pounds: Decimal(string: "453.59237")!
            case .ounces: Decimal(string: "28.349523125")!
            }
        }

        /// Reads the unit spellings the platforms use (`g`, `kg`, `lb`, `lbs`, `oz`, `GRAMS`, `POUNDS`).
        public init?(platformName: String) {
            switch platformName.trimmingWhitespace().lowercased() {
            case "g", "gram", "grams": self = .grams
            case "kg", "kilogram", "kilograms": self = .kilograms
            case "lb", "lbs", "pound", "pounds": self = .pounds
            case "oz", "ounce", "ounces": self = .ounces
            default: return nil
            }
        }
    }

    public var value: Decimal
    public var unit: Unit

    public init(value: Decimal, unit: Unit) {
        self.value = value
        self.unit = unit
    }

    /// The weight in grams, rounded to a whole milligram so that the same weight written in two
    /// units compares equal.
    public var grams: Decimal {
        var exact = value * unit.grams
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 3, .plain)
        return rounded
    }

    /// Parses a plain decimal such as `0.5`; commas and exponents are refused.
    public static func parse(_ text: String, unit: Unit) -> Weight? {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty,
            trimmed.allSatisfy({ $0.isASCIIDigit || $0 == "." }),
            trimmed.filter({ $0 == "." }).count <= 1,
            let value = Decimal(string: trimmed, locale: Locale(identifier: "en_US_POSIX"))
        else { return nil }
        return Weight(value: value, unit: unit)
    }

    /// The same weight as a number in `unit`, rounded to `fractionDigits` decimals: how a store
    /// that keeps a bare number in its own unit (WooCommerce's text, Magento's decimal(12,4)) is
    /// written. Nil when the rounding would turn a non-zero weight into zero.
    public func value(in unit: Unit, fractionDigits: Int) -> Decimal? {
        if self.unit == unit { return value }
        var exact = grams / Weight(value: 1, unit: unit).grams
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, fractionDigits, .plain)
        return rounded == 0 && value != 0 ? nil : rounded
    }

    public var description: String { "\(value) \(unit.rawValue)" }
}
