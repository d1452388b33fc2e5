import ConcordTesting
import Foundation
import HTTPClient
import Telemetry
import Testing

@Suite("Prometheus metrics and structured logs")
struct MetricsTests {
    @Test("the text format: HELP and TYPE lines, sorted families, escaped label values")
    func textFormat() {
        let registry = MetricsRegistry()
        registry.describe("demo_total", help: "A counter\\with a backslash", kind: .counter)
        registry.increment("demo_total", by: 2, labels: ["store": "shop \"main\"\nnext", "outcome": "applied"])
        registry.set("a_gauge", to: 0.5)
        #expect(
            registry.render() == """
                # HELP a_gauge a_gauge
                # TYPE a_gauge gauge
                a_gauge 0.5
                # HELP demo_total A counter\\\\with a backslash
                # TYPE demo_total counter
                demo_total{outcome="applied",store="shop \\"main\\"\\nnext"} 2

                """)
    }

    @Test("a run's observations become Concord's series, served on /metrics over HTTP")
    func endpoint() async throws {
        let metrics = ConcordMetrics()
        let finished = Date(timeIntervalSince1970: 1_800_000_000)
        metrics.record(
            kind: "incremental", seconds: 2.5,
            stores: [
                StoreRunObservation(
                    store: "shop-main", succeeded: true, operations: ["applied": 7, "stale": 1],
                    findings: ["stock-push": 7, "missing-image": 2],
                    apiRequests: 12, throttleWaitSeconds: 1.5),
                StoreRunObservation(store: "woo-eu", succeeded: false, apiRequests: 3),
            ], finishedAt: finished)
        metrics.record(
            kind: "incremental", seconds: 1,
            stores: [StoreRunObservation(store: "shop-main", succeeded: true, operations: ["applied": 1], apiRequests: 4)],
            finishedAt: finished)
        let server = try MetricsServer(registry: metrics.registry, port: 0)
        let port = try await server.start()
        let client = HTTPClient(configuration: .simulatorTesting())
        defer { client.shutdown() }
        let response = try await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/metrics"))
        let missing = try await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/other"))
        await server.stop()
        #expect(response.status == 200)
        #expect(response.headers["Content-Type"]?.hasPrefix("text/plain; version=0.0.4") == true)
        #expect(missing.status == 404)
        let lines = Set(String(decoding: response.body, as: UTF8.self).split(separator: "\n").map(String.init))
        for expected in [
            "# TYPE concord_operations_total counter",
            "# TYPE concord_store_up gauge",
            "concord_runs_total{kind=\"incremental\"} 2",
            "concord_run_duration_seconds{kind=\"incremental\"} 1",
            "concord_operations_total{outcome=\"applied\",store=\"shop-main\"} 8",
            "concord_operations_total{outcome=\"stale\",store=\"shop-main\"} 1",
            "concord_findings{kind=\"missing-image\",store=\"shop-main\"} 2",
            "concord_api_requests_total{store=\"shop-main\"} 16",
            "concord_api_requests_total{store=\"woo-eu\"} 3",
            "concord_throttle_wait_seconds_total{store=\"shop-main\"} 1.5",
            "concord_last_success_timestamp_seconds{store=\"shop-main\"} 1800000000",
            "concord_store_up{store=\"shop-main\"} 1",
            "concord_store_up{store=\"woo-eu\"} 0",
        ] {
            #expect(lines.contains(expected), "missing \(expected)")
        }
        #expect(!lines.contains { $0.hasPrefix("concord_last_success_timestamp_seconds{store=\"woo-eu\"}") })
    }

    @Test("metrics bind to loopback only")
    func loopbackOnly() {
        #expect(throws: MetricsServerError.self) { try MetricsServer(registry: MetricsRegistry(), host: "0.0.0.0", port: 0) }
        #expect(MetricsServer.parseAddress("127.0.0.1:9464")! == ("127.0.0.1", 9464))
        #expect(MetricsServer.parseAddress(":9464")! == ("127.0.0.1", 9464))
        #expect(MetricsServer.parseAddress("nonsense:x") == nil)
    }

    @Test("JSON log lines: one object a line with time, level, message, store and run id")
    func jsonLogLine() throws {
        let record = LogRecord(
            time: Date(timeIntervalSince1970: 0), level: "error", message: "shop: down \"503\"\nretrying", event: "store_down",
            store: "shop", runID: 42)
        let line = EventLogWriter.line(record, format: .json)
        #expect(!line.contains("\n"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["time"] as? String == "1970-01-01T00:00:00.000Z")
        #expect(object["level"] as? String == "error")
        #expect(object["message"] as? String == "shop: down \"503\"\nretrying")
        #expect(object["store"] as? String == "shop")
        #expect(object["run_id"] as? Int == 42)
        #expect(EventLogWriter.line(record, format: .text).hasPrefix("1970-01-01T00:00:00.000Z ERROR shop: down"))
    }

    @Test("text log lines: a newline or an escape sequence from outside is shown, never a second line")
    func textLogInjection() {
        let forged = LogRecord(
            time: Date(timeIntervalSince1970: 0), level: "info",
            message: "no webhook route /x\n1970-01-01T00:00:00.000Z ERROR forged\u{1B}[2J\u{9B}")
        let line = EventLogWriter.line(forged, format: .text)
        #expect(!line.contains("\n") && !line.contains("\u{1B}") && !line.contains("\u{9B}"))
        #expect(line.contains("/x\\x0A1970") && line.contains("\\x1B[2J\\x9B"), "\(line)")
    }
}
