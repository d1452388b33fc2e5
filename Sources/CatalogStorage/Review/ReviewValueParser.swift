import CatalogModel

/// Reads a value a person typed for one field (the screen's `e`, `resolve --take value=X`).
///
/// One parser for both, so that `19,90` is refused with the same words in the terminal and in a
/// script, and a price never passes through a `Double`.
public enum ReviewValueParser {
    /// Parses `text` as a value of `field`.
    ///
    /// - Parameters:
    ///   - text: what was typed.
    ///   - field: the field it is for.
    ///   - currency: the currency of money fields (the item's own values say which).
    /// - Returns: the value, or a message saying what is wrong and how to write it.
    public static func parse(_ text: String, for field: Change.Field, currency: CurrencyCode?) -> Result<FieldValue, ReviewValueError> {
        let trimmed = text.trimmingWhitespace()
        func fail(_ message: String) -> Result<FieldValue, ReviewValueError> { .failure(ReviewValueError(message: message)) }
        let isNone = trimmed.isEmpty || trimmed.lowercased() == "none"
        switch field {
        case .stock:
            guard let units = Int(trimmed), units >= 0 else { return fail("stock is a whole number of units, 0 or more (e.g. 12)") }
            return .success(.quantity(units))
        case .price, .compareAtPrice:
            if field == .compareAtPrice, isNone { return .success(.none) }
            guard let currency else { return fail("the item has no currency to read an amount in; re-run concord plan") }
            do {
                let money = try Money.parse(trimmed, currency: currency)
                guard money.minorUnits > 0 else { return fail("a price must be above zero (e.g. 19.90)") }
                return .success(.money(money))
            } catch {
                return fail(error.description)
            }
        case .barcode:
            if isNone { return .success(.none) }
            guard trimmed.allSatisfy({ $0.isASCII && $0.isNumber }), [8, 12, 13, 14].contains(trimmed.count),
                Barcode(trimmed)?.isValidGTIN == true
            else {
                return fail("\"\(trimmed)\" is not a valid GTIN: 8, 12, 13 or 14 digits with a correct check digit; type none to clear it")
            }
            return .success(.text(trimmed))
        case .title:
            guard !trimmed.isEmpty else { return fail("a title cannot be empty") }
            return .success(.text(trimmed))
        case .description:
            return .success(.text(text))
        case .status:
            guard let status = ListingStatus(rawValue: trimmed.lowercased()) else {
                return fail("a status is one of: " + ListingStatus.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return .success(.status(status))
        case .images:
            if isNone { return .success(.list([])) }
            let urls = trimmed.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty }
            guard urls.allSatisfy({ $0.hasPrefix("https://") || $0.hasPrefix("http://") }) else {
                return fail("images are URLs separated by commas (https://...)")
            }
            return .success(.list(urls))
        case .weight:
            if isNone { return .success(.none) }
            let parts = trimmed.split(separator: " ", omittingEmptySubsequences: true)
            guard parts.count == 2, let unit = Weight.Unit(platformName: String(parts[1])),
                let weight = Weight.parse(String(parts[0]), unit: unit)
            else { return fail("a weight is a number and a unit (g, kg, lb, oz), e.g. 0.5 kg") }
            return .success(.weight(weight))
        }
    }
}

/// A typed value that does not fit its field.
public struct ReviewValueError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public init(message: String) { self.message = message }
    public var description: String { message }
}

extension FieldValue {
    /// The currency of a money value.
    public var currency: CurrencyCode? {
        if case .money(let money) = self { return money.currency }
        return nil
    }
}
