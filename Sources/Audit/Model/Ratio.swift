/// A share with the counts behind it: every percentage an audit shows carries both.
///
/// `percent` is `nil` when there is nothing to divide by, so an empty period reads "no data"
/// instead of 0 % or NaN. It is a `Double` because it is a display figure, never money.
public struct Ratio: Hashable, Sendable, Codable, CustomStringConvertible {
    public var numerator: Int
    public var denominator: Int

    public init(_ numerator: Int, of denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// 100 × numerator ÷ denominator, rounded to two decimals; `nil` for 0 ÷ 0.
    public var percent: Double? {
        guard denominator > 0 else { return nil }
        return (Double(numerator) * 10_000 / Double(denominator)).rounded() / 100
    }

    /// `97.30% (973/1000)`, or `no data`.
    public var description: String {
        guard let percent else { return "no data" }
        return "\(Self.format(percent))% (\(numerator)/\(denominator))"
    }

    /// A percentage with two decimals and no trailing noise (`97.30`, `100.00`).
    public static func format(_ percent: Double) -> String {
        let hundredths = Int((percent * 100).rounded())
        let magnitude = abs(hundredths)
        let fraction = magnitude % 100
        return "\(hundredths < 0 ? "-" : "")\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }

    enum CodingKeys: String, CodingKey {
        case numerator, denominator, percent
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(numerator, forKey: .numerator)
        try container.encode(denominator, forKey: .denominator)
        // Always present (null for no data), so a BI tool sees a stable set of columns.
        try container.encode(percent, forKey: .percent)
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        numerator = try container.decode(Int.self, forKey: .numerator)
        denominator = try container.decode(Int.self, forKey: .denominator)
    }
}
