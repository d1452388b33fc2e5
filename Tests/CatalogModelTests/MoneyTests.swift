import CatalogModel
import Foundation
import Testing

struct MoneyTests {
    @Test(arguments: [
        ("19.90", 1990), ("19.9", 1990), ("19", 1900), ("0.05", 5), (".5", 50), ("-3.10", -310),
        ("  7.00 ", 700), ("19.9000", 1990), ("0", 0),
    ])
    func parsesPlainDecimals(text: String, minorUnits: Int64) throws {
        #expect(try Money.parse(text, currency: .eur).minorUnits == minorUnits)
    }

    @Test func zeroDecimalCurrencyHasNoCents() throws {
        let yen = try Money.parse("1200", currency: CurrencyCode("JPY")!)
        #expect(yen.minorUnits == 1200)
        #expect(yen.amountString == "1200")
        #expect(throws: MoneyParseError.self) { try Money.parse("1200.5", currency: CurrencyCode("JPY")!) }
    }

    @Test(arguments: [
        ("19,90", "comma"), ("1,299.00", "comma"), ("1.2E+3", "scientific"), ("", "required"),
        ("abc", "not an amount"), ("19.999", "more decimal places"), ("1.2.3", "not an amount"), ("--1", "not an amount"),
    ])
    func rejectsWhatIsNotAPlainAmount(text: String, messageFragment: String) {
        #expect {
            try Money.parse(text, currency: .usd)
        } throws: { error in
            (error as? MoneyParseError)?.description.contains(messageFragment) == true
        }
    }

    @Test func formatsWithTheCurrencysDigits() {
        #expect(Money(minorUnits: 1990, currency: .eur).amountString == "19.90")
        #expect(Money(minorUnits: -5, currency: .eur).amountString == "-0.05")
        #expect(Money(minorUnits: 1234, currency: CurrencyCode("KWD")!).amountString == "1.234")
        #expect(Money(minorUnits: 1990, currency: .eur).description == "19.90 EUR")
    }

    @Test func roundTripsThroughJSONAsAString() throws {
        let money = Money(minorUnits: 1999, currency: .usd)
        let data = try JSONEncoder().encode(money)
        #expect(String(decoding: data, as: UTF8.self).contains("\"19.99\""))
        #expect(try JSONDecoder().decode(Money.self, from: data) == money)
    }

    @Test func decimalIsExact() {
        #expect(Money(minorUnits: 1990, currency: .eur).decimal == Decimal(string: "19.9")!)
    }
}
