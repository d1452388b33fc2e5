import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import StorefrontSimulator
import Synchronization
import Testing

@Suite("concord run: the service, its logs and its metrics")
struct RunCommandTests {
    @Test("concord run syncs on start, serves metrics, logs JSON lines, and stops on SIGTERM with exit 0")
    func runServesMetricsAndStops() async throws {
        try await withCLIScenario(seed: 71, products: 10, drift: DriftProfile(stockShare: 0.2, priceShare: 0.1)) { setup in
            let port = Int.random(in: 20_000..<60_000)
            let scraped = Mutex<String>("")
            let server = setup.store.server
            let result = try await setup.concord.run(
                ["run", "--every", "1h", "--log-format", "json", "--metrics", "127.0.0.1:\(port)"], environment: setup.environment,
                directory: setup.directory.path,
                interrupt: {
                    // The first run writes the drift; then its metrics appear.
                    await server.waitForRequest { $0.isWrite }
                    let client = HTTPClient(configuration: .simulatorTesting(maxAttempts: 1))
                    defer { client.shutdown() }
                    for _ in 0..<600 {
                        if let response = try? await client.send(HTTPRequest(method: .get, url: "http://127.0.0.1:\(port)/metrics")),
                            case let text = String(decoding: response.body, as: UTF8.self), text.contains("concord_runs_total{")
                        {
                            scraped.withLock { $0 = text }
                            return
                        }
                        try? await Task.sleep(for: .milliseconds(50))  // polling an endpoint, not timing the run
                    }
                }, signal: SIGTERM)
            #expect(result.status == 0, "\(result.stderr)")
            let lines = try result.stderr.split(separator: "\n").map { try JSONValue.parse(String($0)) }
            #expect(lines.allSatisfy { $0["time"] != nil && $0["level"] != nil && $0["message"] != nil })
            let events = lines.compactMap { $0["event"]?.stringValue }
            #expect(events.contains("run_finished"), "\(result.stderr)")
            #expect(events.last == "stopped", "\(result.stderr)")
            let finished = try #require(lines.first { $0["event"] == "run_finished" })
            #expect(finished["run_id"]?.intValue != nil)

            let metrics = scraped.withLock { $0 }
            let drift = setup.store.shop.manifest.drift.filter { $0.field != "title" }.count
            #expect(metrics.contains("concord_runs_total{kind=\"incremental\"} 1"), "\(metrics)")
            #expect(metrics.contains("concord_operations_total{outcome=\"applied\",store=\"shop\"} \(drift)"), "\(metrics)")
            #expect(metrics.contains("concord_store_up{store=\"shop\"} 1"))
            #expect(metrics.contains("concord_last_success_timestamp_seconds{store=\"shop\"} "))
            #expect(metrics.contains("concord_api_requests_total{store=\"shop\"} "))
            #expect(metrics.contains("# TYPE concord_run_duration_seconds gauge"))
            #expect(try await setup.changeCount() == 0)
        }
    }

    @Test("bad durations are refused with the form to use")
    func badDuration() async throws {
        let result = try await CommandRunner(product: "concord").run(["run", "--every", "15"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("30s, 15m or 24h"), "\(result.stderr)")
    }
}
