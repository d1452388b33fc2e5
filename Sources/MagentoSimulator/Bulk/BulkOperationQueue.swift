import Foundation
import JSONValue
import Synchronization

/// The bulks that asynchronous bulk requests queued, with each operation's state: Magento's
/// `magento_bulk` and `magento_operation` tables, and the message queue between them.
///
/// An operation's `id` is its index in the request's array, as
/// `Magento\WebapiAsync\Model\OperationRepository::create` stores it, so `request_items[i].id`
/// and `operations_list[].id` name the same request item.
final class BulkOperationQueue: Sendable {
    /// `Magento\Framework\Bulk\OperationInterface` status codes
    /// (https://developer.adobe.com/commerce/webapi/rest/use-rest/operation-status-endpoints/).
    enum Status: Int, Sendable {
        case complete = 1
        case retriablyFailed = 2
        case notRetriablyFailed = 3
        case open = 4
        case rejected = 5
    }

    struct Operation: Sendable {
        var id: Int
        /// The request item as sent (`{"product": {...}}`).
        var payload: JSONValue
        var status: Status = .open
        var resultMessage: String?
        var errorCode: Int?
        /// The saved entity as the service returned it (JSON text), once complete.
        var resultSerializedData: String?
    }

    struct Bulk: Sendable {
        var uuid: String
        /// `async.magento.catalog.api.productrepositoryinterface.save.put`
        var topic: String
        var startTime: Date
        /// 1 integration, 2 admin.
        var userType: Int
        var operations: [Operation]
        /// Status requests answered so far.
        var polls = 0
    }

    private let bulks = Mutex<[String: Bulk]>([:])
    private let order = Mutex<[String]>([])

    func add(_ bulk: Bulk) {
        bulks.withLock { $0[bulk.uuid] = bulk }
        order.withLock { $0.append(bulk.uuid) }
    }

    /// Counts one status request for the bulk and returns it; nil for an unknown uuid.
    func poll(_ uuid: String) -> Bulk? {
        bulks.withLock { stored -> Bulk? in
            guard var bulk = stored[uuid] else { return nil }
            bulk.polls += 1
            stored[uuid] = bulk
            return bulk
        }
    }

    func bulk(_ uuid: String) -> Bulk? { bulks.withLock { $0[uuid] } }

    /// Uuids of bulks with open operations, oldest first.
    var openBulks: [String] {
        let uuids = order.withLock { $0 }
        return bulks.withLock { stored in uuids.filter { stored[$0]?.operations.contains { $0.status == .open } ?? false } }
    }

    /// Records an operation's result.
    func finish(_ uuid: String, operation id: Int, _ update: (inout Operation) -> Void) {
        bulks.withLock { stored in
            guard var bulk = stored[uuid], let index = bulk.operations.firstIndex(where: { $0.id == id }) else { return }
            update(&bulk.operations[index])
            stored[uuid] = bulk
        }
    }
}
