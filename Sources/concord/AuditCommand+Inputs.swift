import Audit
import CatalogStorage
import Foundation
import Sync

extension AuditCommand {
    /// The audit's view of each planned store: its reconcile figures and, from the snapshot the
    /// audit saved (or, offline, the one it reconciled), what the store showed of its own stock.
    ///
    /// The snapshot is read back one store at a time and reduced to a ``ListedStock`` at once, so
    /// no more than one store's listings are in memory, as during the plan.
    static func auditInputs(_ reports: [StorePlanReport], catalog: any SyncStateStore) async throws -> [StoreAuditInput] {
        var inputs: [StoreAuditInput] = []
        for report in reports {
            var listed: ListedStock?
            // Only the read this audit reconciled (the database keeps times to the microsecond or so).
            if report.error == nil, let fetchedAt = report.fetchedAt, let snapshot = try await catalog.latestSnapshot(store: report.store),
                abs(snapshot.fetchedAt.timeIntervalSince(fetchedAt)) < 0.001
            {
                listed = ListedStock.measure(snapshot.listings)
            }
            inputs.append(
                StoreAuditInput(
                    store: report.store, platform: report.platform.rawValue, counts: report.counts, findings: report.findings,
                    acknowledged: report.acknowledged,
                    fetchedAt: report.fetchedAt, error: report.error, listedStock: listed))
        }
        return inputs
    }
}
