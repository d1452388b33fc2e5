import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

/// `GET /wp-json/wc/v3/variations` (WooCommerce 10.3, `WC_REST_Variations_Controller`).
@Suite("WooCommerce store-wide variations collection")
struct VariationsCollectionTests {
    /// Every variation of every variable product, in id order.
    static func variations(_ store: WooTestStore) -> [(product: SimProduct, variant: SimVariant)] {
        store.shop.read { state in
            state.allProducts.filter { !$0.isSimple }.flatMap { product in product.variants.map { (product, $0) } }
        }.sorted { $0.variant.id < $1.variant.id }
    }

    @Test("pages every variation of the store by id, each naming its product in parent_id, with X-WP-Total and X-WP-TotalPages")
    func pagesEveryVariation() async throws {
        try await withWooStore(products: 24) { store in
            let expected = Self.variations(store)
            #expect(expected.count > 20)
            var seen: [JSONValue] = []
            var page = 1
            var totalPages = 1
            repeat {
                let response = try await store.send(
                    .get, "/variations", query: [("per_page", "20"), ("page", String(page)), ("orderby", "id"), ("order", "asc")])
                #expect(response.status == 200)
                #expect(response.headers["X-WP-Total"] == String(expected.count))
                totalPages = Int(response.headers["X-WP-TotalPages"] ?? "") ?? 0
                #expect(totalPages == (expected.count + 19) / 20)
                seen += try store.json(response).arrayValue ?? []
                page += 1
            } while page <= totalPages
            #expect(seen.compactMap { $0["id"]?.int64Value } == expected.map(\.variant.id))
            #expect(seen.compactMap { $0["parent_id"]?.int64Value } == expected.map(\.product.id))
            let first = try #require(seen.first)
            #expect(first["sku"]?.stringValue == expected[0].variant.sku)
            #expect(first["price"]?.stringValue == expected[0].variant.price.amountString)

            // A product's own variations route does not name the parent: only the collection adds it.
            let own = try store.json(try await store.send(.get, "/products/\(expected[0].product.id)/variations"))
            #expect(own[0]?["parent_id"] == nil)
        }
    }

    @Test("_fields, include, parent (an id list), parent_exclude and modified_after filter the collection")
    func filters() async throws {
        let start = Date(timeIntervalSince1970: 1_735_725_600)  // 2025-01-01T10:00:00Z
        try await withWooStore(products: 24, clock: .stepping(from: start)) { store in
            let all = Self.variations(store)
            let parents = Array(Set(all.map(\.product.id))).sorted()
            let twoParents = Array(parents.prefix(2))

            let fields = try store.json(
                try await store.send(.get, "/variations", query: [("per_page", "1"), ("_fields", "sku,parent_id")]))
            #expect(fields[0]?.objectValue.map { Set($0.keys) } == ["id", "sku", "parent_id"])

            let included = try store.json(
                try await store.send(
                    .get, "/variations",
                    query: [("include", "\(all[3].variant.id),\(all[1].variant.id)"), ("orderby", "id"), ("order", "asc")]))
            #expect(included.ids == [all[1].variant.id, all[3].variant.id])

            let byParent = try store.json(
                try await store.send(
                    .get, "/variations",
                    query: [
                        ("parent", twoParents.map(String.init).joined(separator: ",")), ("per_page", "100"), ("orderby", "id"),
                        ("order", "asc"),
                    ]))
            #expect(byParent.ids == all.filter { twoParents.contains($0.product.id) }.map(\.variant.id))

            let excluded = try store.json(
                try await store.send(.get, "/variations", query: [("parent_exclude", String(parents[0])), ("per_page", "100")]))
            #expect(Set(excluded.ids) == Set(all.filter { $0.product.id != parents[0] }.map(\.variant.id)))

            let bad = try await store.send(.get, "/variations", query: [("parent", "one,two")])
            #expect(bad.status == 400)
            #expect(try store.json(bad)["code"] == "rest_invalid_param")

            let changed = all[5].variant.id
            let repriced = try store.json(
                try await store.send(.put, "/products/\(all[5].product.id)/variations/\(changed)", json: ["regular_price": "12.34"]))
            let modified = try #require(repriced["date_modified_gmt"]?.stringValue)
            let since = try #require(WooCommerceDateText.parse(modified)).addingTimeInterval(-1)
            let recent = try store.json(
                try await store.send(
                    .get, "/variations", query: [("modified_after", WooCommerceDateText.format(since)), ("dates_are_gmt", "true")]))
            #expect(recent.ids == [changed])
            #expect(recent[0]?["parent_id"]?.int64Value == all[5].product.id)
        }
    }

    @Test("the collection is read-only: POST /variations is rest_no_route")
    func readOnly() async throws {
        try await withWooStore(products: 4) { store in
            let response = try await store.send(.post, "/variations", json: ["sku": "X"])
            #expect(response.status == 404)
            #expect(try store.json(response)["code"] == "rest_no_route")
        }
    }

    @Test("a store playing WooCommerce before 10.3 answers /variations as WordPress answers an unknown route")
    func olderStore() async throws {
        try await withWooStore(products: 4, options: .init(servesVariationsCollection: false)) { store in
            let response = try await store.send(.get, "/variations", query: [("per_page", "100")])
            #expect(response.status == 404)
            #expect(
                try store.json(response)
                    == [
                        "code": "rest_no_route", "message": "No route was found matching the URL and request method.",
                        "data": ["status": 404],
                    ])
            // A product's own variations are still there.
            let variable = try #require(store.shop.read { $0.allProducts.first { !$0.isSimple } })
            #expect(try await store.send(.get, "/products/\(variable.id)/variations").status == 200)
        }
    }

    @Test("requests to the collection count against the store's request limit like any other")
    func rateLimited() async throws {
        let limit = ServerOptions(requestLimit: LeakyBucket(capacity: 2, restoreRate: 0.01))
        try await withWooStore(products: 4, serverOptions: limit) { store in
            #expect(try await store.send(.get, "/products").status == 200)
            #expect(try await store.send(.get, "/variations").status == 200)
            let throttled = try await store.send(.get, "/variations")
            #expect(throttled.status == 429)
            #expect(throttled.headers["Retry-After"] != nil)
        }
    }
}
