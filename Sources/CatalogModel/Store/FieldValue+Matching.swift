import Foundation

/// Store-side equality lives with the value, not the reconciler, so that adapters (which check a
/// write's precondition) and the apply journal (which settles an unknown outcome on resume)
/// compare exactly as the reconciler does: a weight in another unit or an image re-hosted under
/// another URL is the same value there too.
extension FieldValue {
    /// Equality as a store sees it: weights compare by mass (`1 kg` = `1000 g`), lists (images,
    /// the only list field) by file name (see ``ImageName``: no store hands back the URL it was
    /// given), everything else exactly (money in minor units and currency, text byte for byte after
    /// Unicode equivalence).
    @inlinable
    public func matches(_ other: FieldValue) -> Bool {
        if self == other { return true }
        if case .weight(let lhs) = self, case .weight(let rhs) = other { return lhs.grams == rhs.grams }
        if case .list(let lhs) = self, case .list(let rhs) = other { return ImageName.listsMatch(lhs, rhs) }
        return false
    }
}
