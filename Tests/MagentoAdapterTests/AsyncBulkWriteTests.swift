import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento product-field writes through the asynchronous bulk API")
struct AsyncBulkWriteTests {
    /// Adapter options with async bulk on, no wait between status requests (the simulator's
    /// consumer is driven by the polls themselves), and `attempts` polls at most.
    static func asyncOptions(batchSize: Int = 200, attempts: Int = 12) -> MagentoAdapterOptions {
        MagentoAdapterOptions(
            requestsPerSecond: 10_000, asyncBulk: true, asyncBatchSize: batchSize, asyncPollAttempts: attempts, asyncPollBaseDelay: .zero)
    }

    static func spec(_ platform: MagentoPlatform) -> StoreSpec {
        let catalog = mixedCatalog()
        return StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations), api: platform)
    }

    /// Title of the shirt (its parent), description of the cap, barcode of SHIRT-L, the mug
    /// archived: four products to save.
    static func fieldChanges(_ snapshot: StoreSnapshot) throws -> [Change] {
        func listing(_ sku: String) throws -> Listing { try #require(snapshot.listings.first { $0.rawSKU == sku }) }
        return [
            change("t1", try listing("SHIRT-S"), .title, expected: .text("Shirt"), new: .text("Linen Shirt")),
            change("d1", try listing("CAP"), .description, expected: FieldValue.none, new: .text("<p>Warm.</p>")),
            change("b1", try listing("SHIRT-L"), .barcode, expected: FieldValue.none, new: .text("4006381333931")),
            change("s1", try listing("MUG"), .status, expected: .status(.active), new: .status(.archived)),
        ]
    }

    static func bulkRequests(_ store: SimulatedStore) -> [RequestLogEntry] {
        store.server.log.filter { $0.path.contains("/async/bulk/V1/") }
    }

    static func statusPolls(_ store: SimulatedStore) -> [RequestLogEntry] {
        store.server.log.filter { $0.method == "GET" && $0.path.contains("/V1/bulk/") && $0.path.hasSuffix("/status") }
    }

    @Test("four products in batches of 3: two bulk requests, two status polls each, values saved and read back")
    func happyPath() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .afterPolls(2))))
        try await withSimulatedStore(Self.spec(platform)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: Self.asyncOptions(batchSize: 3))
            let snapshot = try await adapter.fetchCatalog(since: nil)
            store.server.clearLog()
            let outcomes = try await adapter.apply(try Self.fieldChanges(snapshot), context: ApplyContext(runID: 1))
            for outcome in outcomes { #expect(outcome.status == .applied, "\(outcome)") }
            #expect(outcomes.first { $0.changeID == "t1" }?.observed == .text("Linen Shirt"))

            #expect(store.product(sku: "SHIRT-M").title == "Linen Shirt")
            #expect(store.product(sku: "CAP").descriptionHTML == "<p>Warm.</p>")
            #expect(store.variant(sku: "SHIRT-L").barcode == "4006381333931")
            #expect(store.product(sku: "MUG").status == .archived)

            // One bulk request per batch (3 + 1 products), to the global scope, PUT bySku.
            let bulks = Self.bulkRequests(store)
            #expect(bulks.map(\.method) == ["PUT", "PUT"])
            #expect(bulks.allSatisfy { $0.path == "/rest/all/async/bulk/V1/products/bySku" && $0.status == 202 })
            #expect(bulks.map { $0.body.arrayValue?.count ?? 0 }.sorted() == [1, 3])  // sent concurrently: either may log first
            #expect(bulks.flatMap { $0.body.arrayValue ?? [] }.allSatisfy { $0["product"]?["sku"]?.stringValue != nil })
            // Two status polls per bulk: the consumer runs at the second.
            #expect(Self.statusPolls(store).count == 4)
            // No synchronous product save at all.
            let requests = MagentoRequests(store)
            #expect(!requests.byEndpoint.keys.contains { $0.hasPrefix("PUT products/") && !$0.hasSuffix("bySku") }, "\(requests)")
            // Re-read before (1 products page) + read-back after (1 products page).
            #expect(requests.productPages == 2, "\(requests)")
            #expect(requests.total == 2 + 4 + 2, "\(requests)")
            print("Magento async bulk apply of 4 product saves in batches of 3: \(requests)")
        }
    }

    @Test("an operation the consumer fails is rejected with Magento's message, placeholders filled; the others are applied")
    func operationFailure() async throws {
        let failure = MagentoPlatform.AsyncBulkOptions.Failure(
            status: 3, message: "The \"%1\" attribute value is locked by %2.", parameters: ["description", "the PIM"])
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .afterPolls(1), failures: ["CAP": failure])))
        try await withSimulatedStore(Self.spec(platform)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: Self.asyncOptions())
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let outcomes = try await adapter.apply(try Self.fieldChanges(snapshot), context: ApplyContext(runID: 1))
            let byID = Dictionary(uniqueKeysWithValues: outcomes.map { ($0.changeID, $0) })
            #expect(byID["d1"]?.status == .rejected)
            #expect(byID["d1"]?.message?.contains("The \"description\" attribute value is locked by the PIM.") == true, "\(byID["d1"]!)")
            #expect(byID["d1"]?.message?.contains("%") == false)
            for id in ["t1", "b1", "s1"] { #expect(byID[id]?.status == .applied, "\(byID[id]!)") }
            #expect(store.product(sku: "CAP").descriptionHTML != "<p>Warm.</p>")
            #expect(store.product(sku: "SHIRT-M").title == "Linen Shirt")
            #expect(Self.bulkRequests(store).count == 1 && Self.statusPolls(store).count == 1)
        }
    }

    @Test("operations still open when the polls run out are unknown; the store applies them when its consumer runs later")
    func openAtDeadline() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .manual)))
        try await withSimulatedStore(Self.spec(platform)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: Self.asyncOptions(attempts: 3))
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let outcomes = try await adapter.apply(try Self.fieldChanges(snapshot), context: ApplyContext(runID: 1))
            #expect(outcomes.map(\.status) == [.unknown, .unknown, .unknown, .unknown])
            #expect(
                outcomes.allSatisfy { $0.message?.contains("async.operations.all") == true && $0.message?.contains("--resume") == true })
            #expect(Self.statusPolls(store).count == 3)
            #expect(store.product(sku: "SHIRT-M").title == "Shirt")
            #expect(store.runQueueConsumer() == 4)
            #expect(store.product(sku: "SHIRT-M").title == "Linen Shirt")
        }
    }

    @Test("a 503 on the bulk request leaves its changes unknown: not polled, not sent again")
    func bulkRequestFails() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .afterPolls(1))))
        try await withSimulatedStore(Self.spec(platform)) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client, options: Self.asyncOptions())
            let snapshot = try await adapter.fetchCatalog(since: nil)
            store.server.setFaults([FaultRule(kind: .status(503), pathContains: "/async/bulk/", method: "PUT", times: 1)])
            let outcomes = try await adapter.apply(try Self.fieldChanges(snapshot), context: ApplyContext(runID: 1))
            // A 503 on the bulk request: it may or may not have been queued, so unknown, never resent.
            #expect(outcomes.allSatisfy { $0.status == .unknown }, "\(outcomes)")
            #expect(Self.bulkRequests(store).count == 1 && Self.statusPolls(store).isEmpty)
        }
    }

    @Test("off by default: product fields go one PUT /V1/products/{sku} each and nothing touches the async API")
    func offByDefault() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .afterPolls(1))))
        try await withSimulatedStore(Self.spec(platform)) { store, endpoint, client in
            #expect(MagentoAdapterOptions().asyncBulk == false)
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let outcomes = try await adapter.apply(try Self.fieldChanges(snapshot), context: ApplyContext(runID: 1))
            #expect(outcomes.allSatisfy { $0.status == .applied })
            #expect(Self.bulkRequests(store).isEmpty && Self.statusPolls(store).isEmpty)
            #expect(store.server.log.filter { $0.method == "PUT" && $0.path.contains("/V1/products/") }.count == 4)
        }
    }
}
