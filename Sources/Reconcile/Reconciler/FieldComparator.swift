import CatalogModel

/// Compares the fields a store's policy manages, three ways: the catalog's value as this store
/// should show it, the store's value, and the base (what the last sync wrote or accepted).
///
/// Two values only say that something differs; the base says who changed it, so a catalog change
/// is pushed, an edit in the store's admin goes to the field's store-edit policy, and only a
/// field both sides changed is a conflict (the table is ``ThreeWay``). This type turns a listing
/// and its variant into those values (the store's price rule, one status for product and
/// variant, a compare-at price of zero meaning none), applies the store's conflict policies and
/// what no table can hold (a price the rule cannot compute, a currency mismatch, stock that
/// cannot be pulled), and records the base of every in-sync field, so that the next sync can tell
/// an edit from a change. Stock reaches it per location from the ``StockComparison``, and is
/// settled by cause when the store's own orders are known (`FieldComparator+Stock.swift`).
struct FieldComparator: Sendable {
    let bases: BaseTable
    let prices: PriceCalculator
    /// Per ``ManagedField/ordinal``: whether the store's policy manages the field, and what to do
    /// with an edit in the store and at the first sync, read once per store rather than per field.
    let managed: [Bool]
    let storeEdit: [ConflictPolicy]
    let firstSync: [ConflictPolicy]

    init(policy: StorePolicy, bases: BaseTable) {
        self.bases = bases
        prices = PriceCalculator(rule: policy.priceRule)
        let fields = ManagedField.allCases.sorted { $0.ordinal < $1.ordinal }
        managed = fields.map { policy.managedFields.contains($0) }
        storeEdit = fields.map { policy.storeEditPolicy(for: $0) }
        firstSync = fields.map { policy.firstSyncPolicy(for: $0) }
    }

    func manages(_ field: ManagedField) -> Bool { managed[field.ordinal] }

    /// Compares every managed field but stock; an in-sync field whose base is to be recorded sets
    /// its bit in `mask`.
    func compareFields(_ match: borrowing MatchedListing, mask: inout UInt32, into output: inout ReconcileOutput) {
        let listing = match.listing
        let product = match.product
        let variant = match.variant

        if managed[ManagedField.price.ordinal] {
            let price = variant.pointee.price
            if let expected = prices.expectedPrice(for: price) {
                if price.minorUnits > 0, expected.minorUnits > 0 {
                    settle(
                        .price, .price, canonical: .money(expected),
                        store: listing.pointee.price.map(FieldValue.money) ?? FieldValue.none, of: match,
                        bit: ManagedField.price.baseBit, mask: &mask, into: &output)
                } else {
                    priceNotPositive(.price, match, catalog: price, expected: expected, into: &output)
                }
            } else {
                priceRuleFailed(.price, match, amount: price, into: &output)
            }
        }
        if managed[ManagedField.compareAtPrice.ordinal] {
            var canonical = FieldValue.none
            var computable = true
            if let compareAt = variant.pointee.compareAtPrice, compareAt.minorUnits != 0 {
                if let expected = prices.expectedPrice(for: compareAt) {
                    if compareAt.minorUnits > 0, expected.minorUnits > 0 {
                        canonical = .money(expected)
                    } else {
                        computable = false
                        priceNotPositive(.compareAtPrice, match, catalog: compareAt, expected: expected, into: &output)
                    }
                } else {
                    computable = false
                    priceRuleFailed(.compareAtPrice, match, amount: compareAt, into: &output)
                }
            }
            if computable {
                settle(
                    .compareAtPrice, .compareAtPrice, canonical: canonical,
                    store: Reconciler.compareAtValue(listing.pointee.compareAtPrice), of: match,
                    bit: ManagedField.compareAtPrice.baseBit, mask: &mask, into: &output)
            }
        }
        if managed[ManagedField.barcode.ordinal] {
            settle(
                .barcode, .barcode, canonical: variant.pointee.barcode.map { .text($0.rawValue) } ?? FieldValue.none,
                store: Reconciler.barcodeValue(listing.pointee.barcode), of: match,
                bit: ManagedField.barcode.baseBit, mask: &mask, into: &output)
        }
        if managed[ManagedField.title.ordinal] {
            settle(
                .title, .title, canonical: .text(product.pointee.title), store: .text(listing.pointee.productTitle),
                of: match, bit: ManagedField.title.baseBit, mask: &mask, into: &output)
        }
        if managed[ManagedField.description.ordinal], let description = listing.pointee.descriptionHTML {
            settle(
                .description, .description, canonical: .text(product.pointee.descriptionHTML), store: .text(description),
                of: match, bit: ManagedField.description.baseBit, mask: &mask, into: &output)
        }
        if managed[ManagedField.status.ordinal] {
            var status = Reconciler.canonicalStatus(product: product.pointee.status, variant: variant.pointee.status)
            // One offline state for draft and archived (Magento): a draft is what the store can hold.
            if status == .draft, !listing.pointee.distinguishesDraftFromArchived { status = .archived }
            settle(
                .status, .status, canonical: .status(status), store: .status(listing.pointee.status), of: match,
                bit: ManagedField.status.baseBit, mask: &mask, into: &output)
        }
        if managed[ManagedField.images.ordinal] {
            settle(
                .images, .images,
                canonical: .list(Reconciler.canonicalImages(product: product.pointee.images, variant: variant.pointee.images)),
                store: .list(listing.pointee.images), of: match, bit: ManagedField.images.baseBit, mask: &mask,
                into: &output)
        }
        if managed[ManagedField.weight.ordinal] {
            settle(
                .weight, .weight, canonical: variant.pointee.weight.map(FieldValue.weight) ?? FieldValue.none,
                store: listing.pointee.weight.map(FieldValue.weight) ?? FieldValue.none, of: match,
                bit: ManagedField.weight.baseBit, mask: &mask, into: &output)
        }
    }

    /// Settles one field other than stock (see ``ThreeWay``); an in-sync field only sets `bit` in
    /// `mask`, when its base is to be recorded.
    func settle(
        _ kind: ManagedField, _ field: Change.Field, canonical: FieldValue, store value: FieldValue,
        of match: borrowing MatchedListing, bit: UInt32, mask: inout UInt32, into output: inout ReconcileOutput
    ) {
        if isInSync(kind, field, canonical: canonical, store: value, of: match, bit: bit, mask: &mask, into: &output) {
            return
        }
        let base = bases.value(in: match.baseSlot, sku: match.sku, field: field)
        if case .money(let expected) = canonical, case .money(let actual) = value, expected.currency != actual.currency {
            output.counts.reviews += 1
            output.emit(
                .error, .currencyMismatch, sku: match.sku, ref: match.ref, field: field, canonical: canonical,
                storeValue: value, base: base, action: .review)
            return
        }
        settleDifference(kind, field, canonical: canonical, store: value, base: base, of: match, into: &output)
    }

    /// Counts a compared field and tells whether the store's value matches the catalog's. An
    /// in-sync field's base is recorded (a bit in `mask`, or with no bit to spare an extra base)
    /// when it differs from the value, or when `checkpoint` says so.
    ///
    /// This is the path nearly every field takes, so it allocates nothing and emits nothing.
    ///
    /// - Parameters:
    ///   - recordsBase: `false` for a value the store does not hold yet (a stock location the
    ///     listing is not stocked at), whose base is written when it is.
    ///   - checkpoint: record the base even at the same value (see ``settleStock(_:canonical:store:of:bit:mask:recordsBase:debit:reason:into:)``).
    func isInSync(
        _ kind: ManagedField, _ field: Change.Field, canonical: FieldValue, store value: FieldValue,
        of match: borrowing MatchedListing, bit: UInt32, mask: inout UInt32, recordsBase: Bool = true, checkpoint: Bool = false,
        into output: inout ReconcileOutput
    ) -> Bool {
        output.counts.fieldsCompared += 1
        output.counts.comparedByField[kind.ordinal] += 1
        guard value.matches(canonical) else { return false }
        output.counts.fieldsInSync += 1
        output.counts.inSyncByField[kind.ordinal] += 1
        guard recordsBase else { return true }
        let base = bases.value(in: match.baseSlot, sku: match.sku, field: field)
        if base.map({ !$0.matches(canonical) }) ?? true || checkpoint {
            if bit != 0 {
                mask |= bit
            } else {
                output.extraBases.append(BaseUpdate(key: BaseKey(sku: match.sku, field: field), value: value))
            }
        }
        return true
    }

    /// Settles a field whose store value differs from the catalog's, three ways against `base`,
    /// with the field's store-edit and first-sync policies, and says so in a finding.
    ///
    /// - Parameter stockReason: for a stock location, how its quantity was computed, for the note.
    func settleDifference(
        _ kind: ManagedField, _ field: Change.Field, canonical: FieldValue, store value: FieldValue, base: FieldValue?,
        of match: borrowing MatchedListing, stockReason: StockComparison.Reason? = nil, into output: inout ReconcileOutput
    ) {
        let (outcome, reason) = ThreeWay.decide(
            canonical: canonical, store: value, base: base, storeEdit: storeEdit[kind.ordinal],
            firstSync: firstSync[kind.ordinal])
        var action: FindingAction
        var note: String?
        switch outcome {
        case .inSync: return
        case .push:
            action = .push(canonical)
            output.counts.pushes += 1
        case .pull:
            if kind == .stock || ((kind == .price || kind == .compareAtPrice) && !prices.allowsPull) {
                action = .review
                output.counts.reviews += 1
                note =
                    kind == .stock
                    ? "stock cannot be pulled: the catalog counts units on hand, the store shows what it may sell"
                    : "the price cannot be pulled through this store's price rule"
            } else {
                action = .pull(value)
                output.counts.pulls += 1
            }
        case .review:
            action = .review
            output.counts.reviews += 1
        }
        if kind == .stock, note == nil, let stockReason {
            note = stockReason.note(gets: canonical)
        }
        let code = reason.code ?? .conflict
        let severity: Severity = reason == .conflict || reason == .storeEdited ? .warning : .info
        output.emit(
            severity, code, sku: match.sku, ref: match.ref, field: field, canonical: canonical, storeValue: value,
            base: base, action: action, note: note)
    }

    /// A catalog price (or compare-at price) that is zero or negative, before or after the store's
    /// price rule, is never written: a store selling for nothing is worse than a stale price. An
    /// active variant gets an error finding; a draft or archived one is left alone (marking a
    /// placeholder variant draft is the documented way to keep a zero price in the catalog).
    func priceNotPositive(
        _ field: Change.Field, _ match: borrowing MatchedListing, catalog amount: Money, expected: Money,
        into output: inout ReconcileOutput
    ) {
        guard Reconciler.canonicalStatus(product: match.product.pointee.status, variant: match.variant.pointee.status) == .active
        else { return }
        let store = field == .price ? match.listing.pointee.price : match.listing.pointee.compareAtPrice
        output.emit(
            .error, .catalogPriceNotPositive, sku: match.sku, ref: match.ref, field: field, canonical: .money(amount),
            storeValue: store.map(FieldValue.money) ?? FieldValue.none,
            note: amount.minorUnits > 0 ? "the store's price rule gives \(expected)" : nil)
    }

    /// A catalog price the store's price rule cannot turn into a store price: a person decides.
    func priceRuleFailed(_ field: Change.Field, _ match: borrowing MatchedListing, amount: Money, into output: inout ReconcileOutput) {
        output.counts.reviews += 1
        output.emit(
            .error, .priceRuleFailed, sku: match.sku, ref: match.ref, field: field, canonical: .money(amount), action: .review)
    }
}
