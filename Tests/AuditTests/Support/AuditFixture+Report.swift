import Audit
import CatalogModel
import Foundation

extension AuditFixture {
    /// A whole report: two audited stores, one unreadable, the fixed orders and receipts, a one-point trend.
    static var report: AuditReport {
        AuditBuilder.build(
            AuditInput(
                stores: [
                    input(reconciled(store: "shop"), listed: listings(store: "shop")),
                    input(
                        reconciled(store: "clean", priceDrift: false, soldOut: true), platform: "woocommerce",
                        listed: listings(store: "clean", priceDrift: false, soldOut: true)),
                    StoreAuditInput(store: "down", platform: "magento", error: "connection refused; check the URL"),
                ],
                catalog: catalog, orders: orders, receipts: receipts,
                options: AuditOptions(now: now, period: period, slaHours: 48, runID: 7)))
    }
}
