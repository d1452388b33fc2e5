import Foundation
import JSONValue

/// One attempt to deliver a webhook, as `GET /_sim/webhooks` lists it: what was sent, what the
/// subscriber answered, and what happens next. Never holds the secret or the signature.
public struct WebhookAttempt: Hashable, Sendable {
    public enum Outcome: String, Hashable, Sendable {
        /// A 2xx answer: done.
        case delivered
        /// No answer or a non-2xx one; tried again after ``WebhookAttempt/retryIn``.
        case retrying
        /// The last retry of the schedule failed too: the delivery is dropped, as a platform drops it.
        case gaveUp = "gave_up"
        /// The outgoing queue was full, or the simulator stopped with the delivery still queued.
        case dropped
    }

    public var sequence = 0
    public var time: Date
    public var topic: String
    public var deliveryID: String
    /// 1 for the first try.
    public var attempt: Int
    /// The HTTP status answered; 0 when nothing answered.
    public var status: Int
    public var outcome: Outcome
    public var retryIn: Duration?

    public init(time: Date, topic: String, deliveryID: String, attempt: Int, status: Int, outcome: Outcome, retryIn: Duration? = nil) {
        self.time = time
        self.topic = topic
        self.deliveryID = deliveryID
        self.attempt = attempt
        self.status = status
        self.outcome = outcome
        self.retryIn = retryIn
    }

    public var json: JSONValue {
        var object = JSONObject()
        object["seq"] = .int(Int64(sequence))
        object["time"] = .string(time.formatted(.iso8601))
        object["topic"] = .string(topic)
        object["delivery_id"] = .string(deliveryID)
        object["attempt"] = .int(Int64(attempt))
        object["status"] = .int(Int64(status))
        object["outcome"] = .string(outcome.rawValue)
        object["retry_in_ms"] =
            retryIn.map { .int($0.components.seconds * 1000 + $0.components.attoseconds / 1_000_000_000_000_000) } ?? .null
        return .object(object)
    }
}
