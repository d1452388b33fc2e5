import ConcordTesting
import Foundation
import Testing

@Suite("concord demo")
struct DemoCommandTests {
    @Test("the demo starts three simulated stores, imports their catalog, reaches and reads them, and says what to try next")
    func demoRuns() async throws {
        let directory = try TemporaryDirectory()
        let result = try await CommandRunner(product: "concord").run(
            ["demo", "--products", "60", "--db", directory.path("demo.sqlite")], directory: directory.path)
        #expect(result.status == 0, "\(result.stderr)\n\(result.stdout)")
        for store in ["demo-shopify", "demo-woocommerce", "demo-magento"] {
            #expect(result.stdout.contains("ok  \(store)"), "\(store) was not reached:\n\(result.stdout)")
        }
        #expect(result.stdout.contains("Try next:"))
        // The first sync writes everything it planned for the Shopify store (at least the planted
        // stock and price drift), and the second finds it in sync reading only what changed.
        let lines = result.stdout.split(separator: "\n").map(String.init)
        func number(_ pattern: String, in line: String?) -> Int? {
            guard let line, let range = line.range(of: pattern, options: .regularExpression) else { return nil }
            return Int(line[range].split(separator: " ").first ?? "")
        }
        let planted = lines.first { $0.contains("demo-shopify:") && $0.contains("differences") }
        let synced = lines.first { $0.contains("demo-shopify:") && $0.contains("applied") }
        let plantedStock = try #require(number("[0-9]+ stock,", in: planted))
        let plantedPrice = try #require(number("[0-9]+ price", in: planted))
        let changes = try #require(number("[0-9]+ changes", in: synced))
        #expect(plantedStock > 0)
        #expect(changes >= plantedStock + plantedPrice)
        #expect(number("[0-9]+ applied", in: synced) == changes)
        // The counts add up: every planted difference is written, waiting for a person or not
        // written for a reason given, and every change beyond them is named by field.
        for store in ["demo-shopify", "demo-woocommerce", "demo-magento"] {
            let index = try #require(lines.firstIndex { $0.contains("\(store):") && $0.contains("applied") })
            let accounting = try #require(lines[(index + 1)...].first { $0.contains("planted differences written") })
            let storeChanges = try #require(number("[0-9]+ changes", in: lines[index]))
            let plantedLine = lines.first { $0.contains("\(store):") && $0.contains("differences;") }
            let plantedTotal = ["[0-9]+ stock,", "[0-9]+ price", "[0-9]+ title"].compactMap { number($0, in: plantedLine) }.reduce(0, +)
            let written = try #require(number("^ *[0-9]+ of the", in: accounting))
            let total = accounting.range(of: "of the [0-9]+", options: .regularExpression).map {
                Int(accounting[$0].split(separator: " ").last!)
            }
            #expect(total == plantedTotal, "\(accounting)")
            let waiting = number("[0-9]+ waiting", in: accounting) ?? 0
            let notWritten = number("[0-9]+ not written", in: accounting) ?? 0
            let more = number("[0-9]+ more than planted", in: accounting) ?? 0
            #expect(written + waiting + notWritten == plantedTotal, "\(accounting)")
            #expect(written + more == storeChanges, "\(lines[index])\n\(accounting)")
        }
        let again = lines.last { $0.contains("demo-shopify:") && $0.contains("changed listings") }
        #expect(again?.contains("in sync") == true, "\(again ?? "")")
        // The audit of the stores as the first sync found them, and its HTML report.
        // Before the sync and now, side by side; and the listing errors set against those planted.
        #expect(lines.contains { $0.contains("demo-shopify: catalog accuracy") && $0.contains("before →") && $0.hasSuffix("now") })
        #expect(lines.contains { $0.contains("listing errors before the sync:") && $0.contains("planted") })
        #expect(FileManager.default.fileExists(atPath: directory.path("demo-audit.html")))
        #expect(FileManager.default.fileExists(atPath: directory.path("demo.sqlite")))
        // Colour only on a terminal: the captured output has no escape codes.
        #expect(!result.stdout.contains("\u{1B}["))
        // The setup is left behind: a concord.toml naming the database and the stores (credentials
        // by name only), with which the audit and the review queue can be explored further.
        let written = try String(contentsOfFile: directory.path("concord.toml"), encoding: .utf8)
        #expect(written.contains("token_env = \"DEMO_SHOPIFY_TOKEN\"") && written.contains("key_env = \"DEMO_WOOCOMMERCE_KEY\""))
        #expect(!written.contains("shpat_") && !written.contains("ck_") && !written.contains("cs_"), "\(written)")
        #expect(result.stdout.contains("concord audit --offline --format html"))
        let audit = try await CommandRunner(product: "concord").run(["audit", "--offline"], directory: directory.path)
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("Overall accuracy"))
    }
}
