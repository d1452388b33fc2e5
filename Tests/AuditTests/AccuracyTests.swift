import Audit
import CatalogModel
import CatalogStorage
import Foundation
import Reconcile
import Testing

@Suite("Catalog accuracy, listing errors, stock exposure and price deviation")
struct AccuracyTests {
    @Test("the reconciler counts compared and in-sync pairs per field, and the totals are their sums")
    func perFieldCounts() {
        let counts = AuditFixture.reconciled().counts
        #expect(counts.fieldCounts(.price) == (2, 1))
        #expect(counts.fieldCounts(.title) == (2, 2))
        #expect(counts.fieldCounts(.stock) == (2, 2))
        #expect(counts.fieldCounts(.images) == (0, 0))
        #expect(counts.fieldsCompared == 6)
        #expect(counts.fieldsInSync == 5)
        let total = ManagedField.allCases.reduce(0) { $0 + counts.fieldCounts($1).compared }
        #expect(total == counts.fieldsCompared)
    }

    @Test("a store's accuracy is in-sync pairs ÷ compared pairs, per store and per field, worst field first")
    func storeAccuracy() throws {
        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(AuditFixture.reconciled())], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now)))
        let store = try #require(report.stores.first)
        #expect(store.accuracy.overall == Ratio(5, of: 6))
        #expect(store.accuracy.overall.percent == 83.33)
        #expect(store.accuracy.fields.map(\.field) == ["price", "stock", "title"])
        #expect(store.accuracy.fields[0].accuracy == Ratio(1, of: 2))
        #expect(report.overall.overall == Ratio(5, of: 6))
        #expect(store.listings == 2)
        #expect(store.matchedListings == 2)
    }

    @Test("price deviation is measured in money: 21.99 sold for 19.99 deviates by +2.00 EUR")
    func priceDeviation() throws {
        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(AuditFixture.reconciled())], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now)))
        let deviation = try #require(report.stores.first).priceDeviation
        #expect(deviation.listings == 1)
        #expect(deviation.totalAbsolute == [MoneyAmount(amount: "2.00", currency: "EUR")])
        let item = try #require(deviation.items.first)
        #expect(item.sku == "SKU-1")
        #expect(item.expected.amount == "19.99")
        #expect(item.actual.amount == "21.99")
        #expect(item.difference.amount == "2.00")
    }

    @Test("stock exposure: a listing sold out while the catalog has units is a lost sale; a 30-hour-old read is stale")
    func stockExposure() throws {
        let result = AuditFixture.reconciled(priceDrift: false, soldOut: true)
        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(result)], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now, staleAfterHours: 24)))
        let store = try #require(report.stores.first)
        // SKU-2 is out of stock in the store too, but the catalog has none either: not a lost sale.
        #expect(store.stockExposure.lostSalesSkus == ["SKU-1"])
        #expect(store.stockExposure.stockAgeHours == 30)
        #expect(store.stockExposure.stale)
        #expect(store.accuracy.fields.first { $0.field == "stock" }?.accuracy == Ratio(1, of: 2))
        #expect(store.rules.first { $0.code == "listing.active-out-of-stock" }?.skus == ["SKU-1", "SKU-2"])
        #expect(store.listingErrors == store.rules.filter { $0.code.hasPrefix("listing.") }.reduce(0) { $0 + $1.count })
    }

    @Test("oversell risk: units listed above what the catalog can sell are counted per listing and in units")
    func oversell() throws {
        let finding = Finding(code: .oversellRisk, severity: .error, store: "shop", sku: SKU("SKU-1"), units: 7)
        let report = AuditBuilder.build(
            AuditInput(
                stores: [StoreAuditInput(store: "shop", platform: "shopify", findings: [finding, finding])],
                catalog: AuditFixture.catalog, orders: [], options: AuditOptions(now: AuditFixture.now)))
        let exposure = try #require(report.stores.first).stockExposure
        #expect(exposure.oversellListings == 2)
        #expect(exposure.oversellUnits == 14)
        // Nothing was read, so no stock age is claimed.
        #expect(exposure.stockAgeHours == nil)
        #expect(!exposure.stale)
    }

    @Test("stores are listed worst first: unreadable, then lowest accuracy; --fail-under names the stores below")
    func worstFirstAndFailUnder() {
        let report = AuditBuilder.build(
            AuditInput(
                stores: [
                    AuditFixture.input(AuditFixture.reconciled(store: "clean", priceDrift: false)),
                    AuditFixture.input(AuditFixture.reconciled(store: "shop")),
                    StoreAuditInput(store: "down", platform: "woocommerce", error: "connection refused"),
                ], catalog: AuditFixture.catalog, orders: [], options: AuditOptions(now: AuditFixture.now)))
        #expect(report.stores.map(\.store) == ["down", "shop", "clean"])
        #expect(report.overall.overall == Ratio(11, of: 12))
        #expect(report.stores(below: 90).map(\.store) == ["shop"])
        #expect(report.stores(below: 80).isEmpty)
        #expect(report.stores(below: 100.0).map(\.store) == ["shop"])
    }

    @Test("the run summary carries per-store and per-field counts and findings by code")
    func runSummary() throws {
        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(AuditFixture.reconciled())], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now)))
        let summary = report.runSummary()
        let store = try #require(summary.stores.first)
        #expect(store.fieldsCompared == 6)
        #expect(store.fieldsInSync == 5)
        #expect(store.fields["price"] == FieldTally(compared: 2, inSync: 1))
        #expect(store.findingsByCode["drift.first-sync"] == 1)
        let json = summary.jsonText()
        for key in ["\"fields_compared\":6", "\"fields_in_sync\":5", "\"findings_by_code\"", "\"listing_errors\"", "\"in_sync\":1"] {
            #expect(json.contains(key), "\(key) missing from \(json)")
        }
        #expect(RunSummary.parse(json) == summary)
    }
}

extension AccuracyTests {
    @Test(
        "coverage: a store whose locations map to none of the catalog's has its stock left out, and the report says so beside the accuracy")
    func coverageSaysWhatWasLeftOut() throws {
        let snapshot = StoreSnapshot(
            store: "shop", fetchedAt: AuditFixture.now, isComplete: true, listings: AuditFixture.listings(), locations: [], nextCursor: nil)
        let unmapped = Reconciler.reconcile(
            ReconcileInput(
                catalog: CatalogIndex(products: AuditFixture.catalog), snapshot: snapshot,
                policy: StorePolicy(store: "shop", managedFields: [.price, .title, .stock], locationMap: [:])))
        let report = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(unmapped)], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now)))
        let store = try #require(report.stores.first)
        let coverage = try #require(store.coverage)
        #expect(coverage.listings == Ratio(2, of: 2))
        #expect(Set(coverage.fieldsCompared) == ["title", "price"])
        let stock = try #require(coverage.notCompared.first { $0.field == "stock" })
        #expect(stock.reason.contains("no store location is mapped"))
        // The mapped store compares stock; the unmapped one's accuracy is not the better for leaving it out unsaid.
        let mapped = AuditBuilder.build(
            AuditInput(
                stores: [AuditFixture.input(AuditFixture.reconciled())], catalog: AuditFixture.catalog, orders: [],
                options: AuditOptions(now: AuditFixture.now)))
        #expect(mapped.stores.first?.coverage?.fieldsCompared.contains("stock") == true)
        let html = AuditHTMLRenderer.render(report)
        #expect(html.contains("not compared: 0 unmatched listings, "))
        #expect(html.contains("stock: no store location is mapped"))
        let text = AuditTextRenderer.render(report)
        #expect(text.contains("compared: 2 of 2 listings"))
        #expect(text.contains("not compared, stock: no store location is mapped"))
    }
}
