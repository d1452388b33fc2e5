import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// Serves one authenticated request on one route.
struct WooEndpoints {
    var request: SimRequest
    var shop: SimulatedShop
    var options: WooCommercePlatform.Options

    var dates: WooDate { WooDate(utcOffset: options.utcOffset) }

    /// `http://host:port` as the client addressed the store, for links in bodies and headers.
    var origin: String {
        if let host = request.header("host"), !host.isEmpty { return "http://" + host }
        if let schemeEnd = request.url.range(of: "://"), let pathStart = request.url[schemeEnd.upperBound...].firstIndex(of: "/") {
            return String(request.url[..<pathStart])
        }
        return "http://127.0.0.1"
    }

    var renderer: WooRenderer { WooRenderer(origin: origin, dates: dates, weightUnit: options.weightUnit) }

    func serve(_ route: WooRoute) throws(WooError) -> SimResponse {
        switch route {
        case .currentCurrency:
            // The shape of WooCommerce's data/currencies/current: code, name, symbol, links.
            let code = shop.read { $0.currency.code }
            return single([
                "code": .string(code), "name": .string(Locale(identifier: "en_US").localizedString(forCurrencyCode: code) ?? code),
                "symbol": .string(Locale(identifier: "en_US@currency=\(code)").currencySymbol ?? code),
                "_links": ["self": [["href": .string(origin + WooRoute.prefix + "/data/currencies/\(code)")]]],
            ])
        case .weightUnitSetting:
            // The shape of a WooCommerce setting option (id, label, type, value, options); the
            // store calls pounds "lbs".
            let unit = options.weightUnit == .pounds ? "lbs" : options.weightUnit.rawValue
            return single([
                "id": "woocommerce_weight_unit", "label": "Weight unit",
                "description": "This controls what unit you will define weights in.",
                "type": "select", "default": "kg", "value": .string(unit),
                "options": ["kg": "kg", "g": "g", "lbs": "lbs", "oz": "oz"],
            ])
        case .listProducts: return try listProducts()
        case .getProduct(let id):
            let product = try shop.read { state in state.product(id: id) }.orThrow(.invalidID(.product))
            return single(renderer.product(product))
        case .createProduct:
            let product = try write { state, writer throws(WooError) in try writer.products.create(body(), in: &state) }
            return single(renderer.product(product), status: 201)
        case .updateProduct(let id):
            let product = try write { state, writer throws(WooError) in try writer.products.update(id: id, body(), in: &state) }
            return single(renderer.product(product))
        case .deleteProduct(let id):
            let force = isTrue(request.queryValue("force"))
            let product = try write { state, writer throws(WooError) in try writer.products.delete(id: id, in: &state) }
            // Without `force` WooCommerce moves the product to the trash; the simulator removes it
            // either way and answers with the trashed form.
            return single(renderer.product(product, statusOverride: force ? nil : "trash"))
        case .batchProducts:
            return try batch(
                resource: .product,
                create: { body, state, writer throws(WooError) in
                    renderer.product(try writer.products.create(body, in: &state))
                },
                update: { id, body, state, writer throws(WooError) in
                    renderer.product(try writer.products.update(id: id, body, in: &state))
                },
                delete: { id, state, writer throws(WooError) in
                    renderer.product(try writer.products.delete(id: id, in: &state))
                })

        case .listVariations(let productID): return try listVariations(productID)
        case .listAllVariations: return try listAllVariations()
        case .getVariation(let productID, let id):
            let (product, variant) = try shop.read { state -> (SimProduct, SimVariant)? in
                guard let product = state.product(id: productID), !product.isSimple,
                    let variant = product.variants.first(where: { $0.id == id })
                else { return nil }
                return (product, variant)
            }.orThrow(.invalidID(.variation))
            return single(renderer.variation(variant, of: product))
        case .createVariation(let productID):
            let (product, variant) = try write { state, writer throws(WooError) in
                try writer.products.createVariation(product: productID, body(), in: &state)
            }
            return single(renderer.variation(variant, of: product), status: 201)
        case .updateVariation(let productID, let id):
            let (product, variant) = try write { state, writer throws(WooError) in
                try writer.products.updateVariation(product: productID, id: id, body(), in: &state)
            }
            return single(renderer.variation(variant, of: product))
        case .deleteVariation(let productID, let id):
            guard isTrue(request.queryValue("force")) else {
                throw WooError(
                    code: "woocommerce_rest_trash_not_supported", message: "The product_variation does not support trashing.", status: 501)
            }
            let (product, variant) = try write { state, writer throws(WooError) in
                try writer.products.deleteVariation(product: productID, id: id, in: &state)
            }
            return single(renderer.variation(variant, of: product))
        case .batchVariations(let productID):
            guard shop.read({ $0.product(id: productID) }) != nil else { throw .invalidID(.product) }
            return try batch(
                resource: .variation,
                create: { body, state, writer throws(WooError) in
                    let (product, variant) = try writer.products.createVariation(product: productID, body, in: &state)
                    return renderer.variation(variant, of: product)
                },
                update: { id, body, state, writer throws(WooError) in
                    let (product, variant) = try writer.products.updateVariation(product: productID, id: id, body, in: &state)
                    return renderer.variation(variant, of: product)
                },
                delete: { id, state, writer throws(WooError) in
                    let (product, variant) = try writer.products.deleteVariation(product: productID, id: id, in: &state)
                    return renderer.variation(variant, of: product)
                })

        case .listOrders: return try listOrders()
        case .getOrder(let id):
            let json = try shop.read { state -> JSONValue? in state.orders[id].map { renderer.order($0, in: state) } }.orThrow(
                .invalidID(.order))
            return single(json)
        case .createOrder:
            let json = try write { state, writer throws(WooError) in renderer.order(try writer.orders.create(body(), in: &state), in: state)
            }
            return single(json, status: 201)
        case .updateOrder(let id):
            let json = try write { state, writer throws(WooError) in
                renderer.order(try writer.orders.update(id: id, body(), in: &state), in: state)
            }
            return single(json)
        case .deleteOrder(let id):
            let force = isTrue(request.queryValue("force"))
            let json = try write { state, writer throws(WooError) in
                renderer.order(try writer.orders.delete(id: id, force: force, in: &state), in: state)
            }
            return single(json)
        case .listRefunds(let orderID): return try listRefunds(orderID)
        case .getRefund(let orderID, let id):
            let json = try shop.read { state -> JSONValue? in
                guard let order = state.orders[orderID], let refund = order.refunds.first(where: { $0.id == id }) else { return nil }
                return renderer.refund(refund, of: order, in: state)
            }.orThrow(.invalidID(.orderRefund))
            return single(json)
        case .createRefund(let orderID):
            let json = try write { state, writer throws(WooError) in
                let (order, refund) = try writer.refunds.create(order: orderID, body(), in: &state)
                return renderer.refund(refund, of: order, in: state)
            }
            return single(json, status: 201)
        case .batchOrders:
            return try batch(
                resource: .order,
                create: { body, state, writer throws(WooError) in
                    renderer.order(try writer.orders.create(body, in: &state), in: state)
                },
                update: { id, body, state, writer throws(WooError) in
                    renderer.order(try writer.orders.update(id: id, body, in: &state), in: state)
                },
                delete: { id, state, writer throws(WooError) in
                    // The batch endpoint deletes for good (WC_REST_Controller::batch_items passes force).
                    renderer.order(try writer.orders.delete(id: id, force: true, in: &state), in: state)
                })
        }
    }

    // MARK: Lists

    private func listProducts() throws(WooError) -> SimResponse {
        var query = try ListQuery(
            request, options: options, dates: dates, orderBys: ["date", "id", "modified", "title", "slug", "include"],
            defaultOrderBy: "date", defaultAscending: false)
        let status =
            try request.queryValue("status").map { text throws(WooError) -> ListingStatus? in
                text == "any" ? nil : try ProductWriter.status(text)
            } ?? nil
        let skus = request.queryValue("sku").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
        let type = request.queryValue("type")
        if let type, !["simple", "variable", "grouped", "external"].contains(type) {
            throw .invalidParam("type", "type is not one of simple, grouped, external and variable.")
        }
        let stockStatus = request.queryValue("stock_status")
        let search = query.search
        query.search = nil
        let products = shop.read { state in state.allProducts }.filter { product in
            guard query.matches(id: product.id, created: product.createdAt, modified: WooRenderer.modified(product)) else { return false }
            if let status, product.status != status { return false }
            if let type, (product.isSimple ? "simple" : "variable") != type { return false }
            if let skus {
                guard product.isSimple, let sku = product.variants.first?.sku, skus.contains(sku) else { return false }
            }
            if let stockStatus {
                let actual =
                    product.isSimple ? product.variants.first.map { WooRenderer.stock($0).status } : WooRenderer.parentStock(product).status
                if actual != stockStatus { return false }
            }
            if let search, !product.title.lowercased().contains(search), !product.descriptionHTML.lowercased().contains(search),
                !(product.isSimple && product.variants.first?.sku.lowercased().contains(search) == true)
            {
                return false
            }
            return true
        }
        let includeOrder =
            request.queryValue("include").map { $0.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) } }
            ?? []
        let sorted = query.sorted(products, id: \.id) { product in
            switch query.orderBy {
            case "id": .number(product.id)
            case "modified": .number(WooRenderer.modified(product).wholeSeconds)
            case "title": .text(product.title.lowercased())
            case "slug": .text(product.handle)
            case "include": .number(Int64(includeOrder.firstIndex(of: product.id) ?? Int.max))
            default: .number(product.createdAt.wholeSeconds)
            }
        }
        let renderer = self.renderer
        return query.page(sorted, request: request, origin: origin) { renderer.product($0) }
    }

    private func listVariations(_ productID: Int64) throws(WooError) -> SimResponse {
        let query = try variationQuery()
        guard let product = shop.read({ $0.product(id: productID) }) else { throw .invalidID(.product) }
        let skus = skuFilter()
        let variants = (product.isSimple ? [] : product.variants).filter { variant in
            guard query.matches(id: variant.id, created: variant.createdAt, modified: variant.updatedAt) else { return false }
            if let skus, !skus.contains(variant.sku) { return false }
            return true
        }
        let sorted = sortedVariations(variants, by: query) { $0 }
        let renderer = self.renderer
        return query.page(sorted, request: request, origin: origin) { renderer.variation($0, of: product) }
    }

    /// `GET /variations` (WooCommerce 10.3, `WC_REST_Variations_Controller`): the variations of
    /// every product in one collection, each with `parent_id`. It takes a product's variation
    /// parameters (the controller extends `WC_REST_Product_Variations_Controller`), with `parent`
    /// and `parent_exclude` as id lists (`WC_REST_CRUD_Controller` maps them to `post_parent__in`
    /// and `post_parent__not_in`; with no product id in the route no single parent is forced).
    private func listAllVariations() throws(WooError) -> SimResponse {
        let query = try variationQuery()
        let parents = try ListQuery.ids(name: "parent", in: request)
        let excludedParents = try ListQuery.ids(name: "parent_exclude", in: request) ?? []
        let skus = skuFilter()
        var variations: [(product: SimProduct, variant: SimVariant)] = []
        for product in shop.read({ state in state.allProducts }) where !product.isSimple {
            if let parents, !parents.contains(product.id) { continue }
            if excludedParents.contains(product.id) { continue }
            for variant in product.variants {
                guard query.matches(id: variant.id, created: variant.createdAt, modified: variant.updatedAt) else { continue }
                if let skus, !skus.contains(variant.sku) { continue }
                variations.append((product, variant))
            }
        }
        let sorted = sortedVariations(variations, by: query) { $0.variant }
        let renderer = self.renderer
        return query.page(sorted, request: request, origin: origin) { renderer.variation($0.variant, of: $0.product, namingParent: true) }
    }

    /// The paging, date, id and sort parameters both variation routes take (menu_order by default).
    private func variationQuery() throws(WooError) -> ListQuery {
        try ListQuery(
            request, options: options, dates: dates, orderBys: ["date", "id", "modified", "title", "slug", "include", "menu_order"],
            defaultOrderBy: "menu_order", defaultAscending: true)
    }

    /// `sku`, a comma-separated list.
    private func skuFilter() -> Set<String>? {
        request.queryValue("sku").map { Set($0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }) }
    }

    /// Sorts variations by `orderby`; `include` is the order of the `include` list (`post__in`).
    private func sortedVariations<T>(_ items: [T], by query: ListQuery, _ variant: (T) -> SimVariant) -> [T] {
        let includeOrder =
            request.queryValue("include").map { $0.split(separator: ",").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) } }
            ?? []
        return query.sorted(items, id: { variant($0).id }) { item in
            let variant = variant(item)
            switch query.orderBy {
            case "id": return .number(variant.id)
            case "modified": return .number(variant.updatedAt.wholeSeconds)
            case "date": return .number(variant.createdAt.wholeSeconds)
            case "title": return .text(variant.title.lowercased())
            case "include": return .number(Int64(includeOrder.firstIndex(of: variant.id) ?? Int.max))
            default: return .number(Int64(variant.position))
            }
        }
    }

    private func listOrders() throws(WooError) -> SimResponse {
        let query = try ListQuery(
            request, options: options, dates: dates, orderBys: ["date", "id", "modified", "include"], defaultOrderBy: "date",
            defaultAscending: false)
        var statuses: Set<String>?
        if let text = request.queryValue("status"), !text.isEmpty, text != "any" {
            let wanted = Set(text.split(separator: ",").map { String($0) })
            guard wanted.isSubset(of: Set(OrderWriter.statuses + ["any", "trash"])) else { throw OrderWriter.invalidStatus }
            statuses = wanted.contains("any") ? nil : wanted
        }
        let productFilter = try request.queryValue("product").map { text throws(WooError) -> Int64 in
            guard let id = Int64(text) else { throw .invalidParam("product", "product is not of type integer.") }
            return id
        }
        let state = shop.snapshot
        let orders = state.allOrders.filter { order in
            guard query.matches(id: order.id, created: order.createdAt, modified: order.updatedAt) else { return false }
            // Trashed orders are listed only when asked for by status (`status=trash`).
            if let statuses {
                guard statuses.contains(WooRenderer.status(order)) else { return false }
            } else if order.trashedAt != nil {
                return false
            }
            if let productFilter, !order.lines.contains(where: { $0.productID == productFilter }) { return false }
            if let search = query.search {
                let haystack = ([String(order.number), order.customer.email, order.customer.lastName] + order.lines.map(\.sku)).joined(
                    separator: " "
                ).lowercased()
                if !haystack.contains(search) { return false }
            }
            return true
        }
        let sorted = query.sorted(orders, id: \.id) { order in
            switch query.orderBy {
            case "id": .number(order.id)
            case "modified": .number(order.updatedAt.wholeSeconds)
            default: .number(order.createdAt.wholeSeconds)
            }
        }
        let renderer = self.renderer
        return query.page(sorted, request: request, origin: origin) { renderer.order($0, in: state) }
    }

    private func listRefunds(_ orderID: Int64) throws(WooError) -> SimResponse {
        let query = try ListQuery(
            request, options: options, dates: dates, orderBys: ["date", "id", "include"], defaultOrderBy: "date", defaultAscending: false)
        let state = shop.snapshot
        guard let order = state.orders[orderID] else { throw .invalidID(.order) }
        let refunds = order.refunds.filter { query.matches(id: $0.id, created: $0.createdAt, modified: $0.createdAt) }
        let sorted = query.sorted(refunds, id: \.id) { refund in
            query.orderBy == "id" ? .number(refund.id) : .number(refund.createdAt.wholeSeconds)
        }
        let renderer = self.renderer
        return query.page(sorted, request: request, origin: origin) { renderer.refund($0, of: order, in: state) }
    }

    // MARK: Writes

    struct Writers {
        var products: ProductWriter
        var orders: OrderWriter
        var refunds: RefundWriter
    }

    /// Runs a write under the store's lock with one timestamp; nothing is stored when it throws.
    private func write<T>(_ body: (inout ShopState, Writers) throws(WooError) -> T) throws(WooError) -> T {
        let now = shop.now
        let writers = Writers(
            products: ProductWriter(now: now, weightUnit: options.weightUnit), orders: OrderWriter(now: now),
            refunds: RefundWriter(now: now))
        let result: Result<T, WooError> = shop.mutate { state in
            var copy = state
            do throws(WooError) {
                let value = try body(&copy, writers)
                state = copy
                return .success(value)
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    private func body() throws(WooError) -> BodyFields {
        let parsed: JSONValue?
        do {
            parsed = try request.jsonBody()
        } catch {
            throw .invalidBody(error.description)
        }
        switch parsed {
        case nil: return BodyFields(JSONObject())
        case .object(let object)?: return BodyFields(object)
        default: throw .invalidBody("the body must be a JSON object")
        }
    }

    /// `POST …/batch` with `{create: [...], update: [...], delete: [ids]}`: refused whole with 413
    /// over the limit; otherwise each item succeeds or fails on its own, a failure answered in
    /// place as `{id, error: {code, message, data}}` (WC_REST_Controller::batch_items). Deletes are forced.
    private func batch(
        resource: WooResource,
        create: (BodyFields, inout ShopState, Writers) throws(WooError) -> JSONValue,
        update: (Int64, BodyFields, inout ShopState, Writers) throws(WooError) -> JSONValue,
        delete: (Int64, inout ShopState, Writers) throws(WooError) -> JSONValue
    ) throws(WooError) -> SimResponse {
        let fields = try body()
        let creates = try fields.array("create") ?? []
        let updates = try fields.array("update") ?? []
        let deletes = try fields.array("delete") ?? []
        let total = creates.count + updates.count + deletes.count
        guard total <= options.maxBatchSize else {
            throw WooError(
                code: "woocommerce_rest_request_entity_too_large",
                message: "Unable to accept more than \(options.maxBatchSize) items for this request.", status: 413)
        }
        let response = try write { state, writers throws(WooError) -> JSONObject in
            var response = JSONObject()
            if fields.has("create") {
                response["create"] = .array(
                    creates.map { item in
                        guard case .object(let object) = item else {
                            return batchFailure(0, .invalidParam("create", "create items must be objects."))
                        }
                        return attempt(&state, id: 0) { state throws(WooError) in try create(BodyFields(object), &state, writers) }
                    })
            }
            if fields.has("update") {
                response["update"] = .array(
                    updates.map { item in
                        let id = item["id"]?.int64Value ?? 0
                        guard case .object(let object) = item, id != 0 else { return batchFailure(id, .invalidID(resource)) }
                        return attempt(&state, id: id) { state throws(WooError) in try update(id, BodyFields(object), &state, writers) }
                    })
            }
            if fields.has("delete") {
                response["delete"] = .array(
                    deletes.compactMap { item in
                        guard let id = item.int64Value ?? item["id"]?.int64Value, id != 0 else { return nil }
                        return attempt(&state, id: id) { state throws(WooError) in try delete(id, &state, writers) }
                    })
            }
            return response
        }
        // `_fields` applies to each returned object, not to the create/update/delete envelope.
        let filter = FieldFilter(request)
        var filtered = JSONObject()
        for (key, value) in response { filtered[key] = filter.apply(value) }
        return .json(.object(filtered))
    }
}

/// Runs one batch item on a copy of the state, keeping its changes only when it succeeds; a
/// failure becomes the item's `{id, error}` entry.
private func attempt(_ state: inout ShopState, id: Int64, _ body: (inout ShopState) throws(WooError) -> JSONValue) -> JSONValue {
    var copy = state
    do {
        let value = try body(&copy)
        state = copy
        return value
    } catch {
        return batchFailure(id, error)
    }
}

private func batchFailure(_ id: Int64, _ error: WooError) -> JSONValue {
    ["id": .int(id), "error": ["code": .string(error.code), "message": .string(error.message), "data": ["status": .int(error.status)]]]
}

extension WooEndpoints {
    func single(_ body: JSONValue, status: Int = 200) -> SimResponse {
        .json(FieldFilter(request).apply(body), status: status)
    }

    func isTrue(_ text: String?) -> Bool {
        guard let text else { return false }
        return ["1", "true", "yes"].contains(text.lowercased())
    }
}

extension Optional {
    func orThrow(_ error: WooError) throws(WooError) -> Wrapped {
        guard let value = self else { throw error }
        return value
    }
}
