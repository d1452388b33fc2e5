/// How much of a SKU's sellable stock one store shows: a share, a cap, a safety threshold, a
/// fixed quantity, and the catalog locations that feed the store.
///
/// Every setting is optional, so a rule can be layered over another (a per-SKU override over the
/// store's rule): a setting that is `nil` is inherited. The settings compose in one documented
/// order, applied to the sellable quantity (on hand at the feeding locations − committed units −
/// the store's buffer, floored at zero):
///
/// 1. ``minimum``: below this many sellable units the store shows 0 (the last units are not
///    offered everywhere at once);
/// 2. ``fixed``: show this many while at least this many are sellable (fewer when fewer are), or
///    else ``shareBasisPoints``: this share of the sellable units, rounded down;
/// 3. ``maximum``: never show more than this.
///
/// Shares are kept in basis points of a whole (6000 = 60 %, 6250 = 62.5 %), integers, so that a
/// share of an odd number rounds down the same way on every machine.
public struct AllocationRule: Hashable, Sendable {
    /// Share of the sellable units, in basis points (10000 = all); `nil` inherits (all).
    public var shareBasisPoints: Int?
    /// Never show more than this; `nil` inherits (no cap).
    public var maximum: Int?
    /// Below this many sellable units show 0; `nil` inherits (no threshold).
    public var minimum: Int?
    /// Show exactly this many while at least this many are sellable; replaces the share.
    public var fixed: Int?
    /// The catalog location codes that feed the store, highest priority first; `nil` inherits
    /// (every location the store's location map names). Committed units not tied to a location,
    /// the buffer and the rules' reductions come off the lowest-priority locations first.
    public var locations: [String]?
    /// The stores together may show more than is sellable for SKUs under this rule (a deliberate
    /// overlap, e.g. each of three stores shows 60 %); no `stock.channels-oversell` warning.
    public var oversellAllowed: Bool?

    public init(
        shareBasisPoints: Int? = nil, maximum: Int? = nil, minimum: Int? = nil, fixed: Int? = nil,
        locations: [String]? = nil, oversellAllowed: Bool? = nil
    ) {
        self.shareBasisPoints = shareBasisPoints
        self.maximum = maximum
        self.minimum = minimum
        self.fixed = fixed
        self.locations = locations
        self.oversellAllowed = oversellAllowed
    }

    /// Whether the rule changes nothing (every setting inherited).
    public var isEmpty: Bool { self == AllocationRule() }

    /// This rule with `override`'s settings laid over it. A fixed quantity and a share exclude
    /// each other: an override that sets one clears the other it would inherit.
    public func overlaid(with override: AllocationRule) -> AllocationRule {
        var result = self
        if let share = override.shareBasisPoints {
            result.shareBasisPoints = share
            if override.fixed == nil { result.fixed = nil }
        }
        if let fixed = override.fixed {
            result.fixed = fixed
            if override.shareBasisPoints == nil { result.shareBasisPoints = nil }
        }
        if let maximum = override.maximum { result.maximum = maximum }
        if let minimum = override.minimum { result.minimum = minimum }
        if let locations = override.locations { result.locations = locations }
        if let oversellAllowed = override.oversellAllowed { result.oversellAllowed = oversellAllowed }
        return result
    }
}

/// A store's allocation rules: one for every SKU, and overrides for some of them.
///
/// Overrides layer in a fixed order of precedence, from the general to the specific: the store's
/// rule, then overrides by product type, then by tag, then by SKU; within one kind, in the order
/// they are written. Each layer replaces only the settings it names.
public struct AllocationPolicy: Hashable, Sendable {
    public var rule: AllocationRule
    public var overrides: [AllocationOverride]

    public init(rule: AllocationRule = AllocationRule(), overrides: [AllocationOverride] = []) {
        self.rule = rule
        self.overrides = overrides
    }

    /// True when nothing is configured: every store shows all its sellable units.
    public var isDefault: Bool { rule.isEmpty && overrides.isEmpty }
}

/// An allocation rule for the SKUs, product types or tags it names.
public struct AllocationOverride: Hashable, Sendable {
    /// What the override applies to.
    public enum Scope: Hashable, Sendable {
        case productTypes(Set<String>)
        case tags(Set<String>)
        case skus(Set<SKU>)

        /// The layer's rank: product types first, then tags, then SKUs.
        public var rank: Int {
            switch self {
            case .productTypes: 0
            case .tags: 1
            case .skus: 2
            }
        }
    }

    public var scope: Scope
    public var rule: AllocationRule

    public init(scope: Scope, rule: AllocationRule) {
        self.scope = scope
        self.rule = rule
    }
}
