import CatalogModel
import Foundation

/// What one finished run did in one store, as the metrics see it (filled from a sync report).
public struct StoreRunObservation: Sendable {
    public var store: String
    /// Whether the store was read and written without error.
    public var succeeded: Bool
    /// Changes by outcome: `applied`, `stale`, `rejected`, `unknown`, `not_sent`.
    public var operations: [String: Int]
    /// Findings by rule code, as of this run.
    public var findings: [String: Int]
    public var apiRequests: Int
    public var throttleWaitSeconds: Double

    public init(
        store: String, succeeded: Bool, operations: [String: Int] = [:], findings: [String: Int] = [:], apiRequests: Int = 0,
        throttleWaitSeconds: Double = 0
    ) {
        self.store = store
        self.succeeded = succeeded
        self.operations = operations
        self.findings = findings
        self.apiRequests = apiRequests
        self.throttleWaitSeconds = throttleWaitSeconds
    }
}

/// Concord's metric names and how a run feeds them. Names follow Prometheus conventions (base
/// units, `_total` for counters, `_seconds`, `_timestamp_seconds`).
public struct ConcordMetrics: Sendable {
    public let registry: MetricsRegistry

    public init(registry: MetricsRegistry = MetricsRegistry()) {
        self.registry = registry
        registry.describe("concord_runs_total", help: "Runs finished, by kind (incremental, full, targeted).", kind: .counter)
        registry.describe("concord_run_duration_seconds", help: "How long the last run of each kind took.", kind: .gauge)
        registry.describe("concord_operations_total", help: "Changes Concord sent to a store, by outcome.", kind: .counter)
        registry.describe("concord_findings", help: "Findings in the store's last run, by rule code.", kind: .gauge)
        registry.describe("concord_api_requests_total", help: "API requests made to the store.", kind: .counter)
        registry.describe("concord_throttle_wait_seconds_total", help: "Seconds spent waiting on the store's rate limits.", kind: .counter)
        registry.describe(
            "concord_last_success_timestamp_seconds", help: "When the store last synced without error (Unix time).", kind: .gauge)
        registry.describe("concord_store_up", help: "1 when the store's last run succeeded, 0 when it failed.", kind: .gauge)
        registry.describe(
            "concord_webhooks_total",
            help: "Webhook deliveries received, by store and result (accepted, duplicate, unauthorized, ping, ignored).", kind: .counter)
    }

    /// Records one finished run.
    public func record(kind: String, seconds: Double, stores: [StoreRunObservation], finishedAt: Date = Date()) {
        registry.increment("concord_runs_total", labels: ["kind": kind])
        registry.set("concord_run_duration_seconds", to: seconds, labels: ["kind": kind])
        for store in stores {
            for (outcome, count) in store.operations where count > 0 {
                registry.increment("concord_operations_total", by: Double(count), labels: ["store": store.store, "outcome": outcome])
            }
            if kind != "targeted" {
                for (code, count) in store.findings {
                    registry.set("concord_findings", to: Double(count), labels: ["store": store.store, "kind": code])
                }
            }
            registry.increment("concord_api_requests_total", by: Double(store.apiRequests), labels: ["store": store.store])
            registry.increment("concord_throttle_wait_seconds_total", by: store.throttleWaitSeconds, labels: ["store": store.store])
            registry.set("concord_store_up", to: store.succeeded ? 1 : 0, labels: ["store": store.store])
            if store.succeeded {
                registry.set(
                    "concord_last_success_timestamp_seconds", to: finishedAt.timeIntervalSince1970.rounded(), labels: ["store": store.store]
                )
            }
        }
    }

    /// Counts a webhook delivery.
    public func webhook(store: String, result: String) {
        registry.increment("concord_webhooks_total", labels: ["store": store, "result": result])
    }
}
