import Foundation
import JSONValue
import SimulatorCore
import Testing

@testable import MagentoSimulator

@Suite("Magento MSI: sources, source items, salable quantity, legacy stock items")
struct InventoryTests {
    @Test("locations are sources; source items are on hand per SKU and source")
    func readSourceItems() async throws {
        try await withMagentoStore(products: 10) { store in
            let state = store.shop.snapshot
            let sources = try await store.get("inventory/sources?searchCriteria[pageSize]=100")
            #expect(sources["items"]?.arrayValue?.compactMap { $0["source_code"]?.stringValue } == state.locations.map(\.code))
            let entity = try #require(MagentoCatalog(state).entities.first { $0.variant != nil })
            let json = try await store.get("inventory/source-items?" + criteria(filter(group: 0, "sku", entity.sku, "eq")))
            let items = try #require(json["items"]?.arrayValue)
            #expect(items.count == state.locations.count)
            for (item, location) in zip(items, state.locations) {
                #expect(item["source_code"] == .string(location.code))
                #expect(item["quantity"]?.intValue == entity.variant!.onHand(at: location.id))
            }
            let berlin = try await store.get(
                "inventory/source-items?"
                    + criteria(
                        filter(group: 0, "sku", entity.sku, "eq") + filter(group: 1, "source_code", "berlin", "eq")))
            #expect(berlin["total_count"] == 1)
        }
    }

    @Test("POST source-items sets many quantities at once; an unknown SKU or source fails the whole batch")
    func writeSourceItems() async throws {
        try await withMagentoStore(products: 10) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let items = catalog.entities.filter { $0.variant != nil }
            let (a, b) = (items[0], items[1])
            let ok = try await store.send(
                .post, "inventory/source-items",
                json: [
                    "sourceItems": [
                        ["sku": .string(a.sku), "source_code": "main", "quantity": 40, "status": 1],
                        ["sku": .string(b.sku), "source_code": "lyon", "quantity": 0, "status": 0],
                    ]
                ])
            #expect(ok.status == 200)
            #expect(ok.json == [])
            let state = store.shop.snapshot
            let main = try #require(state.location(code: "main"))
            let lyon = try #require(state.location(code: "lyon"))
            #expect(state.variant(id: a.variant!.id)?.variant.onHand(at: main.id) == 40)
            #expect(state.variant(id: b.variant!.id)?.variant.onHand(at: lyon.id) == 0)

            let unknownSource = try await store.send(
                .post, "inventory/source-items",
                json: [
                    "sourceItems": [
                        ["sku": .string(a.sku), "source_code": "main", "quantity": 1, "status": 1],
                        ["sku": .string(a.sku), "source_code": "nowhere", "quantity": 1, "status": 1],
                    ]
                ])
            #expect(unknownSource.status == 400)
            #expect(unknownSource.json == ["message": "Could not save Source Item"])
            #expect(store.shop.snapshot.variant(id: a.variant!.id)?.variant.onHand(at: main.id) == 40)

            let unknownSKU = try await store.send(
                .post, "inventory/source-items",
                json: [
                    "sourceItems": [
                        ["sku": "GHOST", "source_code": "main", "quantity": 1, "status": 1]
                    ]
                ])
            #expect(unknownSKU.status == 400)
            #expect(unknownSKU.json["message"] == "Validation Failed: Product with requested \"sku\": \"GHOST\" was was not found.")
            #expect(unknownSKU.json["errors"]?[0]?["parameters"] == ["field": "sku", "value": "GHOST"])
        }
    }

    @Test("salable quantity is on hand minus reservations across sources; parents and unknown SKUs are refused")
    func salableQuantity() async throws {
        try await withMagentoStore(products: 10) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let entity = try #require(catalog.entities.first { $0.variant != nil })
            store.shop.mutate { state in
                let first = state.locations[0].id
                state.updateVariant(id: entity.variant!.id) { _, variant in variant.committed[first] = 3 }
            }
            let expected = entity.variant!.totalAvailable
            let reply = try await store.get("inventory/get-product-salable-quantity/\(entity.sku)/1")
            #expect(reply.intValue == expected)
            let items = try await store.get("inventory/source-items?" + criteria(filter(group: 0, "sku", entity.sku, "eq")))
            let onHand = items["items"]?.arrayValue?.compactMap { $0["quantity"]?.intValue }.reduce(0, +)
            #expect(onHand == expected + 3)
            let parent = try #require(catalog.entities.first { $0.kind == .configurable })
            let refused = try await store.send(.get, "inventory/get-product-salable-quantity/\(parent.sku)/1")
            #expect(refused.status == 400)
            #expect(refused.json["message"] == "Can't check requested quantity for products without Source Items support.")
            let unknown = try await store.send(.get, "inventory/get-product-salable-quantity/GHOST/1")
            #expect(unknown.status == 400)
            #expect(unknown.json["parameters"] == ["skus": "GHOST"])
            let legacy = try await store.get("stockItems/" + entity.sku)
            #expect(legacy["item_id"]?.int64Value == entity.id)
        }
    }
}
