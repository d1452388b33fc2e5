import Foundation
import StorefrontAdapter
import Testing

/// When a catalog read may take the products sold from the run's order read instead of asking the
/// store again (see ``RecentOrderRead``).
@Suite("The order read a catalog read may reuse")
struct RecentOrderReadTests {
    let now = Date(timeIntervalSince1970: 1_800_000_000)

    func record(since: Date?, startedAgo: TimeInterval) -> RecentOrderRead {
        let recent = RecentOrderRead()
        var read = RecentOrderRead.Read(since: since, startedAt: now.addingTimeInterval(-startedAgo))
        read.sold(product: "11", sku: "TEE-1", changed: now.addingTimeInterval(-600))
        read.sold(product: "12", sku: "MUG-1", changed: now.addingTimeInterval(-30))
        read.sold(product: "13", changed: nil)
        recent.record(read)
        return recent
    }

    @Test("a fresh read whose window starts before the catalog read's: used, with only the orders changed since")
    func covers() throws {
        let recent = record(since: now.addingTimeInterval(-900), startedAgo: 5)
        let read = try #require(recent.covering(since: now.addingTimeInterval(-300), slack: 150, now: now))
        #expect(read.productIDs(since: now.addingTimeInterval(-300)) == ["12", "13"], "an order without a date always counts")
        #expect(read.soldSKUs(since: now.addingTimeInterval(-300)) == ["MUG-1"])
    }

    @Test(
        "a window starting a few seconds later (the previous run's second order read) is covered; one starting later than the slack is not")
    func slack() {
        let catalogSince = now.addingTimeInterval(-300)
        #expect(
            record(since: catalogSince.addingTimeInterval(20), startedAgo: 5).covering(since: catalogSince, slack: 150, now: now) != nil)
        #expect(
            record(since: catalogSince.addingTimeInterval(200), startedAgo: 5).covering(since: catalogSince, slack: 150, now: now) == nil)
    }

    @Test("a read older than the slack, or none at all, is not used: the catalog read asks the store")
    func stale() {
        #expect(record(since: nil, startedAgo: 151).covering(since: now, slack: 150, now: now) == nil)
        #expect(RecentOrderRead().covering(since: now, slack: 150, now: now) == nil)
        #expect(record(since: nil, startedAgo: 1).covering(since: now, slack: 150, now: now) != nil, "a whole order read covers any window")
    }
}
