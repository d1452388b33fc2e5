import CatalogModel

/// The steps from stock on hand to the quantity a store shows, kept as numbers so that the
/// reconciler pays for the words (``description``) only for the quantities it changes.
///
/// `on hand 40 − committed 6 − buffer 2 = 32 → 60% = 19 → max 15 → 15`
public struct StockComputation: Hashable, Sendable, CustomStringConvertible {
    /// Units on hand at the feeding locations (for a kit: the kits its components make).
    public var onHand: Int
    /// Units committed to open orders the store does not reflect, at those locations and anywhere.
    public var committed: Int
    public var buffer: Int
    /// `onHand − committed − buffer`, floored at zero: what the store could sell before the rules.
    public var sellable: Int = 0
    /// The quantity the store shows.
    public var shown: Int = 0
    /// The rule steps that applied, in order.
    public var minimum: Int?
    /// True when the sellable units were below ``minimum``, so the store shows 0.
    public var belowMinimum = false
    public var fixed: Int?
    public var shareBasisPoints: Int?
    /// The quantity after the fixed quantity or the share, before the maximum.
    public var afterShare: Int = 0
    public var maximum: Int?
    /// For a kit: the components' part of the chain (`min(A 30 ÷ 2 = 15, B 7 ÷ 1 = 7) = 7`).
    public var kitSteps: String?

    public init(onHand: Int, committed: Int, buffer: Int) {
        self.onHand = onHand
        self.committed = committed
        self.buffer = buffer
    }

    /// Applies a rule to ``sellable`` in the documented order: minimum, fixed or share, maximum.
    mutating func apply(_ rule: AllocationRule) {
        minimum = rule.minimum
        fixed = rule.fixed
        shareBasisPoints = rule.fixed == nil ? rule.shareBasisPoints : nil
        maximum = rule.maximum
        if let minimum = rule.minimum, sellable < minimum {
            belowMinimum = true
            afterShare = 0
            shown = 0
            return
        }
        var quantity = sellable
        if let fixed = rule.fixed {
            quantity = min(quantity, max(0, fixed))
        } else if let share = rule.shareBasisPoints {
            quantity = Self.share(quantity, basisPoints: share)
        }
        afterShare = quantity
        if let maximum = rule.maximum { quantity = min(quantity, max(0, maximum)) }
        shown = quantity
    }

    /// `floor(quantity × basisPoints ÷ 10000)` without overflow for any quantity.
    public static func share(_ quantity: Int, basisPoints: Int) -> Int {
        let points = max(0, basisPoints)
        return (quantity / 10_000) * points + (quantity % 10_000) * points / 10_000
    }

    /// A share in basis points as a person writes it: `60%`, `62.5%`, `33.33%`.
    public static func percentText(_ basisPoints: Int) -> String {
        let whole = basisPoints / 100
        let fraction = basisPoints % 100
        guard fraction != 0 else { return "\(whole)%" }
        var digits = fraction < 10 ? "0\(fraction)" : "\(fraction)"
        while digits.hasSuffix("0") { digits.removeLast() }
        return "\(whole).\(digits)%"
    }

    public var description: String {
        var text = kitSteps ?? "on hand \(onHand)"
        let subtracts = committed != 0 || buffer != 0
        if committed != 0 { text += " − committed \(committed)" }
        if buffer != 0 { text += " − buffer \(buffer)" }
        if subtracts {
            let raw = onHand - committed - buffer
            text += raw < 0 ? " = \(raw), floored at 0" : " = \(sellable)"
        }
        if belowMinimum {
            return text + " → below minimum \(minimum ?? 0) → 0"
        }
        if let fixed {
            text += " → fixed \(fixed) = \(afterShare)"
        } else if let shareBasisPoints {
            text += " → \(Self.percentText(shareBasisPoints)) = \(afterShare)"
        }
        if let maximum, afterShare > maximum { text += " → max \(maximum)" }
        return text + " → \(shown)"
    }
}
