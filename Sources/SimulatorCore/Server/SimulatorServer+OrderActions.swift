import CatalogModel
import Foundation
import JSONValue

extension SimulatorServer {
    /// `POST /_sim/orders/{id}/ship|cancel|refund|trash`: what a warehouse or a merchant does to
    /// an order, through the same operations the platform APIs use (see `ShopState+OrderLifecycle`).
    ///
    /// - `ship {"lines": {"<line id>": units}}` (no body: every open unit)
    /// - `cancel {"restock": true, "refund": false, "reason": ""}` (restock defaults to true)
    /// - `refund {"lines": {"<line id>": units}, "restock": false, "amount": "12.00"?}`
    /// - `trash` (no body)
    ///
    /// The answer is the activity event (201) with the order as the store now holds it (`order`)
    /// and the shipment's or refund's id; a refusal is 422 with an `error` saying why.
    func orderAction(_ request: SimRequest, route: Substring) -> SimResponse {
        let parts = route.split(separator: "/")
        guard parts.count == 2, let orderID = Int64(parts[0]), let kind = ActivityEvent.Kind(rawValue: String(parts[1])),
            [.ship, .cancel, .refund, .trash].contains(kind)
        else {
            return .json(["error": "use POST /_sim/orders/{id}/ship, /cancel, /refund or /trash"], status: 404)
        }
        let body: JSONValue
        do {
            body = try request.jsonBody() ?? .object(JSONObject())
        } catch {
            return .json(["error": .string("body is not JSON: \(error.description)")], status: 400)
        }
        let lines: [(line: Int64, quantity: Int)]?
        switch Self.lineQuantities(body["lines"]) {
        case .success(let parsed): lines = parsed
        case .failure(let error): return .json(["error": .string(error.message)], status: 400)
        }
        if kind == .refund, lines == nil {
            return .json(["error": "send {\"lines\": {\"<line id>\": units}, \"restock\": true|false}"], status: 400)
        }
        let now = shop.now
        let platform = shop.platform
        let result = control.withLock { state -> Result<(ActivityEvent, JSONValue, Int64?), SimOrderError> in
            let sequence = state.events.count + 1
            let made = shop.mutate { shopState -> Result<(ActivityEvent, JSONValue, Int64?), SimOrderError> in
                do throws(SimOrderError) {
                    guard let before = shopState.orders[orderID] else { throw .noSuchOrder(orderID) }
                    var madeID: Int64?
                    switch kind {
                    case .ship:
                        // WooCommerce has no partial shipment in core: `completed` ships the whole order.
                        if platform == .woocommerce, lines != nil {
                            throw .refused("WooCommerce ships whole orders (status completed); send no lines")
                        }
                        madeID = try shopState.ship(order: orderID, quantities: lines, at: now).id
                    case .cancel:
                        try shopState.cancel(
                            order: orderID, restock: body["restock"]?.boolValue ?? true, refund: body["refund"]?.boolValue ?? false,
                            reason: body["reason"]?.stringValue ?? "", platform: platform, at: now)
                    case .refund:
                        let items = try shopState.refundItems(
                            order: orderID, quantities: lines ?? [], restock: body["restock"]?.boolValue ?? false, platform: platform)
                        let amount = body["amount"]?.stringValue.flatMap { try? Money.parse($0, currency: before.currency) }
                        madeID = try shopState.refund(
                            order: orderID, items: items, amount: amount, reason: body["reason"]?.stringValue ?? "", at: now
                        ).id
                    default:
                        try shopState.trash(order: orderID, at: now)
                    }
                    let after = shopState.orders[orderID]!
                    let event = LiveActivity.orderEvent(kind, before: before, after: after, sequence: sequence, now: now)
                    return .success((event, after.controlJSON(in: shopState), madeID))
                } catch {
                    return .failure(error)
                }
            }
            if case .success(let (event, _, _)) = made { state.events.append(event) }
            return made
        }
        switch result {
        case .success(let (event, order, madeID)):
            notifyStateChange(.changed)
            var object = event.json.objectValue ?? JSONObject()
            object["order"] = order
            if let madeID { object[kind == .ship ? "shipment_id" : "refund_id"] = .int(madeID) }
            return .json(.object(object), status: 201)
        case .failure(let error):
            let status = if case .noSuchOrder = error { 404 } else { 422 }
            return .json(["error": .string(error.description)], status: status)
        }
    }

    /// `{"<line id>": units}` as pairs in line id order; `nil` when absent.
    static func lineQuantities(_ value: JSONValue?) -> Result<[(line: Int64, quantity: Int)]?, ActivityRequestError> {
        guard let value, !value.isNull else { return .success(nil) }
        guard let object = value.objectValue else {
            return .failure(ActivityRequestError(message: "lines must be an object of line id to units, e.g. {\"1012\": 1}"))
        }
        var pairs: [(line: Int64, quantity: Int)] = []
        for (key, units) in object {
            guard let line = Int64(key), let quantity = units.intValue else {
                return .failure(ActivityRequestError(message: "lines: \(key) must be a line id with a whole number of units"))
            }
            pairs.append((line, quantity))
        }
        return .success(pairs.sorted { $0.line < $1.line })
    }
}

extension SimOrder {
    /// The order as `/_sim/` answers show it: its state and, per line, the units in each state
    /// and the variant's stock at the order's location now.
    public func controlJSON(in state: borrowing ShopState) -> JSONValue {
        let lineObjects: [JSONValue] = lines.map { line in
            let variant = state.variant(id: line.variantID)?.variant
            return .object(
                JSONObject([
                    ("id", .int(line.id)), ("sku", .string(line.sku)), ("variant_id", .int(line.variantID)),
                    ("quantity", .int(line.quantity)),
                    ("shipped", .int(line.fulfilledQuantity)), ("refunded", .int(line.refundedQuantity)),
                    ("cancelled", .int(line.cancelledQuantity)), ("restocked", .int(line.restockedQuantity)),
                    ("returned", .int(line.returnedQuantity)), ("open", .int(line.openQuantity)),
                    ("available", .int(variant?.available[locationID] ?? 0)), ("committed", .int(variant?.committed[locationID] ?? 0)),
                ]))
        }
        return .object(
            JSONObject([
                ("id", .int(id)), ("number", .int(number)), ("status", .string(activityStatus)), ("financial", .string(financial.rawValue)),
                ("stock_reduced", .bool(stockReduced)), ("location_id", .int(locationID)), ("lines", .array(lineObjects)),
            ]))
    }
}
