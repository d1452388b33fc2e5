import CatalogModel
import Reconcile
import Testing

/// Images compare by file name: no store hands back the URL it was given.
struct ImageComparisonTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var canonical: [String]
        var store: [String]
        var same: Bool
        var testDescription: String { "\(canonical) vs \(store): \(same ? "same" : "different")" }
    }

    static let cases: [Case] = [
        Case(canonical: ["https://cdn.example.com/products/mb01-blue-0.jpg"], store: ["/m/b/mb01-blue-0.jpg"], same: true),
        Case(
            canonical: ["https://cdn.example.com/products/mb01-blue-0.jpg"],
            store: ["https://shop.example/media/catalog/product/m/b/mb01-blue-0.jpg"], same: true),
        Case(
            canonical: ["https://cdn.example.com/a/Tee.JPG"], store: ["https://cdn.shopify.com/s/files/1/tee.jpg?v=1700000000"], same: true),
        Case(canonical: ["https://cdn.example.com/a/tee%20front.jpg"], store: ["/t/e/tee_front.jpg"], same: true),
        // Magento renames a second upload of a taken name to name_1.jpg.
        Case(canonical: ["https://cdn.example.com/tee.jpg"], store: ["/t/e/tee_1.jpg"], same: true),
        Case(canonical: ["https://cdn.example.com/tee_1.jpg"], store: ["/t/e/tee_2.jpg"], same: false),
        Case(canonical: ["https://cdn.example.com/tee.jpg"], store: ["/t/e/tee-back.jpg"], same: false),
        Case(canonical: ["https://cdn.example.com/a.jpg", "https://cdn.example.com/b.jpg"], store: ["/b.jpg", "/a.jpg"], same: false),
        Case(canonical: ["https://cdn.example.com/a.jpg"], store: ["/a.jpg", "/b.jpg"], same: false),
        Case(canonical: [], store: [], same: true),
    ]

    @Test(arguments: cases)
    func comparesByFileName(_ row: Case) {
        #expect(FieldValue.list(row.canonical).matches(.list(row.store)) == row.same)
        #expect(FieldValue.list(row.store).matches(.list(row.canonical)) == row.same)
    }

    @Test("a Magento listing whose gallery paths name the catalog's images is in sync: no images finding")
    func magentoPathsAreInSync() {
        var (product, listing) = Scenario.clean()
        product.images = ["https://cdn.example.com/products/tee-1.jpg", "https://cdn.example.com/products/tee-2.jpg"]
        listing.images = [
            "https://magento.example/media/catalog/product/t/e/tee-1.jpg", "https://magento.example/media/catalog/product/t/e/tee-2_1.jpg",
        ]
        let result = Scenario.reconcile([product], [listing])
        #expect(!result.findings.contains { $0.field == .images }, "\(result.findings)")
        listing.images.reverse()
        let swapped = Scenario.reconcile([product], [listing])
        #expect(swapped.findings.contains { $0.field == .images && $0.code == .firstSync })
    }
}
