import CatalogModel

/// The three-way comparison of one field: canonical C, store S, base B.
///
/// | case | outcome |
/// | --- | --- |
/// | S == C | in sync; B is updated when it differs (this also settles a false conflict) |
/// | no B | first sync: the field's first-sync policy |
/// | S == B, C != B | the catalog changed: push C |
/// | C == B, S != B | the store was edited outside Concord: the field's store-edit policy |
/// | C, S, B all differ | conflict: review, nothing pushed |
public enum ThreeWay {
    public enum Outcome: Hashable, Sendable {
        /// Equal; `updateBase` when B must be set to the shared value.
        case inSync(updateBase: Bool)
        case push
        case pull
        case review
    }

    /// Why the outcome was reached, which is the finding's code for a difference.
    public enum Reason: Hashable, Sendable {
        case inSync
        case catalogChanged
        case storeEdited
        case conflict
        case firstSync

        public var code: FindingCode? {
            switch self {
            case .inSync: nil
            case .catalogChanged: .catalogChanged
            case .storeEdited: .storeEdited
            case .conflict: .conflict
            case .firstSync: .firstSync
            }
        }
    }

    /// Decides one field.
    ///
    /// - Parameters:
    ///   - canonical: C, the catalog's value as the store should have it.
    ///   - store: S, the store's value.
    ///   - base: B, the last value synced or accepted, `nil` before the first sync.
    ///   - storeEdit: the field's policy for a store edit.
    ///   - firstSync: the field's policy when there is no base.
    public static func decide(
        canonical: FieldValue, store: FieldValue, base: FieldValue?, storeEdit: ConflictPolicy,
        firstSync: ConflictPolicy
    ) -> (outcome: Outcome, reason: Reason) {
        if store.matches(canonical) {
            return (.inSync(updateBase: base.map { !$0.matches(canonical) } ?? true), .inSync)
        }
        guard let base else { return (outcome(firstSync), .firstSync) }
        if store.matches(base) { return (.push, .catalogChanged) }
        if canonical.matches(base) { return (outcome(storeEdit), .storeEdited) }
        return (.review, .conflict)
    }

    private static func outcome(_ policy: ConflictPolicy) -> Outcome {
        switch policy {
        case .canonical: .push
        case .store: .pull
        case .review: .review
        }
    }
}
