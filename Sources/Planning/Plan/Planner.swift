import CatalogModel
import Reconcile

/// Turns one store's findings into a plan of batched changes, and applies the mass-change guard.
///
/// Deterministic: the same findings give the same changes, ids, order and batches.
public enum Planner {
    /// Plans one store.
    ///
    /// - Parameters:
    ///   - result: the store's reconciliation.
    ///   - limits: the platform's batch sizes.
    ///   - guard: the mass-change limits.
    ///   - allowMassChange: apply even when the guard objects (the reasons stay on the plan).
    /// - Returns: the plan; when refused, ``StorePlan/batches`` is empty and
    ///   ``StorePlan/verdict`` says why.
    public static func plan(
        _ result: ReconcileResult, limits: PlanningLimits = PlanningLimits(),
        guard massChangeGuard: MassChangeGuard = MassChangeGuard(), allowMassChange: Bool = false
    ) -> StorePlan {
        var changes: [Change] = []
        var pulls: [Finding] = []
        var reviews: [Finding] = []
        for finding in result.findings {
            switch finding.action {
            case .push(let value):
                guard let sku = finding.sku, let ref = finding.ref, let field = finding.field else { continue }
                changes.append(
                    Change(
                        id: ChangeID.make(store: result.store, sku: sku, field: field, new: value), store: result.store,
                        sku: sku, ref: ref, field: field, expected: finding.storeValue ?? FieldValue.none, new: value,
                        reason: ManagedField(field) == .stock ? finding.note : nil))
            case .pull: pulls.append(finding)
            case .review: reviews.append(finding)
            case .none: break
            }
        }
        changes.sort { lhs, rhs in
            lhs.sku != rhs.sku ? lhs.sku < rhs.sku : lhs.field.key < rhs.field.key
        }
        changes = onePerProduct(changes, fields: limits.productLevelFields)

        let reasons = massChangeGuard.check(changes: changes, result: result)
        let verdict = GuardVerdict(reasons: reasons, overridden: allowMassChange && !reasons.isEmpty)
        let batches = batch(changes, limits: limits)
        return StorePlan(
            store: result.store, changes: changes, batches: verdict.isRefused ? [] : batches,
            estimatedWriteCalls: batches.count, pulls: pulls, reviews: reviews, verdict: verdict)
    }

    /// Product-level fields (a title shared by a product's variants) are written once per
    /// product: the change of the first SKU stands for all.
    static func onePerProduct(_ changes: [Change], fields: Set<ManagedField>) -> [Change] {
        guard !fields.isEmpty else { return changes }
        var seen = Set<ProductFieldKey>()
        return changes.filter { change in
            guard fields.contains(ManagedField(change.field)) else { return true }
            return seen.insert(ProductFieldKey(productID: change.ref.productID, field: change.field)).inserted
        }
    }

    struct ProductFieldKey: Hashable {
        var productID: String
        var field: Change.Field
    }

    /// Groups changes into write calls: stock on its own endpoint when the platform has one, the
    /// rest by listing (all of a listing's changes in one call), per product when the platform
    /// writes one product per call, at most the batch size of listings per call.
    public static func batch(_ changes: [Change], limits: PlanningLimits) -> [PlanBatch] {
        var batches: [PlanBatch] = []
        var listingChanges: [Change] = []
        if let stockSize = limits.stockWriteBatchSize {
            var stock: [Change] = []
            for change in changes {
                if case .stock = change.field { stock.append(change) } else { listingChanges.append(change) }
            }
            var start = 0
            while start < stock.count {
                let end = min(start + stockSize, stock.count)
                batches.append(PlanBatch(kind: .stock, productID: nil, changes: Array(stock[start..<end])))
                start = end
            }
        } else {
            listingChanges = changes
        }

        if limits.perProductCalls {
            var order: [String] = []
            var byProduct: [String: [Change]] = [:]
            for change in listingChanges {
                if byProduct[change.ref.productID] == nil { order.append(change.ref.productID) }
                byProduct[change.ref.productID, default: []].append(change)
            }
            if limits.productsPerCall > 1 {
                // Several products a call: each product's listings whole (up to the batch size),
                // products joined until the call holds `productsPerCall` of them.
                var perProduct: [PlanBatch] = []
                for productID in order {
                    appendByListing(byProduct[productID]!, size: limits.writeBatchSize, productID: productID, to: &perProduct)
                }
                var start = 0
                while start < perProduct.count {
                    let end = min(start + limits.productsPerCall, perProduct.count)
                    let group = perProduct[start..<end]
                    batches.append(
                        group.count == 1 ? group.first! : PlanBatch(kind: .listing, productID: nil, changes: group.flatMap(\.changes)))
                    start = end
                }
            } else {
                for productID in order {
                    appendByListing(byProduct[productID]!, size: limits.writeBatchSize, productID: productID, to: &batches)
                }
            }
        } else if limits.variantsPerParentCall {
            var single: [Change] = []
            var order: [String] = []
            var byParent: [String: [Change]] = [:]
            for change in listingChanges {
                if change.ref.productID == change.ref.variantID {
                    single.append(change)
                } else {
                    if byParent[change.ref.productID] == nil { order.append(change.ref.productID) }
                    byParent[change.ref.productID, default: []].append(change)
                }
            }
            appendByListing(single, size: limits.writeBatchSize, productID: nil, to: &batches)
            for parent in order {
                appendByListing(byParent[parent]!, size: limits.writeBatchSize, productID: parent, to: &batches)
            }
        } else {
            appendByListing(listingChanges, size: limits.writeBatchSize, productID: nil, to: &batches)
        }
        return batches
    }

    /// Cuts changes (sorted by SKU, so a listing's changes are adjacent) into batches of at most
    /// `size` listings.
    static func appendByListing(_ changes: [Change], size: Int, productID: String?, to batches: inout [PlanBatch]) {
        var current: [Change] = []
        var listingsInCurrent = 0
        var lastListing: String?
        for change in changes {
            if change.ref.variantID != lastListing {
                if listingsInCurrent == size {
                    batches.append(PlanBatch(kind: .listing, productID: productID, changes: current))
                    current = []
                    listingsInCurrent = 0
                }
                listingsInCurrent += 1
                lastListing = change.ref.variantID
            }
            current.append(change)
        }
        if !current.isEmpty { batches.append(PlanBatch(kind: .listing, productID: productID, changes: current)) }
    }
}
