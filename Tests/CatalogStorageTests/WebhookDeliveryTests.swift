import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import Testing

@Test("webhook deliveries are remembered once per store, across reopening the database, and pruned by age")
func webhookDeliveriesPersist() async throws {
    let directory = try TemporaryDirectory()
    let path = directory.path("catalog.sqlite")
    let now = Date(timeIntervalSince1970: 1_800_000_000)
    do {
        let store = try SQLiteCatalogStore(path: path)
        #expect(try await store.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
        #expect(try await !store.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
        #expect(try await store.recordWebhookDelivery(store: "woo", deliveryID: "evt-1", at: now))
    }
    let reopened = try SQLiteCatalogStore(path: path)
    #expect(try await !reopened.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now))
    try await reopened.pruneWebhookDeliveries(before: now + 1)
    #expect(try await reopened.recordWebhookDelivery(store: "shop", deliveryID: "evt-1", at: now + 2))
}
