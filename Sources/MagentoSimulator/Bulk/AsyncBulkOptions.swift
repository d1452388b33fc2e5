import Foundation
import JSONValue

extension MagentoPlatform {
    /// How the simulated store's message queue consumer (`async.operations.all`) processes the
    /// operations that asynchronous bulk requests queue, deterministically, so tests never wait.
    ///
    /// A real store processes them when `bin/magento queue:consumers:start async.operations.all`
    /// runs (from cron, every minute by default) or never, when no consumer runs
    /// (https://developer.adobe.com/commerce/webapi/rest/use-rest/bulk-endpoints/).
    public struct AsyncBulkOptions: Sendable {
        /// When queued operations are processed.
        public enum Consumer: Sendable, Hashable {
            /// A bulk's operations are processed when its status has been asked for `n` times
            /// (`GET /V1/bulk/{uuid}/status` or `/detailed-status`), just before the `n`th answer;
            /// 0 processes them as the bulk is accepted.
            case afterPolls(Int)
            /// Only ``MagentoPlatform/runQueueConsumer(shop:)`` processes them: a store whose
            /// consumer is down or runs from a cron that has not come round yet.
            case manual
        }

        /// A failure to inject into the operation that saves one SKU.
        public struct Failure: Sendable, Hashable {
            /// 2 (failed, retriable: a deadlock, a lost connection) or 3 (failed, not retriable).
            public var status: Int
            /// Magento's message, with `%1`… or `%name` placeholders.
            public var message: String
            /// The placeholders' values: `%1` is the first.
            public var parameters: [String]
            /// The exception's code, as `error_code` reports it.
            public var errorCode: Int

            public init(status: Int = 3, message: String, parameters: [String] = [], errorCode: Int = 0) {
                self.status = status == 2 ? 2 : 3
                self.message = message
                self.parameters = parameters
                self.errorCode = errorCode
            }

            /// The message with its placeholders filled, as LocalizedException::getMessage renders it.
            var renderedMessage: String { MagentoError.render(message, parameters: .array(parameters.map { .string($0) })) }
        }

        public var consumer: Consumer
        /// Failures by SKU (compared case-insensitively, as Magento compares SKUs).
        public var failures: [String: Failure]

        /// - Parameters:
        ///   - consumer: When operations are processed; default after the first status poll.
        ///   - failures: Failures to inject by SKU; default none.
        public init(consumer: Consumer = .afterPolls(1), failures: [String: Failure] = [:]) {
            self.consumer = consumer
            self.failures = failures
        }

        func failure(sku: String) -> Failure? {
            failures.first { $0.key.caseInsensitiveCompare(sku) == .orderedSame }?.value
        }
    }
}
