import CatalogModel
import CatalogStorage
import Reconcile

extension ReviewSuppression {
    /// Whether this "don't ask again" answer covers `finding`: an ignored orphan (that listing) or a
    /// listing error acknowledged for its SKU and rule.
    ///
    /// Only findings Concord does nothing about (`action == .none`) can be acknowledged: a change or
    /// a conflict is never hidden behind an earlier answer. A SKU marked "not sold here" is matched
    /// earlier, by taking it out of the store's assortment (``StorePolicy/excludeNotSold(_:)``).
    func matches(_ finding: Finding) -> Bool {
        guard finding.action == .none, finding.store == store, finding.code.rawValue == code else { return false }
        // An orphan's SKU is the store's text; a listing error's is the catalog SKU.
        guard (finding.sku ?? finding.storeSKU.flatMap(SKU.init)) == sku else { return false }
        return listing == nil || listing == finding.ref?.variantID
    }

    /// Splits findings into those still open and those a person already answered in
    /// `concord review`, so that plans, sync summaries and audits count only the open ones and
    /// show the answered ones apart.
    static func partition(_ findings: [Finding], by suppressions: [ReviewSuppression]) -> (open: [Finding], acknowledged: [Finding]) {
        guard !suppressions.isEmpty else { return (findings, []) }
        // Looked up by rule code: a store can have a million findings and a few hundred answers.
        let byCode = Dictionary(grouping: suppressions, by: \.code)
        var open: [Finding] = []
        var acknowledged: [Finding] = []
        for finding in findings {
            if byCode[finding.code.rawValue]?.contains(where: { $0.matches(finding) }) == true {
                acknowledged.append(finding)
            } else {
                open.append(finding)
            }
        }
        return (open, acknowledged)
    }
}
