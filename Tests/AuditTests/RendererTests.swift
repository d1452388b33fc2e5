import Audit
import CatalogModel
import Foundation
import Testing

@Suite("Audit renderers: text, JSON, CSV, HTML")
struct RendererTests {
    let report = AuditFixture.report

    static func object(_ data: Data) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test("JSON: stable snake_case field names at every level, percent null for no data")
    func jsonFieldNames() throws {
        let json = try Self.object(try AuditJSONRenderer.render(report))
        #expect(Set(json.keys) == ["version", "generated_at", "source", "overall", "stores", "operations", "trend"])
        let stores = try #require(json["stores"] as? [[String: Any]])
        let shop = try #require(stores.first { $0["store"] as? String == "shop" })
        #expect(
            Set(shop.keys) == [
                "store", "platform", "fetched_at", "listings", "matched_listings", "accuracy", "coverage", "listing_errors", "orphans",
                "missing_listings", "rules", "stock_exposure", "price_deviation",
            ])
        let coverage = try #require(shop["coverage"] as? [String: Any])
        #expect(Set(coverage.keys) == ["listings", "fields_compared", "not_compared"])
        let accuracy = try #require(shop["accuracy"] as? [String: Any])
        let overall = try #require(accuracy["overall"] as? [String: Any])
        #expect(overall["numerator"] as? Int == 5)
        #expect(overall["denominator"] as? Int == 6)
        #expect(overall["percent"] as? Double == 83.33)
        let fields = try #require(accuracy["fields"] as? [[String: Any]])
        #expect(Set(fields[0].keys) == ["field", "accuracy"])
        let exposure = try #require(shop["stock_exposure"] as? [String: Any])
        #expect(
            Set(exposure.keys) == [
                "oversell_listings", "oversell_units", "lost_sales_skus", "stock_read_at", "stock_age_hours", "stale_after_hours", "stale",
            ])
        let price = try #require(shop["price_deviation"] as? [String: Any])
        #expect(Set(price.keys) == ["listings", "total_absolute", "items"])
        let down = try #require(stores.first)
        #expect(down["store"] as? String == "down")
        #expect(down["error"] as? String == "connection refused; check the URL")

        let operations = try #require(json["operations"] as? [String: Any])
        #expect(
            Set(operations.keys) == [
                "since", "until", "sla_hours", "overall", "stores", "stock_out_rate", "stock_out_skus", "stock_out_by_store",
                "sell_through",
            ])
        let stockOut = try #require(operations["stock_out_by_store"] as? [[String: Any]])
        #expect(stockOut.map { $0["store"] as? String } == ["clean", "shop"])
        #expect(Set(stockOut[1].keys) == ["store", "stock_out_rate", "stock_out_skus"])
        let shopRate = try #require(stockOut[1]["stock_out_rate"] as? [String: Any])
        #expect(shopRate["numerator"] as? Int == 1)
        #expect(shopRate["denominator"] as? Int == 2)
        #expect(shopRate["percent"] as? Double == 50)
        #expect(stockOut[1]["stock_out_skus"] as? [String] == ["SKU-2"])
        let sellThrough = try #require(operations["sell_through"] as? [String: Any])
        #expect(
            Set(sellThrough.keys) == [
                "available", "receipt_lines", "skus", "units_received", "units_sold", "rate", "stores", "top", "bottom",
            ])
        #expect((sellThrough["rate"] as? [String: Any])?["percent"] as? Double == 37.5)
        let top = try #require(sellThrough["top"] as? [[String: Any]])
        #expect(Set(top[0].keys) == ["sku", "units_received", "units_sold", "rate"])
        #expect(top.map { $0["sku"] as? String } == ["SKU-2", "SKU-1"])
        let sellStores = try #require(sellThrough["stores"] as? [[String: Any]])
        #expect(Set(sellStores[0].keys) == ["store", "units_sold", "rate"])
        let kpis = try #require(operations["overall"] as? [String: Any])
        #expect(
            Set(kpis.keys) == [
                "store", "orders", "units_sold", "cancellation_rate", "fulfilment_cycle_time", "first_shipment_time",
                "on_time_shipment_rate",
                "open_past_sla", "refund_rate", "top_refunded_skus",
            ])
        let cycle = try #require(kpis["fulfilment_cycle_time"] as? [String: Any])
        #expect(Set(cycle.keys) == ["orders", "median_hours", "p90_hours", "distribution"])
        #expect(cycle["median_hours"] as? Double == 42)
        #expect(operations["since"] as? String == "2025-03-01T00:00:00Z")
        #expect(operations["until"] as? String == "2025-03-16T00:00:00Z")

        let trend = try #require(json["trend"] as? [[String: Any]])
        #expect(Set(trend[0].keys) == ["run_id", "kind", "started_at", "overall", "listing_errors", "stores"])

        // No data is null, not NaN or 0.
        let empty = AuditBuilder.build(AuditInput(stores: [], catalog: [], orders: [], options: AuditOptions(now: AuditFixture.now)))
        let text = String(decoding: try AuditJSONRenderer.render(empty), as: UTF8.self)
        #expect(text.contains("\"percent\" : null"))
        #expect(!text.contains("NaN"))
    }

    @Test("CSV: fixed columns, one figure a row, rates with their counts")
    func csvColumns() throws {
        let csv = AuditCSVRenderer.render(report)
        let rows = csv.split(separator: "\n").map(String.init)
        #expect(rows[0] == "section,store,metric,value,numerator,denominator,percent,detail")
        #expect(rows.allSatisfy { $0.split(separator: ",", omittingEmptySubsequences: false).count >= 8 })
        #expect(rows.contains("accuracy,shop,overall,,5,6,83.33,shopify"))
        #expect(rows.contains("accuracy,shop,field:price,,1,2,50.00,"))
        #expect(rows.contains("accuracy,all,overall,,10,12,83.33,"))
        #expect(rows.contains("operations,all,orders,6,,,,"))
        #expect(rows.contains("operations,all,refund_rate,,6,14,42.86,"))
        #expect(rows.contains("operations,all,fulfilment_median_hours,42.00,,,,"))
        #expect(rows.contains("operations,all,on_time_shipment_rate,,2,4,50.00,sla 48 h"))
        #expect(rows.contains("operations,all,stock_out_rate,,1,2,50.00,catalog"))
        #expect(rows.contains("operations,shop,stock_out_rate,,1,2,50.00,listed"))
        #expect(rows.contains("operations,clean,stock_out_rate,,2,2,100.00,listed"))
        #expect(rows.contains("stock_out,all,sku:SKU-2,,,,,"))
        #expect(rows.contains("stock_out,shop,sku:SKU-2,,,,,"))
        #expect(rows.contains("stock_out,clean,sku:SKU-1,,,,,"))
        #expect(!rows.contains("stock_out,shop,sku:SKU-1,,,,,"))
        #expect(rows.contains("operations,all,units_received,24,,,,2 SKUs"))
        #expect(rows.contains("operations,all,sell_through,,9,24,37.50,"))
        #expect(rows.contains("operations,a,sell_through,,8,24,33.33,"))
        #expect(rows.contains("operations,b,sell_through,,1,24,4.17,"))
        #expect(rows.contains("sell_through,all,sku:SKU-2,,3,4,75.00,top"))
        #expect(rows.contains("sell_through,all,sku:SKU-1,,6,20,30.00,top"))
        #expect(rows.contains("price,shop,total_absolute_deviation,2.00,,,,EUR"))
        #expect(rows.contains("store,down,error,,,,,connection refused; check the URL"))
        // A comma inside a field is quoted.
        let comma = AuditCSVRenderer.render(
            AuditBuilder.build(
                AuditInput(
                    stores: [StoreAuditInput(store: "x", platform: "shopify", error: "down, retry")], catalog: [], orders: [],
                    options: AuditOptions(now: AuditFixture.now))))
        #expect(comma.contains("\nstore,x,error,,,,,\"down, retry\"\n"))
    }

    /// Every `data-label`/`data-value` pair drawn in the HTML.
    static func drawn(_ html: String) -> [(label: String, value: String)] {
        let regex = try! NSRegularExpression(pattern: "data-label=\"([^\"]*)\" data-value=\"([^\"]*)\"")
        let range = NSRange(html.startIndex..., in: html)
        return regex.matches(in: html, range: range).map { match in
            (String(html[Range(match.range(at: 1), in: html)!]), String(html[Range(match.range(at: 2), in: html)!]))
        }
    }

    @Test("HTML: self-contained (no URL, no script), with the report's numbers in every chart")
    func html() throws {
        let html = AuditHTMLRenderer.render(report)
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<link"))
        #expect(html.contains("@media print"))
        #expect(html.components(separatedBy: "<svg").count - 1 == 4)
        let bars = Self.drawn(html)
        func value(_ label: String) -> String? { bars.first { $0.label == label }?.value }
        // Accuracy by store and field.
        #expect(value("shop") == "83.33")
        #expect(value("shop · price") == "50")
        #expect(value("clean · stock") == "50")
        #expect(value("clean · title") == "100")
        // Errors by rule: every store's findings of the rule together.
        let outOfStock = report.stores.compactMap { $0.rules.first { $0.code == "listing.active-out-of-stock" }?.count }.reduce(0, +)
        #expect(outOfStock > 0)
        #expect(value("listing.active-out-of-stock") == "\(outOfStock)")
        #expect(value("drift.first-sync") == nil)
        // Trend: this audit's point.
        #expect(value("run 7 all stores") == "83.33")
        // Fulfilment time distribution.
        for bucket in report.operations.overall.fulfilmentCycleTime.distribution {
            #expect(value(bucket.label) == "\(bucket.orders)")
        }
        #expect(html.contains("median 42.00 h"))
        #expect(html.contains("10 of 12 pairs in sync"))
        #expect(html.contains("connection refused; check the URL"))
        // Stock-outs per store and for the catalog, with counts and SKUs.
        let number = "</td><td class=\"num\">"
        #expect(html.contains("<tr><td>clean\(number)100.00% (2/2)\(number)2\(number)2</td><td>SKU-1, SKU-2</td></tr>"))
        #expect(html.contains("<tr><td>shop\(number)50.00% (1/2)\(number)1\(number)2</td><td>SKU-2</td></tr>"))
        #expect(html.contains("<tr><td>all (catalog)</td><td class=\"num\">50.00% (1/2)</td>"))
        // Sell-through.
        #expect(html.contains("Units sold ÷ units received: 37.50% (9/24) over the 2 SKUs received"))
        #expect(html.contains("<tr><td>a</td><td class=\"num\">8</td><td class=\"num\">33.33% (8/24)</td></tr>"))
        #expect(html.contains("<tr><td>SKU-2</td><td class=\"num\">4</td><td class=\"num\">3</td><td class=\"num\">75.00% (3/4)</td></tr>"))
    }

    @Test("HTML: risks apart from listing errors, each code with its plain name; a zoomed accuracy axis with the target")
    func htmlKeepsRisksApart() throws {
        var report = self.report
        let errorsBefore = report.stores.reduce(0) { $0 + $1.listingErrors }
        report.stores[0].rules.append(
            RuleCount(
                code: "stock.oversell-risk", severity: "error", count: 5, skus: ["SKU-9"], kind: .risk,
                name: "the store shows more units than Concord can sell"))
        let html = AuditHTMLRenderer.render(report)
        let bars = Self.drawn(html)
        #expect(bars.first { $0.label == "stock.oversell-risk" }?.value == "5")
        // The risk is drawn amber under "Risks", never red under "Listing errors".
        let risks = try #require(html.range(of: "Risks: 5</h3>"))
        let errors = try #require(html.range(of: "Listing errors: "))
        #expect(errors.lowerBound < risks.lowerBound)
        let riskChart = html[risks.upperBound...].prefix(2000)
        #expect(riskChart.contains("data-label=\"stock.oversell-risk\""))
        #expect(riskChart.contains("fill warn"))
        #expect(!html[errors.lowerBound..<risks.lowerBound].contains("stock.oversell-risk"))
        #expect(html.contains("<td>stock.oversell-risk</td><td>the store shows more units than Concord can sell</td><td>risk</td>"))
        // The listing-error card does not count the risk; the risk card does.
        #expect(
            html.contains(
                "<div class=\"card\" id=\"kpi-listing-errors\"><div class=\"card-title\">Listing errors</div><div class=\"card-value\">\(errorsBefore)</div>"
            ))
        #expect(
            html.contains("<div class=\"card\" id=\"kpi-risks\"><div class=\"card-title\">Risks</div><div class=\"card-value\">5</div>"))
        // Accuracy bars start at a labelled lower bound (2 below the lowest bar, 50 %) and show the 99 % target.
        #expect(html.contains("data-target=\"99\""))
        #expect(html.contains("class=\"value axis-start\">48%</text>"))
    }

    @Test("HTML: no orders is one card that says so; this audit's own point is \"now\", not run #0")
    func htmlWithoutOrders() throws {
        let empty = AuditBuilder.build(AuditInput(stores: [], catalog: [], orders: [], options: AuditOptions(now: AuditFixture.now)))
        let html = AuditHTMLRenderer.render(empty)
        #expect(html.contains("id=\"kpi-orders\"><div class=\"card-title\">Orders</div><div class=\"card-value\">none</div>"))
        #expect(!html.contains("kpi-on-time"))
        #expect(!html.contains("kpi-refunds"))
        #expect(!html.contains("#0"))
    }

    @Test("text: worst first, within 100 columns, colour only when asked")
    func text() throws {
        let plain = AuditTextRenderer.render(report, style: TextStyle(colors: false))
        let lines = plain.split(separator: "\n", omittingEmptySubsequences: false)
        for line in lines { #expect(line.count <= 100, "too wide: \(line)") }
        #expect(!plain.contains("\u{1B}["))
        let down = try #require(plain.range(of: "  down"))
        // clean and shop are both at 83.33%: the tie goes by name.
        let clean = try #require(plain.range(of: "  clean"))
        let shop = try #require(plain.range(of: "  shop"))
        #expect(down.lowerBound < clean.lowerBound)
        #expect(clean.lowerBound < shop.lowerBound)
        #expect(plain.contains("83.33% (5/6)"))
        #expect(plain.contains("  clean           100.00% (2/2)  SKU-1, SKU-2"))
        #expect(plain.contains("  shop             50.00% (1/2)  SKU-2"))
        #expect(plain.contains("  all (catalog)    50.00% (1/2)  SKU-2"))
        #expect(plain.contains("  37.50% (9/24) over the 2 SKUs received (3 receipt lines)"))
        #expect(plain.contains("  SKU-2               4     3   75.00% (3/4)"))
        #expect(plain.contains("  b               1   4.17% (1/24)"))
        if ProcessInfo.processInfo.environment["PRINT_AUDIT"] != nil { print(plain) }
        let colored = AuditTextRenderer.render(report, style: TextStyle(colors: true))
        #expect(colored.contains("\u{1B}["))
    }
}
