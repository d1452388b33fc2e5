import CatalogModel
import ConcordTesting
import Testing

/// Three stores selling one stock pool through a seeded day of orders, partial and full
/// shipments, cancellations, refunds with and without restock, receipts, stocktakes, admin edits
/// and a trashed order, synced every dozen events: after every quiet sync each store shows
/// exactly on hand less the units open on every channel (less its buffer: the WooCommerce store
/// keeps two back), the catalog's on hand is what happened,
/// and no stock waits for a person. One day has a sync killed with SIGKILL in its writes.
@Suite("a shop's day: stock stays true through the whole order lifecycle")
struct ShopDayTests {
    @Test("three platforms, one pool, a seeded day", arguments: [(UInt64(11), nil), (29, 6)] as [(UInt64, Int?)])
    func seededDay(seed: UInt64, killedSync: Int?) async throws {
        let result = try await ShopDay(options: .init(seed: seed, events: 200, products: 5, killedSync: killedSync)).run()
        let details = result.details.joined(separator: "\n")
        #expect(result.events == 200)
        #expect(result.syncs > 25)
        for kind in ["order", "ship", "cancel", "refund", "receipt", "count", "admin-edit", "trash"] {
            #expect((result.eventCounts[kind] ?? 0) > 0, "no \(kind) happened: the day proves nothing about it")
        }
        if killedSync != nil {
            #expect(result.killed, "\(details)")
            #expect(result.resumed, "\(details)")
        }
        #expect(result.mismatches == 0, "\(details)")
        #expect(result.ledgerMismatches == 0, "\(details)")
        #expect(result.stockReviews == 0, "\(details)")
        #expect(result.unsettledChanges == 0, "a quiet sync still wrote: \(details)")
    }
}
