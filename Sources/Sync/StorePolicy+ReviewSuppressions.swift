import CatalogModel
import CatalogStorage
import Reconcile

extension StorePolicy {
    /// Takes the SKUs a person marked "not sold in this store" in the review queue out of the
    /// store's assortment, so that no plan or audit counts them as missing listings there.
    mutating func excludeNotSold(_ suppressions: [ReviewSuppression]) {
        let notSold = Set(suppressions.filter { $0.store == store && $0.code == FindingCode.missingListing.rawValue }.map(\.sku))
        guard !notSold.isEmpty else { return }
        switch assortment {
        case .allActive: assortment = .allActiveExcept(notSold)
        case .allActiveExcept(let skus): assortment = .allActiveExcept(skus.union(notSold))
        case .only(let skus): assortment = .only(skus.subtracting(notSold))
        }
    }
}
