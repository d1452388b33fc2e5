import ConcordTesting
import Testing

/// An option written before the command is answered with where it goes.
@Suite("options before the command")
struct OptionPlacementTests {
    @Test("concord --db X catalog stats says to write the option after the command, and does nothing")
    func optionBeforeCommand() async throws {
        let directory = try TemporaryDirectory()
        let result = try await CommandRunner(product: "concord").run(["--db", "x.sqlite", "catalog", "stats"], directory: directory.path)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--db goes after the command: concord catalog stats --db x.sqlite"), "\(result.stderr)")
        #expect(!result.stderr.contains("Unknown option"))
        let json = try await CommandRunner(product: "concord").run(["--json", "plan"], directory: directory.path)
        #expect(json.stderr.contains("--json goes after the command: concord plan --json"), "\(json.stderr)")
    }
}
