import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    public func planSigningKey() async throws -> PlanSigningKey {
        let path = self.path
        return try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT catalog_id, plan_key FROM catalog_state WHERE id = 1"),
                let id: String = row["catalog_id"], let hex: String = row["plan_key"], let key = Self.bytes(hex: hex)
            else {
                throw CatalogStoreError(
                    code: .corruptValue, path: path, message: "the catalog has no plan-signing key; the file was edited outside Concord")
            }
            return PlanSigningKey(catalogID: id, key: key)
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

    static func bytes(hex: String) -> [UInt8]? {
        let digits = Array(hex.utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        for index in stride(from: 0, to: digits.count, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        return bytes
    }
}
