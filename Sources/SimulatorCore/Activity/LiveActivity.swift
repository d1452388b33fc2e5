import CatalogModel
import Foundation
import JSONValue

/// How busy the store is while Concord works on it. Off by default.
///
/// Activity is counted in API requests, not seconds, so a test that says "a shopper buys something
/// every 5th request" sees the same orders at the same moments on every run: a sync's reads and
/// writes interleave with the store changing under it, deterministically.
public struct ActivitySettings: Hashable, Sendable {
    /// A shopper places an order every this many API requests.
    public var orderEveryRequests: Int?
    /// A colleague edits a listing in the admin every this many API requests.
    public var editEveryRequests: Int?
    /// The warehouse ships an open order (all its open units) every this many API requests.
    public var shipEveryRequests: Int?
    /// A merchant cancels an unshipped order, restocking it, every this many API requests.
    public var cancelEveryRequests: Int?

    public init(
        orderEveryRequests: Int? = nil, editEveryRequests: Int? = nil, shipEveryRequests: Int? = nil, cancelEveryRequests: Int? = nil
    ) {
        self.orderEveryRequests = orderEveryRequests
        self.editEveryRequests = editEveryRequests
        self.shipEveryRequests = shipEveryRequests
        self.cancelEveryRequests = cancelEveryRequests
    }

    public static let off = ActivitySettings()

    public var json: JSONValue {
        .object(
            JSONObject([
                ("order_every_requests", orderEveryRequests.map { .int($0) } ?? .null),
                ("edit_every_requests", editEveryRequests.map { .int($0) } ?? .null),
                ("ship_every_requests", shipEveryRequests.map { .int($0) } ?? .null),
                ("cancel_every_requests", cancelEveryRequests.map { .int($0) } ?? .null),
            ]))
    }
}

/// Something that happened in the store that Concord did not do.
public struct ActivityEvent: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable { case order, edit, ship, cancel, refund, trash }

    public var sequence: Int
    public var kind: Kind
    public var time: Date
    public var sku: String
    /// For edits: `title`, `price`, `stock@<location code>`; for orders: `stock@<location code>`;
    /// for ships, cancels, refunds and trashing: `order` (before and after are its status).
    public var field: String
    public var before: String
    public var after: String
    public var orderID: Int64?
    /// The order's line ids (new orders and order actions), to ship or refund them by line.
    public var lineIDs: [Int64] = []

    public var json: JSONValue {
        .object(
            JSONObject([
                ("seq", .int(sequence)),
                ("kind", .string(kind.rawValue)),
                ("time", .string(time.formatted(.iso8601))),
                ("sku", .string(sku)),
                ("field", .string(field)),
                ("before", .string(before)),
                ("after", .string(after)),
                ("order_id", orderID.map { .int($0) } ?? .null),
                ("line_ids", .array(lineIDs.map { .int($0) })),
            ]))
    }
}

extension SimOrder {
    /// `cancelled`, `trashed`, or the fulfilment state (`unfulfilled`, `partial`, `fulfilled`).
    public var activityStatus: String {
        if trashedAt != nil { return "trashed" }
        if cancelledAt != nil { return "cancelled" }
        return fulfillment.rawValue
    }
}

/// The shoppers and the colleague. Changes go straight into the shop's state, the way a sale or an
/// admin edit would, stamping `updatedAt` so incremental reads see them.
public struct LiveActivity: Sendable {
    private var random: SeededGenerator
    private var names = SeededGenerator(seed: 7)

    public init(seed: UInt64) {
        random = SeededGenerator.derived(from: seed, purpose: "activity")
    }

    /// A shopper buys one to three units of a variant in stock; returns what changed.
    public mutating func placeOrder(in state: inout ShopState, now: Date, sequence: Int) -> ActivityEvent? {
        let candidates = state.productIDs.filter { id in
            guard let product = state.product(id: id), product.status == .active else { return false }
            return product.variants.contains { $0.tracksInventory && $0.totalAvailable > 0 && !$0.sku.isEmpty }
        }
        guard let productID = candidates.randomElement(using: &random),
            let product = state.product(id: productID),
            let variant = product.variants.filter({ $0.tracksInventory && $0.totalAvailable > 0 && !$0.sku.isEmpty }).randomElement(
                using: &random),
            let (locationID, stock) = variant.available.filter({ $0.value > 0 }).sorted(by: { $0.key < $1.key }).randomElement(
                using: &random),
            let location = state.location(id: locationID)
        else { return nil }
        let quantity = min(stock, Int.random(in: 1...3, using: &random))
        guard
            let order = state.placeOrder(
                variantID: variant.id, locationID: locationID, quantity: quantity, customer: makeCustomer(), now: now)
        else { return nil }
        let orderID = order.id
        return ActivityEvent(
            sequence: sequence, kind: .order, time: now, sku: variant.sku, field: "stock@" + location.code,
            before: String(stock), after: String(stock - quantity), orderID: orderID, lineIDs: order.lines.map(\.id)
        )
    }

    /// The warehouse ships every open unit of one open order.
    public mutating func shipOrder(in state: inout ShopState, now: Date, sequence: Int) -> ActivityEvent? {
        let candidates = state.allOrders.filter {
            $0.cancelledAt == nil && $0.trashedAt == nil && $0.lines.contains { $0.openQuantity > 0 }
        }
        guard let order = candidates.randomElement(using: &random), (try? state.ship(order: order.id, at: now)) != nil else { return nil }
        return Self.orderEvent(.ship, before: order, after: state.orders[order.id]!, sequence: sequence, now: now)
    }

    /// A merchant cancels one order nothing of which has shipped, restocking it (on Magento only
    /// an uninvoiced one: an invoiced order is refunded, not cancelled).
    public mutating func cancelOrder(in state: inout ShopState, platform: Platform, now: Date, sequence: Int) -> ActivityEvent? {
        let candidates = state.allOrders.filter { order in
            order.cancelledAt == nil && order.trashedAt == nil && order.lines.allSatisfy { $0.fulfilledQuantity == 0 }
                && order.lines.contains { $0.openQuantity > 0 } && (platform != .magento || order.financial == .pending)
        }
        guard let order = candidates.randomElement(using: &random),
            (try? state.cancel(order: order.id, restock: true, platform: platform, at: now)) != nil
        else { return nil }
        return Self.orderEvent(.cancel, before: order, after: state.orders[order.id]!, sequence: sequence, now: now)
    }

    /// An event for something done to an order: its status before and after.
    public static func orderEvent(_ kind: ActivityEvent.Kind, before: SimOrder, after: SimOrder, sequence: Int, now: Date) -> ActivityEvent
    {
        ActivityEvent(
            sequence: sequence, kind: kind, time: now, sku: after.lines.map(\.sku).joined(separator: ","), field: "order",
            before: before.activityStatus, after: after.activityStatus, orderID: after.id, lineIDs: after.lines.map(\.id))
    }

    /// A colleague changes a title, a price or a stock count in the admin.
    public mutating func editListing(in state: inout ShopState, now: Date, sequence: Int) -> ActivityEvent? {
        guard let productID = state.productIDs.randomElement(using: &random),
            var product = state.product(id: productID),
            let variantIndex = product.variants.indices.randomElement(using: &random)
        else { return nil }
        var variant = product.variants[variantIndex]
        let event: ActivityEvent
        switch Int.random(in: 0..<3, using: &random) {
        case 0:
            let before = product.title
            product.title = before + " (edited)"
            event = ActivityEvent(
                sequence: sequence, kind: .edit, time: now, sku: variant.sku, field: "title", before: before, after: product.title)
        case 1:
            let before = variant.price
            variant.price = Money(minorUnits: before.minorUnits + 100, currency: before.currency)
            event = ActivityEvent(
                sequence: sequence, kind: .edit, time: now, sku: variant.sku, field: "price", before: before.amountString,
                after: variant.price.amountString)
        default:
            guard let location = state.locations.randomElement(using: &random) else { return nil }
            let before = variant.available[location.id] ?? 0
            let after = before + Int.random(in: 1...20, using: &random)
            variant.available[location.id] = after
            event = ActivityEvent(
                sequence: sequence, kind: .edit, time: now, sku: variant.sku, field: "stock@" + location.code, before: String(before),
                after: String(after))
        }
        variant.updatedAt = now
        product.variants[variantIndex] = variant
        product.updatedAt = now
        state.upsert(product)
        return event
    }

    mutating func makeCustomer() -> SimCustomer {
        let first = ["Ada", "Lena", "Omar", "Yuki", "Jonas", "Maya", "Luca", "Ines"].randomElement(using: &names)!
        let last = ["Meyer", "Rossi", "Dubois", "Novak", "Lindqvist", "Okafor", "Garcia"].randomElement(using: &names)!
        return SimCustomer(
            firstName: first, lastName: last, email: "\(first.lowercased()).\(last.lowercased())@example.com",
            address: "\(Int.random(in: 1...200, using: &names)) Example Street", city: "Berlin",
            postcode: String(Int.random(in: 10_000...14_999, using: &names)), country: "DE"
        )
    }
}
