import CatalogModel
import Foundation
import SimulatorCore
import Sync

extension SyncScenario {
    /// Places a paid, unshipped order of 3 units of a variant stocked at the store's
    /// `index`-th location (by id) and at another: the units are committed at that location, and
    /// a colleague recounts both locations (+5 each) so that the plan writes both and shows the
    /// quantity Concord wants at each.
    ///
    /// - Parameter pickup: Magento: an in-store pickup order, whose source the order names.
    /// - Returns: nil when the store has fewer than two locations or no such variant.
    func placeOpenOrder(atLocationIndex index: Int, pickup: Bool = false) -> (sku: String, at: SimLocation, other: SimLocation)? {
        store.shop.mutate { state -> (sku: String, at: SimLocation, other: SimLocation)? in
            let locations = state.locations.sorted { $0.id < $1.id }
            guard locations.count >= 2 else { return nil }
            let at = locations[index]
            let other = locations[1 - index]
            func fits(_ variant: SimVariant) -> Bool { (variant.available[at.id] ?? 0) >= 3 && (variant.available[other.id] ?? 0) >= 1 }
            guard let product = state.allProducts.first(where: { $0.variants.contains(where: fits) }),
                let variant = product.variants.first(where: fits)
            else { return nil }
            let now = Date()
            state.updateVariant(id: variant.id) { _, variant in
                variant.available[at.id, default: 0] += 5 - 3
                variant.committed[at.id, default: 0] += 3
                variant.available[other.id, default: 0] += 5
                variant.updatedAt = now
            }
            let line = SimOrderLine(
                id: state.makeID(), productID: product.id, variantID: variant.id, sku: variant.sku, title: product.title, quantity: 3,
                price: variant.price)
            state.upsert(
                SimOrder(
                    id: state.makeID(), number: state.makeOrderNumber(), currency: state.currency, financial: .paid,
                    fulfillment: .unfulfilled,
                    locationID: at.id,
                    customer: SimCustomer(
                        firstName: "A", lastName: "B", email: "a@example.com", address: "1 Street", city: "Berlin", postcode: "10115",
                        country: "DE"),
                    lines: [line], createdAt: now, updatedAt: now, isPickup: pickup))
            return (variant.sku, at, other)
        }
    }

    /// The stock quantities a fresh plan writes for `sku`, by the store's location key.
    func plannedStock(sku: SKU, committed: [SKU: [String: Int]]) async throws -> [String: Int] {
        var planner = SyncPlanner(catalog: catalog, allowMassChange: true)
        planner.committed = committed
        let changes = try await planner.plan(stores).first?.plan?.changes.filter { $0.sku == sku } ?? []
        var planned: [String: Int] = [:]
        for change in changes {
            if case .stock(let location) = change.field, case .quantity(let quantity) = change.new { planned[location] = quantity }
        }
        return planned
    }
}
