import CatalogModel
import Foundation

extension Weight.Unit {
    /// Grams in one of this unit (the international avoirdupois pound and ounce, exactly).
    ///
    /// CatalogModel keeps the same table internal; it is repeated here because formats convert
    /// between a file's unit and the variant's.
    var gramsPerUnit: Decimal {
        switch self {
        case .grams: 1
        case .kilograms: 1000
        case .pounds: Decimal(string: "453.59237")!
        case .ounces: Decimal(string: "28.349523125")!
        }
    }
}

extension Weight {
    /// The weight in grams, unrounded.
    var exactGrams: Decimal { value * unit.gramsPerUnit }

    /// A weight given in grams, expressed in `unit`.
    ///
    /// Shopify stores every weight in grams and remembers the unit the merchant entered it in, so
    /// `226.796185` grams shown in ounces is 8 oz. Converting back is rounded to six decimals,
    /// far below a milligram, so that float noise in a file (`283.4952313` g) reads as `10` oz.
    static func fromGrams(_ grams: Decimal, in unit: Weight.Unit) -> Weight {
        Weight(value: unit == .grams ? grams : (grams / unit.gramsPerUnit).rounded(scale: 6), unit: unit)
    }

    /// The same weight in another unit, rounded to six decimals when converted.
    func converted(to unit: Weight.Unit) -> Weight {
        unit == self.unit ? self : Weight.fromGrams(exactGrams, in: unit)
    }
}
