import CatalogModel
import Foundation
import Testing

@testable import CatalogStorage

/// The hand-written JSON of the hot columns must be what `JSONEncoder`/`JSONDecoder` make of the
/// same values, both ways, so that rows written before and after read alike.
struct ColumnJSONTests {
    static let eur = CurrencyCode("EUR")!
    static let values: [FieldValue] = [
        .quantity(0), .quantity(-3), .quantity(1_234_567),
        .money(Money(minorUnits: 1999, currency: eur)), .money(Money(minorUnits: -5, currency: eur)),
        .money(Money(minorUnits: 1500, currency: CurrencyCode("JPY")!)),
        .text(""), .text("Tee \"Soft\" 100% cotton / Größe M"), .text("line\nbreak\ttab\\slash\u{01}"), .text("emoji 🎉"),
        .status(.active), .status(.draft), .status(.archived),
        .list([]), .list(["https://cdn.example.com/a.jpg", "b \"quoted\".png"]),
        .weight(Weight(value: Decimal(string: "1.25")!, unit: .kilograms)), .weight(Weight(value: 0, unit: .grams)),
        .none,
    ]

    static func foundationEncode<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: values)
    func fieldValuesRoundTripBothWays(_ value: FieldValue) throws {
        let fast = JSONColumn.encode(value)
        // What Foundation writes, the fast reader reads; what the fast writer writes, Foundation reads.
        #expect(try JSONColumn.decode(try Self.foundationEncode(value), as: FieldValue.self) == value)
        #expect(try JSONDecoder().decode(FieldValue.self, from: Data(fast.utf8)) == value)
        #expect(try JSONColumn.decode(fast, as: FieldValue.self) == value)
    }

    @Test func scalarShapesAreWhatFoundationWrites() throws {
        for value: FieldValue in [
            .quantity(7), .money(Money(minorUnits: 1990, currency: Self.eur)), .text("a/b"), .status(.draft), .list(["x"]), .none,
        ] {
            #expect(JSONColumn.encode(value) == (try Self.foundationEncode(value)))
        }
    }

    @Test func listsAndStockLevelsRoundTrip() throws {
        let lists: [[String]] = [[], ["S"], ["Red", "XL \"tall\"", "a\\b", "ü"]]
        for list in lists {
            #expect(JSONColumn.encode(list) == (try Self.foundationEncode(list)))
            #expect(try JSONColumn.decode(JSONColumn.encode(list), as: [String].self) == list)
        }
        let levels = [
            StockLevel(location: "main", onHand: 10, available: 7, committed: 3),
            StockLevel(location: "gid://shopify/Location/1", onHand: -2),
        ]
        #expect(JSONColumn.encode(levels) == (try Self.foundationEncode(levels)))
        #expect(try JSONColumn.decode(JSONColumn.encode(levels), as: [StockLevel].self) == levels)
        #expect(try JSONColumn.decode("[]", as: [StockLevel].self).isEmpty)
    }

    /// Text the scanner does not expect goes to `JSONDecoder`: spacing and key order it handles
    /// itself; a wrong value still fails with the decoder's error.
    @Test func unexpectedTextFallsBackToFoundation() throws {
        #expect(try JSONColumn.decode(#" { "quantity" : { "_0" : 4 } } "#, as: FieldValue.self) == .quantity(4))
        #expect(
            try JSONColumn.decode(#"{"money":{"_0":{"currency":"EUR","amount":"1.50"}}}"#, as: FieldValue.self)
                == .money(Money(minorUnits: 150, currency: Self.eur)))
        #expect(try JSONColumn.decode(#"["a\u00e9\ud83c\udf89"]"#, as: [String].self) == ["aé🎉"])
        #expect(throws: (any Error).self) { try JSONColumn.decode(#"{"quantity":{"_0":"four"}}"#, as: FieldValue.self) }
        #expect(throws: (any Error).self) { try JSONColumn.decode(#"{"status":{"_0":"sold"}}"#, as: FieldValue.self) }
        #expect(throws: (any Error).self) { try JSONColumn.decode("[\"a\"", as: [String].self) }
    }
}
