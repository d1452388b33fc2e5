import CatalogModel
import Foundation
import JSONValue
import SimulatorCore
import Testing

@testable import MagentoSimulator

@Suite("Magento asynchronous bulk API: accept, queue, consume, status")
struct AsyncBulkTests {
    /// Three simple products with no sale price, by SKU.
    static func simples(_ store: MagentoTestStore) throws -> [MagentoCatalog.Entity] {
        let entities = MagentoCatalog(store.shop.snapshot).entities.filter { $0.kind == .simple && $0.variant?.compareAtPrice == nil }
        try #require(entities.count >= 3)
        return Array(entities.prefix(3))
    }

    static func title(_ store: MagentoTestStore, _ sku: String) -> String? {
        store.shop.read { $0.variants(sku: sku).first?.product.title }
    }

    @Test("PUT bySku queues one operation per body; the consumer runs at the configured poll; failures carry their message")
    func acceptPollComplete() async throws {
        let options = MagentoPlatform.Options(
            asyncBulk: .init(
                consumer: .afterPolls(2),
                failures: ["FAIL-ME": .init(status: 3, message: "The \"%1\" value is locked by %2.", parameters: ["name", "PIM"])]))
        try await withMagentoStore(products: 20, options: options) { store in
            let entities = try Self.simples(store)
            let (first, second) = (entities[0].sku, entities[1].sku)
            // The injected failure is keyed by SKU: give the third product that SKU.
            let third = entities[2]
            store.shop.mutate { state in _ = state.updateVariant(id: third.variant!.id) { _, variant in variant.sku = "FAIL-ME" } }
            let body: JSONValue = [
                ["product": ["sku": .string(first), "name": "Bulk One"]],
                ["product": ["sku": .string(second), "name": "Bulk Two", "price": -1]],
                ["product": ["sku": "FAIL-ME", "name": "Never"]],
            ]
            let accepted = try await store.send(.put, "/rest/all/async/bulk/V1/products/bySku", json: body)
            #expect(accepted.status == 202)
            let uuid = try #require(accepted.json["bulk_uuid"]?.stringValue)
            #expect(accepted.json["errors"] == false)
            #expect(
                accepted.json["request_items"]
                    == [
                        ["id": 0, "data_hash": nil, "status": "accepted"], ["id": 1, "data_hash": nil, "status": "accepted"],
                        ["id": 2, "data_hash": nil, "status": "accepted"],
                    ])
            // Queued, not run: nothing changed yet.
            #expect(Self.title(store, first) != "Bulk One")

            let open = try await store.get("bulk/\(uuid)/status")
            #expect(open["operations_list"]?.arrayValue?.map { $0["status"]?.intValue } == [4, 4, 4])
            #expect(open["operation_count"] == 3 && open["bulk_id"] == .string(uuid))
            #expect(open["description"] == "Topic async.magento.catalog.api.productrepositoryinterface.save.put")
            #expect(Self.title(store, first) != "Bulk One")

            let done = try await store.get("bulk/\(uuid)/status")
            let operations = try #require(done["operations_list"]?.arrayValue)
            #expect(operations.map { $0["status"]?.intValue } == [1, 3, 3])
            #expect(
                operations[0]["result_message"] == "Service execution success Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save"
            )
            #expect(operations[1]["result_message"] == "Invalid attribute price = -1.")
            #expect(operations[2]["result_message"] == "The \"name\" value is locked by PIM.")
            #expect(Self.title(store, first) == "Bulk One")
            #expect(Self.title(store, "FAIL-ME") != "Never")

            let detailed = try await store.get("bulk/\(uuid)/detailed-status")
            let full = try #require(detailed["operations_list"]?.arrayValue)
            #expect(
                full.map { $0["topic_name"]?.stringValue }
                    == Array(repeating: "async.magento.catalog.api.productrepositoryinterface.save.put", count: 3))
            let saved = try JSONValue.parse(try #require(full[0]["result_serialized_data"]?.stringValue))
            #expect(saved["name"] == "Bulk One" && saved["sku"] == .string(first))
            #expect(full[0]["serialized_data"] == .null && full[2]["serialized_data"]?.stringValue != nil)
            #expect(try await store.get("bulk/\(uuid)/operation-status/3") == 2)
        }
    }

    @Test("with the consumer down nothing runs however often the status is asked; running it processes the queue once")
    func manualConsumer() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .manual)))
        try await withMagentoStore(products: 20, platform: platform) { store in
            let sku = try Self.simples(store)[0].sku
            let accepted = try await store.send(
                .put, "/rest/default/async/bulk/V1/products/bySku", json: [["product": ["sku": .string(sku), "name": "Later"]]])
            let uuid = try #require(accepted.json["bulk_uuid"]?.stringValue)
            for _ in 0..<5 {
                #expect(try await store.get("bulk/\(uuid)/status")["operations_list"]?[0]?["status"] == 4)
            }
            #expect(Self.title(store, sku) != "Later")
            #expect(platform.runQueueConsumer(shop: store.shop) == 1)
            #expect(platform.runQueueConsumer(shop: store.shop) == 0)
            #expect(Self.title(store, sku) == "Later")
            #expect(try await store.get("bulk/\(uuid)/status")["operations_list"]?[0]?["status"] == 1)
        }
    }

    @Test("POST async/bulk/V1/products creates a new product; afterPolls(0) runs it on acceptance")
    func bulkCreate() async throws {
        try await withMagentoStore(options: .init(asyncBulk: .init(consumer: .afterPolls(0)))) { store in
            let accepted = try await store.send(
                .post, "/rest/async/bulk/V1/products",
                json: [["product": ["sku": "BULK-NEW", "name": "Made in bulk", "price": .decimal(Decimal(string: "12.5")!)]]])
            #expect(accepted.status == 202)
            #expect(Self.title(store, "BULK-NEW") == "Made in bulk")
            let uuid = try #require(accepted.json["bulk_uuid"]?.stringValue)
            #expect(
                try await store.get("bulk/\(uuid)/status")["description"]
                    == "Topic async.magento.catalog.api.productrepositoryinterface.save.post")
        }
    }

    @Test("bad requests are refused whole and queue nothing; unknown bulks, routes and tokens answer as Magento does")
    func refusals() async throws {
        let platform = MagentoPlatform(options: .init(asyncBulk: .init(consumer: .manual)))
        try await withMagentoStore(platform: platform) { store in
            let notArray = try await store.send(.put, "/rest/all/async/bulk/V1/products/bySku", json: ["product": ["sku": "X"]])
            #expect(notArray.status == 400)
            let missing = try await store.send(
                .put, "/rest/all/async/bulk/V1/products/bySku", json: [["product": ["sku": "A", "name": "A"]], ["sku": "B"]])
            #expect(missing.status == 400)
            #expect(
                missing.json == ["message": "\"%fieldName\" is required. Enter and try again.", "parameters": ["fieldName": "product"]])
            #expect(platform.runQueueConsumer(shop: store.shop) == 0)

            let unknown = try await store.send(.get, "bulk/0000-none/status")
            #expect(unknown.status == 404)
            #expect(unknown.json == ["message": "Bulk uuid %bulkUuid not exist", "parameters": ["bulkUuid": "0000-none"]])
            #expect(try await store.send(.post, "/rest/async/bulk/V1/orders", json: [["entity": [:]]]).status == 404)
            let anonymous = try await store.send(
                .put, "/rest/all/async/bulk/V1/products/bySku", json: [["product": ["sku": "A"]]], token: .some(nil))
            #expect(anonymous.status == 401)
            #expect(anonymous.json["parameters"]?["resources"] == "Magento_Catalog::products")
        }
    }
}
