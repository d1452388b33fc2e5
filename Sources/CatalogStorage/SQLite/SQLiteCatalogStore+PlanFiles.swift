import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    public func planSigningKey() async throws -> PlanSigningKey {
        let path = self.path
        return try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT catalog_id, plan_key FROM catalog_state WHERE id = 1"),
                let id: String = row["catalog_id"], let hex: String = row["plan_key"], hex.utf8.count == 64,
                hex.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
            else {
                throw CatalogStoreError(
                    code: .corruptValue, path: path, message: "the catalog has no plan-signing key; the file was edited outside Concord")
            }
            return PlanSigningKey(catalogID: id, keyHex: hex)
        }
    }

    public func recordAppliedPlan(signature: String, runID: Int64) async throws {
        try await write("remember the applied plan") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO applied_plan(signature, run_id, applied_at) VALUES (?, ?, ?)",
                arguments: [signature, runID, Date().timeIntervalSince1970])
        }
    }

    public func appliedPlanRun(signature: String) async throws -> Int64? {
        try await read { db in
            try Int64.fetchOne(db, sql: "SELECT run_id FROM applied_plan WHERE signature = ?", arguments: [signature])
        }
    }
}
