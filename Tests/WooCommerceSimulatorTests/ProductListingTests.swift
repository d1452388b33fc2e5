import CatalogModel
import ConcordTesting
import Foundation
import HTTPClient
import JSONValue
import SimulatorCore
import Testing
import WooCommerceSimulator

@Suite("WooCommerce products: paging, filters and headers")
struct ProductListingTests {
    @Test("paging to the end by the Link header visits every product once, with X-WP-Total and X-WP-TotalPages")
    func pagesToTheEnd() async throws {
        try await withWooStore(products: 25) { store in
            let expected = Set(store.shop.read { $0.productIDs })
            var seen: [Int64] = []
            var response = try await store.send(.get, "/products", query: [("per_page", "10")])
            var pages = 0
            while true {
                pages += 1
                #expect(response.status == 200)
                #expect(response.headers["X-WP-Total"] == "25")
                #expect(response.headers["X-WP-TotalPages"] == "3")
                seen += try store.json(response).ids
                let link = response.headers["Link"] ?? ""
                #expect(link.contains("rel=\"prev\"") == (pages > 1), "page \(pages): \(link)")
                guard let next = Self.nextLink(link) else { break }
                #expect(next.hasPrefix(store.api + "/products?"))
                #expect(next.contains("per_page=10"))
                let nextURL = try #require(URL(string: next))
                let query = (URLComponents(url: nextURL, resolvingAgainstBaseURL: false)?.queryItems ?? []).map {
                    ($0.name, $0.value ?? "")
                }
                response = try await store.send(.get, "/products", query: query)
                #expect(pages < 5, "Link kept pointing on")
                if pages >= 5 { break }
            }
            #expect(pages == 3)
            #expect(seen.count == 25)
            #expect(Set(seen) == expected)
        }
    }

    @Test("the default order is newest first; orderby=id&order=asc is id order")
    func ordering() async throws {
        try await withWooStore(products: 12) { store in
            let byDate = try store.json(try await store.send(.get, "/products", query: [("per_page", "100")]))
            let created = (byDate.arrayValue ?? []).compactMap { $0["date_created_gmt"]?.stringValue }
            #expect(created == created.sorted(by: >))
            let byID = try store.json(
                try await store.send(.get, "/products", query: [("per_page", "100"), ("orderby", "id"), ("order", "asc")]))
            #expect(byID.ids == store.shop.read { $0.productIDs })
        }
    }

    @Test("per_page over 100 is a 400 rest_invalid_param naming per_page, as WordPress answers")
    func perPageOverMaximum() async throws {
        try await withWooStore(products: 3) { store in
            let response = try await store.send(.get, "/products", query: [("per_page", "101")])
            #expect(response.status == 400)
            let body = try store.json(response)
            #expect(body["code"] == "rest_invalid_param")
            #expect(body["data"]?["status"] == 400)
            #expect(body["data"]?["params"]?["per_page"]?.stringValue?.contains("100") == true)
            #expect(try await store.send(.get, "/products", query: [("per_page", "100")]).status == 200)
            #expect(try await store.send(.get, "/products", query: [("per_page", "0")]).status == 400)
        }
    }

    @Test("modified_after returns exactly what changed after the given second, in GMT or site time")
    func modifiedAfter() async throws {
        let start = Date(timeIntervalSince1970: 1_735_725_600)  // 2025-01-01T10:00:00Z
        let options = WooCommercePlatform.Options(utcOffset: 3600)
        try await withWooStore(products: 10, clock: .stepping(from: start, by: 1), options: options) { store in
            let ids = store.shop.read { $0.productIDs }
            let changed = try store.json(try await store.send(.put, "/products/\(ids[3])", json: ["name": "Renamed"]))
            let gmtText = try #require(changed["date_modified_gmt"]?.stringValue)
            let localText = try #require(changed["date_modified"]?.stringValue)
            #expect(gmtText != localText, "a site one hour east of UTC shows two different times")
            let gmt = try #require(WooCommerceDateText.parse(gmtText))

            let oneSecondBefore = WooCommerceDateText.format(gmt.addingTimeInterval(-1))
            let after = try await store.send(.get, "/products", query: [("modified_after", oneSecondBefore), ("dates_are_gmt", "true")])
            #expect(try store.json(after).ids == [ids[3]])
            #expect(after.headers["X-WP-Total"] == "1")

            // Strictly after: the same second excludes it.
            let same = try await store.send(.get, "/products", query: [("modified_after", gmtText), ("dates_are_gmt", "true")])
            #expect(try store.json(same).ids == [])

            // Without dates_are_gmt the time is read in the site's zone (UTC+1).
            let localBefore = WooCommerceDateText.format(gmt.addingTimeInterval(3600 - 1))
            #expect(try store.json(try await store.send(.get, "/products", query: [("modified_after", localBefore)])).ids == [ids[3]])
            #expect(try store.json(try await store.send(.get, "/products", query: [("modified_after", oneSecondBefore)])).ids.count == 1)
            let zoned = try await store.send(.get, "/products", query: [("modified_after", oneSecondBefore + "Z")])
            #expect(try store.json(zoned).ids == [ids[3]])

            let bad = try await store.send(.get, "/products", query: [("modified_after", "yesterday")])
            #expect(bad.status == 400)
            #expect(try store.json(bad)["code"] == "rest_invalid_param")
        }
    }

    @Test("sku, status, include and search filter the list")
    func filters() async throws {
        try await withWooStore(products: 20) { store in
            let state = store.shop.snapshot
            let simple = try #require(state.allProducts.first { $0.isSimple })
            let sku = simple.variants[0].sku
            let bySKU = try store.json(try await store.send(.get, "/products", query: [("sku", sku)]))
            #expect(bySKU.ids == [simple.id])
            #expect(bySKU[0]?["sku"]?.stringValue == sku)

            let two = Array(state.productIDs.prefix(2))
            let included = try store.json(
                try await store.send(.get, "/products", query: [("include", two.map(String.init).joined(separator: ","))]))
            #expect(Set(included.ids) == Set(two))

            let drafts = try await store.send(.get, "/products", query: [("status", "draft")])
            #expect(drafts.headers["X-WP-Total"] == String(state.allProducts.filter { $0.status == .draft }.count))

            let word = String(simple.title.split(separator: " ").last ?? "")
            let found = try store.json(try await store.send(.get, "/products", query: [("search", word), ("per_page", "100")]))
            #expect(found.ids.contains(simple.id))
        }
    }

    @Test("Concord's connection check (per_page=1&_fields=id with Basic auth) gets one id and the total")
    func connectionCheck() async throws {
        try await withWooStore(products: 7) { store in
            let response = try await store.send(.get, "/products", query: [("per_page", "1"), ("_fields", "id")])
            #expect(response.status == 200)
            let items = try #require(try store.json(response).arrayValue)
            #expect(items.count == 1)
            #expect(items[0].objectValue?.keys == ["id"])
            #expect(response.headers["X-WP-Total"] == "7")
        }
    }

    @Test("an injected duplicate-items fault repeats the end of the previous page, through Paging")
    func pagingFault() async throws {
        let rule = FaultRule(kind: .duplicateItems(2), pathContains: "/products", onRequests: [2])
        try await withWooStore(products: 10, serverOptions: ServerOptions(faults: [rule])) { store in
            let first = try store.json(
                try await store.send(.get, "/products", query: [("per_page", "4"), ("orderby", "id"), ("order", "asc")])
            ).ids
            let second = try store.json(
                try await store.send(.get, "/products", query: [("per_page", "4"), ("page", "2"), ("orderby", "id"), ("order", "asc")])
            ).ids
            #expect(Array(second.prefix(2)) == Array(first.suffix(2)))
        }
    }

    static func nextLink(_ header: String) -> String? {
        for part in header.components(separatedBy: ", ") where part.hasSuffix("rel=\"next\"") {
            guard let open = part.firstIndex(of: "<"), let close = part.firstIndex(of: ">") else { continue }
            return String(part[part.index(after: open)..<close])
        }
        return nil
    }
}
