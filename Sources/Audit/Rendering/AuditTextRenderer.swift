import Foundation

/// The terminal form of an audit: a summary first, then aligned tables, worst first, in 100 columns.
public enum AuditTextRenderer {
    public static func render(_ report: AuditReport, style: TextStyle = TextStyle(colors: false)) -> String {
        var lines: [String] = []
        let source = report.source == .online ? "stores read now" : "last saved snapshots (offline)"
        lines.append(style.bold("Catalog audit") + "  \(AuditFormat.timestamp(report.generatedAt)) · \(source)")
        lines.append("Overall accuracy: " + colored(report.overall.overall, style: style))
        lines.append("")

        lines.append(style.bold("Accuracy by store") + style.dim("  (listing × field pairs equal to the catalog; worst first)"))
        var stores = TextTable(["store", "platform", "accuracy", "listings", "errors", "missing", "orphans"])
        for store in report.stores {
            if store.error != nil {
                stores.add([store.store, store.platform, "not audited", "", "", "", ""])
            } else {
                stores.add([
                    store.store, store.platform, store.accuracy.overall.description, "\(store.listings)",
                    "\(store.listingErrors)", "\(store.missingListings)", "\(store.orphans)",
                ])
            }
        }
        lines.append(contentsOf: stores.render(style: style))
        for store in report.stores {
            if let error = store.error { lines.append("  " + style.red("\(store.store): \(error)")) }
        }

        for store in report.stores where store.error == nil {
            lines.append("")
            lines.append(
                style.bold(store.store) + style.dim("  (\(store.platform), \(store.listings) listings, \(store.matchedListings) matched)"))
            if let coverage = store.coverage {
                let fields = coverage.fieldsCompared.count + coverage.notCompared.count
                lines.append(
                    "  compared: \(coverage.listings.numerator) of \(coverage.listings.denominator) listings, "
                        + "\(coverage.fieldsCompared.count) of \(fields) fields")
                for left in coverage.notCompared {
                    lines.append(contentsOf: AuditFormat.wrap("not compared, \(left.field): \(left.reason)", width: 100, indent: "    "))
                }
            }
            var fields = TextTable(["field", "accuracy", "out of sync"])
            for field in store.accuracy.fields {
                fields.add([field.field, field.accuracy.description, "\(field.accuracy.denominator - field.accuracy.numerator)"])
            }
            if store.accuracy.fields.isEmpty {
                lines.append("  no fields compared (no listing matched the catalog)")
            } else {
                lines.append(contentsOf: fields.render(style: style))
            }
            if !store.rules.isEmpty {
                lines.append("")
                var rules = TextTable(["rule", "severity", "count", "SKUs"])
                rules.maxWidth = 40
                for rule in store.rules {
                    let shown = rule.skus.prefix(3).joined(separator: ", ") + (rule.skus.count > 3 ? " +\(rule.skus.count - 3)" : "")
                    rules.add([rule.code, rule.severity, "\(rule.count)", shown])
                }
                lines.append(contentsOf: rules.render(style: style))
            }
            if let acknowledged = store.acknowledged, !acknowledged.isEmpty {
                lines.append("")
                lines.append("  " + style.dim("acknowledged in concord review (not counted above)"))
                var table = TextTable(["rule", "count", "SKUs"])
                table.maxWidth = 40
                for rule in acknowledged {
                    let shown = rule.skus.prefix(3).joined(separator: ", ") + (rule.skus.count > 3 ? " +\(rule.skus.count - 3)" : "")
                    table.add([rule.code, "\(rule.count)", shown])
                }
                lines.append(contentsOf: table.render(style: style))
            }
            let exposure = store.stockExposure
            lines.append(
                "  oversell risk: \(exposure.oversellListings) listings, \(exposure.oversellUnits) units above what can be sold")
            let lost = exposure.lostSalesSkus
            lines.append(
                "  lost sales: \(lost.count) SKUs sold out here while the catalog has stock"
                    + (lost.isEmpty ? "" : " (" + lost.prefix(3).joined(separator: ", ") + (lost.count > 3 ? ", …" : "") + ")"))
            if let age = exposure.stockAgeHours {
                var read = "  stock read \(AuditFormat.hours(age)) ago"
                if exposure.stale { read += " " + style.yellow("(stale: older than \(exposure.staleAfterHours) h)") }
                lines.append(read)
            }
            let price = store.priceDeviation
            if price.listings > 0 {
                lines.append(
                    "  price: listings off their rule: \(price.listings), by "
                        + price.totalAbsolute.map(\.description).joined(separator: " + ") + " in total; largest:")
                var items = TextTable(["SKU", "field", "expected", "store", "difference"])
                for item in price.items.prefix(5) {
                    items.add([item.sku, item.field, item.expected.description, item.actual.description, item.difference.description])
                }
                lines.append(contentsOf: items.render(style: style, indent: "    "))
            } else {
                lines.append("  price: every compared price follows its rule")
            }
        }

        lines.append("")
        let operations = report.operations
        lines.append(style.bold("Operations") + style.dim("  (\(AuditFormat.period(operations)); SLA \(operations.slaHours) h)"))
        if operations.overall.orders == 0 {
            lines.append("  no data: no orders were ingested for this period")
        } else {
            var table = TextTable(["store", "orders", "units", "cancelled", "median h", "p90 h", "on time", "refunded"])
            table.maxWidth = 22
            for kpis in operations.stores + [operations.overall] {
                table.add([
                    kpis.store, "\(kpis.orders)", "\(kpis.unitsSold)", kpis.cancellationRate.description,
                    AuditFormat.optionalHours(kpis.fulfilmentCycleTime.medianHours),
                    AuditFormat.optionalHours(kpis.fulfilmentCycleTime.p90Hours), kpis.onTimeShipmentRate.description,
                    kpis.refundRate.description,
                ])
            }
            lines.append(contentsOf: table.render(style: style))
            if operations.overall.openPastSla > 0 {
                lines.append("  open orders already past the SLA: \(operations.overall.openPastSla)")
            }
            if !operations.overall.topRefundedSkus.isEmpty {
                var refunds = TextTable(["most refunded SKU", "sold", "refunded", "refund rate"])
                for sku in operations.overall.topRefundedSkus {
                    refunds.add([sku.sku, "\(sku.unitsSold)", "\(sku.unitsRefunded)", sku.refundRate.description])
                }
                lines.append(contentsOf: refunds.render(style: style))
            }
        }
        lines.append("")
        lines.append(style.bold("Stock-outs") + style.dim("  (SKUs out of stock ÷ active SKUs, now)"))
        var stockOut = TextTable(["where", "stock-out rate", "out of stock"])
        stockOut.maxWidth = 50
        for store in operations.stockOutByStore {
            stockOut.add([store.store, store.stockOutRate.description, skuList(store.stockOutSkus, total: store.stockOutRate.numerator)])
        }
        stockOut.add([
            "all (catalog)", operations.stockOutRate.description,
            skuList(operations.stockOutSkus, total: operations.stockOutRate.numerator),
        ])
        lines.append(contentsOf: stockOut.render(style: style))

        lines.append("")
        let sellThrough = operations.sellThrough
        lines.append(style.bold("Sell-through") + style.dim("  (units sold ÷ units received in the period)"))
        if sellThrough.available {
            lines.append(
                "  \(sellThrough.rate) over the \(sellThrough.skus) SKUs received (\(sellThrough.receiptLines) receipt lines)")
            var stores = TextTable(["store", "units sold", "sell-through"])
            for store in sellThrough.stores { stores.add([store.store, "\(store.unitsSold)", store.rate.description]) }
            stores.add(["all", "\(sellThrough.unitsSold)", sellThrough.rate.description])
            lines.append(contentsOf: stores.render(style: style))
            for (title, list) in [("fastest SKU", sellThrough.top), ("slowest SKU", sellThrough.bottom)] where !list.isEmpty {
                var skus = TextTable([title, "received", "sold", "sell-through"])
                for sku in list { skus.add([sku.sku, "\(sku.unitsReceived)", "\(sku.unitsSold)", sku.rate.description]) }
                lines.append(contentsOf: skus.render(style: style))
            }
        } else {
            lines.append("  " + (sellThrough.reason ?? "no receipts recorded in the period"))
        }

        if report.trend.count > 1 {
            lines.append("")
            lines.append(style.bold("Trend") + style.dim("  (runs that recorded accuracy, oldest first)"))
            var trend = TextTable(["run", "kind", "started", "accuracy", "listing errors"])
            for point in report.trend.suffix(12) {
                trend.add([
                    "\(point.runId)", point.kind, AuditFormat.timestamp(point.startedAt), point.overall.description,
                    "\(point.listingErrors)",
                ])
            }
            lines.append(contentsOf: trend.render(style: style))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `SKU-1, SKU-2 +3`: the first few of a list, and how many more.
    static func skuList(_ skus: [String], total: Int) -> String {
        guard !skus.isEmpty else { return "" }
        let shown = skus.prefix(3)
        return shown.joined(separator: ", ") + (total > shown.count ? " +\(total - shown.count)" : "")
    }

    static func colored(_ ratio: Ratio, style: TextStyle) -> String {
        guard let percent = ratio.percent else { return ratio.description }
        if percent < 95 { return style.red(ratio.description) }
        if percent < 99 { return style.yellow(ratio.description) }
        return style.green(ratio.description)
    }
}

/// Formatting shared by the renderers.
enum AuditFormat {
    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }

    static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }

    static func hours(_ value: Double) -> String {
        let hundredths = Int((value * 100).rounded())
        if hundredths % 100 == 0 { return "\(hundredths / 100) h" }
        return Ratio.format(value) + " h"
    }

    static func optionalHours(_ value: Double?) -> String {
        guard let value else { return "no data" }
        return Ratio.format(value)
    }

    static func period(_ operations: OperationsReport) -> String {
        switch (operations.since, operations.until) {
        case (nil, nil): "all ingested orders"
        case (let since?, nil): "orders created since \(timestamp(since))"
        case (nil, let until?): "orders created before \(timestamp(until))"
        case (let since?, let until?): "orders created \(timestamp(since)) to \(timestamp(until))"
        }
    }

    /// `text` in lines of at most `width` columns, each after `indent`, broken between words.
    static func wrap(_ text: String, width: Int, indent: String) -> [String] {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count > indent.count, line.count + 1 + word.count > width {
                lines.append(line)
                line = indent + "  "
            }
            line += (line.count > indent.count && !line.hasSuffix("  ") ? " " : "") + word
        }
        lines.append(line)
        return lines
    }
}
