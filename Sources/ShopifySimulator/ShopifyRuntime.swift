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
    /// The background runs of bulk operations, by store and operation id.
    private let runs = Mutex<[String: Task<Void, Never>]>([:])

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

    /// Remembers the background run computing an operation's result.
    func track(_ run: Task<Void, Never>, shop: SimulatedShop, id: Int64) {
        runs.withLock { $0[Self.key(shop, id)] = run }
    }

    /// The newest operation of a type, counting this read as a poll.
    func currentBulkOperation(shop: SimulatedShop, type: String) async -> BulkOperationRecord? {
        guard type == "QUERY", let id = withStore(shop, { $0.operations.last?.id }) else { return nil }
        return await bulkOperation(shop: shop, id: id)
    }

    /// An operation, counting this read as a poll. The poll that completes the operation waits for
    /// its result, so the number of polls to completion is exact whatever the machine's speed.
    func bulkOperation(shop: SimulatedShop, id: Int64) async -> BulkOperationRecord? {
        let completes = withStore(shop) { record -> Bool in
            guard let operation = record.operations.first(where: { $0.id == id }) else { return false }
            return operation.isRunning && operation.polls + 1 >= max(1, options.bulkPollsUntilComplete) && !operation.isComputed
        }
        if completes, let run = runs.withLock({ $0[Self.key(shop, id)] }) {
            await run.value
        }
        return withStore(shop) { record in
            guard let index = record.operations.firstIndex(where: { $0.id == id }) else { return nil }
            record.operations[index].poll(pollsUntilComplete: options.bulkPollsUntilComplete)
            return record.operations[index]
        }
    }

    private static func key(_ shop: SimulatedShop, _ id: Int64) -> String {
        "\(ObjectIdentifier(shop).hashValue)/\(id)"
    }

    /// The JSONL of a completed operation, for the download URL.
    func bulkResult(shop: SimulatedShop, id: Int64) -> [UInt8]? {
        let completed = withStore(shop) { record in
            record.operations.first { $0.id == id && $0.status == "COMPLETED" }
        }
        guard let completed else { return nil }
        // A run that failed wrote nothing. The file is read outside the store's lock: a big
        // store's is hundreds of megabytes.
        guard let file = completed.file else { return [] }
        return file.contents()
    }
}
