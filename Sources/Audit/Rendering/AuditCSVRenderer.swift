import Foundation

/// The CSV form for BI tools: one long table, one figure a row, with fixed columns.
///
/// `section,store,metric,value,numerator,denominator,percent,detail` — a rate fills numerator,
/// denominator and percent (empty for no data); a count or an amount fills value; `detail` holds
/// a severity, a currency or a run's kind. The README lists every section and metric.
public enum AuditCSVRenderer {
    public static let columns = ["section", "store", "metric", "value", "numerator", "denominator", "percent", "detail"]

    public static func render(_ report: AuditReport) -> String {
        var rows: [[String]] = [columns]
        func rate(_ section: String, _ store: String, _ metric: String, _ ratio: Ratio, detail: String = "") {
            rows.append([
                section, store, metric, "", "\(ratio.numerator)", "\(ratio.denominator)", ratio.percent.map(Ratio.format) ?? "", detail,
            ])
        }
        func value(_ section: String, _ store: String, _ metric: String, _ value: String, detail: String = "") {
            rows.append([section, store, metric, value, "", "", "", detail])
        }
        rate("accuracy", "all", "overall", report.overall.overall)
        for field in report.overall.fields { rate("accuracy", "all", "field:\(field.field)", field.accuracy) }
        for store in report.stores {
            if let error = store.error {
                value("store", store.store, "error", "", detail: error)
                continue
            }
            rate("accuracy", store.store, "overall", store.accuracy.overall, detail: store.platform)
            for field in store.accuracy.fields { rate("accuracy", store.store, "field:\(field.field)", field.accuracy) }
            value("listings", store.store, "listings", "\(store.listings)")
            value("listings", store.store, "listing_errors", "\(store.listingErrors)")
            value("listings", store.store, "missing_listings", "\(store.missingListings)")
            value("listings", store.store, "orphans", "\(store.orphans)")
            for rule in store.rules { value("rule", store.store, rule.code, "\(rule.count)", detail: rule.severity) }
            for rule in store.acknowledged ?? [] { value("acknowledged", store.store, rule.code, "\(rule.count)") }
            let stock = store.stockExposure
            value("stock", store.store, "oversell_listings", "\(stock.oversellListings)")
            value("stock", store.store, "oversell_units", "\(stock.oversellUnits)")
            value("stock", store.store, "lost_sales_skus", "\(stock.lostSalesSkus.count)")
            value("stock", store.store, "stock_age_hours", stock.stockAgeHours.map(Ratio.format) ?? "", detail: stock.stale ? "stale" : "")
            value("price", store.store, "deviating_listings", "\(store.priceDeviation.listings)")
            for total in store.priceDeviation.totalAbsolute {
                value("price", store.store, "total_absolute_deviation", total.amount, detail: total.currency)
            }
        }
        let operations = report.operations
        for kpis in [operations.overall] + operations.stores {
            value("operations", kpis.store, "orders", "\(kpis.orders)")
            value("operations", kpis.store, "units_sold", "\(kpis.unitsSold)")
            rate("operations", kpis.store, "cancellation_rate", kpis.cancellationRate)
            value("operations", kpis.store, "fulfilled_orders", "\(kpis.fulfilmentCycleTime.orders)")
            value("operations", kpis.store, "fulfilment_median_hours", kpis.fulfilmentCycleTime.medianHours.map(Ratio.format) ?? "")
            value("operations", kpis.store, "fulfilment_p90_hours", kpis.fulfilmentCycleTime.p90Hours.map(Ratio.format) ?? "")
            value("operations", kpis.store, "first_shipment_median_hours", kpis.firstShipmentTime.medianHours.map(Ratio.format) ?? "")
            value("operations", kpis.store, "first_shipment_p90_hours", kpis.firstShipmentTime.p90Hours.map(Ratio.format) ?? "")
            rate("operations", kpis.store, "on_time_shipment_rate", kpis.onTimeShipmentRate, detail: "sla \(operations.slaHours) h")
            value("operations", kpis.store, "open_past_sla", "\(kpis.openPastSla)")
            rate("operations", kpis.store, "refund_rate", kpis.refundRate)
            for sku in kpis.topRefundedSkus { rate("refunds", kpis.store, "sku:\(sku.sku)", sku.refundRate) }
        }
        rate("operations", "all", "stock_out_rate", operations.stockOutRate, detail: "catalog")
        for store in operations.stockOutByStore { rate("operations", store.store, "stock_out_rate", store.stockOutRate, detail: "listed") }
        for sku in operations.stockOutSkus { value("stock_out", "all", "sku:\(sku)", "") }
        for store in operations.stockOutByStore {
            for sku in store.stockOutSkus { value("stock_out", store.store, "sku:\(sku)", "") }
        }
        let sellThrough = operations.sellThrough
        if sellThrough.available {
            value("operations", "all", "units_received", "\(sellThrough.unitsReceived)", detail: "\(sellThrough.skus) SKUs")
            rate("operations", "all", "sell_through", sellThrough.rate)
            for store in sellThrough.stores { rate("operations", store.store, "sell_through", store.rate) }
            for sku in sellThrough.top { rate("sell_through", "all", "sku:\(sku.sku)", sku.rate, detail: "top") }
            for sku in sellThrough.bottom { rate("sell_through", "all", "sku:\(sku.sku)", sku.rate, detail: "bottom") }
        } else {
            value("operations", "all", "sell_through", "", detail: sellThrough.reason ?? "no receipts recorded in the period")
        }
        for point in report.trend {
            rate("trend", "all", "run:\(point.runId)", point.overall, detail: "\(point.kind) \(AuditFormat.timestamp(point.startedAt))")
            for store in point.stores { rate("trend", store.store, "run:\(point.runId)", store.accuracy) }
        }
        return rows.map { $0.map(escape).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    /// RFC 4180: quote a field holding a comma, a quote or a line break, doubling its quotes.
    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
