import Foundation

/// How a store's price follows the catalog price: multiply, add a markup, then round.
///
/// Factors are decimals written as strings in the TOML (`multiplier = "1.10"`), because TOML
/// floats are binary and money never passes through binary floating point.
public struct PriceRule: Hashable, Sendable {
    public var multiplier: Decimal
    public var markup: Decimal
    /// Round the result so that it ends in these cents (`.99`, `.95`, `.00`), upwards.
    public var endingCents: Int?
    public var currency: CurrencyCode?

    public init(multiplier: Decimal = 1, markup: Decimal = 0, endingCents: Int? = nil, currency: CurrencyCode? = nil) {
        self.multiplier = multiplier
        self.markup = markup
        self.endingCents = endingCents
        self.currency = currency
    }
}
