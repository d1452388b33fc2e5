import CatalogModel
import Foundation

/// The review queue and what people decided: items, decisions (with what undo needs), remembered
/// rules and "don't ask again" suppressions.
public protocol ReviewStore: Sendable {
    func recordDecision(_ decision: ReviewDecision) async throws -> Int64

    func decisions(store: StoreID?) async throws -> [ReviewDecision]

    /// Makes `items` one store's review queue, keeping what people already decided.
    ///
    /// An item already in the queue (same store, SKU, field, finding code and listing) keeps its
    /// id; a decided item whose catalog and store values have not moved stays decided (a re-plan
    /// never asks the same question twice), one whose values moved is opened again, and a deferred
    /// item is opened again. Items of the store not in `items` leave the queue (their decisions
    /// stay in the history).
    ///
    /// - Parameter scope: the SKUs the plan looked at when it read only part of the store (an
    ///   incremental read); items of other SKUs stay as they are. `nil`: the whole store was read.
    func replaceReviewQueue(store: StoreID, items: [ReviewItem], runID: Int64?, scope: Set<SKU>?) async throws -> ReviewQueueUpdate

    /// The current queue of one store, or of every store, by SKU, store and field; decided items
    /// stay listed until the next plan so a session can show its progress and undo.
    func reviewQueue(store: StoreID?) async throws -> [ReviewItem]

    /// Settles one queue item in one transaction and returns the decision recorded.
    ///
    /// A decision moves the base (and, for `store` and `value`, the catalog field), so the next
    /// plan turns it into operations with the ordinary three-way comparison: `canonical` sets the
    /// base to the store value seen (the next plan pushes the catalog's), `store` takes the store
    /// value into the catalog and the base (in sync), `value` writes `value` to the catalog and the
    /// store value seen to the base (the next plan pushes it), `deferred` only records. A store
    /// change nobody has seen is therefore never overwritten: the push carries the seen value as
    /// its precondition. The previous catalog value and base are kept for ``undoReviewDecision(_:at:)``.
    /// - Throws: ``CatalogStoreError`` with code `refused` when the choice cannot settle the item
    ///   (see ``ReviewItem/refusal(of:)``) or the item is already decided.
    func decideReviewItem(_ itemID: Int64, choice: ReviewDecision.Choice, value: FieldValue?, ruleID: Int64?, at: Date) async throws
        -> ReviewDecision

    /// Undoes a decision exactly: the catalog field and the base get their previous values back
    /// and the item its previous state. Refused when something else changed them since.
    func undoReviewDecision(_ decisionID: Int64, at: Date) async throws -> ReviewItem

    /// The catalog's own value of one field of one variant (before any store's price rule), or
    /// `nil` for stock (kept per warehouse) and unknown SKUs.
    func catalogFieldValue(sku: SKU, field: Change.Field) async throws -> FieldValue?

    func saveReviewRule(_ rule: ReviewRule) async throws -> Int64

    func reviewRules() async throws -> [ReviewRule]

    /// - Returns: whether a rule with that id existed.
    func removeReviewRule(_ id: Int64) async throws -> Bool

    /// The standing "don't ask again" answers of one store's review queue (orphans ignored, SKUs
    /// not sold there, listing errors acknowledged), which plans honour: a SKU marked not sold is
    /// out of the store's assortment, and matching findings never reach the queue again.
    func reviewSuppressions(store: StoreID) async throws -> [ReviewSuppression]
}
