import CatalogModel

extension ReviewItem {
    /// What deciding this item with `choice` moves, the same in every store: the catalog's new
    /// value (nil: unchanged) and the new base (nil: unchanged), and the value the decision
    /// records.
    ///
    /// `canonical` sets the base to the store value seen (the next plan pushes the catalog's);
    /// `store` takes the store value into the catalog and the base; `value` writes `value` to the
    /// catalog and the store value seen to the base. Listing choices move neither.
    ///
    /// - Throws: ``CatalogStoreError`` (`refused`, under `path`) when the item is already decided,
    ///   the choice cannot settle it (``refusal(of:)``), or `value` is missing for `value`.
    package func decisionEffect(
        of choice: ReviewDecision.Choice, value: FieldValue?, path: String
    ) throws -> (newCatalog: FieldValue?, newBase: FieldValue?, recordedValue: FieldValue?) {
        func refuse(_ message: String) -> CatalogStoreError {
            CatalogStoreError(code: .refused, path: path, message: "\(sku) \(fieldLabel) in \(store): \(message); nothing was changed")
        }
        if state == .decided {
            throw refuse("already decided (\(self.choice?.rawValue ?? "?")); undo that decision first")
        }
        if let refusal = refusal(of: choice) { throw refuse(refusal) }
        var newCatalog: FieldValue?
        var newBase: FieldValue?
        switch choice {
        case .canonical:
            if kind.isFieldDifference { newBase = storeValue }
        case .store:
            newCatalog = storeValue
            newBase = storeValue
        case .value:
            guard let value else { throw refuse("a value is needed to set the catalog to") }
            newCatalog = value
            newBase = storeValue
        case .deferred, .match, .ignore, .adopt:
            break
        }
        return (newCatalog, newBase, choice == .value ? value : newCatalog)
    }
}
