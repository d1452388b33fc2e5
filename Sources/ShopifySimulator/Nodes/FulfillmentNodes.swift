import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// `Fulfillment`: one shipment of an order, from the order's location.
struct FulfillmentNode: GraphNode {
    var order: SimOrder
    var shipment: SimShipment
    /// The shipment's place among the order's, for its name (`#1001-F1`).
    var index: Int
    var typeName: String { "Fulfillment" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("Fulfillment", shipment.id).description
        case "name": return "#\(order.number)-F\(index + 1)"
        case "createdAt", "updatedAt": return shipment.createdAt.shopifyTimestamp
        case "status": return "SUCCESS"
        case "totalQuantity": return shipment.totalQuantity
        case "location": return context.state.location(id: order.locationID).map { LocationNode(location: $0) }
        case "fulfillmentLineItems":
            let page = try context.pageArguments(args, field: "fulfillmentLineItems")
            return try ConnectionNode.page(
                "FulfillmentLineItemConnection", items: shipment.lines, position: { .id($0.id) }, arguments: page
            ) {
                shipped in
                RecordNode(
                    "FulfillmentLineItem",
                    [
                        "id": GlobalID("FulfillmentLineItem", shipped.id).description, "quantity": shipped.quantity,
                        "lineItem": order.lines.first { $0.id == shipped.orderLineID }.map { LineItemNode(order: order, line: $0) },
                    ])
            }
        default: return nil
        }
    }
}

/// `FulfillmentOrderLineItem`: an order line as its fulfillment order holds it. The simulator
/// gives it the order line's number, so `gid://shopify/FulfillmentOrderLineItem/<line id>`.
struct FulfillmentOrderLineItemNode: GraphNode {
    var order: SimOrder
    var line: SimOrderLine
    var typeName: String { "FulfillmentOrderLineItem" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("FulfillmentOrderLineItem", line.id).description
        case "sku": return line.sku
        case "totalQuantity": return line.quantity - line.refundedUnshippedQuantity - line.cancelledQuantity
        case "remainingQuantity": return line.openQuantity
        case "lineItem": return LineItemNode(order: order, line: line)
        case "inventoryItemId":
            return context.state.variant(id: line.variantID).map { GlobalID("InventoryItem", $0.variant.inventoryItemID).description }
        case "variant": return context.state.variant(id: line.variantID).map { VariantNode(product: $0.product, variant: $0.variant) }
        default: return nil
        }
    }
}

/// `Refund`, and the record `orderCancel` leaves (its lines restocked as `CANCEL` or `NO_RESTOCK`).
struct RefundNode: GraphNode {
    var order: SimOrder
    var refund: SimRefund
    var typeName: String { "Refund" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("Refund", refund.id).description
        case "legacyResourceId": return String(refund.id)
        case "createdAt", "updatedAt": return refund.createdAt.shopifyTimestamp
        case "note": return refund.reason.isEmpty ? nil : refund.reason
        case "order": return OrderNode(order: order)
        case "totalRefundedSet": return MoneyBagNode.bag(refund.amount)
        case "refundLineItems":
            let page = try context.pageArguments(args, field: "refundLineItems")
            let location = context.state.location(id: order.locationID)
            return try ConnectionNode.page("RefundLineItemConnection", items: refund.lines, position: { .id($0.id) }, arguments: page) {
                refunded in
                let unit = order.lines.first { $0.id == refunded.orderLineID }?.price ?? refunded.total
                return RecordNode(
                    "RefundLineItem",
                    [
                        "id": GlobalID("RefundLineItem", refunded.id).description, "quantity": refunded.quantity,
                        "restockType": Self.restockType(refunded.restock), "restocked": refunded.restock.restocks,
                        "location": refunded.restock.restocks ? location.map { LocationNode(location: $0) } : nil,
                        "priceSet": MoneyBagNode.bag(unit), "subtotalSet": MoneyBagNode.bag(refunded.total),
                        "lineItem": order.lines.first { $0.id == refunded.orderLineID }.map { LineItemNode(order: order, line: $0) },
                    ])
            }
        default: return nil
        }
    }

    static func restockType(_ restock: SimRestock) -> String {
        switch restock {
        case .none: "NO_RESTOCK"
        case .cancel: "CANCEL"
        case .return: "RETURN"
        }
    }
}
