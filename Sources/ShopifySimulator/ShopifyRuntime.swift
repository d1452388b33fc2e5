import Foundation
import SimulatorCore
import Synchronization

/// What the Shopify API keeps per store beyond the catalog: the query-cost bucket and the bulk
/// operations. Keyed by the store object, so one platform value can serve several stores.
final class ShopifyRuntime: Sendable {
    struct StoreRecord: Sendable {
        var bucket: LeakyBucket
        var operations: [BulkOperationRecord] = []
        var nextOperationID: Int64 = 1
    }

    let options: ShopifyPlatform.Options
    private let stores = Mutex<[ObjectIdentifier: StoreRecord]>([:])

    init(options: ShopifyPlatform.Options) {
        self.options = options
    }

    func withStore<T>(_ shop: SimulatedShop, _ body: (inout StoreRecord) throws -> T) rethrows -> T {
        try stores.withLock { stores in
            let key = ObjectIdentifier(shop)
            var record = stores[key] ?? StoreRecord(bucket: LeakyBucket(capacity: options.bucketSize, restoreRate: options.restoreRate))
            defer { stores[key] = record }
            return try body(&record)
        }
    }

    /// The newest operation of a type, counting this read as a poll.
    func currentBulkOperation(shop: SimulatedShop, type: String) -> BulkOperationRecord? {
        guard type == "QUERY" else { return nil }
        return withStore(shop) { record in
            guard let index = record.operations.indices.last else { return nil }
            record.operations[index].poll(pollsUntilComplete: options.bulkPollsUntilComplete)
            return record.operations[index]
        }
    }

    func bulkOperation(shop: SimulatedShop, id: Int64) -> BulkOperationRecord? {
        withStore(shop) { record in
            guard let index = record.operations.firstIndex(where: { $0.id == id }) else { return nil }
            record.operations[index].poll(pollsUntilComplete: options.bulkPollsUntilComplete)
            return record.operations[index]
        }
    }

    /// The JSONL of a completed operation, for the download URL.
    func bulkResult(shop: SimulatedShop, id: Int64) -> [UInt8]? {
        withStore(shop) { record in
            record.operations.first { $0.id == id && $0.status == "COMPLETED" }?.jsonl
        }
    }
}
