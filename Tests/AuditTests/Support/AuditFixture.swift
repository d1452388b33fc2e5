import Audit
import CatalogModel
import Foundation
import Reconcile

/// A small, fixed world for audit tests: a three-SKU catalog, a store with planted drift, and
/// orders whose KPIs are worked out by hand in the tests.
enum AuditFixture {
    /// 2025-03-01T00:00:00Z.
    static let t0 = Date(timeIntervalSince1970: 1_740_787_200)
    static let hour: TimeInterval = 3_600
    static let day: TimeInterval = 86_400

    static func money(_ minor: Int64) -> Money { Money(minorUnits: minor, currency: .eur) }

    static func variant(_ sku: String, price: Int64 = 1999, main: Int, berlin: Int = 0) -> Variant {
        Variant(
            sku: SKU(sku)!, title: sku, options: [sku], price: money(price), weight: Weight(value: 1, unit: .kilograms),
            stock: [StockLevel(location: "main", onHand: main), StockLevel(location: "berlin", onHand: berlin)])
    }

    /// SKU-1 in stock, SKU-2 out of stock everywhere (both active); SKU-3 on a draft product.
    static var catalog: [Product] {
        [
            Product(
                handle: "tee", title: "Tee", descriptionHTML: "<p>Soft.</p>", optionNames: ["Size"],
                images: ["https://cdn.example.com/tee.jpg"],
                variants: [variant("SKU-1", main: 5), variant("SKU-2", main: 0)]),
            Product(
                handle: "cap", title: "Cap", descriptionHTML: "<p>Cap.</p>", status: .draft, optionNames: ["Size"],
                images: ["https://cdn.example.com/cap.jpg"], variants: [variant("SKU-3", main: 0)]),
        ]
    }

    static func line(_ id: String, _ sku: String, _ quantity: Int, fulfilled: Int = 0, refunded: Int = 0, cancelled: Int = 0) -> OrderLine {
        OrderLine(
            remoteLineID: id, sku: SKU(sku), quantity: quantity, fulfilledQuantity: fulfilled, refundedQuantity: refunded,
            cancelledQuantity: cancelled)
    }

    /// The fixed order set (see ``OperationsKPITests`` for the hand-computed figures).
    static var orders: [Order] {
        [
            // a: shipped in one go after 24 h.
            Order(
                store: "a", remoteID: "A1", createdAt: t0, firstFulfilledAt: t0 + 24 * hour, fulfilledAt: t0 + 24 * hour,
                fulfillmentStatus: .fulfilled, lines: [line("1", "SKU-1", 2, fulfilled: 2), line("2", "SKU-2", 1, fulfilled: 1)]),
            // a: first parcel after 10 h, the rest after 60 h: measured once, when complete (60 h, late).
            Order(
                store: "a", remoteID: "A2", createdAt: t0 + day, firstFulfilledAt: t0 + day + 10 * hour,
                fulfilledAt: t0 + day + 60 * hour, fulfillmentStatus: .fulfilled, lines: [line("1", "SKU-1", 3, fulfilled: 3)]),
            // a: cancelled.
            Order(
                store: "a", remoteID: "A3", createdAt: t0 + 2 * day, cancelledAt: t0 + 2 * day + hour, financialStatus: .voided,
                lines: [line("1", "SKU-2", 4, cancelled: 4)]),
            // a: shipped after 12 h, one of two units refunded.
            Order(
                store: "a", remoteID: "A4", createdAt: t0 + 3 * day, firstFulfilledAt: t0 + 3 * day + 12 * hour,
                fulfilledAt: t0 + 3 * day + 12 * hour, financialStatus: .partiallyRefunded, fulfillmentStatus: .fulfilled,
                lines: [line("1", "SKU-2", 2, fulfilled: 2, refunded: 1)]),
            // b: shipped after 100 h, all five units refunded.
            Order(
                store: "b", remoteID: "B1", createdAt: t0 + day, firstFulfilledAt: t0 + day + 100 * hour,
                fulfilledAt: t0 + day + 100 * hour, financialStatus: .refunded, fulfillmentStatus: .fulfilled,
                lines: [line("1", "SKU-3", 5, fulfilled: 5, refunded: 5)]),
            // b: still open six days later (past a 48 h SLA at the audit's time).
            Order(store: "b", remoteID: "B2", createdAt: t0 + 4 * day, lines: [line("1", "SKU-1", 1)]),
            // b: before the period.
            Order(store: "b", remoteID: "B3", createdAt: t0 - 5 * day, lines: [line("1", "SKU-1", 9)]),
            // b: after the period.
            Order(store: "b", remoteID: "B4", createdAt: t0 + 20 * day, lines: [line("1", "SKU-1", 9)]),
        ]
    }

    /// The audit's "now": ten days after t0.
    static let now = t0 + 10 * day

    /// 2025-03-01 through 2025-03-15 (the until date included).
    static var period: AuditPeriod { try! AuditPeriod.parse(since: "2025-03-01", until: "2025-03-15") }

    /// One store reconciled: SKU-1 with a drifted price (21.99 for 19.99) and SKU-2 exact; price,
    /// title and stock compared (stock at one store location mapped to `main`).
    /// With `soldOut`, SKU-1's listing shows no stock while the catalog has 5: a lost sale.
    static func reconciled(store: StoreID = "shop", priceDrift: Bool = true, soldOut: Bool = false) -> ReconcileResult {
        let snapshot = StoreSnapshot(
            store: store, fetchedAt: now - 30 * hour, isComplete: false,
            listings: listings(store: store, priceDrift: priceDrift, soldOut: soldOut), locations: [], nextCursor: nil)
        let policy = StorePolicy(store: store, managedFields: [.price, .title, .stock], locationMap: ["L1": "main"])
        return Reconciler.reconcile(ReconcileInput(catalog: CatalogIndex(products: catalog), snapshot: snapshot, policy: policy))
    }

    /// The store's listings of the tee's two variants: SKU-1 shows 5 units (0 with `soldOut`),
    /// SKU-2 shows 0, both active.
    static func listings(store: StoreID = "shop", priceDrift: Bool = true, soldOut: Bool = false) -> [Listing] {
        let tee = catalog[0]
        var listings: [Listing] = []
        for variant in tee.variants {
            let drifted = priceDrift && variant.sku.rawValue == "SKU-1"
            listings.append(
                Listing(
                    store: store, ref: RemoteRef(productID: "P1", variantID: "V-\(variant.sku)"), rawSKU: variant.sku.rawValue,
                    productTitle: tee.title, options: variant.options, price: drifted ? money(2199) : variant.price,
                    weight: variant.weight, images: tee.images,
                    stock: [StockLevel(location: "L1", onHand: soldOut && variant.sku.rawValue == "SKU-1" ? 0 : variant.stock[0].available)]
                ))
        }
        return listings
    }

    static func input(
        _ result: ReconcileResult, platform: String = "shopify", fetchedAt: Date? = now - 30 * hour, listed: [Listing]? = nil
    ) -> StoreAuditInput {
        StoreAuditInput(
            store: result.store, platform: platform, counts: result.counts, findings: result.findings, fetchedAt: fetchedAt,
            listedStock: listed.map(ListedStock.measure))
    }

    /// Receipts for sell-through (see ``SellThroughTests`` for the figures): SKU-1 10 + 10 and
    /// SKU-2 4 in the period; SKU-3 40 three days before it.
    static var receipts: [StockReceipt] {
        [
            StockReceipt(sku: SKU("SKU-1")!, location: "main", quantity: 10, receivedAt: t0 + hour, reference: "PO-1"),
            StockReceipt(sku: SKU("SKU-2")!, location: "main", quantity: 4, receivedAt: t0 + hour, reference: "PO-1"),
            StockReceipt(sku: SKU("SKU-1")!, location: "berlin", quantity: 10, receivedAt: t0 + 2 * day, reference: "PO-2"),
            StockReceipt(sku: SKU("SKU-3")!, location: "main", quantity: 40, receivedAt: t0 - 3 * day, reference: "PO-0"),
        ]
    }
}
