import CatalogModel

extension StoreReconciliation {
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
    mutating func settleStockByCause(
        _ field: Change.Field, sellable: Int, shown: Int, written: Int, debit: Int, sku: SKU, ref: RemoteRef,
        base: FieldValue?
    ) {
        let expected = written - debit
        var note = stockReason.map { reason in
            reason.location.map { "\(reason.computation); location \($0) gets \(sellable)" } ?? reason.computation.description
        }
        func with(_ text: String) -> String { note.map { "\($0); \(text)" } ?? text }
        if shown == expected {
            counts.pushes += 1
            let code: FindingCode = debit == 0 ? .catalogChanged : .stockMovedByOrders
            if debit != 0 {
                note = with("the store's own orders explain its \(shown): \(written) written, \(Self.signed(-debit)) by its orders since")
            }
            emit(
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
            counts.pushes += 1
            emit(
                .warning, .storeEdited, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, action: .push(.quantity(sellable)),
                note: with("\(explained); an edit in the store's admin (\(Self.signed(shown - expected))) is overwritten"))
        case .store:
            emit(
                .info, .stockEditAdopted, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, units: shown - expected,
                note: with("\(explained); the edit (\(Self.signed(shown - expected))) is adopted as an adjustment"))
        case .review:
            counts.reviews += 1
            emit(
                .warning, .storeEdited, sku: sku, ref: ref, field: field, canonical: .quantity(sellable),
                storeValue: .quantity(shown), base: base, action: .review,
                note: with("\(explained); the store's stock policy asks a person"))
        }
    }

    static func signed(_ units: Int) -> String { units >= 0 ? "+\(units)" : "\(units)" }
}
