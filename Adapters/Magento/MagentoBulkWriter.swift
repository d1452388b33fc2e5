import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// Saves product bodies through Magento's asynchronous bulk API and waits for the store's queue
/// consumer to run them.
///
/// One `PUT /rest/<code>/async/bulk/V1/products/bySku` per ``MagentoAdapterOptions/asyncBatchSize``
/// products carries an array of the `{"product": {...}}` bodies `PUT /V1/products/{sku}` would
/// take (https://developer.adobe.com/commerce/webapi/rest/use-rest/bulk-endpoints/); Magento
/// answers 202 with a `bulk_uuid` and one `request_items` entry per body, `id` its index. The
/// writer then asks `GET /V1/bulk/{uuid}/status` after a wait that doubles each time
/// (``MagentoAdapterOptions/asyncPollBaseDelay`` up to ``MagentoAdapterOptions/asyncPollMaxDelay``,
/// or the answer's `Retry-After`), until no operation is open (status 4) or
/// ``MagentoAdapterOptions/asyncPollAttempts`` requests have been made
/// (https://developer.adobe.com/commerce/webapi/rest/use-rest/operation-status-endpoints/).
///
/// Calls for N products: `ceil(N / asyncBatchSize)` bulk requests, plus one status request per
/// bulk per poll; instead of N `PUT /V1/products/{sku}`.
struct MagentoBulkWriter: Sendable {
    let rest: MagentoRESTClient
    let options: MagentoAdapterOptions
    let storeCode: String

    /// What became of one product's save.
    enum Result: Sendable {
        /// Operation complete (status 1): the store saved it; read it back to see what it holds.
        case saved
        /// Refused: the bulk request as a whole (4xx), its request item, or the operation
        /// (status 2, 3 or 5, with the consumer's `result_message`).
        case refused(String)
        /// The outcome is not known: the request failed on the way, or the operation was still
        /// open when the writer stopped asking.
        case unknown(String)
    }

    /// Saves each body (keyed by the caller's id); returns each one's result.
    func save(_ bodies: [(id: String, product: JSONObject)]) async -> [String: Result] {
        var results: [String: Result] = [:]
        var waiting: [Submission] = []
        let submissions =
            (try? await bodies.chunked(options.asyncBatchSize).concurrentMap(limit: options.concurrency) { [self] batch in
                await submit(batch)
            }) ?? []
        for submission in submissions {
            for (id, result) in submission.settled { results[id] = result }
            if !submission.open.isEmpty { waiting.append(submission) }
        }
        for (id, result) in await wait(for: waiting) { results[id] = result }
        return results
    }

    /// A bulk request as the store accepted it: the operations still to hear about, by
    /// operation id, and the bodies already settled.
    struct Submission: Sendable {
        var uuid: String
        var open: [Int: String] = [:]
        var settled: [String: Result] = [:]
    }

    func submit(_ batch: [(id: String, product: JSONObject)]) async -> Submission {
        let body = JSONValue.array(batch.map { ["product": .object($0.product)] })
        let answer: JSONValue
        do {
            answer = try await rest.send(
                .put, "products/bySku", query: [], body: body, missingIsNil: false, storeCode: storeCode, asyncBulk: true)!
                .json
        } catch {
            let failure = WriteFailure(sent: error, store: rest.store)
            let result: Result = failure.kind == .refused ? .refused(failure.message()) : .unknown(failure.message())
            return Submission(uuid: "", settled: Dictionary(batch.map { ($0.id, result) }, uniquingKeysWith: { $1 }))
        }
        var submission = Submission(uuid: answer["bulk_uuid"]?.stringValue ?? "")
        let items = answer["request_items"]?.arrayValue ?? []
        for (index, entry) in batch.enumerated() {
            // `request_items[].id` is the body's index in the array.
            let item = items.first { $0["id"]?.intValue == index }
            switch item?["status"]?.stringValue {
            case "accepted"? where !submission.uuid.isEmpty:
                submission.open[index] = entry.id
            case let status?:
                let said = item?["error_message"]?.stringValue ?? "status \(status)"
                submission.settled[entry.id] = .refused("Magento did not queue the save (\(said))")
            case nil:
                submission.settled[entry.id] = .unknown(
                    "Magento's answer to the bulk request names no request item \(index) (bulk \(submission.uuid)); read the store again")
            }
        }
        return submission
    }

    /// Polls every bulk until none has an open operation or the attempts run out.
    func wait(for submissions: [Submission]) async -> [String: Result] {
        var results: [String: Result] = [:]
        var waiting = submissions
        var lastProblem: [String: String] = [:]
        let policy = RetryPolicy(
            maxAttempts: options.asyncPollAttempts, baseDelay: options.asyncPollBaseDelay, maxDelay: options.asyncPollMaxDelay)
        var retryAfter: Duration?
        for attempt in 1...options.asyncPollAttempts where !waiting.isEmpty {
            let delay = retryAfter.map { min($0, policy.maxRetryAfter) } ?? policy.backoffCeiling(afterAttempt: attempt)
            retryAfter = nil
            if delay > .zero {
                do { try await policy.sleep(delay) } catch { break }  // cancelled: what is open stays unknown
            }
            var still: [Submission] = []
            for var submission in waiting {
                let answer: MagentoRESTClient.Answer
                do {
                    answer = try await rest.send(.get, "bulk/\(submission.uuid)/status", query: [], body: nil, missingIsNil: false)!
                } catch {
                    lastProblem[submission.uuid] = WriteFailure.adapterError(error, store: rest.store).message
                    still.append(submission)
                    continue
                }
                if let header = answer.response.headers["Retry-After"], let requested = RetryPolicy.retryAfterDelay(header) {
                    retryAfter = max(retryAfter ?? .zero, requested)
                }
                for operation in answer.json["operations_list"]?.arrayValue ?? [] {
                    guard let index = operation["id"]?.intValue, let id = submission.open[index] else { continue }
                    switch operation["status"]?.intValue {
                    case 1?:
                        results[id] = .saved
                        submission.open[index] = nil
                    case let status? where [2, 3, 5].contains(status):
                        let message = operation["result_message"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 } ?? "no message"
                        let what = status == 5 ? "rejected the queued save" : "failed to save the product"
                        results[id] = .refused("Magento's queue consumer \(what) (bulk \(submission.uuid), operation \(index)): \(message)")
                        submission.open[index] = nil
                    default:
                        break  // 4: open, not run yet
                    }
                }
                if !submission.open.isEmpty { still.append(submission) }
            }
            waiting = still
        }
        for submission in waiting {
            let why = lastProblem[submission.uuid].map { "; the last status request failed: \($0)" } ?? ""
            for (index, id) in submission.open {
                results[id] = .unknown(
                    "Magento had not run the queued save after \(options.asyncPollAttempts) status requests (bulk \(submission.uuid), operation \(index))\(why). "
                        + "Is its queue consumer (async.operations.all) running? `concord apply --resume` reads the store again and settles it"
                )
            }
        }
        return results
    }
}
