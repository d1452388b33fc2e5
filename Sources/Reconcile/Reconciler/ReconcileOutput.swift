import CatalogModel

/// What settling a store's listings has produced so far: findings, tallies, mapping updates and
/// the base values to record.
///
/// The ``ListingMatcher``, the ``FieldComparator`` and the ``StockComparison`` each decide
/// something about a listing, and none of them owns the result: they all write here, so that a
/// listing's findings come out in one stream, in the order they were decided (its match, its
/// fields, its stock, its listing errors), which is what keeps the reconciler deterministic. A
/// chunk of listings settled on another core writes its own copy; the copies are joined in
/// listing order with ``absorb(_:)``.
struct ReconcileOutput: Sendable {
    let store: StoreID
    var findings: [Finding] = []
    var mappingUpdates: [ListingMatch] = []
    /// The in-sync fields whose base is to be recorded, a bit per field (see ``BaseUpdates``).
    var records: [BaseUpdates.Record] = []
    /// Base values that do not fit a record's bits.
    var extraBases: [BaseUpdate] = []
    var counts = ReconcileCounts()

    init(store: StoreID) {
        self.store = store
    }

    /// Adds a finding at `severity`, or nothing when the rule is off in this store (`nil`).
    mutating func emit(
        _ severity: Severity?, _ code: FindingCode, sku: SKU? = nil, storeSKU: String? = nil, ref: RemoteRef? = nil,
        field: Change.Field? = nil, canonical: FieldValue? = nil, storeValue: FieldValue? = nil,
        base: FieldValue? = nil, action: FindingAction = .none, units: Int? = nil, related: [SKU] = [],
        note: String? = nil
    ) {
        guard let severity else { return }
        switch severity {
        case .info: counts.info += 1
        case .warning: counts.warnings += 1
        case .error: counts.errors += 1
        }
        findings.append(
            Finding(
                code: code, severity: severity, store: store, sku: sku, storeSKU: storeSKU, ref: ref, field: field,
                canonical: canonical, storeValue: storeValue, base: base, action: action, units: units,
                related: related, note: note))
    }

    /// Joins the output of the chunk that follows this one.
    mutating func absorb(_ next: ReconcileOutput) {
        findings.append(contentsOf: next.findings)
        mappingUpdates.append(contentsOf: next.mappingUpdates)
        records.append(contentsOf: next.records)
        extraBases.append(contentsOf: next.extraBases)
        counts.add(next.counts)
    }
}
