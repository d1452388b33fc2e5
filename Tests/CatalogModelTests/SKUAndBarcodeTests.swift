import CatalogModel
import Testing

struct SKUTests {
    @Test func trimsAndRefusesBlank() {
        #expect(SKU("  TSH-1 \t")?.rawValue == "TSH-1")
        #expect(SKU("   ") == nil)
        #expect(SKU("") == nil)
    }

    @Test func comparesCaseSensitivelyButFlagsCaseOnlyDuplicates() {
        let lower = SKU("tsh-1")!, upper = SKU("TSH-1")!, other = SKU("MUG-2")!
        #expect(lower != upper)
        #expect(caseOnlyDuplicates([lower, upper, other]) == [[upper, lower]])
        #expect(caseOnlyDuplicates([other, lower]).isEmpty)
    }
}

struct BarcodeTests {
    @Test(arguments: ["4006381333931", "036000291452", "96385074", "10614141000415"])
    func acceptsValidGTINs(code: String) {
        #expect(Barcode(code)!.isValidGTIN)
    }

    @Test(arguments: ["4006381333932", "03600029145", "ABC", "12345678901234567"])
    func rejectsInvalidGTINs(code: String) {
        #expect(!Barcode(code)!.isValidGTIN)
    }

    @Test(arguments: [("3.65275E+11", true), ("1e5", true), ("4006381333931", false), ("E12", false), ("12E", false)])
    func detectsSpreadsheetScientificNotation(text: String, expected: Bool) {
        #expect(Barcode.looksLikeScientificNotation(text) == expected)
    }
}

struct SecretTests {
    @Test func neverPrintsItsValue() {
        let secret = Secret("shpat_test-not-a-real-token")
        #expect("\(secret)" == "<redacted>")
        #expect(String(reflecting: secret) == "<redacted>")
        var dumped = ""
        dump(secret, to: &dumped)
        #expect(!dumped.contains("shpat_"))
        #expect(secret.reveal() == "shpat_test-not-a-real-token")
    }
}

struct ChangeFieldTests {
    @Test(arguments: [
        Change.Field.price, .compareAtPrice, .barcode, .title, .description, .status, .images, .weight,
        .stock(location: "gid://shopify/Location/1"),
    ])
    func keysRoundTrip(field: Change.Field) {
        #expect(Change.Field(key: field.key) == field)
    }

    @Test func unknownKeysAreRefused() {
        #expect(Change.Field(key: "colour") == nil)
        #expect(Change.Field(key: "stock@") == nil)
    }
}

struct OrderLineTests {
    @Test func openQuantityExcludesShippedRefundedAndCancelledUnits() {
        #expect(OrderLine(remoteLineID: "1", sku: SKU("A"), quantity: 5, fulfilledQuantity: 2, refundedQuantity: 1).openQuantity == 2)
        #expect(OrderLine(remoteLineID: "1", sku: SKU("A"), quantity: 2, fulfilledQuantity: 2, refundedQuantity: 1).openQuantity == 0)
    }
}

struct WeightTests {
    @Test func sameWeightInTwoUnitsIsEqualInGrams() {
        #expect(Weight.parse("1", unit: .kilograms)!.grams == Weight.parse("1000", unit: .grams)!.grams)
        #expect(Weight.parse("1", unit: .pounds)!.grams == Weight.parse("16", unit: .ounces)!.grams)
        #expect(Weight.parse("1,5", unit: .kilograms) == nil)
    }
}
