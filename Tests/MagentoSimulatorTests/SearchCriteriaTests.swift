import Foundation
import JSONValue
import SimulatorCore
import Testing

@testable import MagentoSimulator

@Suite("Magento searchCriteria over GET /V1/products")
struct SearchCriteriaTests {
    private func skus(_ json: JSONValue) -> [String] {
        json["items"]?.arrayValue?.compactMap { $0["sku"]?.stringValue } ?? []
    }

    @Test("filters in a group OR, groups AND, and search_criteria echoes the request")
    func groupsAndFilters() async throws {
        try await withMagentoStore(products: 40) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let prefixes = ["TSH", "MUG", "SNK", "HOD", "CND", "BPK", "SCF", "BTL", "NTB", "BNE"]
            let used = prefixes.filter { prefix in catalog.entities.contains { $0.sku.hasPrefix(prefix) } }
            let (a, b) = (try #require(used.first), try #require(used.dropFirst().first))
            let query = criteria(
                filter(group: 0, index: 0, "sku", a + "%", "like") + filter(group: 0, index: 1, "sku", b + "%", "like")
                    + filter(group: 1, "type_id", "simple", "eq"))
            let json = try await store.get("products?" + query)
            let expected = catalog.entities.filter { ($0.sku.hasPrefix(a) || $0.sku.hasPrefix(b)) && $0.kind != .configurable }.map(\.sku)
            #expect(skus(json) == expected)
            #expect(json["total_count"]?.intValue == expected.count)
            #expect(!expected.isEmpty)
            let groups = try #require(json["search_criteria"]?["filter_groups"]?.arrayValue)
            #expect(groups.count == 2)
            #expect(groups[0]["filters"]?[1] == ["field": "sku", "value": .string(b + "%"), "condition_type": "like"])
            #expect(json["search_criteria"]?["page_size"] == nil)
        }
    }

    @Test(
        "each condition type selects what MySQL would",
        arguments: ["eq", "neq", "gt", "gteq", "lt", "lteq", "in", "nin", "null", "notnull", "like", "moreq", "from", "to"])
    func conditions(_ condition: String) async throws {
        try await withMagentoStore(products: 15) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let ids = catalog.entities.map(\.id)
            let pivot = ids[ids.count / 2]
            let listed = [ids[1], ids[3], ids[5]]
            var field = "entity_id"
            var value = String(pivot)
            let expected: [Int64]
            switch condition {
            case "eq": expected = [pivot]
            case "neq": expected = ids.filter { $0 != pivot }
            case "gt": expected = ids.filter { $0 > pivot }
            case "gteq", "moreq", "from": expected = ids.filter { $0 >= pivot }
            case "lt": expected = ids.filter { $0 < pivot }
            case "lteq", "to": expected = ids.filter { $0 <= pivot }
            case "in":
                value = listed.map(String.init).joined(separator: ",")
                expected = listed
            case "nin":
                value = listed.map(String.init).joined(separator: ",")
                expected = ids.filter { !listed.contains($0) }
            case "null", "notnull":
                field = "special_price"
                let onSale = catalog.entities.filter { MagentoCatalog.specialPrice($0) != nil }.map(\.id)
                expected = condition == "null" ? ids.filter { !onSale.contains($0) } : onSale
            default:
                field = "sku"
                let sku = try #require(catalog.entities.first { $0.kind == .child }?.sku)
                value = "%" + sku.dropFirst(2).lowercased() + "%"
                expected = catalog.entities.filter { $0.sku.lowercased().contains(sku.dropFirst(2).lowercased()) }.map(\.id)
            }
            let json = try await store.get("products?" + criteria(filter(group: 0, field, value, condition)))
            let got = json["items"]?.arrayValue?.compactMap { $0["id"]?.int64Value } ?? []
            #expect(got == expected)
            #expect(json["total_count"]?.intValue == expected.count)
        }
    }

    @Test("eq on a SKU is case-insensitive, as MySQL compares")
    func caseInsensitiveEquality() async throws {
        try await withMagentoStore { store in
            let sku = try #require(MagentoCatalog(store.shop.snapshot).entities.first { $0.kind != .configurable }?.sku)
            let json = try await store.get("products?" + criteria(filter(group: 0, "sku", sku.lowercased(), "eq")))
            #expect(skus(json) == [sku])
        }
    }

    @Test("sortOrders sort by each field in turn; no direction means descending")
    func sorting() async throws {
        try await withMagentoStore(products: 20) { store in
            let asc = try await store.get(
                "products?"
                    + criteria([
                        ("searchCriteria[sortOrders][0][field]", "price"), ("searchCriteria[sortOrders][0][direction]", "asc"),
                        ("searchCriteria[sortOrders][1][field]", "entity_id"), ("searchCriteria[sortOrders][1][direction]", "DESC"),
                    ]))
            let rows = try #require(asc["items"]?.arrayValue).map { ($0["price"]!.decimalValue!, $0["id"]!.int64Value!) }
            #expect(rows.count > 10)
            for (lhs, rhs) in zip(rows, rows.dropFirst()) {
                #expect(lhs.0 < rhs.0 || (lhs.0 == rhs.0 && lhs.1 > rhs.1))
            }
            #expect(asc["search_criteria"]?["sort_orders"]?[0] == ["field": "price", "direction": "ASC"])
            let desc = try await store.get("products?" + criteria([("searchCriteria[sortOrders][0][field]", "entity_id")]))
            let ids = desc["items"]?.arrayValue?.compactMap { $0["id"]?.int64Value } ?? []
            #expect(ids == ids.sorted(by: >))
            #expect(desc["search_criteria"]?["sort_orders"]?[0] == ["field": "entity_id"])
        }
    }

    @Test("unknown attributes, bad directions, bad page sizes and a missing searchCriteria are Magento's 400s")
    func errors() async throws {
        try await withMagentoStore { store in
            let unknown = try await store.send(.get, "products?" + criteria(filter(group: 0, "kensium", "1", "eq")))
            #expect(unknown.status == 400)
            #expect(unknown.json == ["message": "Invalid attribute name: %1", "parameters": ["kensium"]])
            let direction = try await store.send(
                .get,
                "products?"
                    + criteria([
                        ("searchCriteria[sortOrders][0][field]", "sku"), ("searchCriteria[sortOrders][0][direction]", "up"),
                    ]))
            #expect(direction.status == 400)
            #expect(direction.json["parameters"] == ["ASC", "DESC"])
            let size = try await store.send(.get, "products?searchCriteria[pageSize]=ten")
            #expect(size.status == 400)
            #expect(size.json["parameters"]?["type"] == "int")
            let missing = try await store.send(.get, "products")
            #expect(missing.status == 400)
            #expect(
                missing.json == [
                    "message": "\"%fieldName\" is required. Enter and try again.", "parameters": ["fieldName": "searchCriteria"],
                ])
        }
    }

    @Test("unencoded brackets and camelCase names are read like encoded snake_case ones")
    func rawBracketsAndCamelCase() async throws {
        try await withMagentoStore { store in
            let sku = try #require(MagentoCatalog(store.shop.snapshot).entities.last?.sku)
            let json = try await store.get(
                "products?searchCriteria[filterGroups][0][filters][0][field]=sku&searchCriteria[filterGroups][0][filters][0][value]=\(sku)"
                    + "&searchCriteria[pageSize]=5&searchCriteria[currentPage]=1")
            #expect(skus(json) == [sku])
            #expect(json["search_criteria"]?["page_size"] == 5)
            #expect(json["search_criteria"]?["filter_groups"]?[0]?["filters"]?[0]?["condition_type"] == "eq")
        }
    }

    @Test("fields= trims items and nested objects")
    func fieldsFilter() async throws {
        try await withMagentoStore { store in
            let json = try await store.get(
                "products?searchCriteria[pageSize]=2&fields=items[sku,extension_attributes[stock_item[qty]]],total_count")
            #expect(json.objectValue?.keys == ["items", "total_count"])
            let item = try #require(json["items"]?[0])
            #expect(item.objectValue?.keys == ["sku", "extension_attributes"])
            #expect(item["extension_attributes"]?["stock_item"]?.objectValue?.keys == ["qty"])
        }
    }
}
