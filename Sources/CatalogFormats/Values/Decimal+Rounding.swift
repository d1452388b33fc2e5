import Foundation

extension Decimal {
    /// The value rounded half-up to `scale` decimal places.
    func rounded(scale: Int) -> Decimal {
        var exact = self
        var rounded = Decimal()
        NSDecimalRound(&rounded, &exact, scale, .plain)
        return rounded
    }

    /// Plain decimal text with a point (`0.5`, `226.796185`), never an exponent.
    var plainText: String {
        // Decimal's description is locale-independent and never uses an exponent (1e-10 prints
        // as 0.0000000001).
        description
    }
}
