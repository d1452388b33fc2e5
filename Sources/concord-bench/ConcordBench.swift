import ArgumentParser

/// `concord-bench`: measures Concord's work, never asserted in tests (run it with `-c release`).
///
/// Each subcommand prints human progress on standard error and, as the last line of standard
/// output, one JSON object with its measurements, so a script can keep just `tail -n 1`.
@main
struct ConcordBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord-bench",
        abstract: "Measure reconcile + plan and whole syncs (run with swift run -c release concord-bench ...).",
        subcommands: [
            ReconcileBenchmark.self, OfflinePlanBenchmark.self, SyncBenchmark.self, LifecycleBenchmark.self, WebhookLatencyBenchmark.self,
        ]
    )
}
