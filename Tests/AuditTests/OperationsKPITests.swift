import Audit
import CatalogModel
import Foundation
import Testing

/// Each KPI on the fixed order set of ``AuditFixture``, against figures worked out by hand.
///
/// In the period (2025-03-01 to 2025-03-15): A1, A2, A3 (cancelled), A4 in store a; B1, B2 in b.
/// Units sold (not cancelled): A1 3 + A2 3 + A4 2 + B1 5 + B2 1 = 14; refunded: A4 1 + B1 5 = 6.
/// Complete fulfilments: A1 24 h, A2 60 h (partly shipped at 10 h: counted once, complete), A4 12 h,
/// B1 100 h → sorted 12, 24, 60, 100.
@Suite("Operations KPIs from a fixed order set")
struct OperationsKPITests {
    let report = OperationsCalculator.report(
        orders: AuditFixture.orders, catalog: AuditFixture.catalog,
        options: AuditOptions(now: AuditFixture.now, period: AuditFixture.period, slaHours: 48))

    @Test("orders and units: the period excludes B3 and B4; cancelled orders sell no units")
    func ordersAndUnits() {
        #expect(report.overall.orders == 6)
        #expect(report.overall.unitsSold == 14)
        #expect(report.overall.cancellationRate == Ratio(1, of: 6))
        #expect(report.overall.cancellationRate.percent == 16.67)
    }

    @Test("fulfilment cycle time: median of 12, 24, 60, 100 is 42 h, the nearest-rank p90 is 100 h")
    func cycleTime() {
        let cycle = report.overall.fulfilmentCycleTime
        #expect(cycle.orders == 4)
        #expect(cycle.medianHours == 42)
        #expect(cycle.p90Hours == 100)
        #expect(cycle.distribution.map(\.orders) == [0, 1, 1, 1, 1, 0])
        #expect(cycle.distribution.map(\.label) == ["0–12 h", "12–24 h", "24–48 h", "48–72 h", "72–120 h", "120 h+"])
    }

    @Test("first shipment: A1 24 h, A2 10 h (its first parcel), A4 12 h, B1 100 h → median 18 h, p90 100 h")
    func firstShipment() {
        let first = report.overall.firstShipmentTime
        #expect(first.orders == 4)
        #expect(first.medianHours == 18)
        #expect(first.p90Hours == 100)
    }

    @Test("on-time shipment: 2 of 4 complete fulfilments within 48 h; B2 is open past the SLA")
    func onTime() {
        #expect(report.overall.onTimeShipmentRate == Ratio(2, of: 4))
        #expect(report.overall.openPastSla == 1)
        #expect(report.slaHours == 48)
    }

    @Test("a longer SLA changes only the on-time rate: 72 h lets A2 (60 h) in")
    func slaMatters() {
        let relaxed = OperationsCalculator.report(
            orders: AuditFixture.orders, catalog: AuditFixture.catalog,
            options: AuditOptions(now: AuditFixture.now, period: AuditFixture.period, slaHours: 72))
        #expect(relaxed.overall.onTimeShipmentRate == Ratio(3, of: 4))
        #expect(relaxed.overall.fulfilmentCycleTime == report.overall.fulfilmentCycleTime)
    }

    @Test("refund rate by units: 6 of 14; worst SKUs first")
    func refunds() {
        #expect(report.overall.refundRate == Ratio(6, of: 14))
        #expect(report.overall.refundRate.percent == 42.86)
        #expect(report.overall.topRefundedSkus.map(\.sku) == ["SKU-3", "SKU-2"])
        #expect(report.overall.topRefundedSkus[0].refundRate == Ratio(5, of: 5))
        // SKU-2: A1 1 + A4 2 sold (A3 was cancelled), 1 refunded.
        #expect(report.overall.topRefundedSkus[1].unitsSold == 3)
        #expect(report.overall.topRefundedSkus[1].refundRate == Ratio(1, of: 3))
    }

    @Test("per store: a has 4 orders (median 24 h, p90 60 h), b has 2 (100 h)")
    func perStore() throws {
        #expect(report.stores.map(\.store) == ["a", "b"])
        let a = report.stores[0]
        #expect(a.orders == 4)
        #expect(a.unitsSold == 8)
        #expect(a.cancellationRate == Ratio(1, of: 4))
        #expect(a.fulfilmentCycleTime.medianHours == 24)
        #expect(a.fulfilmentCycleTime.p90Hours == 60)
        #expect(a.onTimeShipmentRate == Ratio(2, of: 3))
        #expect(a.refundRate == Ratio(1, of: 8))
        let b = report.stores[1]
        #expect(b.orders == 2)
        #expect(b.unitsSold == 6)
        #expect(b.refundRate == Ratio(5, of: 6))
        #expect(b.fulfilmentCycleTime.medianHours == 100)
        #expect(b.onTimeShipmentRate == Ratio(0, of: 1))
        #expect(b.openPastSla == 1)
    }

    @Test("stock-out rate: 1 of 2 active SKUs has nothing available (the draft SKU-3 does not count)")
    func stockOut() {
        #expect(report.stockOutRate == Ratio(1, of: 2))
        #expect(report.stockOutSkus == ["SKU-2"])
        #expect(report.sellThrough.available == false)
    }

    @Test("an empty period gives no data, never NaN or zero per cent")
    func emptyPeriod() throws {
        let empty = OperationsCalculator.report(
            orders: AuditFixture.orders, catalog: AuditFixture.catalog,
            options: AuditOptions(now: AuditFixture.now, period: try AuditPeriod.parse(since: "2030-01-01", until: nil)))
        #expect(empty.overall.orders == 0)
        #expect(empty.stores.isEmpty)
        #expect(empty.overall.cancellationRate.percent == nil)
        #expect(empty.overall.refundRate.description == "no data")
        #expect(empty.overall.fulfilmentCycleTime.medianHours == nil)
        #expect(empty.overall.fulfilmentCycleTime.p90Hours == nil)
        let text = AuditTextRenderer.render(
            AuditReport(
                generatedAt: AuditFixture.now, source: .online, overall: Accuracy(overall: Ratio(0, of: 0), fields: []),
                stores: [], operations: empty, trend: []))
        #expect(text.contains("no data"))
        #expect(!text.lowercased().contains("nan"))
    }

    @Test("periods: a date-only --until includes that day; bad dates name the option and the form")
    func periods() throws {
        let period = try AuditPeriod.parse(since: "2025-03-01", until: "2025-03-01")
        #expect(period.contains(AuditFixture.t0))
        #expect(period.contains(AuditFixture.t0 + 86_399))
        #expect(!period.contains(AuditFixture.t0 + 86_400))
        #expect(try AuditPeriod.parse(since: "2025-03-01T12:00:00Z", until: nil).since == AuditFixture.t0 + 12 * 3_600)
        #expect(throws: AuditPeriodError.self) { try AuditPeriod.parse(since: "03/01/2025", until: nil) }
        #expect(throws: AuditPeriodError.self) { try AuditPeriod.parse(since: "2025-02-30", until: nil) }
        #expect(throws: AuditPeriodError.self) { try AuditPeriod.parse(since: "2025-03-02", until: "2025-03-01") }
        do {
            _ = try AuditPeriod.parse(since: nil, until: "yesterday")
        } catch {
            #expect("\(error)".contains("--until"))
            #expect("\(error)".contains("YYYY-MM-DD"))
        }
    }
}
