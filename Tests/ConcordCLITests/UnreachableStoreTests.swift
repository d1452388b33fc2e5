import ConcordTesting
import Foundation
import Testing

/// A store that cannot be reached is one clear line; the HTTP client's retries are for --verbose.
@Suite("an unreachable store")
struct UnreachableStoreTests {
    @Test("stores check prints one FAIL line and no retry log; --verbose shows the retries")
    func oneLine() async throws {
        let directory = try TemporaryDirectory()
        let port = try LoopbackPort.free()  // nothing listens there
        _ = try directory.write(
            "[catalog]\ndatabase = \"c.sqlite\"\n[stores.s]\nplatform = \"shopify\"\nurl = \"http://127.0.0.1:\(port)\"\ntoken_env = \"T\"\n",
            to: "concord.toml")
        let concord = try CommandRunner(product: "concord")
        let quiet = try await concord.run(["stores", "check"], environment: ["T": "shpat_test"], directory: directory.path)
        #expect(quiet.status == 1)
        #expect(quiet.stdout.split(separator: "\n").filter { $0.contains("FAIL") }.count == 1, "\(quiet.stdout)")
        #expect(!quiet.stderr.contains("concord.http"), "\(quiet.stderr)")
        let verbose = try await concord.run(["stores", "check", "--verbose"], environment: ["T": "shpat_test"], directory: directory.path)
        #expect(verbose.stderr.contains("concord.http"), "\(verbose.stderr)")
    }
}
