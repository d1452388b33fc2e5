import CatalogModel
import Foundation

/// What Concord remembers between runs of a store: listing mappings, the bases of the three-way
/// comparison, cursors, the last whole read, the apply journal, webhook deliveries and the plans
/// already applied. The journal and the bases move together, so a crash never leaves them apart.
public protocol SyncStateStore: Sendable {
    func saveListingMappings(_ mappings: [ListingMapping]) async throws

    func listingMappings(store: StoreID) async throws -> [ListingMapping]

    /// The last value Concord synced or accepted, per (store, SKU, field).
    func baseValues(store: StoreID) async throws -> [BaseKey: FieldValue]

    func recordBaseValues(_ values: [BaseKey: FieldValue], store: StoreID, runID: Int64?) async throws

    /// The same values as ``baseValues(store:)``, grouped by SKU as the reconciler reads them.
    ///
    /// A million-SKU store has ten million base values: as a dictionary they take over a
    /// gigabyte and a regrouping pass; read in SKU order into a ``BaseTable`` they take half that
    /// and no pass (see `concord-bench offline-plan`).
    func baseTable(store: StoreID) async throws -> BaseTable

    func cursor(store: StoreID, stream: CursorStream) async throws -> SyncCursor?

    func saveCursor(_ cursor: SyncCursor, store: StoreID, stream: CursorStream) async throws

    /// Records a run's whole plan before anything is sent (the write-ahead half of the apply
    /// journal): every change ``JournalEntry/State-swift.enum/queued``, numbered by the write call
    /// (batch) it goes out in, in one transaction. A change already journaled in this run is
    /// replaced, which is how a stale change re-planned within the run is queued again.
    func journalPlan(_ batches: [[Change]], firstBatch: Int, runID: Int64) async throws

    /// Marks changes as sent, just before their request leaves: from here until an outcome is
    /// recorded, a crash leaves them ``JournalEntry/State-swift.enum/pending`` and a resume must
    /// re-read the store before sending them again.
    func markSent(_ changeIDs: [String], runID: Int64, at: Date) async throws

    /// Records what happened to changes once the store answered. Applied changes also become the
    /// store's base value for their SKU and field, in the same transaction, so the journal and the
    /// bases can never disagree after a crash.
    func recordOutcomes(_ outcomes: [ChangeOutcome], runID: Int64, at: Date) async throws

    func journalEntries(runID: Int64) async throws -> [JournalEntry]

    /// Apply and sync runs that never finished (still `running`, or `interrupted`) and still have
    /// queued or pending changes, newest first: what `concord apply --resume` picks up.
    func resumableRuns() async throws -> [RunRecord]

    /// Remembers a webhook delivery by the platform's delivery id; `false` when it was already
    /// seen (a replay, or the platform retrying): the caller must not act on it again. Kept in
    /// the database so that a restarted listener still recognises it.
    func recordWebhookDelivery(store: StoreID, deliveryID: String, at: Date) async throws -> Bool

    /// Forgets deliveries received before `date` (platforms stop retrying after a few days).
    func pruneWebhookDeliveries(before date: Date) async throws

    /// Keeps `snapshot` as its store's last read, replacing the previous one, in one transaction.
    ///
    /// Audits save every full read so that `concord audit --offline` can reconcile the stores
    /// later without reaching them (on a plane, or when a store is down).
    func saveSnapshot(_ snapshot: StoreSnapshot) async throws

    /// The store's last saved read, or `nil` when none was saved.
    func latestSnapshot(store: StoreID) async throws -> StoreSnapshot?

    /// This catalog's identity and the key its plan files are signed with, made once when the
    /// catalog is created and never shown: `concord apply` uses them to refuse a plan made from
    /// another catalog or edited after `concord plan` wrote it.
    func planSigningKey() async throws -> PlanSigningKey

    /// Remembers that the plan with this signature went out in `runID`, so that the same file is
    /// not applied twice.
    func recordAppliedPlan(signature: String, runID: Int64) async throws

    /// The run that applied the plan with this signature, if any.
    func appliedPlanRun(signature: String) async throws -> Int64?
}
