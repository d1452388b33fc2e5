import CatalogModel
import Foundation
import SimulatorCore
import Testing

@Suite("what a simulated store announces by webhook: changes between two states")
struct ShopChangeTests {
    static func seeded() -> SimulatedShop { SimulatedShop.seeded(platform: .shopify, products: 4) }

    @Test("a sale is an order created, its product updated and one inventory level; reads change nothing")
    func sale() throws {
        let shop = Self.seeded()
        let before = shop.snapshot
        #expect(shop.snapshot.changes(since: before).isEmpty)
        let (variantID, locationID) = try #require(
            shop.read { state -> (Int64, Int64)? in
                for product in state.allProducts {
                    for variant in product.variants {
                        if let (location, units) = variant.available.first(where: { $0.value >= 2 }), units >= 2 {
                            return (variant.id, location)
                        }
                    }
                }
                return nil
            })
        let order = try #require(
            shop.mutate { state in
                state.placeOrder(
                    variantID: variantID, locationID: locationID, quantity: 2,
                    customer: SimCustomer(
                        firstName: "A", lastName: "B", email: "a@example.com", address: "1 Street", city: "C", postcode: "1", country: "DE"),
                    now: Date())
            })
        let productID = try #require(shop.read { $0.variant(id: variantID)?.product.id })
        #expect(
            shop.snapshot.changes(since: before) == [
                .orderCreated(orderID: order.id), .productUpdated(productID: productID, variantIDs: [variantID]),
                .inventoryLevel(variantID: variantID, locationID: locationID),
            ])
        // Committed units moved too, but an inventory level is announced only for available units.
        let after = shop.snapshot
        _ = shop.mutate { state in
            state.updateVariant(id: variantID) { _, variant in
                variant.price = Money(minorUnits: variant.price.minorUnits + 1, currency: variant.price.currency)
            }
        }
        #expect(shop.snapshot.changes(since: after) == [.productUpdated(productID: productID, variantIDs: [variantID])])
    }

    @Test("an order that cannot be filled changes nothing")
    func tooFew() throws {
        let shop = Self.seeded()
        let before = shop.snapshot
        let variant = try #require(shop.read { $0.allProducts.first?.variants.first })
        let location = try #require(variant.available.keys.sorted().first)
        let placed = shop.mutate { state in
            state.placeOrder(
                variantID: variant.id, locationID: location, quantity: (variant.available[location] ?? 0) + 1,
                customer: SimCustomer(
                    firstName: "A", lastName: "B", email: "a@example.com", address: "1 Street", city: "C", postcode: "1", country: "DE"),
                now: Date())
        }
        #expect(placed == nil || !variant.tracksInventory || variant.allowsBackorder)
        if placed == nil { #expect(shop.snapshot.changes(since: before).isEmpty) }
    }
}
