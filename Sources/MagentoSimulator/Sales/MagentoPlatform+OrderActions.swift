import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Shipping, cancelling and refunding orders (`Magento\Sales\Api\ShipOrderInterface`,
/// `OrderManagementInterface::cancel`, `RefundOrderInterface`), through the simulator's shared
/// order operations, with MSI's stock effects: a shipment deducts the source quantity and
/// compensates the order's reservation (salable unchanged), a cancel releases the reservation of
/// what did not ship, and a credit memo puts units named in `return_to_stock_items` back on the
/// source (units that had not shipped get their reservation compensated in any case).
extension MagentoPlatform {
    /// `POST /V1/order/{orderId}/ship {items?: [{order_item_id, qty}]}`: no items ships all;
    /// answers the new shipment's id.
    func shipOrder(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let orderID = try Self.orderID(call, parameter: "orderId")
        let quantities = try Self.itemQuantities(call.body()["items"], call: call, orderID: orderID)
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            do throws(SimOrderError) {
                return .int(try state.ship(order: orderID, quantities: quantities.isEmpty ? nil : quantities, at: now).id)
            } catch .noSuchOrder {
                throw MagentoError.entityNotFound
            } catch {
                throw MagentoError(status: 400, "Shipment Document Validation Error(s):\n%1", parameters: [.string(Self.message(error))])
            }
        }
    }

    /// `POST /V1/orders/{id}/cancel`: `true` when cancelled, `false` when Magento's
    /// `Order::canCancel` says no (already cancelled, complete, or every item invoiced).
    func cancelOrder(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let orderID = try Self.orderID(call, parameter: "id")
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            do throws(SimOrderError) {
                try state.cancel(order: orderID, restock: true, platform: .magento, at: now)
                return true
            } catch .noSuchOrder {
                throw MagentoError.entityNotFound
            } catch {
                return false
            }
        }
    }

    /// `POST /V1/order/{orderId}/refund {items: [{order_item_id, qty}], arguments:
    /// {extension_attributes: {return_to_stock_items: [order item ids]}}}`: an offline credit
    /// memo; answers its id. `arguments.return_to_stock_items` is read too.
    func refundOrder(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let orderID = try Self.orderID(call, parameter: "orderId")
        let body = try call.body()
        let quantities = try Self.itemQuantities(body["items"], call: call, orderID: orderID)
        let listed = body["arguments"]?["extension_attributes"]?["return_to_stock_items"] ?? body["arguments"]?["return_to_stock_items"]
        let catalogLines = call.shop.read { $0.untrashedOrder(id: orderID)?.lines ?? [] }
        let returned = Set((listed?.arrayValue ?? []).compactMap { $0.int64Value }.map { Self.lineID($0, lines: catalogLines) })
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            guard let order = state.untrashedOrder(id: orderID) else { throw MagentoError.entityNotFound }
            // Order::canCreditmemo: only an invoiced (paid) order can be refunded.
            guard order.financial != .pending, order.financial != .voided,
                order.cancelledAt == nil || order.lines.contains(where: { $0.fulfilledQuantity > 0 })
            else {
                throw MagentoError(status: 400, "We can't create creditmemo for the order.")
            }
            let wanted =
                quantities.isEmpty
                ? order.lines.compactMap { line in
                    let left = line.quantity - line.refundedQuantity - line.cancelledQuantity
                    return left > 0 ? (line.id, left) : nil
                }
                : quantities
            do throws(SimOrderError) {
                var items: [SimRefundItem] = []
                for (line, quantity) in wanted {
                    items += try state.refundItems(
                        order: orderID, quantities: [(line, quantity)], restock: returned.contains(line), platform: .magento)
                }
                return .int(try state.refund(order: orderID, items: items, at: now).id)
            } catch {
                throw MagentoError(status: 400, "Creditmemo Document Validation Error(s):\n%1", parameters: [.string(Self.message(error))])
            }
        }
    }

    static func orderID(_ call: MagentoCall, parameter: String) throws(MagentoError) -> Int64 {
        guard let id = Int64(call.parameter(parameter)) else { throw MagentoError.invalidType(call.parameter(parameter), expected: "int") }
        guard call.shop.read({ $0.untrashedOrder(id: id) }) != nil else { throw MagentoError.entityNotFound }
        return id
    }

    /// `[{order_item_id, qty}]` as order line ids and units; a configurable line's child item
    /// id names its line.
    static func itemQuantities(_ value: JSONValue?, call: MagentoCall, orderID: Int64) throws(MagentoError) -> [(
        line: Int64, quantity: Int
    )] {
        let lines = call.shop.read { $0.untrashedOrder(id: orderID)?.lines ?? [] }
        var quantities: [(line: Int64, quantity: Int)] = []
        for item in value?.arrayValue ?? [] {
            guard let itemID = item["order_item_id"]?.int64Value else { throw MagentoError.requiredField("order_item_id") }
            guard let qty = item["qty"]?.decimalValue ?? item["qty"]?.stringValue.flatMap({ Decimal(string: $0) }),
                let units = Int(exactly: NSDecimalNumber(decimal: qty).doubleValue)
            else {
                throw MagentoError.requiredField("qty")
            }
            quantities.append((lineID(itemID, lines: lines), units))
        }
        return quantities
    }

    static func lineID(_ itemID: Int64, lines: [SimOrderLine]) -> Int64 {
        lines.first { MagentoOrder.childItemID($0) == itemID }?.id ?? itemID
    }

    static func message(_ error: SimOrderError) -> String {
        switch error {
        case .tooMany: "The quantity to ship or refund must not be greater than the quantity left on the item."
        case .nothingToShip, .alreadyCancelled: "The order does not allow a shipment to be created."
        default: error.description
        }
    }
}
