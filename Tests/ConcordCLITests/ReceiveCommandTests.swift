import CatalogModel
import CatalogStorage
import ConcordTesting
import Foundation
import JSONValue
import Testing

/// `concord catalog receive`: goods received raise on-hand in one transaction, bad files write
/// nothing, and a reference is never counted twice.
struct ReceiveCommandTests {
    let concord: CommandRunner

    init() throws { concord = try CommandRunner(product: "concord") }

    /// A catalog of MUG-WHT (9 at main) and TEE-M (4 at main).
    func prepare() async throws -> Workspace {
        let workspace = try Workspace()
        let file = workspace.write(
            "products.csv",
            """
            \(shopifyHeader)
            mug,Mug,<p>Mug</p>,Acme,Mugs,,TRUE,Colour,White,MUG-WHT,300,shopify,9,deny,9.90,,TRUE,,https://cdn.example.com/mug.jpg,active
            tee,Tee,<p>Tee</p>,Acme,Shirts,,TRUE,Size,M,TEE-M,200,shopify,4,deny,19.90,,TRUE,,https://cdn.example.com/tee.jpg,active

            """)
        let imported = try await concord.run(
            ["catalog", "import", file, "--db", workspace.db, "--currency", "EUR"], directory: workspace.path)
        #expect(imported.status == 0, "\(imported.stderr)")
        return workspace
    }

    func receive(_ arguments: [String], in workspace: Workspace) async throws -> CommandRunner.Result {
        try await concord.run(["catalog", "receive"] + arguments + ["--db", workspace.db], directory: workspace.path)
    }

    /// On hand per SKU at `main`.
    func onHand(_ workspace: Workspace) async throws -> [String: Int] {
        let store = try SQLiteCatalogStore(path: workspace.db)
        var result: [String: Int] = [:]
        for product in try await store.allProducts() {
            for variant in product.variants {
                result[variant.sku.rawValue] = variant.stock.first { $0.location == "main" }?.onHand
                #expect(variant.stock.allSatisfy { $0.available == $0.onHand - $0.committed })
            }
        }
        return result
    }

    @Test("catalog stats counts receipts: lines, references and units, last 30 days and all time, and the newest")
    func statsShowReceipts() async throws {
        let workspace = try await prepare()
        func stats() async throws -> (text: String, json: JSONValue) {
            let text = try await concord.run(["catalog", "stats", "--db", workspace.db], directory: workspace.path)
            #expect(text.status == 0, "\(text.stderr)")
            let json = try await concord.run(["catalog", "stats", "--json", "--db", workspace.db], directory: workspace.path)
            #expect(json.status == 0, "\(json.stderr)")
            return (text.stdout, try JSONValue.parse(json.stdout))
        }
        let empty = try await stats()
        #expect(empty.text.contains("none (record goods in with concord catalog receive)"), "\(empty.text)")
        #expect(empty.json["receipts"]?["all_time"]?["lines"]?.intValue == 0)
        #expect(empty.json["receipts"]?["newest"] == nil)
        #expect(empty.json["variants"]?.intValue == 2, "the catalog's own counts are still there")

        let old = workspace.write(
            "old.csv",
            """
            sku,location,quantity,received_at,reference
            MUG-WHT,main,12,2020-01-10,PO-OLD
            TEE-M,main,5,2020-01-10,PO-OLD

            """)
        // No received_at: arrived now, so within the last 30 days whatever the date of the run.
        let recent = workspace.write("new.csv", "sku,location,quantity,reference\nTEE-M,main,7,PO-NEW\n")
        #expect(try await receive([old], in: workspace).status == 0)
        #expect(try await receive([recent], in: workspace).status == 0)

        let (text, json) = try await stats()
        let receipts = try #require(json["receipts"])
        #expect(receipts["all_time"]?["lines"]?.intValue == 3)
        #expect(receipts["all_time"]?["references"]?.intValue == 2)
        #expect(receipts["all_time"]?["units"]?.intValue == 24)
        #expect(receipts["last30_days"]?["lines"]?.intValue == 1)
        #expect(receipts["last30_days"]?["references"]?.intValue == 1)
        #expect(receipts["last30_days"]?["units"]?.intValue == 7)
        #expect(receipts["newest"]?["reference"] == "PO-NEW")
        #expect(receipts["newest"]?["received_at"]?.stringValue != nil)
        #expect(text.contains("7 units in 1 line (1 reference)"), "\(text)")
        #expect(text.contains("24 units in 3 lines (2 references)"), "\(text)")
        #expect(text.contains("PO-NEW"), "\(text)")
    }

    @Test("a receipt file raises on-hand and available, stores each line and raises the catalog revision")
    func receivesAFile() async throws {
        let workspace = try await prepare()
        let store = try SQLiteCatalogStore(path: workspace.db)
        let revision = try await store.catalogRevision()
        let file = workspace.write(
            "po-123.csv",
            """
            sku,location,quantity,received_at,reference
            MUG-WHT,main,12,2025-03-02,PO-123
            TEE-M,main,5,2025-03-02T09:30:00Z,PO-123
            MUG-WHT,main,3,2025-03-03,PO-124

            """)
        let result = try await receive([file, "--json"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        #expect(json["lines"]?.intValue == 3)
        #expect(json["units"]?.intValue == 20)
        #expect(json["skus"]?.intValue == 2)
        #expect(json["references"]?.arrayValue?.compactMap(\.stringValue) == ["PO-123", "PO-124"])
        #expect(json["catalog_revision"]?.intValue == Int(revision) + 1)
        #expect(try await onHand(workspace) == ["MUG-WHT": 24, "TEE-M": 9])
        #expect(try await store.catalogRevision() == revision + 1)
        let receipts = try await store.receipts(since: nil, until: nil)
        #expect(receipts.map(\.quantity) == [12, 5, 3])
        #expect(receipts.map(\.reference) == ["PO-123", "PO-123", "PO-124"])
        #expect(receipts[1].receivedAt == Date(timeIntervalSince1970: 1_740_907_800))  // 2025-03-02T09:30:00Z
        #expect(receipts[0].receivedAt == Date(timeIntervalSince1970: 1_740_873_600))  // 2025-03-02T00:00:00Z
        let march2 = try await store.receipts(
            since: Date(timeIntervalSince1970: 1_740_873_600), until: Date(timeIntervalSince1970: 1_740_960_000))
        #expect(march2.count == 2)
    }

    @Test("every bad row is named with its line, column and SKU; nothing is written; exit 1")
    func badRowsWriteNothing() async throws {
        let workspace = try await prepare()
        let store = try SQLiteCatalogStore(path: workspace.db)
        let revision = try await store.catalogRevision()
        let file = workspace.write(
            "receipts.csv",
            """
            sku,location,quantity,received_at,reference
            MUG-WHT,main,12,2025-03-02,PO-9
            NOPE,main,1,,PO-9
            TEE-M,berlin,2,,PO-9
            TEE-M,main,0,,PO-9
            TEE-M,main,-4,,PO-9
            TEE-M,main,2.5,,PO-9
            TEE-M,main,2,2025-02-30,PO-9
            TEE-M,main,2,2999-01-01,PO-9
            tee-m,main,1,,PO-9

            """)
        let result = try await receive([file], in: workspace)
        #expect(result.status == 1)
        let expected = [
            "receipts.csv:3: column \"sku\": NOPE is not in the catalog",
            "receipts.csv:4: column \"location\": \"berlin\" is not a catalog location; use one of main (SKU TEE-M)",
            "receipts.csv:5: column \"quantity\": 0 is not a positive quantity",
            "receipts.csv:6: column \"quantity\": -4 is not a positive quantity",
            "receipts.csv:7: column \"quantity\": \"2.5\" is not a whole number",
            "receipts.csv:8: column \"received_at\": \"2025-02-30\" is not a date",
            "receipts.csv:9: column \"received_at\": 2999-01-01 is in the future",
            "receipts.csv:10: column \"sku\": tee-m is not in the catalog; did you mean TEE-M?",
        ]
        for fragment in expected { #expect(result.stderr.contains(fragment), "\(fragment)\n\(result.stderr)") }
        #expect(result.stderr.contains("8 errors; nothing was written"))
        #expect(!result.stderr.contains(":2: "))
        #expect(try await onHand(workspace) == ["MUG-WHT": 9, "TEE-M": 4])
        #expect(try await store.catalogRevision() == revision)
        #expect(try await store.receipts(since: nil, until: nil).isEmpty)

        let header = workspace.write("header.csv", "sku,location,qty,recieved_at\nMUG-WHT,main,1,\n")
        let headerResult = try await receive([header], in: workspace)
        #expect(headerResult.status == 1)
        #expect(headerResult.stderr.contains("header.csv:1: column \"qty\": is not a receipt column"), "\(headerResult.stderr)")
        #expect(headerResult.stderr.contains("header.csv:1: column \"recieved_at\": is not a receipt column"))
        #expect(headerResult.stderr.contains("header.csv:1: column \"quantity\": the header has no quantity column"))
    }

    @Test("receiving the same file twice counts it once: the second run names the reference, writes nothing and exits 3")
    func rerunIsRefusedByReference() async throws {
        let workspace = try await prepare()
        let file = workspace.write(
            "po-123.csv", "sku,location,quantity,received_at,reference\nMUG-WHT,main,12,2025-03-02,PO-123\nTEE-M,main,5,2025-03-02,PO-123\n"
        )
        let first = try await receive([file], in: workspace)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.contains("Received 17 units of 2 SKUs in 2 lines"))
        let store = try SQLiteCatalogStore(path: workspace.db)
        let revision = try await store.catalogRevision()

        let second = try await receive([file], in: workspace)
        #expect(second.status == 3)
        #expect(second.stderr.contains("PO-123 was received on 2025-03-02 (17 units in 2 lines"), "\(second.stderr)")
        #expect(second.stderr.contains("nothing written for it (lines 2, 3)"))
        #expect(try await onHand(workspace) == ["MUG-WHT": 21, "TEE-M": 9])
        #expect(try await store.catalogRevision() == revision)

        // A file with the old PO and a new one: the new one is received, the old one refused.
        let mixed = workspace.write("mixed.csv", "sku,location,quantity,reference\nMUG-WHT,main,12,PO-123\nTEE-M,main,1,PO-200\n")
        let third = try await receive([mixed, "--json"], in: workspace)
        #expect(third.status == 3)
        let json = try JSONValue.parse(third.stdout)
        #expect(json["references"]?.arrayValue?.compactMap(\.stringValue) == ["PO-200"])
        #expect(json["already_received"]?[0]?["reference"]?.stringValue == "PO-123")
        #expect(try await onHand(workspace) == ["MUG-WHT": 21, "TEE-M": 10])
        #expect(try await store.receipts(since: nil, until: nil).count == 3)
    }

    @Test("--dry-run checks and reports, and writes nothing")
    func dryRun() async throws {
        let workspace = try await prepare()
        let file = workspace.write("po.csv", "sku,location,quantity,reference\nMUG-WHT,main,12,PO-1\n")
        let result = try await receive([file, "--dry-run"], in: workspace)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("would receive 12 units of 1 SKUs in 1 lines"))
        #expect(try await onHand(workspace) == ["MUG-WHT": 9, "TEE-M": 4])
        let again = try await receive([file], in: workspace)
        #expect(again.status == 0, "a dry run must not mark the reference received: \(again.stderr)")
    }

    @Test func helpExplainsTheFileAndTheExitStatus() async throws {
        let help = try await concord.run(["catalog", "receive", "--help"], directory: FileManager.default.currentDirectoryPath)
        #expect(help.status == 0)
        #expect(help.stdout.contains("sku,location,quantity"))
        #expect(help.stdout.contains("Exit status"))
        #expect(help.stdout.contains("--dry-run"))
    }
}
