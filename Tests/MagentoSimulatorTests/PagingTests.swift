import Foundation
import JSONValue
import SimulatorCore
import Testing

@testable import MagentoSimulator

@Suite("Magento paging: total_count, the repeated last page, limits, faults and updated_at")
struct PagingTests {
    private func page(_ store: MagentoTestStore, size: Int, page: Int) async throws -> (ids: [Int64], total: Int?) {
        let json = try await store.get("products?searchCriteria[pageSize]=\(size)&searchCriteria[currentPage]=\(page)")
        return (json["items"]?.arrayValue?.compactMap { $0["id"]?.int64Value } ?? [], json["total_count"]?.intValue)
    }

    @Test("pages cover every entity once; a page past the end repeats the last page with the same total_count")
    func repeatsLastPage() async throws {
        try await withMagentoStore(products: 12) { store in
            let all = MagentoCatalog(store.shop.snapshot).entities.map(\.id)
            let size = 7
            let pages = (all.count + size - 1) / size
            var seen: [Int64] = []
            for number in 1...pages {
                let (ids, total) = try await page(store, size: size, page: number)
                #expect(total == all.count)
                seen += ids
            }
            #expect(seen == all)
            let last = try await page(store, size: size, page: pages)
            let past = try await page(store, size: size, page: pages + 1)
            let farPast = try await page(store, size: size, page: pages + 40)
            #expect(past.ids == last.ids)
            #expect(farPast.ids == last.ids)
            #expect(past.total == all.count)
            #expect(!past.ids.isEmpty)
        }
    }

    @Test("with repeatsLastPage off a page past the end is empty")
    func emptyPastTheEnd() async throws {
        try await withMagentoStore(products: 5, options: .init(repeatsLastPage: false)) { store in
            let (ids, total) = try await page(store, size: 50, page: 2)
            #expect(ids.isEmpty)
            #expect(total == MagentoCatalog(store.shop.snapshot).entities.count)
        }
    }

    @Test("a maximum page size answers Magento's input-limit error; none by default")
    func maximumPageSize() async throws {
        try await withMagentoStore(products: 3, options: .init(maxPageSize: 300)) { store in
            let over = try await store.send(.get, "products?searchCriteria[pageSize]=301")
            #expect(over.status == 400)
            #expect(over.json == ["message": "Maximum SearchCriteria pageSize is %max", "parameters": ["max": 300]])
            #expect(try await store.send(.get, "products?searchCriteria[pageSize]=300").status == 200)
        }
        try await withMagentoStore(products: 3) { store in
            let reply = try await store.send(.get, "products?searchCriteria[pageSize]=5000")
            #expect(reply.status == 200)
        }
    }

    @Test("a duplicate-items fault repeats the end of the previous page")
    func pagingFault() async throws {
        try await withMagentoStore(products: 10) { store in
            let first = try await page(store, size: 5, page: 1)
            store.server.setFaults([FaultRule(kind: .duplicateItems(2), pathContains: "/V1/products", onRequests: [1])])
            let second = try await page(store, size: 5, page: 2)
            #expect(Array(second.ids.prefix(2)) == Array(first.ids.suffix(2)))
        }
    }

    @Test("updated_at gteq finds exactly what was written since, with a stepping clock")
    func updatedSince() async throws {
        let start = Date(timeIntervalSince1970: 1_735_725_600)  // 2025-01-01 10:00:00 UTC
        try await withMagentoStore(products: 20, clock: .stepping(from: start, by: 60)) { store in
            let catalog = MagentoCatalog(store.shop.snapshot)
            let simple = try #require(catalog.entities.first { $0.kind == .simple })
            let before = try await store.get("products?" + criteria(filter(group: 0, "updated_at", MagentoDate.format(start), "gteq")))
            #expect(before["total_count"] == 0)
            let write = try await store.send(.put, "products/" + simple.sku, json: ["product": ["name": "Renamed"]])
            #expect(write.status == 200)
            let stamp = try #require(write.json["updated_at"]?.stringValue)
            #expect(stamp > MagentoDate.format(start))
            let after = try await store.get("products?" + criteria(filter(group: 0, "updated_at", MagentoDate.format(start), "gteq")))
            #expect(after["items"]?.arrayValue?.compactMap { $0["sku"]?.stringValue } == [simple.sku])
            let iso = try await store.get("products?" + criteria(filter(group: 0, "updated_at", "2025-01-01T10:00:00Z", "gteq")))
            #expect(iso["total_count"] == 1)
            let later = try await store.get("products?" + criteria(filter(group: 0, "updated_at", stamp, "gt")))
            #expect(later["total_count"] == 0)
        }
    }
}
