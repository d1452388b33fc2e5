import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Every request the Magento adapter sends is in the 2.4.9 admin schema")
struct SchemaConformanceTests {
    @Test("the schema reader finds the operations the adapter uses")
    func readsSchema() {
        let schema = SwaggerPaths.magento
        #expect(schema.operations.count > 500)
        #expect(
            schema.operations.contains {
                $0.template == "/V1/products/{sku}" && $0.method == "PUT" && $0.bodyProperties == ["product", "saveOptions"]
            })
        #expect(
            schema.definitions["inventory-api-data-source-item-interface"] == [
                "sku", "source_code", "quantity", "status", "extension_attributes",
            ])
        #expect(schema.mismatch(method: "POST", path: "/rest/default/V1/products/base-prices", body: ["price": 1]) != nil)
        #expect(schema.mismatch(method: "DELETE", path: "/rest/default/V1/orders", body: .null) != nil)
    }

    @Test("reads, orders, writes of every kind, admin sign-in and legacy stock: path, method and body keys match")
    func everyRequestMatches() async throws {
        var log: [RequestLogEntry] = []
        let catalog = mixedCatalog()
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            _ = try await adapter.checkConnection()
            placeOrder(in: store, sku: "CAP", quantity: 1, location: "hamburg")
            let snapshot = try await adapter.fetchCatalog(since: nil)
            _ = try await adapter.fetchCatalog(since: snapshot.nextCursor)
            _ = try await adapter.fetchOrders(since: nil)
            func listing(_ sku: String) throws -> Listing { try #require(snapshot.listings.first { $0.rawSKU == sku }) }
            let outcomes = try await adapter.apply(
                [
                    change("1", try listing("SHIRT-S"), .stock(location: "berlin"), expected: .quantity(5), new: .quantity(6)),
                    change("2", try listing("SHIRT-S"), .price, expected: .money(money("19.90")), new: .money(money("18.00"))),
                    change("3", try listing("SHIRT-M"), .compareAtPrice, expected: FieldValue.none, new: .money(money("25.00"))),
                    change("4", try listing("MUG"), .compareAtPrice, expected: .money(money("10.00")), new: FieldValue.none),
                    change("5", try listing("SHIRT-L"), .title, expected: .text("Shirt"), new: .text("Tee")),
                    change("6", try listing("CAP"), .status, expected: .status(.active), new: .status(.archived)),
                    change("7", try listing("CAP"), .barcode, expected: FieldValue.none, new: .text("123")),
                ], context: ApplyContext(runID: 1))
            #expect(outcomes.allSatisfy { $0.status == .applied }, "\(outcomes)")
            let admin = makeAdapter(store.magentoAdminEndpoint(), client)
            _ = try await admin.fetchOrders(since: nil)
            log += store.server.log
        }
        let legacy = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: [catalog.locations[0]]),
            api: HookedMagento(withoutMSI: true))
        try await withSimulatedStore(legacy) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let mug = try #require(try await adapter.fetchCatalog(since: nil).listings.first { $0.rawSKU == "MUG" })
            _ = try await adapter.apply(
                [change("m", mug, .stock(location: "default"), expected: .quantity(12), new: .quantity(4))], context: ApplyContext(runID: 2)
            )
            log += store.server.log.filter { !$0.path.contains("/V1/inventory/") }  // the 404s that detect no MSI
        }

        let schema = SwaggerPaths.magento
        var seen: Set<String> = []
        for entry in log {
            #expect(schema.mismatch(method: entry.method, path: entry.path, body: entry.body) == nil, "\(entry.method) \(entry.path)")
            // One level deeper for the write bodies: their items are the schema's data interfaces.
            let nested: [(String, String)] = [
                ("product", "catalog-data-product-interface"), ("sourceItems", "inventory-api-data-source-item-interface"),
                ("stockItem", "catalog-inventory-data-stock-item-interface"),
            ]
            for (key, definition) in nested {
                guard let value = entry.body[key] else { continue }
                let objects = value.arrayValue ?? [value]
                for object in objects {
                    let keys = Set(object.objectValue?.keys ?? [])
                    let allowed = schema.definitions[definition] ?? []
                    #expect(keys.isSubset(of: allowed), "\(key) keys \(keys.sorted())")
                }
            }
            if entry.path.hasSuffix("base-prices") {
                let allowed = schema.definitions["catalog-data-base-price-interface"] ?? []
                for row in entry.body["prices"]?.arrayValue ?? [] {
                    let keys = Set(row.objectValue?.keys ?? [])
                    #expect(keys.isSubset(of: allowed))
                }
            }
            if entry.path.hasSuffix("special-price") {
                let wanted = (schema.definitions["catalog-data-special-price-interface"] ?? []).subtracting(["extension_attributes"])
                for row in entry.body["prices"]?.arrayValue ?? [] {
                    let keys = Set(row.objectValue?.keys ?? [])
                    #expect(keys == wanted)
                }
            }
            seen.insert(entry.method + " " + SwaggerPaths.apiPath(entry.path).split(separator: "/").prefix(3).joined(separator: "/"))
        }
        print("Magento requests checked against the schema: \(log.count), kinds: \(seen.sorted())")
        for kind in [
            "POST V1/inventory/source-items", "POST V1/products/base-prices", "POST V1/products/special-price", "PUT V1/products",
            "GET V1/orders", "POST V1/integration/admin",
        ] {
            #expect(seen.contains { $0.hasPrefix(kind) }, "\(kind) not exercised")
        }
    }

    @Test("the schema reader checks bulk items against the synchronous route and answers against definitions")
    func readsBulkSchema() {
        let schema = SwaggerPaths.magento
        let path = "/rest/all/async/bulk/V1/products/bySku"
        #expect(schema.mismatch(method: "PUT", path: path, body: [["product": ["sku": "A"]]]) == nil)
        #expect(schema.mismatch(method: "PUT", path: path, body: [["product": ["sku": "A"]], ["sku": "B"]]) != nil)
        #expect(schema.mismatch(method: "PUT", path: path, body: ["product": ["sku": "A"]]) != nil)  // not an array
        #expect(schema.mismatch(method: "PUT", path: "/rest/all/async/bulk/V1/products/A", body: [["product": ["sku": "A"]]]) != nil)
        let status = "asynchronous-operations-data-bulk-operations-status-interface"
        #expect(schema.required[status]?.contains("operations_list") == true)
        #expect(schema.references[status]?["operations_list"] == "asynchronous-operations-data-summary-operation-status-interface")
        let answer: JSONValue = [
            "operations_list": [["id": 0, "status": 1, "result_message": "ok", "error_code": .null]], "user_type": 2, "bulk_id": "u",
            "description": "d", "start_time": "2025-01-01 00:00:00", "user_id": 1, "operation_count": 1,
        ]
        #expect(schema.mismatch(answer, definition: status) == nil)
        var withoutID = answer.objectValue ?? [:]
        withoutID["bulk_id"] = nil
        #expect(schema.mismatch(.object(withoutID), definition: status) != nil)
        let badOperation: JSONValue = [
            "operations_list": [["id": 0, "status": 1, "result_message": "ok", "sku": "A"]], "user_type": 2, "bulk_id": "u",
            "description": "d", "start_time": "2025-01-01 00:00:00", "user_id": 1, "operation_count": 1,
        ]
        #expect(schema.mismatch(badOperation, definition: status) != nil)
    }

    /// The async bulk writer's requests: each array item of `PUT /rest/all/async/bulk/V1/products/bySku`
    /// is a `PUT /V1/products/{sku}` body (`product`, `saveOptions`) whose `product` keys are
    /// `catalog-data-product-interface` properties; the status answers Concord reads
    /// (`GET /V1/bulk/{uuid}/status`, and `/detailed-status`, asked here again for the same
    /// bulks) match their response definitions in the 2.4.9 schema, operations included. (The
    /// answer to the bulk request itself, `{bulk_uuid, request_items, errors}`, is not in this
    /// file: Magento describes the async routes in a separate schema, `/rest/all/async/schema`.)
    @Test("async bulk: every item is a PUT /V1/products/{sku} body, and the status answers match the schema")
    func asyncBulkMatches() async throws {
        let schema = SwaggerPaths.magento
        let catalog = mixedCatalog()
        let spec = StoreSpec(
            platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations),
            api: MagentoPlatform(options: .init(asyncBulk: .init(consumer: .afterPolls(2)))))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let options = MagentoAdapterOptions(
                requestsPerSecond: 10_000, asyncBulk: true, asyncBatchSize: 3, asyncPollAttempts: 12, asyncPollBaseDelay: .zero)
            let adapter = makeAdapter(endpoint, client, options: options)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            store.server.clearLog()
            func listing(_ sku: String) throws -> Listing { try #require(snapshot.listings.first { $0.rawSKU == sku }) }
            let outcomes = try await adapter.apply(
                [
                    change("t", try listing("SHIRT-S"), .title, expected: .text("Shirt"), new: .text("Tee")),
                    change("d", try listing("CAP"), .description, expected: FieldValue.none, new: .text("<p>Warm.</p>")),
                    change("b", try listing("SHIRT-L"), .barcode, expected: FieldValue.none, new: .text("4006381333931")),
                    change("s", try listing("MUG"), .status, expected: .status(.active), new: .status(.archived)),
                ], context: ApplyContext(runID: 1))
            #expect(outcomes.allSatisfy { $0.status == .applied }, "\(outcomes)")

            let log = store.server.log
            let bulks = log.filter { $0.path.contains("/async/bulk/V1/") }
            #expect(bulks.count == 2)
            var items = 0
            for entry in bulks {
                #expect(schema.mismatch(method: entry.method, path: entry.path, body: entry.body) == nil, "\(entry.method) \(entry.path)")
                for item in entry.body.arrayValue ?? [] {
                    items += 1
                    let keys = Set(item["product"]?.objectValue?.keys ?? [])
                    #expect(
                        !keys.isEmpty && keys.isSubset(of: schema.definitions["catalog-data-product-interface"] ?? []), "\(keys.sorted())")
                    let attributes = Set((item["product"]?["custom_attributes"]?.arrayValue ?? []).flatMap { $0.objectValue?.keys ?? [] })
                    #expect(attributes.isSubset(of: schema.definitions["framework-attribute-interface"] ?? []), "\(attributes.sorted())")
                }
            }
            #expect(items == 4)

            // The status routes the writer polled, and the detailed status of the same bulks.
            let polled = Set(log.filter { $0.method == "GET" && $0.path.contains("/V1/bulk/") }.map(\.path))
            #expect(polled.count == 2, "\(polled.sorted())")
            for path in polled {
                #expect(schema.mismatch(method: "GET", path: path, body: .null) == nil, "\(path)")
                let base = String(path.dropLast("/status".count))
                for (suffix, definition) in [
                    ("/status", "asynchronous-operations-data-bulk-operations-status-interface"),
                    ("/detailed-status", "asynchronous-operations-data-detailed-bulk-operations-status-interface"),
                ] {
                    #expect(schema.mismatch(method: "GET", path: base + suffix, body: .null) == nil, "\(base + suffix)")
                    let response = try await client.send(
                        HTTPRequest(
                            url: endpoint.baseURL + base + suffix,
                            headers: ["Authorization": "Bearer \(try #require(endpoint.token).reveal())", "Accept": "application/json"]))
                    #expect(response.status == 200)
                    let answer = try JSONValue.parse(response.body)
                    #expect((answer["operations_list"]?.arrayValue?.count ?? 0) > 0)
                    #expect(
                        schema.mismatch(answer, definition: definition) == nil,
                        "\(suffix): \(schema.mismatch(answer, definition: definition) ?? "")")
                }
            }
        }
    }
}
