import CatalogModel
import Foundation

/// Why `/_sim/orders` or `/_sim/edits` could not act; the message says what to send instead.
public struct ActivityRequestError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}

extension LiveActivity {
    /// A shopper orders `quantity` units of `sku` (`POST /_sim/orders`): at `locationCode`, or at
    /// the first location (by id) holding enough units. The same sale the live activity makes,
    /// chosen by the caller so a test or a demo knows which SKU moved.
    ///
    /// `paid: false` makes a pending order; `reducesStock: false` one that takes no stock yet
    /// (WooCommerce's pending orders).
    public mutating func placeOrder(
        sku: String, quantity: Int, locationCode: String?, paid: Bool = true, reducesStock: Bool = true, in state: inout ShopState,
        now: Date, sequence: Int
    ) throws(ActivityRequestError) -> ActivityEvent {
        guard quantity >= 1 else { throw ActivityRequestError(message: "quantity must be 1 or more") }
        guard let (_, variant) = state.variants(sku: sku).first else {
            throw ActivityRequestError(message: "no variant with SKU \(sku) in this store; see GET /_sim/state")
        }
        let location: SimLocation?
        if let locationCode {
            guard let chosen = state.location(code: locationCode) else {
                throw ActivityRequestError(
                    message: "no location \(locationCode); the store has \(state.locations.map(\.code).joined(separator: ", "))")
            }
            location = chosen
        } else {
            location = state.locations.sorted { $0.id < $1.id }.first { (variant.available[$0.id] ?? 0) >= quantity }
        }
        guard let location, (variant.available[location.id] ?? 0) >= quantity else {
            throw ActivityRequestError(
                message: "\(sku) has fewer than \(quantity) units available \(locationCode.map { "at \($0)" } ?? "at any one location")")
        }
        let before = variant.available[location.id] ?? 0
        guard
            let order = state.placeOrder(
                variantID: variant.id, locationID: location.id, quantity: quantity, customer: makeCustomer(), paid: paid,
                reducesStock: reducesStock, now: now)
        else {
            throw ActivityRequestError(message: "\(sku) could not be ordered")
        }
        return ActivityEvent(
            sequence: sequence, kind: .order, time: now, sku: sku, field: "stock@" + location.code, before: String(before),
            after: String(reducesStock ? before - quantity : before), orderID: order.id, lineIDs: order.lines.map(\.id))
    }

    /// A colleague edits one field of `sku` in the admin (`POST /_sim/edits`): `title`, `price`
    /// (a plain decimal such as `24.90`) or `stock@<location code>` (available units).
    public func edit(
        sku: String, field: String, value: String, in state: inout ShopState, now: Date, sequence: Int
    ) throws(ActivityRequestError) -> ActivityEvent {
        guard let (product, variant) = state.variants(sku: sku).first else {
            throw ActivityRequestError(message: "no variant with SKU \(sku) in this store; see GET /_sim/state")
        }
        var before = ""
        switch field {
        case "title":
            before = product.title
            state.updateVariant(id: variant.id) { product, variant in
                product.title = value
                product.updatedAt = now
                variant.updatedAt = now
            }
        case "price":
            guard let price = try? Money.parse(value, currency: variant.price.currency) else {
                throw ActivityRequestError(message: "price \(value): write a plain decimal with a point, e.g. 24.90")
            }
            before = variant.price.amountString
            state.updateVariant(id: variant.id) { _, variant in
                variant.price = price
                variant.updatedAt = now
            }
        default:
            guard field.hasPrefix("stock@"), let location = state.location(code: String(field.dropFirst("stock@".count))) else {
                throw ActivityRequestError(
                    message:
                        "field \(field): use title, price or stock@<location code> (\(state.locations.map(\.code).joined(separator: ", ")))"
                )
            }
            guard let units = Int(value), units >= 0 else {
                throw ActivityRequestError(message: "stock \(value): write a whole number of units, 0 or more")
            }
            before = String(variant.available[location.id] ?? 0)
            state.updateVariant(id: variant.id) { _, variant in
                variant.available[location.id] = units
                variant.updatedAt = now
            }
        }
        return ActivityEvent(sequence: sequence, kind: .edit, time: now, sku: sku, field: field, before: before, after: value)
    }
}
