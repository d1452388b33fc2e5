import CatalogModel

extension FieldComparator {
    /// Settles the stock of one store location, which the ``StockComparison`` computed
    /// (`canonical`, how in `reason`): in sync, by cause when `debit` (the units the store's own
    /// orders moved since the base) is known, otherwise three ways like any field.
    ///
    /// Kept apart from ``settle(_:_:canonical:store:of:bit:mask:into:)`` so that the other fields,
    /// compared millions of times, carry none of stock's arguments.
    ///
    /// - Parameter recordsBase: `false` for a location the listing is not stocked at: the store
    ///   holds no value there yet, so there is no base to record.
    func settleStock(
        _ field: Change.Field, canonical quantity: Int, store value: FieldValue, of match: borrowing MatchedListing, bit: UInt32,
        mask: inout UInt32, recordsBase: Bool = true, debit: Int? = nil, reason: StockComparison.Reason,
        into output: inout ReconcileOutput
    ) {
        let canonical = FieldValue.quantity(quantity)
        // A stock field the store's own orders moved is recorded again even at the same value, so
        // that the orders it reflects are counted once (the base's checkpoint).
        if isInSync(
            .stock, field, canonical: canonical, store: value, of: match, bit: bit, mask: &mask, recordsBase: recordsBase,
            checkpoint: (debit ?? 0) != 0, into: &output)
        {
            return
        }
        let base = bases.value(in: match.baseSlot, sku: match.sku, field: field)
        if let debit, case .quantity(let written)? = base, case .quantity(let shown) = value {
            settleStockByCause(
                field, sellable: quantity, shown: shown, written: written, debit: debit, sku: match.sku, ref: match.ref,
                base: base, reason: reason, into: &output)
            return
        }
        settleDifference(.stock, field, canonical: canonical, store: value, base: base, of: match, stockReason: reason, into: &output)
    }

    /// Settles a store's stock by cause, not three-way: stock is the result of events, not a value
    /// two sides edit.
    ///
    /// Concord expects the store at the quantity it last wrote (or accepted) less what the store's
    /// own orders took since (`debit`: units sold there less units it put back). A store at that
    /// value was not edited, whatever the catalog did meanwhile: the sellable quantity is pushed.
    /// Only an unexplained difference is an edit in the store's admin, settled by the store's
    /// stock policy: `canonical` overwrites it and says so, `store` (adopt) books the difference
    /// as a ledger adjustment (``FindingCode/stockEditAdopted``, written by the sync that applies
    /// it), `review` asks a person. Sales, shipments and cancellations never make a conflict.
    func settleStockByCause(
        _ field: Change.Field, sellable: Int, shown: Int, written: Int, debit: Int, sku: SKU, ref: RemoteRef,
        base: FieldValue?, reason: StockComparison.Reason, into output: inout ReconcileOutput
    ) {
        let expected = written - debit
        var note: String? = reason.note(gets: sellable)
        func with(_ text: String) -> String { note.map { "\($0); \(text)" } ?? text }
        if shown == expected {
            output.counts.pushes += 1
            let code: FindingCode = debit == 0 ? .catalogChanged : .stockMovedByOrders
            if debit != 0 {
                note = with("the store's own orders explain its \(shown): \(written) written, \(Self.signed(-debit)) by its orders since")
            }
            output.emit(
                .info, code, sku: sku, ref: ref, field: field, canonical: .quantity(sellable), storeValue: .quantity(shown),
                base: base, action: .push(.quantity(sellable)), note: note)
            return
        }
        let explained =
            debit == 0
            ? "expected \(expected), the quantity last written"
            : "expected \(expected): \(written) written, \(Self.signed(-debit)) by the store's own orders since"
        switch storeEdit[ManagedField.stock.ordinal] {
        case .canonical:
            output.counts.pushes += 1
            output.emit(
                .warning, .storeEdited, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, action: .push(.quantity(sellable)),
                note: with("\(explained); an edit in the store's admin (\(Self.signed(shown - expected))) is overwritten"))
        case .store:
            output.emit(
                .info, .stockEditAdopted, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, units: shown - expected,
                note: with("\(explained); the edit (\(Self.signed(shown - expected))) is adopted as an adjustment"))
        case .review:
            output.counts.reviews += 1
            output.emit(
                .warning, .storeEdited, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, action: .review,
                note: with("\(explained); the store's stock policy asks a person"))
        }
    }

    static func signed(_ units: Int) -> String { units >= 0 ? "+\(units)" : "\(units)" }
}
