import CatalogModel
import Reconcile
import Testing

/// A store reconciled in chunks on several threads must give exactly the result of one pass:
/// the same findings in the same order, mappings, counts and bases, including the cases where
/// the evidence for one decision lies in different chunks.
struct ChunkedReconcileTests {
    /// 40 variants and their listings, bent so that every cross-listing decision spans chunks.
    static func scenario() -> (catalog: CatalogIndex, snapshot: StoreSnapshot, mappings: [SKU: RemoteRef], bases: [BaseKey: FieldValue]) {
        let variants = (0..<40).map { Scenario.variant("SKU-\($0)", number: $0) }
        let products = stride(from: 0, to: 40, by: 4).map { start in
            Scenario.product("p\(start)", variants: Array(variants[start..<start + 4]))
        }
        var listings: [Listing] = []
        for product in products {
            for variant in product.variants {
                listings.append(Scenario.listing(for: variant, of: product))
            }
        }
        // SKU-3 listed twice, first and last: a duplicate whose claims sit in different chunks.
        var twin = listings[3]
        twin.ref = RemoteRef(productID: "P-twin", variantID: "V-twin")
        listings.append(twin)
        // SKU-5 renamed in the store but mapped by variant id: found through the reverse mapping.
        listings[5].rawSKU = "SKU-5-renamed"
        // SKU-7 and SKU-30 not listed: missing listings.
        listings.removeAll { $0.rawSKU == "SKU-7" || $0.rawSKU == "SKU-30" }
        // The same orphan SKU at both ends: an orphan duplicate across chunks.
        var orphan = listings[0]
        orphan.rawSKU = "NOT-IN-CATALOG"
        orphan.barcode = nil
        orphan.ref = RemoteRef(productID: "P-o1", variantID: "V-o1")
        listings.insert(orphan, at: 1)
        orphan.ref = RemoteRef(productID: "P-o2", variantID: "V-o2")
        listings.append(orphan)
        // Drift: a price edited in the store, stock at a location no policy maps.
        listings[10].price = Scenario.money(2500)
        listings[20].stock.append(StockLevel(location: "L9", onHand: 3))
        listings[25].stock[0] = StockLevel(location: "L1", onHand: 4)
        listings[33].productTitle = "Untitled"

        let mappings: [SKU: RemoteRef] = [
            SKU("SKU-5")!: RemoteRef(productID: "P-p4", variantID: "V-SKU-5"),
            SKU("SKU-12")!: listings.first { $0.rawSKU == "SKU-12" }!.ref,
        ]
        // Bases for half the variants, one of them stale, so some in-sync fields record a base.
        var bases: [BaseKey: FieldValue] = [:]
        for variant in variants.prefix(20) {
            bases[BaseKey(sku: variant.sku, field: .price)] = .money(variant.price)
        }
        bases[BaseKey(sku: SKU("SKU-10")!, field: .price)] = .money(Scenario.money(1999))
        bases[BaseKey(sku: SKU("SKU-11")!, field: .title)] = .text("Old title")
        return (CatalogIndex(products: products), Scenario.snapshot(listings), mappings, bases)
    }

    @Test(arguments: [2, 3, 7, 44])
    func chunkedEqualsSequential(chunks: Int) {
        let (catalog, snapshot, mappings, bases) = Self.scenario()
        let input = ReconcileInput(
            catalog: catalog, snapshot: snapshot, bases: bases, mappings: mappings, policy: Scenario.policy())
        let sequential = Reconciler.reconcile(input, chunks: 1)
        let chunked = Reconciler.reconcile(input, chunks: chunks)

        // The scenario reaches every cross-chunk decision, so the comparison below means something.
        let codes = Set(sequential.findings.map(\.code))
        for code: FindingCode in [
            .duplicateSKU, .orphan, .missingListing, .skuDiffersFromMapping, .unmappedLocation, .storeEdited,
            .placeholderTitle,
        ] {
            #expect(codes.contains(code), "the sequential run has no \(code)")
        }
        #expect(sequential.findings(.duplicateSKU).count == 4)
        #expect(sequential.findings(.missingListing).map(\.sku) == [SKU("SKU-7"), SKU("SKU-30")])
        #expect(sequential.counts.matchedByMapping == 2)
        #expect(!sequential.baseUpdates.isEmpty)

        #expect(chunked.findings == sequential.findings)
        #expect(chunked.mappingUpdates == sequential.mappingUpdates)
        #expect(chunked.counts == sequential.counts)
        #expect(chunked.baseUpdates.dictionary() == sequential.baseUpdates.dictionary())
        #expect(Array(chunked.baseUpdates) == Array(sequential.baseUpdates))
    }
}
