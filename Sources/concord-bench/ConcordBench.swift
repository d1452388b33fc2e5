import ArgumentParser

/// `concord-bench`: measures Concord's work, never asserted in tests (run it with `-c release`).
@main
struct ConcordBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "concord-bench",
        abstract: "Measure reconcile + plan and whole syncs (run with swift run -c release concord-bench ...)."
    )

    func run() async throws {
        print("concord-bench: subcommands arrive with the benchmark")
    }
}
