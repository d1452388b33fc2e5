import Audit
import CatalogModel
import Foundation
import Testing

/// Sell-through from the fixed orders and receipts of ``AuditFixture``, worked out by hand.
///
/// Received in the period: SKU-1 10 (main) + 10 (berlin) = 20, SKU-2 4 → 24 units of 2 SKUs
/// (SKU-3's 40 arrived before the period and do not count).
/// Sold in the period, cancelled orders and units left out: SKU-1 A1 2 + A2 3 + B2 1 = 6 (B3 and
/// B4 are outside the period); SKU-2 A1 1 + A4 2 = 3 (A3 was cancelled); SKU-3 was not received.
/// Overall 9 ÷ 24 = 37.5 %; store a 8 ÷ 24, store b 1 ÷ 24; SKU-2 3 ÷ 4, SKU-1 6 ÷ 20.
@Suite("Sell-through from fixed orders and receipts")
struct SellThroughTests {
    let sellThrough = OperationsCalculator.report(
        orders: AuditFixture.orders, catalog: AuditFixture.catalog, receipts: AuditFixture.receipts,
        options: AuditOptions(now: AuditFixture.now, period: AuditFixture.period)
    ).sellThrough

    @Test("overall: units sold of the received SKUs ÷ units received in the period")
    func overall() {
        #expect(sellThrough.available)
        #expect(sellThrough.reason == nil)
        #expect(sellThrough.receiptLines == 3)
        #expect(sellThrough.skus == 2)
        #expect(sellThrough.unitsReceived == 24)
        #expect(sellThrough.unitsSold == 9)
        #expect(sellThrough.rate == Ratio(9, of: 24))
        #expect(sellThrough.rate.percent == 37.5)
    }

    @Test("per store: each store's units sold over every unit received; they add up to the overall figure")
    func perStore() {
        #expect(
            sellThrough.stores == [
                StoreSellThrough(store: "a", unitsSold: 8, rate: Ratio(8, of: 24)),
                StoreSellThrough(store: "b", unitsSold: 1, rate: Ratio(1, of: 24)),
            ])
        #expect(sellThrough.stores.reduce(0) { $0 + $1.unitsSold } == sellThrough.unitsSold)
    }

    @Test("per SKU: fastest first; with two SKUs the slowest list is empty (no SKU in both)")
    func perSKU() {
        #expect(
            sellThrough.top == [
                SKUSellThrough(sku: "SKU-2", unitsReceived: 4, unitsSold: 3),
                SKUSellThrough(sku: "SKU-1", unitsReceived: 20, unitsSold: 6),
            ])
        #expect(sellThrough.bottom.isEmpty)
    }

    @Test("twelve SKUs: the ten fastest, then the two slowest, slowest first")
    func topAndBottom() {
        let receipts = (1...12).map {
            StockReceipt(sku: SKU("S-\($0)")!, location: "main", quantity: 10, receivedAt: AuditFixture.t0 + AuditFixture.hour)
        }
        // S-n sells n units (S-11 and S-12 sell 10: all received, ties go to the SKU name).
        let orders = (1...12).map { n in
            Order(
                store: "a", remoteID: "O\(n)", createdAt: AuditFixture.t0 + AuditFixture.day,
                lines: [AuditFixture.line("1", "S-\(n)", min(n, 10))])
        }
        let result = SellThroughCalculator.measure(
            receipts: receipts, orders: orders, options: AuditOptions(now: AuditFixture.now, period: AuditFixture.period))
        #expect(result.top.map(\.sku) == ["S-10", "S-11", "S-12", "S-9", "S-8", "S-7", "S-6", "S-5", "S-4", "S-3"])
        #expect(result.bottom.map(\.sku) == ["S-1", "S-2"])
        #expect(result.bottom[0].rate == Ratio(1, of: 10))
        #expect(result.rate == Ratio(1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9 + 10 + 10 + 10, of: 120))
    }

    @Test("no receipt in the period: no figure, and the reason says so in every format")
    func noReceipts() throws {
        let options = AuditOptions(now: AuditFixture.now, period: try AuditPeriod.parse(since: "2025-03-05", until: nil))
        let report = AuditBuilder.build(
            AuditInput(
                stores: [], catalog: AuditFixture.catalog, orders: AuditFixture.orders, receipts: AuditFixture.receipts, options: options))
        let sellThrough = report.operations.sellThrough
        #expect(!sellThrough.available)
        #expect(sellThrough.reason?.hasPrefix("no receipts recorded in the period") == true)
        #expect(sellThrough.rate.percent == nil)
        #expect(AuditTextRenderer.render(report).contains("  no receipts recorded in the period"))
        #expect(AuditCSVRenderer.render(report).contains("\noperations,all,sell_through,,,,,no receipts recorded in the period"))
        #expect(AuditHTMLRenderer.render(report).contains("<p class=\"empty\">no receipts recorded in the period"))
        let json = try #require(try JSONSerialization.jsonObject(with: try AuditJSONRenderer.render(report)) as? [String: Any])
        let operations = try #require(json["operations"] as? [String: Any])
        let object = try #require(operations["sell_through"] as? [String: Any])
        #expect(object["available"] as? Bool == false)
        #expect((object["reason"] as? String)?.hasPrefix("no receipts recorded") == true)
    }
}

/// Per-store stock-out rates from what each store showed of its own stock.
@Suite("Per-store stock-out rate")
struct StoreStockOutTests {
    func listing(
        _ sku: String, status: ListingStatus = .active, stock: [Int] = [], tracks: Bool = true, availability: StockAvailability? = nil,
        backorder: Bool = false
    ) -> Listing {
        Listing(
            store: "s", ref: RemoteRef(productID: "P", variantID: "V-\(sku)-\(stock)"), rawSKU: sku, productTitle: "T", status: status,
            stock: stock.enumerated().map { StockLevel(location: "L\($0.offset)", onHand: $0.element) }, tracksStock: tracks,
            allowsBackorder: backorder, availability: availability)
    }

    @Test(
        "active SKUs only; units summed over locations; untracked items by their availability; a SKU listed twice is out only when both are"
    )
    func measures() {
        let listed = ListedStock.measure([
            listing("A", stock: [0, 3]),  // in stock at the second location
            listing("B", stock: [0, 0]),  // out
            listing("C", stock: [0], backorder: true),  // out, whatever backorders allow
            listing("D", status: .draft, stock: [0]),  // not active: not counted
            listing("E", stock: [-2, 1]),  // −1 in all: out
            listing("F", tracks: false, availability: .outOfStock),  // out
            listing("G", tracks: false, availability: .inStock),  // in
            listing("H", stock: [0]), listing("H", stock: [4]),  // one of its listings has stock: in
            listing("  ", stock: [0]),  // no SKU: not counted
        ])
        #expect(listed == ListedStock(activeSKUs: 7, outOfStockSKUs: ["B", "C", "E", "F"]))
    }

    @Test("in the fixture report: shop shows SKU-2 at 0 (1 of 2), clean shows both at 0 (2 of 2); the catalog-wide rate stays")
    func inTheReport() throws {
        let operations = AuditFixture.report.operations
        #expect(
            operations.stockOutByStore == [
                StoreStockOut(store: "clean", stockOutRate: Ratio(2, of: 2), stockOutSkus: ["SKU-1", "SKU-2"]),
                StoreStockOut(store: "shop", stockOutRate: Ratio(1, of: 2), stockOutSkus: ["SKU-2"]),
            ])
        #expect(operations.stockOutRate == Ratio(1, of: 2))
        #expect(operations.stockOutSkus == ["SKU-2"])
    }
}
