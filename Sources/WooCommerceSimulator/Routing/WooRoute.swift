import SimulatorCore

/// One endpoint of `/wp-json/wc/v3` with the ids in its path, resolved from a method and a path.
enum WooRoute: Equatable, Sendable {
    case listProducts, createProduct, batchProducts
    case getProduct(Int64), updateProduct(Int64), deleteProduct(Int64)
    case listVariations(product: Int64), createVariation(product: Int64), batchVariations(product: Int64)
    case getVariation(product: Int64, id: Int64), updateVariation(product: Int64, id: Int64), deleteVariation(product: Int64, id: Int64)
    /// `GET /variations`: every variation of the store, each naming its product in `parent_id`
    /// (WooCommerce 10.3, `WC_REST_Variations_Controller`; read-only).
    case listAllVariations
    case listOrders, createOrder, batchOrders
    case getOrder(Int64), updateOrder(Int64), deleteOrder(Int64)
    /// `/orders/{id}/refunds` and `/orders/{id}/refunds/{refund}` (no deletes: refunds stay).
    case listRefunds(order: Int64), createRefund(order: Int64), getRefund(order: Int64, id: Int64)
    /// `GET /data/currencies/current`: the store's currency (code, name, symbol).
    case currentCurrency
    /// `GET /settings/products/woocommerce_weight_unit`: the unit of every product weight.
    case weightUnitSetting

    static let prefix = "/wp-json/wc/v3"

    /// The route for `method` on `path`, or nil (`rest_no_route`). WordPress treats POST, PUT and
    /// PATCH alike for edits, and batch endpoints take all three.
    init?(method: String, path: String) {
        guard path.hasPrefix(Self.prefix + "/") else { return nil }
        var segments = path.dropFirst(Self.prefix.count).split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard !segments.isEmpty else { return nil }
        let collection = segments.removeFirst()
        let isRead = method == "GET" || method == "HEAD"
        let isEdit = method == "POST" || method == "PUT" || method == "PATCH"
        let isDelete = method == "DELETE"

        switch (collection, segments.count) {
        case ("data", 2) where segments == ["currencies", "current"]:
            guard isRead else { return nil }
            self = .currentCurrency
        case ("settings", 2) where segments == ["products", "woocommerce_weight_unit"]:
            guard isRead else { return nil }
            self = .weightUnitSetting
        case ("variations", 0):
            guard isRead else { return nil }
            self = .listAllVariations
        case ("products", 0):
            if isRead { self = .listProducts } else if method == "POST" { self = .createProduct } else { return nil }
        case ("products", 1) where segments[0] == "batch":
            guard isEdit else { return nil }
            self = .batchProducts
        case ("products", 1):
            guard let id = Int64(segments[0]) else { return nil }
            if isRead {
                self = .getProduct(id)
            } else if isEdit {
                self = .updateProduct(id)
            } else if isDelete {
                self = .deleteProduct(id)
            } else {
                return nil
            }
        case ("products", 2) where segments[1] == "variations":
            guard let product = Int64(segments[0]) else { return nil }
            if isRead {
                self = .listVariations(product: product)
            } else if method == "POST" {
                self = .createVariation(product: product)
            } else {
                return nil
            }
        case ("products", 3) where segments[1] == "variations" && segments[2] == "batch":
            guard let product = Int64(segments[0]), isEdit else { return nil }
            self = .batchVariations(product: product)
        case ("products", 3) where segments[1] == "variations":
            guard let product = Int64(segments[0]), let id = Int64(segments[2]) else { return nil }
            if isRead {
                self = .getVariation(product: product, id: id)
            } else if isEdit {
                self = .updateVariation(product: product, id: id)
            } else if isDelete {
                self = .deleteVariation(product: product, id: id)
            } else {
                return nil
            }
        case ("orders", 0):
            if isRead { self = .listOrders } else if method == "POST" { self = .createOrder } else { return nil }
        case ("orders", 1) where segments[0] == "batch":
            guard isEdit else { return nil }
            self = .batchOrders
        case ("orders", 1):
            guard let id = Int64(segments[0]) else { return nil }
            if isRead {
                self = .getOrder(id)
            } else if isEdit {
                self = .updateOrder(id)
            } else if isDelete {
                self = .deleteOrder(id)
            } else {
                return nil
            }
        case ("orders", 2) where segments[1] == "refunds":
            guard let order = Int64(segments[0]) else { return nil }
            if isRead {
                self = .listRefunds(order: order)
            } else if method == "POST" {
                self = .createRefund(order: order)
            } else {
                return nil
            }
        case ("orders", 3) where segments[1] == "refunds":
            guard let order = Int64(segments[0]), let id = Int64(segments[2]), isRead else { return nil }
            self = .getRefund(order: order, id: id)
        default:
            return nil
        }
    }

    /// The error WooCommerce's permission callback gives a request without valid credentials:
    /// `woocommerce_rest_cannot_view` for reads, and the matching code for each kind of write.
    var unauthenticatedError: WooError {
        let (code, message): (String, String) =
            switch self {
            case .listProducts, .listVariations, .listAllVariations, .listOrders, .listRefunds, .currentCurrency:
                ("woocommerce_rest_cannot_view", "Sorry, you cannot list resources.")
            case .getProduct, .getVariation, .getOrder, .getRefund, .weightUnitSetting:
                ("woocommerce_rest_cannot_view", "Sorry, you cannot view this resource.")
            case .createProduct, .createVariation, .createOrder, .createRefund:
                ("woocommerce_rest_cannot_create", "Sorry, you are not allowed to create resources.")
            case .updateProduct, .updateVariation, .updateOrder:
                ("woocommerce_rest_cannot_edit", "Sorry, you are not allowed to edit this resource.")
            case .deleteProduct, .deleteVariation, .deleteOrder:
                ("woocommerce_rest_cannot_delete", "Sorry, you are not allowed to delete this resource.")
            case .batchProducts, .batchVariations, .batchOrders:
                ("woocommerce_rest_cannot_batch", "Sorry, you are not allowed to batch manipulate this resource.")
            }
        return WooError(code: code, message: message, status: 401)
    }
}
