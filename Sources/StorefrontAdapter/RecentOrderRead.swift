import Foundation
import Synchronization

/// What an adapter's last order read sold, kept for the catalog read that follows it in the same
/// run.
///
/// A sale changes neither the product nor its stock row on WooCommerce and Magento, so an
/// incremental catalog read also asks which products the orders changed since its cursor sold,
/// the very orders the run's order read fetched a moment before. With this record the catalog
/// read takes them from there, and an idle sync asks the store for its orders once, not twice.
/// It is used only when the order read is younger than half the overlap and its window starts at
/// most half the overlap after the catalog read's. A run reads orders twice, the second time after
/// the listings, so the next run's first order window starts a few seconds after its catalog
/// window; an order changed in those seconds was changed before the last listing read began, and
/// only one committed later than half the overlap after its own timestamp could be missed (the
/// overlap exists to bound that lag; half of it still does).
public final class RecentOrderRead: Sendable {
    public struct Read: Sendable, Hashable {
        /// The start of the window the orders were read for; nil: every order.
        public var since: Date?
        /// When the order read began, on this machine's clock.
        public var startedAt: Date
        /// The products (ids; parents, for variations) the orders sold, each with the newest
        /// change of an order that sold it (`distantFuture` when the order gave no date).
        public var products: [String: Date]
        /// The SKUs the orders' lines named, the same way.
        public var skus: [String: Date]

        public init(since: Date?, startedAt: Date, products: [String: Date] = [:], skus: [String: Date] = [:]) {
            self.since = since
            self.startedAt = startedAt
            self.products = products
            self.skus = skus
        }

        /// Notes that an order changed at `changed` sold `product` / `sku`.
        public mutating func sold(product: String? = nil, sku: String? = nil, changed: Date?) {
            let date = changed ?? .distantFuture
            if let product { products[product] = max(products[product] ?? .distantPast, date) }
            if let sku { skus[sku] = max(skus[sku] ?? .distantPast, date) }
        }

        /// The product ids sold by orders changed since `since`.
        public func productIDs(since: Date) -> Set<String> { Set(products.filter { $0.value >= since }.keys) }
        /// The SKUs sold by orders changed since `since`.
        public func soldSKUs(since: Date) -> Set<String> { Set(skus.filter { $0.value >= since }.keys) }
    }

    private let last = Mutex<Read?>(nil)

    public init() {}

    public func record(_ read: Read) {
        last.withLock { $0 = read }
    }

    /// The last read, when its window starts no later than `since` + `slack` and it began less
    /// than `slack` ago; nil otherwise (the catalog read then asks the store). Callers pass half
    /// their overlap as `slack`.
    public func covering(since: Date, slack: TimeInterval, now: Date = Date()) -> Read? {
        last.withLock { read in
            guard let read, read.since.map({ $0 <= since.addingTimeInterval(slack) }) ?? true,
                now.timeIntervalSince(read.startedAt) < slack, read.startedAt <= now
            else { return nil }
            return read
        }
    }
}
