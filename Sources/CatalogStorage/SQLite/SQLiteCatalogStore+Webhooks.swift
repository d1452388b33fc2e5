import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Webhooks

    public func recordWebhookDelivery(store: StoreID, deliveryID: String, at date: Date) async throws -> Bool {
        try await write("remember webhook delivery \(deliveryID) of \(store)") { db in
            try db.execute(
                sql: "INSERT OR IGNORE INTO webhook_delivery(store, delivery_id, received_at) VALUES (?, ?, ?)",
                arguments: [store.rawValue, deliveryID, date.timeIntervalSince1970])
            return db.changesCount == 1
        }
    }

    public func pruneWebhookDeliveries(before date: Date) async throws {
        try await write("forget old webhook deliveries") { db in
            try db.execute(sql: "DELETE FROM webhook_delivery WHERE received_at < ?", arguments: [date.timeIntervalSince1970])
        }
    }
}
