import CatalogModel

/// The re-read-then-write check for platforms (and fields) with no compare-and-set: a change is
/// written only if the store still holds the value the plan saw; otherwise it is reported stale,
/// with what the store holds now, and left for the next plan. A sale or an admin edit that happened
/// after the plan is never overwritten.
public enum Preconditions {
    /// Splits `changes` into those whose precondition holds and outcomes for those whose does not.
    ///
    /// - Parameters:
    ///   - changes: The changes about to be written.
    ///   - current: The value the store holds now for a change's field, or nil when the item is gone.
    /// - Returns: The changes to write, and a stale outcome for each of the others.
    public static func check(_ changes: [Change], current: (Change) -> FieldValue?) -> (writable: [Change], stale: [ChangeOutcome]) {
        var writable: [Change] = []
        var stale: [ChangeOutcome] = []
        for change in changes {
            guard let observed = current(change) else {
                stale.append(
                    ChangeOutcome(
                        changeID: change.id, status: .stale, observed: FieldValue.none, message: "the listing is gone from the store"))
                continue
            }
            // Store-side equality (a weight in another unit, an image under another URL of the
            // same file name is the value the plan saw), as the reconciler compared it.
            if let expected = change.expected, !expected.matches(observed) {
                stale.append(
                    ChangeOutcome(
                        changeID: change.id, status: .stale, observed: observed,
                        message: "changed since planned: the store has \(observed), the plan expected \(expected)"))
            } else {
                writable.append(change)
            }
        }
        return (writable, stale)
    }
}
