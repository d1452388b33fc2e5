import JSONValue
import SimulatorCore

/// An error as the WordPress REST API sends it: `{code, message, data: {status}}`, with
/// WooCommerce's own codes so that a client can branch on `code` as it would against a real store.
struct WooError: Error, Sendable {
    var code: String
    var message: String
    var status: Int
    /// Per-parameter reasons, as WordPress adds them to `rest_invalid_param` (`data.params`).
    var params: [(String, String)] = []

    var json: JSONValue {
        var data = JSONObject()
        data["status"] = .int(status)
        if !params.isEmpty {
            data["params"] = .object(JSONObject(params.map { ($0.0, JSONValue.string($0.1)) }))
        }
        return ["code": .string(code), "message": .string(message), "data": .object(data)]
    }

    var response: SimResponse { .json(json, status: status) }

    /// WordPress answers an unknown path and a known path with the wrong method alike.
    static let noRoute = WooError(code: "rest_no_route", message: "No route was found matching the URL and request method.", status: 404)

    /// A query or body parameter WordPress's schema validation refuses.
    static func invalidParam(_ name: String, _ reason: String) -> WooError {
        WooError(code: "rest_invalid_param", message: "Invalid parameter(s): \(name)", status: 400, params: [(name, reason)])
    }

    /// `woocommerce_rest_{post_type}_invalid_id`, as WooCommerce's CRUD controllers name it.
    static func invalidID(_ resource: WooResource) -> WooError {
        WooError(code: "woocommerce_rest_\(resource.postType)_invalid_id", message: "Invalid ID.", status: 404)
    }

    static func invalidBody(_ reason: String) -> WooError {
        WooError(code: "rest_invalid_json", message: "Invalid JSON body passed: \(reason)", status: 400)
    }

    static func duplicateSKU(_ sku: String) -> WooError {
        // WC_REST_Products_Controller: `product_invalid_sku`, "Invalid or duplicated SKU.", 400.
        WooError(
            code: "product_invalid_sku", message: "Invalid or duplicated SKU. (\(sku) is already used by another product or variation.)",
            status: 400)
    }
}

/// The kinds of object this simulator serves, with the names WooCommerce uses for them.
enum WooResource: Sendable {
    case product, variation, order, orderRefund

    /// The WordPress post type, which WooCommerce puts into its error codes.
    var postType: String {
        switch self {
        case .product: "product"
        case .variation: "product_variation"
        case .order: "shop_order"
        case .orderRefund: "shop_order_refund"
        }
    }
}
