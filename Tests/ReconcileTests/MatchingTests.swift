import CatalogModel
import Reconcile
import Testing

struct MatchingTests {
    @Test func exactSKUMatchCreatesAMapping() throws {
        let (product, listing) = Scenario.clean()
        let result = Scenario.reconcile([product], [listing])
        #expect(result.counts.matchedBySKU == 1)
        let match = try #require(result.mappingUpdates.first)
        #expect(match.sku == product.variants[0].sku)
        #expect(match.ref == listing.ref)
        #expect(match.method == .sku)
    }

    @Test func storedMappingWinsOverTheStoreSKU() throws {
        let product = Scenario.product(variants: [Scenario.variant("A", number: 1), Scenario.variant("B", number: 2)])
        var listing = Scenario.listing(for: product.variants[0], of: product)
        listing.rawSKU = "A-renamed"
        let result = Scenario.reconcile([product], [listing], mappings: [SKU("A")!: listing.ref])
        #expect(result.counts.matchedByMapping == 1)
        #expect(result.findings(.skuDiffersFromMapping).first?.sku == SKU("A"))
        #expect(result.findings(.orphan).isEmpty)
    }

    @Test func blankSKUNeverMatchesBySKU() {
        // Two blank-SKU listings and a catalog: neither may be taken for anything by SKU
        // (woocommerce/woocommerce-square#487).
        let (product, listing) = Scenario.clean()
        var first = listing
        first.rawSKU = ""
        first.barcode = nil
        var second = first
        second.ref = RemoteRef(productID: "P2", variantID: "V2")
        let result = Scenario.reconcile([product], [first, second])
        #expect(result.counts.matched == 0)
        #expect(result.findings(.missingSKU).count == 2)
        #expect(result.findings(.missingListing).count == 1)
    }

    @Test func blankSKUWithAUniqueValidGTINMatchesByBarcode() {
        let (product, listing) = Scenario.clean()
        var blank = listing
        blank.rawSKU = " "
        let result = Scenario.reconcile([product], [blank])
        #expect(result.counts.matchedByBarcode == 1)
        #expect(result.mappingUpdates.first?.method == .barcode)
        #expect(result.findings(.missingSKU).count == 1)
    }

    @Test func duplicateSKUsInAStoreAreNotMatched() {
        let (product, listing) = Scenario.clean()
        var twin = listing
        twin.ref = RemoteRef(productID: "P-twin", variantID: "V-twin")
        let result = Scenario.reconcile([product], [listing, twin])
        #expect(result.counts.matched == 0)
        #expect(result.findings(.duplicateSKU).count == 2)
        #expect(result.findings(.duplicateSKU).first?.units == 2)
        #expect(result.findings(.missingListing).isEmpty)
        #expect(result.findings.allSatisfy { !$0.action.isWrite })
    }

    @Test func aMappedListingWinsOverItsDuplicate() {
        let (product, listing) = Scenario.clean()
        var twin = listing
        twin.ref = RemoteRef(productID: "P-twin", variantID: "V-twin")
        let result = Scenario.reconcile([product], [listing, twin], mappings: [product.variants[0].sku: listing.ref])
        #expect(result.counts.matchedByMapping == 1)
        #expect(result.findings(.duplicateSKU).map(\.ref) == [twin.ref])
    }

    @Test(arguments: ["tee-m", " TEE-M", "TEE-M ", "TEE -M", "Tee-M"])
    func nearMissesAreFindingsNotMatches(_ text: String) throws {
        let (product, listing) = Scenario.clean()
        var near = listing
        near.rawSKU = text
        let result = Scenario.reconcile([product], [near])
        #expect(result.counts.matched == 0)
        let finding = try #require(result.findings(.skuNearMiss).first)
        #expect(finding.related == [product.variants[0].sku])
        #expect(finding.storeSKU == text)
        #expect(result.findings(.missingListing).isEmpty)
        #expect(result.findings(.orphan).isEmpty)
    }

    @Test func barcodeOfAnotherSKUIsAFinding() throws {
        let product = Scenario.product(variants: [Scenario.variant("A", number: 1), Scenario.variant("B", number: 2)])
        var listing = Scenario.listing(for: product.variants[0], of: product)
        listing.barcode = product.variants[1].barcode?.rawValue
        let b = Scenario.listing(for: product.variants[1], of: product)
        let result = Scenario.reconcile([product], [listing, b])
        let finding = try #require(result.findings(.barcodePointsElsewhere).first)
        #expect(finding.sku == SKU("A"))
        #expect(finding.related == [SKU("B")!])
        #expect(result.counts.matched == 1)
        // An unknown SKU whose barcode is a catalog variant's: also a finding, not an orphan.
        var unknown = b
        unknown.rawSKU = "ZZZ"
        let second = Scenario.reconcile([product], [unknown])
        #expect(second.findings(.barcodePointsElsewhere).first?.related == [SKU("B")!])
        #expect(second.findings(.orphan).isEmpty)
    }

    @Test func orphansAndMissingListings() {
        let product = Scenario.product(variants: [Scenario.variant("A", number: 1), Scenario.variant("B", number: 2)])
        var orphan = Scenario.listing(for: product.variants[0], of: product)
        orphan.rawSKU = "GONE"
        orphan.barcode = nil
        let result = Scenario.reconcile([product], [orphan])
        #expect(result.findings(.orphan).count == 1)
        #expect(Set(result.findings(.missingListing).compactMap(\.sku)) == [SKU("A")!, SKU("B")!])
        #expect(result.counts.missing == 2)
        let partial = Scenario.reconcile([product], [orphan], complete: false)
        #expect(partial.findings(.missingListing).isEmpty)
    }

    @Test func assortmentRestrictsMissingListings() {
        var product = Scenario.product(variants: [Scenario.variant("A", number: 1), Scenario.variant("B", number: 2)])
        product.variants[1].status = .draft
        let all = Scenario.reconcile([product], [])
        #expect(all.findings(.missingListing).compactMap(\.sku) == [SKU("A")!])
        let only = Scenario.reconcile([product], [], policy: Scenario.policy { $0.assortment = .only([SKU("B")!]) })
        #expect(only.findings(.missingListing).isEmpty)
        let except = Scenario.reconcile([product], [], policy: Scenario.policy { $0.assortment = .allActiveExcept([SKU("A")!]) })
        #expect(except.findings(.missingListing).isEmpty)
    }

    @Test func duplicateOrphansAreDuplicates() {
        let (product, listing) = Scenario.clean()
        var first = listing
        first.rawSKU = "X"
        first.barcode = nil
        var second = first
        second.ref = RemoteRef(productID: "P2", variantID: "V2")
        let result = Scenario.reconcile([product], [first, second])
        #expect(result.findings(.duplicateSKU).count == 2)
    }

    @Test func remappedListingIsReported() {
        let (product, listing) = Scenario.clean()
        let old = RemoteRef(productID: "P-old", variantID: "V-old")
        let result = Scenario.reconcile([product], [listing], mappings: [product.variants[0].sku: old])
        #expect(result.counts.matchedBySKU == 1)
        #expect(result.mappingUpdates.first?.previousRef == old)
        #expect(result.findings(.remapped).count == 1)
    }
}
