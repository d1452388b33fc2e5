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

extension WooCommercePlatform {
    /// The body of a `product.updated` delivery: a simple product as `GET /products/{id}` renders
    /// it, a variation as `GET /products/{parent}/variations/{id}` does. WooCommerce builds the
    /// payload with the REST controllers, and sends `product.updated` for variation saves too
    /// (the topic's hooks include `woocommerce_update_product_variation`); the variation's own
    /// body is what names its `sku`, where the parent's lists only variation ids.
    /// `nil` when there is no such product or variant.
    public func productWebhookBody(productID: Int64, variantID: Int64?, in shop: SimulatedShop, origin: String) -> [UInt8]? {
        let renderer = WooRenderer(origin: origin, dates: WooDate(utcOffset: options.utcOffset), weightUnit: options.weightUnit)
        return shop.read { state -> [UInt8]? in
            guard let product = state.product(id: productID) else { return nil }
            if !product.isSimple, let variantID {
                guard let variant = product.variants.first(where: { $0.id == variantID }) else { return nil }
                return Array(renderer.variation(variant, of: product).serialized.utf8)
            }
            return Array(renderer.product(product).serialized.utf8)
        }
    }
}
