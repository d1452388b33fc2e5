import CatalogModel
import Reconcile

/// What Concord intends to do in one store: the writes, batched, and what it leaves to people.
public struct StorePlan: Sendable {
    public var store: StoreID
    /// Every write the plan proposes, sorted by SKU then field, each with its precondition.
    public var changes: [Change]
    /// The writes grouped as the platform takes them; empty when the guard refused the plan.
    public var batches: [PlanBatch]
    /// Write calls the proposed changes need (one per batch), whether or not the plan was refused.
    public var estimatedWriteCalls: Int
    /// Store values to take into the catalog (pull findings); never written to the store.
    public var pulls: [Finding]
    /// Differences for a person to decide (conflicts, reviewed edits); never written to the store.
    public var reviews: [Finding]
    /// The mass-change guard's verdict.
    public var verdict: GuardVerdict

    /// Whether the plan may be applied.
    public var isRefused: Bool { verdict.isRefused }
}

/// The changes sent in one write call.
public struct PlanBatch: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// Stock quantities on the platform's own inventory endpoint.
        case stock
        /// Listing fields (and stock, where the platform writes it with the listing).
        case listing
    }

    public var kind: Kind
    /// The product every change belongs to, when the platform writes one product per call.
    public var productID: String?
    public var changes: [Change]
}

/// The guard's verdict on a plan.
public struct GuardVerdict: Hashable, Sendable {
    /// Each limit the plan crosses; empty when it is within all of them.
    public var reasons: [GuardReason]
    /// True when `allowMassChange` was given, so the reasons were noted but not enforced.
    public var overridden: Bool

    public var isRefused: Bool { !reasons.isEmpty && !overridden }

    /// The explanation a person reads when the plan is refused.
    public var explanation: String {
        guard !reasons.isEmpty else { return "within the mass-change limits" }
        let head = overridden ? "mass change allowed by --allow-mass-change: " : "plan refused: "
        return head + reasons.map(\.message).joined(separator: "; ")
    }
}
