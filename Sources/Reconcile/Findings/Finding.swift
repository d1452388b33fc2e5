import CatalogModel

/// One thing the reconciler found in one store: data, rendered by reports and the review screen.
///
/// Like swift-format's `Finding`, it carries a stable ``code``, a ``severity`` and where it
/// applies (store, SKU, listing, field), plus the three values of the comparison and the
/// ``action`` Concord takes. The wording (``explanation``, ``fix``) is built only when asked for,
/// so a million findings cost no string formatting until someone reads them. Fields that are in
/// sync never become findings.
public struct Finding: Hashable, Sendable {
    public var code: FindingCode
    public var severity: Severity
    public var store: StoreID
    /// The catalog SKU, when the listing was matched (or the finding is about a catalog SKU).
    public var sku: SKU?
    /// The SKU text exactly as the store holds it, when it matters (unmatched listings).
    public var storeSKU: String?
    public var ref: RemoteRef?
    public var field: Change.Field?
    /// The catalog's value, as this store should have it (after the price rule, the stock rule).
    public var canonical: FieldValue?
    /// The store's value.
    public var storeValue: FieldValue?
    /// The last value Concord synced or accepted for this store and field.
    public var base: FieldValue?
    public var action: FindingAction
    /// A number the finding is about: units of an oversell, listings sharing a SKU.
    public var units: Int?
    /// Other catalog SKUs involved (the near-miss candidates, the SKU a barcode belongs to).
    public var related: [SKU]
    /// Extra detail for the rare findings that need it (unmapped location ids, a previous ref).
    public var note: String?

    public init(
        code: FindingCode, severity: Severity, store: StoreID, sku: SKU? = nil, storeSKU: String? = nil,
        ref: RemoteRef? = nil, field: Change.Field? = nil, canonical: FieldValue? = nil,
        storeValue: FieldValue? = nil, base: FieldValue? = nil, action: FindingAction = .none,
        units: Int? = nil, related: [SKU] = [], note: String? = nil
    ) {
        self.code = code
        self.severity = severity
        self.store = store
        self.sku = sku
        self.storeSKU = storeSKU
        self.ref = ref
        self.field = field
        self.canonical = canonical
        self.storeValue = storeValue
        self.base = base
        self.action = action
        self.units = units
        self.related = related
        self.note = note
    }

    /// The rule this finding comes from.
    public var rule: FindingRule? { FindingRule.rule(for: code) }

    /// What to do about it, in one line.
    public var fix: String {
        switch action {
        case .push: "none needed: Concord pushes the catalog value to the store"
        case .pull: "none needed: Concord takes the store's value into the catalog"
        case .review, .none: rule?.fix ?? "see the rule's documentation"
        }
    }
}

/// What Concord does about a finding.
public enum FindingAction: Hashable, Sendable {
    /// Write this value to the store (a planned ``Change``).
    case push(FieldValue)
    /// Take this store value into the catalog.
    case pull(FieldValue)
    /// A person decides; nothing is written.
    case review
    /// Nothing to do automatically; the finding informs.
    case none

    public var isWrite: Bool {
        if case .push = self { return true }
        return false
    }
}

extension Finding {
    /// A problem of the listing itself (a `listing.*` rule): what plans, syncs and audits count
    /// as listing errors, whatever its level.
    public var isListingError: Bool { code.rawValue.hasPrefix("listing.") }

    /// A problem for a person that no planned write settles and that is not a listing error:
    /// stock at risk (`stock.oversell-risk`, `stock.channels-oversell`), matching doubts
    /// (`match.*`), a kit missing a component. Counted apart so that "listing errors" means the
    /// same in a plan, a sync and an audit.
    public var isRisk: Bool { action == .none && severity >= .warning && !isListingError }
}
