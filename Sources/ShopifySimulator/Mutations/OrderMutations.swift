import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// `fulfillmentCreate`, `orderCancel` and `refundCreate`, through the simulator's shared order
/// operations (`ShopState+OrderLifecycle`), so stock moves as on Shopify: a fulfilment lowers
/// committed and on hand, not available; a restocking cancel puts committed units back to
/// available; a refund line restocks as its `restockType` says.
///
/// Each order has one fulfillment order (the order's id), whose line items carry the order
/// lines' ids (`gid://shopify/FulfillmentOrderLineItem/<line id>`).
enum OrderMutations {
    /// `fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: [{fulfillmentOrderId,
    /// fulfillmentOrderLineItems: [{id, quantity}]}]})`; a fulfillment order without line items
    /// ships all it has left (shopify.dev/docs/api/admin-graphql/latest/input-objects/FulfillmentOrderLineItemsInput).
    static func fulfillmentCreate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let groups = args[argument: "fulfillment"]?[argument: "lineItemsByFulfillmentOrder"]?.items ?? []
        var errors = UserErrorList("UserError", hasCode: false)
        let orderIDs = Set(groups.compactMap { GlobalID.id($0[argument: "fulfillmentOrderId"]?.text, type: "FulfillmentOrder") })
        guard !groups.isEmpty, orderIDs.count == groups.count, orderIDs.count == 1, let orderID = orderIDs.first,
            context.state.orders[orderID].map({ $0.trashedAt == nil }) == true
        else {
            errors.add(["fulfillment", "lineItemsByFulfillmentOrder"], "Fulfillment order does not exist.")
            return RecordNode("FulfillmentCreatePayload", ["fulfillment": nil, "userErrors": errors.nodes])
        }
        var quantities: [(line: Int64, quantity: Int)]?
        if let items = groups[0][argument: "fulfillmentOrderLineItems"]?.items {
            quantities = []
            for (index, item) in items.enumerated() {
                guard let line = GlobalID.id(item[argument: "id"]?.text, type: "FulfillmentOrderLineItem") else {
                    errors.add(
                        ["fulfillment", "lineItemsByFulfillmentOrder", "0", "fulfillmentOrderLineItems", String(index), "id"],
                        "Fulfillment order line item does not exist.")
                    continue
                }
                quantities?.append((line, item[argument: "quantity"]?.integer ?? 0))
            }
        }
        guard errors.isEmpty else { return RecordNode("FulfillmentCreatePayload", ["fulfillment": nil, "userErrors": errors.nodes]) }
        let result = context.write { state, now -> Result<(SimOrder, SimShipment), SimOrderError> in
            do throws(SimOrderError) {
                let shipment = try state.ship(order: orderID, quantities: quantities, at: now)
                return .success((state.orders[orderID]!, shipment))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let (order, shipment)):
            let index = order.shipments.firstIndex { $0.id == shipment.id } ?? 0
            return RecordNode(
                "FulfillmentCreatePayload",
                ["fulfillment": FulfillmentNode(order: order, shipment: shipment, index: index), "userErrors": list([])])
        case .failure(let error):
            errors.add(["fulfillment"], Self.message(error))
            return RecordNode("FulfillmentCreatePayload", ["fulfillment": nil, "userErrors": errors.nodes])
        }
    }

    /// `orderCancel(orderId, reason, refund, restock, notifyCustomer, staffNote)`: Shopify runs it
    /// as a job; the simulator's job is done when the answer comes back.
    static func orderCancel(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("OrderCancelUserError")
        guard let orderID = GlobalID.id(args[argument: "orderId"]?.text, type: "Order"),
            context.state.orders[orderID].map({ $0.trashedAt == nil }) == true
        else {
            errors.add(["orderId"], "Order does not exist", code: "NOT_FOUND")
            return cancelPayload(job: nil, errors: errors)
        }
        let restock = args[argument: "restock"]?.boolean ?? false
        let refund = args[argument: "refund"]?.boolean ?? false
        let reason = args[argument: "staffNote"]?.text ?? ""
        let failure = context.write { state, now -> SimOrderError? in
            do throws(SimOrderError) {
                try state.cancel(order: orderID, restock: restock, refund: refund, reason: reason, platform: .shopify, at: now)
                return nil
            } catch {
                return error
            }
        }
        if let failure {
            errors.add(["orderId"], Self.message(failure), code: "INVALID")
            return cancelPayload(job: nil, errors: errors)
        }
        let job = RecordNode("Job", ["id": GlobalID("Job", orderID).description, "done": true])
        return cancelPayload(job: job, errors: errors)
    }

    static func cancelPayload(job: RecordNode?, errors: UserErrorList) -> RecordNode {
        var plain = UserErrorList("UserError", hasCode: false)
        for error in errors.records { plain.add(error.fields["field"] as? [String], error.fields["message"] as? String ?? "") }
        return RecordNode("OrderCancelPayload", ["job": job, "orderCancelUserErrors": errors.nodes, "userErrors": plain.nodes])
    }

    /// `refundCreate(input: {orderId, note, refundLineItems: [{lineItemId, quantity, restockType,
    /// locationId}]})`. `RETURN` takes shipped units, `CANCEL` unshipped ones, `NO_RESTOCK` (the
    /// default) unshipped ones first; units restock at the order's location.
    static func refundCreate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let input = args[argument: "input"] ?? .dictionary([:])
        var errors = UserErrorList("UserError", hasCode: false)
        guard let orderID = GlobalID.id(input[argument: "orderId"]?.text, type: "Order"),
            context.state.orders[orderID].map({ $0.trashedAt == nil }) == true
        else {
            errors.add(["orderId"], "Order does not exist")
            return RecordNode("RefundCreatePayload", ["order": nil, "refund": nil, "userErrors": errors.nodes])
        }
        var items: [SimRefundItem] = []
        for (index, item) in (input[argument: "refundLineItems"]?.items ?? []).enumerated() {
            let path = ["refundLineItems", String(index)]
            guard let line = GlobalID.id(item[argument: "lineItemId"]?.text, type: "LineItem") else {
                errors.add(path + ["lineItemId"], "Line item does not exist")
                continue
            }
            let restock: SimRestock
            switch item[argument: "restockType"]?.text ?? "NO_RESTOCK" {
            case "RETURN": restock = .return
            case "CANCEL": restock = .cancel
            case "NO_RESTOCK": restock = .none
            default:
                errors.add(path + ["restockType"], "LEGACY_RESTOCK is not accepted when creating new refunds")
                continue
            }
            items.append(SimRefundItem(line: line, quantity: item[argument: "quantity"]?.integer ?? 0, restock: restock))
        }
        guard errors.isEmpty else { return RecordNode("RefundCreatePayload", ["order": nil, "refund": nil, "userErrors": errors.nodes]) }
        let note = input[argument: "note"]?.text ?? ""
        let result = context.write { state, now -> Result<(SimOrder, SimRefund), SimOrderError> in
            do throws(SimOrderError) {
                let refund = try state.refund(order: orderID, items: items, reason: note, at: now)
                return .success((state.orders[orderID]!, refund))
            } catch {
                return .failure(error)
            }
        }
        switch result {
        case .success(let (order, refund)):
            return RecordNode(
                "RefundCreatePayload",
                ["order": OrderNode(order: order), "refund": RefundNode(order: order, refund: refund), "userErrors": list([])])
        case .failure(let error):
            errors.add(["refundLineItems"], Self.message(error))
            return RecordNode("RefundCreatePayload", ["order": nil, "refund": nil, "userErrors": errors.nodes])
        }
    }

    static func message(_ error: SimOrderError) -> String {
        switch error {
        case .tooMany(let line, let left): "Line item \(line) has only \(left) units that can be used for this."
        case .alreadyCancelled: "Order has already been cancelled."
        case .nothingToShip: "The fulfillment order has no line items left to fulfill."
        default: error.description
        }
    }
}
