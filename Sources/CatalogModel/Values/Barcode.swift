/// A product barcode (GTIN, EAN, UPC, ISBN) as text, with the checks a listing needs.
///
/// Barcodes stay text: leading zeros matter, and a number type would lose them.
public struct Barcode: Hashable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Creates a barcode from trimmed, non-empty text, or `nil`.
    public init?(_ text: String) {
        let trimmed = text.trimmingWhitespace()
        guard !trimmed.isEmpty else { return nil }
        rawValue = trimmed
    }

    public var description: String { rawValue }

    /// True when a spreadsheet has turned the barcode into a number like `3.65275E+11`; the digits
    /// it dropped cannot be recovered, so a person must re-enter it.
    public var isScientificNotation: Bool { Barcode.looksLikeScientificNotation(rawValue) }

    /// True for an 8, 12, 13 or 14 digit GTIN whose last digit is the GS1 check digit.
    public var isValidGTIN: Bool {
        let digits = rawValue.compactMap(\.wholeNumberValue)
        guard digits.count == rawValue.count, [8, 12, 13, 14].contains(digits.count) else { return false }
        return Barcode.gs1CheckDigit(digits.dropLast()) == digits.last
    }

    /// The GS1 check digit for the given digits (weights 3 and 1 from the right).
    public static func gs1CheckDigit(_ body: some Collection<Int>) -> Int {
        var sum = 0
        for (index, digit) in body.reversed().enumerated() {
            sum += digit * (index % 2 == 0 ? 3 : 1)
        }
        return (10 - sum % 10) % 10
    }

    /// Whether text has the shape of a number written in exponent form (`1.2E+11`, `3e5`).
    public static func looksLikeScientificNotation(_ text: String) -> Bool {
        let upper = text.trimmingWhitespace().uppercased()
        guard let e = upper.firstIndex(of: "E") else { return false }
        let mantissa = upper[..<e]
        var exponent = upper[upper.index(after: e)...]
        if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
        let mantissaDigits = mantissa.filter { $0 != "." }
        return !mantissaDigits.isEmpty && mantissaDigits.allSatisfy(\.isASCIIDigit)
            && mantissa.filter({ $0 == "." }).count <= 1
            && !exponent.isEmpty && exponent.allSatisfy(\.isASCIIDigit)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let barcode = Barcode(text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a barcode cannot be empty")
        }
        self = barcode
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
