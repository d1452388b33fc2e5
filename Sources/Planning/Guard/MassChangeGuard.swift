import CatalogModel
import Reconcile

/// Refuses plans that would change too much of a store at once, as rclone bisync's
/// `--max-delete` refuses a sync that would delete more than a share of the files.
///
/// A bug, a wrong price rule or a store that answered with half its catalog looks, to a
/// reconciler, exactly like a catalog that changed a lot. The defaults are set so that an ordinary
/// run (a few price edits, a few dozen sell-outs) passes and a mistake does not:
/// - more than **50%** of the store's listings changed (only once at least 10 listings change,
///   so a tiny store is not refused for a handful of edits);
/// - more than **100** listings set to zero stock (a frequent sync rarely sees that many
///   sell-outs at once; a broken stock feed produces thousands);
/// - more than **25** listings unpublished (taking products off sale should be deliberate);
/// - a complete fetch with fewer than **50%** of the listings the store had mapped (a truncated
///   or half-failed read must not be taken for the store's truth), once 10 or more were mapped.
public struct MassChangeGuard: Hashable, Sendable {
    /// Percent of the store's listings a plan may change.
    public var maxChangedListingPercent: Int
    /// Fewer changed listings than this never trip the share test.
    public var minimumChangedListings: Int
    /// Listings a plan may set to zero stock.
    public var maxStockZeroed: Int
    /// Listings a plan may take off sale (active → draft or archived).
    public var maxUnpublished: Int
    /// A complete fetch must hold at least this percent of the previously mapped listings.
    public var minimumFetchedPercentOfMapped: Int
    /// Fewer mapped listings than this never trip the fetch test.
    public var minimumMappedForFetchCheck: Int

    public init(
        maxChangedListingPercent: Int = 50, minimumChangedListings: Int = 10, maxStockZeroed: Int = 100,
        maxUnpublished: Int = 25, minimumFetchedPercentOfMapped: Int = 50, minimumMappedForFetchCheck: Int = 10
    ) {
        self.maxChangedListingPercent = maxChangedListingPercent
        self.minimumChangedListings = minimumChangedListings
        self.maxStockZeroed = maxStockZeroed
        self.maxUnpublished = maxUnpublished
        self.minimumFetchedPercentOfMapped = minimumFetchedPercentOfMapped
        self.minimumMappedForFetchCheck = minimumMappedForFetchCheck
    }

    /// The reasons a plan would be refused; empty when it may go ahead.
    public func check(changes: [Change], result: ReconcileResult) -> [GuardReason] {
        var reasons: [GuardReason] = []
        let listings = result.counts.listings
        let mapped = result.previouslyMapped

        if result.snapshotIsComplete, mapped >= minimumMappedForFetchCheck,
            listings * 100 < minimumFetchedPercentOfMapped * mapped
        {
            reasons.append(
                GuardReason(
                    code: .halfEmptyFetch, count: listings, limit: mapped,
                    message:
                        "the store returned \(listings) listings but \(mapped) were mapped before; a read that "
                        + "incomplete is not trusted. Check the store (and its API) and run again, or pass "
                        + "--allow-mass-change if the listings really were removed"))
        }

        var changedListings = Set<String>()
        var zeroed = Set<String>()
        var unpublished = Set<String>()
        for change in changes {
            changedListings.insert(change.ref.variantID)
            switch (change.field, change.new, change.expected) {
            case (.stock, .quantity(0), .some(.quantity(let before))) where before > 0:
                zeroed.insert(change.ref.variantID)
            case (.status, .status(let after), .some(.status(.active))) where after != .active:
                unpublished.insert(change.ref.variantID)
            default: break
            }
        }
        let total = max(listings, mapped)
        if changedListings.count >= minimumChangedListings, total > 0,
            changedListings.count * 100 > maxChangedListingPercent * total
        {
            reasons.append(
                GuardReason(
                    code: .massChange, count: changedListings.count, limit: maxChangedListingPercent * total / 100,
                    message:
                        "the plan changes \(changedListings.count) of \(total) listings, more than "
                        + "\(maxChangedListingPercent)%; check the catalog and the store's price rule, then pass "
                        + "--allow-mass-change if this is intended"))
        }
        if zeroed.count > maxStockZeroed {
            reasons.append(
                GuardReason(
                    code: .massStockZero, count: zeroed.count, limit: maxStockZeroed,
                    message:
                        "the plan sets \(zeroed.count) listings to zero stock (limit \(maxStockZeroed)); check the "
                        + "stock import and the location map, then pass --allow-mass-change if this is intended"))
        }
        if unpublished.count > maxUnpublished {
            reasons.append(
                GuardReason(
                    code: .massUnpublish, count: unpublished.count, limit: maxUnpublished,
                    message:
                        "the plan takes \(unpublished.count) listings off sale (limit \(maxUnpublished)); check the "
                        + "catalog's statuses, then pass --allow-mass-change if this is intended"))
        }
        return reasons
    }
}

/// Why the guard refused a plan.
public struct GuardReason: Hashable, Sendable {
    public struct Code: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public var description: String { rawValue }

        public static let massChange = Code(rawValue: "guard.mass-change")
        public static let massStockZero = Code(rawValue: "guard.mass-stock-zero")
        public static let massUnpublish = Code(rawValue: "guard.mass-unpublish")
        public static let halfEmptyFetch = Code(rawValue: "guard.half-empty-fetch")
    }

    public var code: Code
    /// What the plan would do (listings changed, zeroed, unpublished; listings fetched).
    public var count: Int
    /// The limit it crossed (listings previously mapped, for a half-empty fetch).
    public var limit: Int
    /// What happened and what to do about it.
    public var message: String
}
