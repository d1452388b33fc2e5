import CatalogModel
import Foundation
import JSONValue
import Testing

@testable import MagentoSimulator
@testable import SimulatorCore

/// Adds two orders: one for a simple product (paid, shipped) and one for a configurable child
/// (pending), the second one updated later.
private func addOrders(_ shop: SimulatedShop, at start: Date) {
    shop.mutate { state in
        let catalog = MagentoCatalog(state)
        let simple = catalog.entities.first { $0.kind == .simple }!
        let child = catalog.entities.first { $0.kind == .child }!
        let customer = SimCustomer(
            firstName: "Jane", lastName: "Doe", email: "jane@example.com", address: "1 Main St", city: "Berlin", postcode: "10115",
            country: "DE")
        func line(_ entity: MagentoCatalog.Entity, quantity: Int, shipped: Int) -> SimOrderLine {
            SimOrderLine(
                id: state.makeID(), productID: entity.product.id, variantID: entity.variant!.id, sku: entity.sku, title: entity.name,
                quantity: quantity, price: entity.variant!.price, fulfilledQuantity: shipped, refundedQuantity: 0)
        }
        state.upsert(
            SimOrder(
                id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .paid, fulfillment: .fulfilled,
                locationID: state.locations[0].id, customer: customer, lines: [line(simple, quantity: 2, shipped: 2)],
                createdAt: start, updatedAt: start))
        state.upsert(
            SimOrder(
                id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .pending,
                fulfillment: .unfulfilled,
                locationID: state.locations[0].id, customer: customer, lines: [line(child, quantity: 3, shipped: 0)],
                createdAt: start, updatedAt: start.addingTimeInterval(3600)))
    }
}

@Suite("Magento orders and authentication")
struct OrderAndAuthTests {
    static let start = Date(timeIntervalSince1970: 1_735_725_600)

    @Test("orders carry quantities per item, state and status, the shopper's data, and filter on updated_at")
    func orders() async throws {
        try await withMagentoStore(products: 20, prepare: { addOrders($0, at: Self.start) }) { store in
            let all = try await store.get("orders?searchCriteria[pageSize]=10")
            #expect(all["total_count"] == 2)
            let first = try #require(all["items"]?[0])
            #expect(first["state"] == "complete")
            #expect(first["status"] == "complete")
            #expect(first["increment_id"]?.stringValue?.count == 9)
            #expect(first["customer_email"] == "jane@example.com")
            #expect(first["billing_address"]?["lastname"] == "Doe")
            let item = try #require(first["items"]?[0])
            #expect(item["qty_ordered"] == 2)
            #expect(item["qty_shipped"] == 2)
            #expect(item["qty_refunded"] == 0)
            #expect(item["qty_canceled"] == 0)
            #expect(item["price"]?.decimalValue != nil)

            let since = try await store.get("orders?" + criteria(filter(group: 0, "updated_at", "2025-01-01 10:30:00", "gteq")))
            #expect(since["total_count"] == 1)
            let second = try #require(since["items"]?[0])
            #expect(second["state"] == "new")
            // A configurable line is a parent item and a child item with parent_item_id, as Magento stores it.
            let items = try #require(second["items"]?.arrayValue)
            #expect(items.map { $0["product_type"] } == ["configurable", "simple"])
            #expect(items[1]["parent_item_id"] == items[0]["item_id"])
            #expect(items[0]["sku"] == items[1]["sku"])

            let one = try await store.get("orders/" + String(second["entity_id"]!.int64Value!))
            #expect(one["increment_id"] == second["increment_id"])
            let missing = try await store.send(.get, "orders/1")
            #expect(missing.status == 404)
        }
    }

    @Test("no token, a wrong token and a wrong login are Magento's 401s")
    func unauthorized() async throws {
        try await withMagentoStore { store in
            let none = try await store.send(.get, "products?searchCriteria[pageSize]=1", token: .some(nil))
            #expect(none.status == 401)
            #expect(
                none.json == [
                    "message": "The consumer isn't authorized to access %resources.",
                    "parameters": ["resources": "Magento_Catalog::products"],
                ])
            let wrong = try await store.send(.get, "orders?searchCriteria[pageSize]=1", token: "not-a-token")
            #expect(wrong.status == 401)
            #expect(wrong.json["parameters"]?["resources"] == "Magento_Sales::actions_view")
            let login = try await store.send(
                .post, "integration/admin/token", json: ["username": "admin", "password": "wrong"], token: .some(nil))
            #expect(login.status == 401)
            #expect(
                login.json["message"]
                    == "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")
            let route = try await store.send(.get, "nothing/here")
            #expect(route.status == 404)
            #expect(route.json == ["message": "Request does not match any route."])
        }
    }

    @Test("the admin token is a JSON string that works as a bearer token until its lifetime passes")
    func adminToken() async throws {
        try await withMagentoStore(options: .init(adminTokenLifetime: 5), clock: .stepping(from: Self.start, by: 1)) { store in
            let credentials = store.shop.credentials
            let reply = try await store.send(
                .post, "/rest/V1/integration/admin/token",
                json: ["username": .string(credentials.magentoAdminUsername), "password": .string(credentials.magentoAdminPassword)],
                token: .some(nil))
            #expect(reply.status == 200)
            #expect(reply.text.hasPrefix("\"eyJ"))
            let token = try #require(reply.json.stringValue)
            #expect(try await store.send(.get, "products?searchCriteria[pageSize]=1", token: token).status == 200)
            // Every request reads the stepping clock; a few more take the token past its 5 s.
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await store.send(.get, "products?searchCriteria[pageSize]=1", token: token).status) }
            #expect(statuses.last == 401)
            #expect(try await store.send(.get, "products?searchCriteria[pageSize]=1").status == 200)
        }
    }

    @Test("the integration token can be refused as a bearer token, as Magento 2.4.4+ does by default")
    func integrationTokenOff() async throws {
        try await withMagentoStore(options: .init(acceptsIntegrationTokenAsBearer: false)) { store in
            let reply = try await store.send(.get, "products?searchCriteria[pageSize]=1")
            #expect(reply.status == 401)
        }
    }

    @Test("every base path serves the same API", arguments: ["/rest/default/V1", "/rest/V1", "/rest/all/V1", "/index.php/rest/V1"])
    func basePaths(_ base: String) async throws {
        try await withMagentoStore { store in
            let json = try await store.get(base + "/products?searchCriteria[pageSize]=1&searchCriteria[currentPage]=1")
            #expect(json["total_count"]?.intValue == MagentoCatalog(store.shop.snapshot).entities.count)
            #expect(try await store.send(.get, "/rest/nostore/V1/products?searchCriteria=").status == 400)
        }
    }

    @Test("Concord's connection check (products page of 1, then sources) succeeds")
    func connectionCheck() async throws {
        try await withMagentoStore { store in
            let products = try await store.get("products?searchCriteria[pageSize]=1&searchCriteria[currentPage]=1")
            #expect(products["total_count"]?.intValue != nil)
            let sources = try await store.get("inventory/sources?searchCriteria[pageSize]=100")
            #expect(
                sources["items"]?.arrayValue?.allSatisfy { $0["source_code"]?.stringValue != nil && $0["name"]?.stringValue != nil } == true
            )
        }
    }
}
