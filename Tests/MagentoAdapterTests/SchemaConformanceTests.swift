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
            let admin = makeAdapter(AuthAndErrorTests.adminEndpoint(store), client)
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
}
