import ConcordTesting
import Foundation
import Testing

@Suite("concord demo")
struct DemoCommandTests {
    @Test("the demo starts three simulated stores, imports their catalog, reaches and reads them, and says what to try next")
    func demoRuns() async throws {
        let directory = try TemporaryDirectory()
        let result = try await CommandRunner(product: "concord").run(["demo", "--products", "60", "--db", directory.path("demo.sqlite")], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        for store in ["demo-shopify", "demo-woocommerce", "demo-magento"] {
            #expect(result.stdout.contains("ok  \(store)"), "\(store) was not reached:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("read "))
        #expect(result.stdout.contains("Try next:"))
        #expect(FileManager.default.fileExists(atPath: directory.path("demo.sqlite")))
        // Colour only on a terminal: the captured output has no escape codes.
        #expect(!result.stdout.contains("\u{1B}["))
    }
}
