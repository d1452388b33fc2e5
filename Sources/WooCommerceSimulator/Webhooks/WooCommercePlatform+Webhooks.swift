import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

extension WooCommercePlatform {
    /// The body of an `order.created` / `order.updated` delivery: the order exactly as
    /// `GET /orders/{id}` renders it (WooCommerce builds webhook payloads with the REST API's own
    /// controller, `WC_Webhook::build_payload`), with its `refunds[] {id, reason, total}` but not
    /// the refunds' lines. `nil` when there is no such order.
    ///
    /// - Parameter origin: `http://127.0.0.1:PORT`, for the order's links.
    public func orderWebhookBody(orderID: Int64, in shop: SimulatedShop, origin: String) -> [UInt8]? {
        let renderer = WooRenderer(origin: origin, dates: WooDate(utcOffset: options.utcOffset), weightUnit: options.weightUnit)
        return shop.read { state -> [UInt8]? in
            guard let order = state.orders[orderID] else { return nil }
            return Array(renderer.order(order, in: state).serialized.utf8)
        }
    }
}
