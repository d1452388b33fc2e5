import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import Testing

/// The HTML audit as a manager sees it: rendered by a real browser (headless Chromium), its figures
/// read back from the laid-out page and checked against the JSON report of the same catalog.
///
/// The page is the renderer's own file with one script appended that reads what the browser laid
/// out (`innerText`, which leaves out what is not rendered, and each chart label's box), so a
/// figure that is in the HTML but hidden, cut off or outside its chart fails the test.
@Suite("The HTML audit in a browser")
struct AuditInBrowserTests {
    static let march = Date(timeIntervalSince1970: 1_740_787_200)  // 2025-03-01T00:00:00Z

    @Test("every card, the rules chart and the stores table show the JSON report's figures; no chart label leaves its chart")
    func figuresMatchTheJSON() async throws {
        guard let chromium = CommandRunner(installed: ["chromium", "chromium-browser", "google-chrome"]) else {
            Issue.record("Chromium is not installed: `make test` installs it (scripts/install-deps.sh), or apt-get install chromium")
            return
        }
        // A known scenario: the demo's three stores after their sync, and a month of orders.
        let directory = try TemporaryDirectory()
        let demo = try await CommandRunner(product: "concord").run(
            ["demo", "--products", "40", "--db", directory.path("demo.sqlite")], directory: directory.path)
        try #require(demo.status == 0, "\(demo.stderr)\n\(demo.stdout)")
        let catalog = try SQLiteCatalogStore(path: directory.path("demo.sqlite"))
        let skus = try await catalog.allProducts().flatMap(\.variants).map(\.sku)
        _ = try await catalog.ingestOrders(Self.orders(skus: skus))

        let period = ["--since", "2025-03-01", "--until", "2025-03-31"]
        let html = try await CommandRunner(product: "concord").run(
            ["audit", "--offline", "--format", "html", "--out", "audit.html"] + period, directory: directory.path)
        #expect(html.status == 0 || html.status == 4, "\(html.stderr)")
        let jsonRun = try await CommandRunner(product: "concord").run(
            ["audit", "--offline", "--format", "json"] + period, directory: directory.path)
        #expect(jsonRun.status == 0 || jsonRun.status == 4, "\(jsonRun.stderr)")
        let json = try JSONValue.parse(jsonRun.stdout)

        let page = try String(contentsOfFile: directory.path("audit.html"), encoding: .utf8)
        _ = try directory.write(page.replacingOccurrences(of: "</body>", with: Self.probe + "</body>"), to: "probe.html")
        let browser = try await chromium.run(
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=1200,2000",
                "--dump-dom", "file://" + directory.path("probe.html"),
            ], directory: directory.path)
        try #require(browser.status == 0, "chromium: \(browser.stderr)")
        let shown = try Self.probeResult(browser.stdout)

        // The cards.
        let cards = Dictionary(
            uniqueKeysWithValues: (shown["cards"]?.arrayValue ?? []).compactMap { card -> (String, JSONValue)? in
                card["id"]?.stringValue.map { ($0, card) }
            })
        func card(_ id: String) -> String { cards[id]?["value"]?.stringValue ?? "(no card \(id))" }
        let overall = try #require(json["overall"]?["overall"])
        let numerator = try #require(overall["numerator"]?.intValue), denominator = try #require(overall["denominator"]?.intValue)
        let shownAccuracy = try #require(Double(card("kpi-accuracy").replacingOccurrences(of: "%", with: "")), "\(card("kpi-accuracy"))")
        #expect(
            abs(shownAccuracy - 100 * Double(numerator) / Double(denominator)) < 0.006,
            "accuracy card \(shownAccuracy)% for \(numerator)/\(denominator)")
        #expect(cards["kpi-accuracy"]?["detail"]?.stringValue?.contains("\(numerator) of \(denominator) pairs") == true)

        let stores = try #require(json["stores"]?.arrayValue)
        let listingErrors = stores.reduce(0) { $0 + ($1["listing_errors"]?.intValue ?? 0) }
        let rules = stores.flatMap { $0["rules"]?.arrayValue ?? [] }
        let risks = rules.filter { $0["kind"]?.stringValue == "risk" }.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) }
        let errorRules = rules.filter { $0["kind"]?.stringValue == "listing-error" }.reduce(0) { $0 + ($1["count"]?.intValue ?? 0) }
        #expect(listingErrors > 0 && risks > 0, "the demo plants listing errors and leaves risks")
        #expect(card("kpi-listing-errors") == "\(listingErrors)")
        #expect(card("kpi-risks") == "\(risks)")
        let orders = try #require(json["operations"]?["overall"]?["orders"]?.intValue)
        #expect(orders == Self.orderCount)
        #expect(card("kpi-orders") == "\(orders)")
        let onTime = try #require(json["operations"]?["overall"]?["on_time_shipment_rate"])
        #expect(card("kpi-on-time") == Self.percent(onTime), "\(card("kpi-on-time")) vs \(onTime)")
        let refunds = try #require(json["operations"]?["overall"]?["refund_rate"])
        #expect(card("kpi-refunds") == Self.percent(refunds), "\(card("kpi-refunds")) vs \(refunds)")
        #expect(
            (shown["cards"]?.arrayValue ?? []).allSatisfy { $0["fits"]?.boolValue == true },
            "a card's value is wider than its card: \(shown["cards"] ?? .null)")

        // The rules chart: listing errors and risks apart, each heading its total.
        let text = shown["text"]?.stringValue ?? ""
        #expect(text.contains("Listing errors: \(errorRules)"), "\(text.prefix(2000))")
        #expect(text.contains("Risks: \(risks)"))

        // The stores table: one row a store, the same figures as the JSON.
        let rows = (shown["stores"]?.arrayValue ?? []).compactMap { $0.arrayValue?.compactMap(\.stringValue) }
        #expect(rows.count == stores.count)
        for store in stores {
            let name = try #require(store["store"]?.stringValue)
            let row = try #require(rows.first { $0.first == name }, "no row for \(name) in \(rows)")
            let accuracy = try #require(store["accuracy"]?["overall"])
            #expect(
                row[2] == Self.percent(accuracy) + " (\(accuracy["numerator"]?.intValue ?? -1)/\(accuracy["denominator"]?.intValue ?? -1))",
                "\(row)")
            #expect(row[4] == "\(store["listings"]?.intValue ?? -1)", "\(row)")
            #expect(row[5] == "\(store["matched_listings"]?.intValue ?? -1)", "\(row)")
            #expect(row[6] == "\(store["listing_errors"]?.intValue ?? -1)", "\(row)")
            #expect(row[7] == "\(store["missing_listings"]?.intValue ?? -1)", "\(row)")
            #expect(row[8] == "\(store["orphans"]?.intValue ?? -1)", "\(row)")
        }

        // The charts: every label inside its chart (a legend cut to "demo-woocommerc" fails here).
        let outside = shown["outside"]?.arrayValue?.compactMap(\.stringValue) ?? ["(no probe)"]
        #expect(outside.isEmpty, "chart labels outside their chart: \(outside)")
        #expect((shown["charts"]?.intValue ?? 0) >= 4, "accuracy, rules, trend and fulfilment charts are drawn")
        #expect(!text.contains("#0 "), "no trend point reads as a run #0")
    }

    static let orderCount = 60

    /// A month of orders on two stores: most shipped within a day or three, some cancelled, some
    /// with a unit refunded; no customer data, as order ingestion stores them.
    static func orders(skus: [SKU]) -> [Order] {
        (1...orderCount).map { number in
            let created = march.addingTimeInterval(Double(number) * 11 * 3600)
            let cancelled = number % 13 == 0 ? created.addingTimeInterval(3600) : nil
            let shipped = cancelled == nil && number % 7 != 0 ? created.addingTimeInterval(Double(number % 5 + 1) * 14 * 3600) : nil
            let quantity = number % 3 + 1
            let line = OrderLine(
                remoteLineID: "1", sku: skus[number % skus.count], quantity: quantity, fulfilledQuantity: shipped == nil ? 0 : quantity,
                refundedQuantity: number % 11 == 0 ? 1 : 0, cancelledQuantity: cancelled == nil ? 0 : quantity)
            return Order(
                store: number % 2 == 0 ? "demo-shopify" : "demo-woocommerce", remoteID: "O\(number)", number: "#\(1000 + number)",
                createdAt: created, cancelledAt: cancelled, firstFulfilledAt: shipped, fulfilledAt: shipped,
                financialStatus: cancelled == nil ? .paid : .voided, fulfillmentStatus: shipped == nil ? .unfulfilled : .fulfilled,
                lines: [line], updatedAt: shipped ?? created)
        }
    }

    /// A ratio as the report prints it, computed here from its counts: "93.75%", or "no data".
    static func percent(_ ratio: JSONValue) -> String {
        guard let numerator = ratio["numerator"]?.intValue, let denominator = ratio["denominator"]?.intValue, denominator > 0 else {
            return "no data"
        }
        return String(format: "%.2f%%", (10_000 * Double(numerator) / Double(denominator)).rounded() / 100)
    }

    /// What the browser laid out, as JSON in a `<pre id="probe">`: the page's rendered text, each
    /// card's value (and whether it fits its card), the stores table's cells, the chart labels
    /// drawn outside their chart.
    static let probe = """
        <script>
        (function () {
          const out = { text: document.querySelector('main').innerText, cards: [], stores: [], outside: [], charts: 0 };
          for (const card of document.querySelectorAll('.card')) {
            const value = card.querySelector('.card-value');
            out.cards.push({ id: card.id, value: value.innerText, detail: card.querySelector('.card-detail').innerText,
                             fits: value.scrollWidth <= card.clientWidth && card.getBoundingClientRect().width > 0 });
          }
          const table = document.querySelector('section.stores > table');
          if (table) for (const row of table.tBodies[0].rows) out.stores.push([...row.cells].map(cell => cell.innerText));
          for (const svg of document.querySelectorAll('svg')) {
            out.charts += 1;
            const box = svg.getBoundingClientRect();
            for (const label of svg.querySelectorAll('text')) {
              const r = label.getBoundingClientRect();
              if (r.width > 0 && (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1))
                out.outside.push(label.textContent);
            }
          }
          const pre = document.createElement('pre');
          pre.id = 'probe';
          pre.textContent = JSON.stringify(out);
          document.body.replaceChildren(pre);
        })();
        </script>

        """

    static func probeResult(_ dom: String) throws -> JSONValue {
        let start = try #require(dom.range(of: "<pre id=\"probe\">"), "the probe did not run: \(dom.prefix(500))")
        let end = try #require(dom.range(of: "</pre>", range: start.upperBound..<dom.endIndex))
        let text = String(dom[start.upperBound..<end.lowerBound])
            .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&nbsp;", with: "\u{A0}").replacingOccurrences(of: "&amp;", with: "&")
        return try JSONValue.parse(text)
    }
}
