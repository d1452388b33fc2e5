import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import Testing
import WooCommerceAdapter

/// Every example response of the WooCommerce REST reference (`shared/fixtures/woocommerce`) that
/// is a product, a variation or an order, or a list or batch of them, parsed the way the adapter
/// parses a page — with the examples' own values checked.
@Suite("WooCommerce reference examples parse into listings and orders")
struct FixtureParsingTests {
    let parser = WooCommercePayloadParser(store: "fixtures", currency: .usd, weightUnit: .pounds)

    static func load(_ name: String) throws -> JSONValue {
        try JSONValue.parse(FixturePaths.text(atPath: FixturePaths.shared("woocommerce/\(name).json")))
    }

    /// The objects of a single, list or batch example.
    static func objects(_ json: JSONValue) -> [JSONValue] {
        if let items = json.arrayValue { return items }
        if json["id"] != nil { return [json] }
        return ["create", "update", "delete"].flatMap { json[$0]?.arrayValue ?? [] }
    }

    static func date(_ text: String) -> Date { try! Date(text + "Z", strategy: .iso8601) }

    @Test(
        "product examples: one listing per simple product, prices exact",
        arguments: [
            "products--list-all-products", "products--retrieve-a-product", "products--create-a-product", "products--create-a-product-2",
            "products--update-a-product", "products--delete-a-product", "products--batch-update-products",
        ])
    func products(_ name: String) throws {
        let products = Self.objects(try Self.load(name))
        #expect(!products.isEmpty)
        for product in products {
            let listings = try parser.listings(product: product)
            let id = String(product["id"]!.int64Value!)
            switch product["type"]?.stringValue {
            case "simple":
                let listing = try #require(listings.first)
                #expect(listings.count == 1)
                #expect(listing.ref.productID == id && listing.ref.variantID == id)
                #expect(listing.price == (try? Money.parse(product["regular_price"]!.stringValue!, currency: .usd)))
                #expect(listing.compareAtPrice == nil)  // every example's sale_price is ""
                #expect(listing.productTitle == product["name"]?.stringValue)
                #expect(listing.rawSKU == product["sku"]?.stringValue)
                #expect(listing.status == .active)
                #expect(listing.tracksStock == false && listing.stock.isEmpty)  // manage_stock is false throughout
                #expect(listing.updatedAt == Self.date(product["date_modified_gmt"]!.stringValue!))
                #expect(listing.images == (product["images"]?.arrayValue ?? []).compactMap { $0["src"]?.stringValue })
            case "variable":
                #expect(listings.isEmpty)  // its listings are its variations
            default:
                Issue.record("unexpected type in \(name)")
            }
        }
    }

    @Test("a simple product's price is the example's: 21.99 USD, then 24.54 after the update")
    func exactPrices() throws {
        let created = try parser.listing(product: try Self.load("products--create-a-product"))
        #expect(created.price == Money(minorUnits: 2199, currency: .usd))
        let updated = try parser.listing(product: try Self.load("products--update-a-product"))
        #expect(updated.price == Money(minorUnits: 2454, currency: .usd))
        #expect(updated.ref == RemoteRef(productID: "794", variantID: "794"))
        #expect(updated.productTitle == "Premium Quality")
    }

    @Test(
        "variation examples: one listing each under the variable product",
        arguments: [
            "product-variations--list-all-product-variations", "product-variations--retrieve-a-product-variation",
            "product-variations--create-a-product-variation", "product-variations--update-a-product-variation",
            "product-variations--delete-a-product-variation", "product-variations--batch-update-product-variations",
        ])
    func variations(_ name: String) throws {
        let parent = try Self.load("products--create-a-product-2")
        let variations = Self.objects(try Self.load(name))
        let listings = try parser.listings(product: parent, variations: variations)
        #expect(listings.count == variations.count)
        for (listing, variation) in zip(listings, variations) {
            #expect(listing.ref.productID == "799")
            #expect(listing.ref.variantID == String(variation["id"]!.int64Value!))
            #expect(listing.price == (try? Money.parse(variation["regular_price"]!.stringValue!, currency: .usd)))
            #expect(listing.compareAtPrice == nil)
            #expect(listing.productTitle == "Ship Your Idea")
            let options = variation["attributes"]!.arrayValue!.compactMap { $0["option"]?.stringValue }
            #expect(listing.options == options && listing.variantTitle == options.joined(separator: " / "))
            #expect(listing.status == .active)  // the parent's; one example says `"status": true`
            #expect(!listing.tracksStock)
            #expect(listing.updatedAt == Self.date(parent["date_modified_gmt"]!.stringValue!))  // the later of the two
        }
    }

    @Test("the variation list example: Green and Black at 9.00 USD")
    func variationValues() throws {
        let listings = try parser.listings(
            product: try Self.load("products--create-a-product-2"),
            variations: Self.objects(try Self.load("product-variations--list-all-product-variations")))
        #expect(listings.map(\.ref.variantID) == ["733", "732"])
        #expect(listings.map(\.variantTitle) == ["Green", "Black"])
        #expect(listings.allSatisfy { $0.price == Money(minorUnits: 900, currency: .usd) })
    }

    @Test(
        "order examples parse without customer data",
        arguments: [
            "orders--list-all-orders", "orders--retrieve-an-order", "orders--create-an-order", "orders--update-an-order",
            "orders--delete-an-order", "orders--batch-update-orders",
        ])
    func orders(_ name: String) throws {
        for json in Self.objects(try Self.load(name)) {
            let order = try parser.order(json)
            let lines = json["line_items"]!.arrayValue!
            #expect(order.remoteID == String(json["id"]!.int64Value!))
            #expect(order.number == "#" + json["number"]!.stringValue!)
            #expect(order.createdAt == Self.date(json["date_created_gmt"]!.stringValue!))
            #expect(order.updatedAt == Self.date(json["date_modified_gmt"]!.stringValue!))
            #expect(order.lines.map(\.quantity) == lines.map { $0["quantity"]!.intValue! })
            #expect(order.lines.map { $0.sku?.rawValue ?? "" } == lines.map { $0["sku"]!.stringValue! })
            switch json["status"]!.stringValue! {
            case "processing":
                #expect(order.financialStatus == .paid && order.fulfillmentStatus == .unfulfilled)
                #expect(order.lines.allSatisfy { $0.openQuantity == $0.quantity })
            case "completed":
                #expect(order.fulfillmentStatus == .fulfilled)
                #expect(order.fulfilledAt == Self.date(json["date_completed_gmt"]!.stringValue!))
                #expect(order.lines.allSatisfy { $0.openQuantity == 0 })
            case "pending":
                #expect(order.financialStatus == .pending && order.processedAt == nil)
            default:
                Issue.record("unexpected status in \(name)")
            }
        }
    }

    @Test("order 723 has refunds and reads as partially refunded; 727 was paid at date_paid_gmt")
    func orderValues() throws {
        let list = Self.objects(try Self.load("orders--list-all-orders")).map { try! parser.order($0) }
        let refunded = try #require(list.first { $0.remoteID == "723" })
        #expect(refunded.financialStatus == .partiallyRefunded)
        let paid = try #require(list.first { $0.remoteID == "727" })
        #expect(paid.processedAt == Self.date("2017-03-22T19:28:08"))
        #expect(paid.lines.map(\.sku) == [nil, SKU("Bar3")])
    }
}
