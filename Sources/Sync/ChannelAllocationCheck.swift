import CatalogModel
import Reconcile

/// The check no single store can make: do the stores together show more of a SKU than can be sold?
///
/// Each store's allocation rules are sound on their own (60 % of 30 is 18), but three stores
/// showing 60 % each offer 54 units of 30. For every catalog SKU, this adds up what the stores
/// that set part of the stock aside (a fixed quantity or a share below 100 %) show and compares
/// the sum with what is sellable from all the catalog locations feeding them (on hand −
/// committed, before buffers and rules). When the sum is larger, every such store whose rule for
/// that SKU does not say `oversell_allowed = true` gets a `stock.channels-oversell` finding with
/// the excess in units and each store's part. Stores that show the whole shared pool (the
/// default) are the pool working as designed, not a promise, and are left out.
public enum ChannelAllocationCheck {
    /// One store's side of the check.
    public struct Store {
        public var policy: StorePolicy

        public init(policy: StorePolicy) {
            self.policy = policy
        }
    }

    /// The findings, per store, for every SKU the stores together over-allocate.
    ///
    /// - Parameters:
    ///   - stores: the stores planned in this run (at least two for anything to be found).
    ///   - catalog: the catalog index of the run.
    ///   - kits: the catalog's kits.
    ///   - committed: units committed to open orders of every channel, per SKU and location (`"*"`
    ///     for units not tied to a location).
    public static func findings(
        stores: [Store], catalog: CatalogIndex, kits: KitTable = KitTable(), committed: [SKU: [String: Int]] = [:]
    ) -> [StoreID: [Finding]] {
        var views = stores.map { StoreStock(policy: $0.policy, catalog: catalog, kits: kits, committed: committed) }
            .filter(\.comparesStock)
        guard views.count > 1, var reference = views.first else { return [:] }
        var result: [StoreID: [Finding]] = [:]
        var shown = [(store: StoreID, units: Int, allowed: Bool, severity: Severity?)]()
        for entry in 0..<catalog.variantCount {
            let sku = catalog.sku(at: entry)
            let isActive = catalog.isActive(entry)
            guard isActive, !reference.allowsBackorder(entry: entry) else { continue }
            shown.removeAll(keepingCapacity: true)
            var codes: [String] = []
            var sum = 0
            for index in views.indices where views[index].policy.assortment.carries(sku, isActive: isActive) {
                let allocation = views[index].allocation(entry: entry)
                // A store showing the whole pool (no fixed quantity, no share below 100 %) shares
                // it by design: every channel sells from it and the orders settle it. Only stores
                // whose rules set aside a part of the stock can together promise more than exists.
                guard allocation.computation.shown > 0, Self.setsAside(allocation.rule) else { continue }
                sum += allocation.computation.shown
                for code in allocation.codes where !codes.contains(code) { codes.append(code) }
                let policy = views[index].policy
                shown.append(
                    (
                        policy.store, allocation.computation.shown, allocation.rule.oversellAllowed == true,
                        FindingRule.rule(for: .channelsOversell).flatMap(policy.severity(of:))
                    ))
            }
            guard shown.count > 1 else { continue }
            let sellable = reference.sellable(entry: entry, codes: codes)
            guard sum > sellable else { continue }
            let parts = shown.map { "\($0.store) \($0.units)" }.joined(separator: " + ")
            let note = "\(parts) = \(sum) of \(sellable) sellable at \(codes.joined(separator: ", "))"
            for part in shown where !part.allowed {
                guard let severity = part.severity else { continue }
                result[part.store, default: []].append(
                    Finding(
                        code: .channelsOversell, severity: severity, store: part.store, sku: sku,
                        canonical: .quantity(sellable), storeValue: .quantity(part.units), units: sum - sellable,
                        note: note))
            }
        }
        return result
    }
}

extension ChannelAllocationCheck {
    /// Whether a rule gives the store a part of the stock (a fixed quantity or a share below
    /// 100 %) rather than the whole shared pool.
    static func setsAside(_ rule: AllocationRule) -> Bool {
        if rule.fixed != nil { return true }
        if let share = rule.shareBasisPoints { return share < 10_000 }
        return false
    }

    /// Runs the check over the stores a plan read and adds each store's findings to its report.
    public static func addFindings(
        to reports: inout [StorePlanReport], catalog: CatalogIndex, kits: KitTable = KitTable(),
        committed: [SKU: [String: Int]] = [:]
    ) {
        let stores = reports.compactMap { $0.policy.map(Store.init(policy:)) }
        guard stores.count > 1 else { return }
        let found = findings(stores: stores, catalog: catalog, kits: kits, committed: committed)
        for index in reports.indices {
            if let extra = found[reports[index].store] { reports[index].findings += extra }
        }
    }
}
