import CatalogModel
import Foundation
import JSONValue
import Testing
import WooCommerceAdapter

/// `stock_status` of untracked items, parent-managed variation stock and scheduled sales.
@Suite("WooCommerce availability, parent stock and sale windows")
struct StockStatusAndSaleWindowTests {
    static let now = try! Date("2025-06-15T12:00:00Z", strategy: .iso8601)
    let parser = WooCommercePayloadParser(store: "woo", currency: .eur, now: Self.now)

    func product(_ fields: [String: JSONValue]) -> JSONValue {
        var object: JSONObject = [
            "id": 10, "type": "simple", "name": "Mug", "status": "publish", "sku": "MUG", "regular_price": "10.00",
            "sale_price": "", "manage_stock": true, "stock_quantity": 4, "stock_status": "instock",
        ]
        for (key, value) in fields { object[key] = value }
        return .object(object)
    }

    @Test(
        "an untracked item reports its stock_status; a tracked one its number",
        arguments: [("instock", StockAvailability.inStock), ("outofstock", .outOfStock), ("onbackorder", .onBackorder)])
    func availability(_ status: String, _ expected: StockAvailability) throws {
        let untracked = try parser.listing(
            product: product(["manage_stock": false, "stock_quantity": .null, "stock_status": .string(status)]))
        #expect(!untracked.tracksStock)
        #expect(untracked.availability == expected)
        let tracked = try parser.listing(product: product(["stock_status": .string(status)]))
        #expect(tracked.tracksStock && tracked.availability == nil && tracked.stock.first?.available == 4)
    }

    @Test("a variation with manage_stock \"parent\" shows the parent's stock")
    func parentManagedStock() throws {
        let parent = product(["type": "variable", "stock_quantity": 7, "backorders": "notify"])
        let variation: JSONValue = [
            "id": 11, "sku": "MUG-RED", "regular_price": "10.00", "sale_price": "", "manage_stock": "parent", "stock_quantity": .null,
            "stock_status": "instock", "attributes": [["name": "Colour", "option": "Red"]],
        ]
        let listing = try parser.listing(variation: variation, parent: parent)
        #expect(listing.tracksStock)
        #expect(listing.stock.map(\.available) == [7])
        #expect(listing.allowsBackorder)
        let own = try parser.listing(variation: variation.replacing("manage_stock", with: false), parent: parent)
        #expect(!own.tracksStock && own.stock.isEmpty)
    }

    struct Window: Sendable, CustomTestStringConvertible {
        var from: String?
        var to: String?
        var onSale: Bool
        var testDescription: String { "\(from ?? "-") … \(to ?? "-"): \(onSale ? "sale" : "regular")" }
    }

    @Test(
        "a scheduled sale is the price only inside its window",
        arguments: [
            Window(from: nil, to: nil, onSale: true),
            Window(from: "2025-06-01T00:00:00", to: "2025-06-30T23:59:59", onSale: true),
            Window(from: "2025-06-16T00:00:00", to: nil, onSale: false),
            Window(from: nil, to: "2025-06-14T23:59:59", onSale: false),
            Window(from: "2025-06-15T12:00:00", to: "2025-06-15T12:00:00", onSale: true),
        ])
    func saleWindow(_ window: Window) throws {
        let listing = try parser.listing(
            product: product([
                "sale_price": "8.00", "date_on_sale_from_gmt": window.from.map(JSONValue.string) ?? .null,
                "date_on_sale_to_gmt": window.to.map(JSONValue.string) ?? .null,
            ]))
        let regular = try Money.parse("10.00", currency: .eur)
        if window.onSale {
            #expect(listing.price == (try Money.parse("8.00", currency: .eur)) && listing.compareAtPrice == regular)
        } else {
            #expect(listing.price == regular && listing.compareAtPrice == nil)
        }
    }
}

extension JSONValue {
    fileprivate func replacing(_ key: String, with value: JSONValue) -> JSONValue {
        guard case .object(var object) = self else { return self }
        object[key] = value
        return .object(object)
    }
}
