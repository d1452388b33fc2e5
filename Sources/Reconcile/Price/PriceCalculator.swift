import CatalogModel
import Foundation

/// A store's ``PriceRule`` compiled to integer arithmetic on minor units.
///
/// The rule's decimals are turned into an exact integer ratio once, so each price costs a few
/// integer operations and never touches binary floating point: `expected = round(price ×
/// multiplier) + markup`, rounded half away from zero to the target currency's minor unit, then
/// raised to the next amount ending in ``PriceRule/endingCents``. When the rule names another
/// currency, the multiplier is the exchange rate and the amount moves between the two currencies'
/// minor units (EUR cents → JPY yen).
public struct PriceCalculator: Hashable, Sendable {
    public let rule: PriceRule
    /// The multiplier as `numerator / 10^scale`.
    let numerator: Int64
    let scale: Int
    /// The markup as a decimal, converted to the target currency's minor units when used.
    let markup: Decimal
    let isIdentity: Bool
    /// False when the rule cannot be expressed exactly (more than 18 significant digits).
    public let isValid: Bool

    public init(rule: PriceRule) {
        self.rule = rule
        let parsed = Self.exactRatio(rule.multiplier)
        numerator = parsed?.numerator ?? 0
        scale = parsed?.scale ?? 0
        markup = rule.markup
        isValid = parsed != nil && (rule.endingCents.map { (0..<100).contains($0) } ?? true)
        isIdentity = rule.multiplier == 1 && rule.markup == 0 && rule.endingCents == nil && rule.currency == nil
    }

    /// Whether a store price can be carried back into the catalog unchanged (the rule is the
    /// identity): only then may a store value be pulled.
    public var allowsPull: Bool { isIdentity }

    /// The price the store should show for a catalog price, or `nil` when the rule cannot compute
    /// it (invalid rule or an amount that overflows 64 bits).
    public func expectedPrice(for price: Money) -> Money? {
        if isIdentity { return price }
        guard isValid else { return nil }
        let target = rule.currency ?? price.currency
        let targetDigits = target.minorUnitDigits
        // minor_t = minor_s × numerator × 10^(targetDigits − sourceDigits − scale)
        let exponent = targetDigits - price.currency.minorUnitDigits - scale
        let (product, overflow) = price.minorUnits.multipliedReportingOverflow(by: numerator)
        guard !overflow else { return nil }
        var amount: Int64
        if exponent >= 0 {
            guard let factor = Self.powerOfTen(exponent) else { return nil }
            let (scaled, scaledOverflow) = product.multipliedReportingOverflow(by: factor)
            guard !scaledOverflow else { return nil }
            amount = scaled
        } else {
            guard let divisor = Self.powerOfTen(-exponent) else { return nil }
            amount = Self.divideRoundingHalfAwayFromZero(product, by: divisor)
        }
        guard let markupMinor = Self.minorUnits(markup, digits: targetDigits) else { return nil }
        let (withMarkup, markupOverflow) = amount.addingReportingOverflow(markupMinor)
        guard !markupOverflow else { return nil }
        amount = withMarkup
        if let ending = rule.endingCents, let rounded = Self.roundUp(amount, endingCents: ending, digits: targetDigits) {
            amount = rounded
        }
        return Money(minorUnits: amount, currency: target)
    }

    /// Raises a positive amount to the next one whose last two decimals are `endingCents`
    /// (`.99`, `.95`, `.00`). Currencies without cents (JPY) are left alone; for three-decimal
    /// currencies the ending applies to the first two decimals. Zero and negative amounts are
    /// left alone: they are errors to report, not prices to round.
    static func roundUp(_ amount: Int64, endingCents: Int, digits: Int) -> Int64? {
        guard digits >= 2, amount > 0, let unit = powerOfTen(digits), let cent = powerOfTen(digits - 2) else {
            return amount
        }
        let ending = Int64(endingCents) * cent
        let base = amount - amount % unit
        var candidate = base + ending
        if candidate < amount { candidate += unit }
        return candidate
    }

    static func divideRoundingHalfAwayFromZero(_ value: Int64, by divisor: Int64) -> Int64 {
        let quotient = value / divisor
        let remainder = value % divisor
        if remainder.magnitude * 2 >= divisor.magnitude {
            return value < 0 ? quotient - 1 : quotient + 1
        }
        return quotient
    }

    static func powerOfTen(_ exponent: Int) -> Int64? {
        guard exponent >= 0, exponent <= 18 else { return nil }
        var result: Int64 = 1
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// A decimal amount in minor units, rounded half away from zero.
    static func minorUnits(_ value: Decimal, digits: Int) -> Int64? {
        guard value != 0 else { return 0 }
        guard let ratio = exactRatio(value) else { return nil }
        let exponent = digits - ratio.scale
        if exponent >= 0 {
            guard let factor = powerOfTen(exponent) else { return nil }
            let (scaled, overflow) = ratio.numerator.multipliedReportingOverflow(by: factor)
            return overflow ? nil : scaled
        }
        guard let divisor = powerOfTen(-exponent) else { return 0 }
        return divideRoundingHalfAwayFromZero(ratio.numerator, by: divisor)
    }

    /// A decimal as `numerator / 10^scale` with an Int64 numerator, read from its exact text.
    static func exactRatio(_ value: Decimal) -> (numerator: Int64, scale: Int)? {
        guard value.isFinite else { return nil }
        // Decimal's description is exact and plain (`1.1`, `-0.000001`, `1000`), never an exponent.
        let text = value.description
        var numerator: Int64 = 0
        var scale = 0
        var negative = false
        var afterPoint = false
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): afterPoint = true
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                let (times, overflowA) = numerator.multipliedReportingOverflow(by: 10)
                let (next, overflowB) = times.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
                guard !overflowA, !overflowB else { return nil }
                numerator = next
                if afterPoint { scale += 1 }
            default: return nil
            }
        }
        return (negative ? -numerator : numerator, scale)
    }
}

extension PriceRule {
    /// The price a store following this rule should show for a catalog price.
    public func expectedPrice(for price: Money) -> Money? { PriceCalculator(rule: self).expectedPrice(for: price) }
}
