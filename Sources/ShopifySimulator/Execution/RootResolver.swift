import GraphQL
import SimulatorCore

/// The fields of `QueryRoot` and `Mutation`.
enum RootResolver {
    static func resolve(field: String, args: Map, context: ResolveContext, info: GraphQLResolveInfo) async throws -> (any Sendable)? {
        if info.parentType.name == "Mutation" {
            return try await Mutations.resolve(field: field, args: args, context: context)
        }
        guard let pass = context.bulkPass else {
            return try await query(field: field, args: args, context: context, info: info)
        }
        let key = info.fieldASTs.first?.alias?.value ?? field
        let value = try await pass.roots.value(for: key) { try await query(field: field, args: args, context: context, info: info) }
        return (value as? ConnectionNode)?.window(pass.window) ?? value
    }

    /// The fields of `QueryRoot`.
    static func query(field: String, args: Map, context: ResolveContext, info: GraphQLResolveInfo) async throws -> (any Sendable)? {
        let state = context.state
        switch field {
        case "shop":
            return ShopNode(name: state.name, currency: state.currency)
        case "product":
            return GlobalID.id(args[argument: "id"]?.text, type: "Product").flatMap(state.product(id:)).map(ProductNode.init)
        case "productByHandle":
            let handle = args[argument: "handle"]?.text
            return state.allProducts.first { $0.handle == handle }.map(ProductNode.init)
        case "productVariant":
            return GlobalID.id(args[argument: "id"]?.text, type: "ProductVariant").flatMap(state.variant(id:)).map(VariantNode.init)
        case "inventoryItem":
            return GlobalID.id(args[argument: "id"]?.text, type: "InventoryItem").flatMap(state.variant(inventoryItemID:)).map(
                InventoryItemNode.init)
        case "inventoryLevel":
            return await node(args[argument: "id"]?.text, context: context) as? InventoryLevelNode
        case "location":
            guard let text = args[argument: "id"]?.text else { return state.locations.first.map(LocationNode.init) }
            return GlobalID.id(text, type: "Location").flatMap(state.location(id:)).map(LocationNode.init)
        case "order":
            return GlobalID.id(args[argument: "id"]?.text, type: "Order").flatMap { state.untrashedOrder(id: $0) }.map(OrderNode.init)
        case "node":
            return await node(args[argument: "id"]?.text, context: context)
        case "nodes":
            let ids = args[argument: "ids"]?.items.compactMap(\.text) ?? []
            if ids.count > 250 {
                throw ShopifyFieldError("The maximum number of ids is 250.", code: "BAD_REQUEST")
            }
            var found: [(any GraphNode)?] = []
            for id in ids { found.append(await node(id, context: context)) }
            context.recordNulls(at: info.path.elements, indexes: found.indices.filter { found[$0] == nil })
            return list(found.compactMap { $0 })
        case "currentBulkOperation":
            return await context.platform.runtime.currentBulkOperation(shop: context.shop, type: args[argument: "type"]?.text ?? "QUERY")
                .map { BulkOperationNode(operation: $0, baseURL: context.baseURL) }
        case "products":
            return try products(args, context: context)
        case "productsCount":
            let search = SearchQuery(args[argument: "query"]?.text)
            let count =
                search.isEmpty
                ? state.productIDs.count
                : state.allProducts.filter { p in search.matches { ProductNode.searchValue(p, field: $0) } }.count
            return countNode(count, limit: args[argument: "limit"]?.integer ?? 10_000)
        case "productVariants":
            return try productVariants(args, context: context)
        case "productVariantsCount":
            let search = SearchQuery(args[argument: "query"]?.text)
            let count = allVariants(state).filter { pair in search.matches { VariantNode.searchValue(pair.0, pair.1, field: $0) } }.count
            return countNode(count, limit: 10_000)
        case "inventoryItems":
            let page = try context.pageArguments(args, field: "inventoryItems")
            let search = SearchQuery(page.query)
            let items = allVariants(state)
                .filter { pair in search.matches { VariantNode.searchValue(pair.0, pair.1, field: $0) } }
                .sorted { $0.1.inventoryItemID < $1.1.inventoryItemID }
            return try ConnectionNode.page(
                "InventoryItemConnection", items: items, position: { .id($0.1.inventoryItemID) }, arguments: page, fault: context.fault
            ) {
                InventoryItemNode(product: $0.0, variant: $0.1)
            }
        case "locations":
            let page = try context.pageArguments(args, field: "locations")
            let includeInactive = args[argument: "includeInactive"]?.boolean ?? false
            let search = SearchQuery(page.query)
            let sortKey = page.sortKey ?? "NAME"
            let position: (SimLocation) -> SortPosition = sortKey == "NAME" ? { .text($0.name, id: $0.id) } : { .id($0.id) }
            let locations = state.locations
                .filter { includeInactive || $0.isActive }
                .filter { location in
                    search.matches { $0 == "" || $0 == "name" ? .text([location.name]) : ($0 == "id" ? .number(location.id) : nil) }
                }
                .sorted { position($0) < position($1) }
            return try ConnectionNode.page(
                "LocationConnection", items: locations, position: position, numericSort: sortKey != "NAME", arguments: page,
                fault: context.fault
            ) {
                LocationNode(location: $0)
            }
        case "locationsCount":
            return countNode(state.locations.filter(\.isActive).count, limit: 10_000)
        case "orders":
            let page = try context.pageArguments(args, field: "orders")
            let search = SearchQuery(page.query)
            let sortKey = page.sortKey ?? "PROCESSED_AT"
            let position = OrderNode.position(sortKey: sortKey)
            var orders = state.allOrders.filter { order in
                order.trashedAt == nil && search.matches { OrderNode.searchValue(order, field: $0) }
            }
            if sortKey != "ID" { orders.sort { position($0) < position($1) } }
            return try ConnectionNode.page("OrderConnection", items: orders, position: position, arguments: page, fault: context.fault) {
                OrderNode(order: $0)
            }
        case "ordersCount":
            let search = SearchQuery(args[argument: "query"]?.text)
            return countNode(
                state.allOrders.filter { order in order.trashedAt == nil && search.matches { OrderNode.searchValue(order, field: $0) } }
                    .count,
                limit: args[argument: "limit"]?.integer ?? 10_000)
        default:
            return nil
        }
    }

    static func countNode(_ count: Int, limit: Int) -> RecordNode {
        RecordNode("Count", ["count": min(count, limit), "precision": count > limit ? "AT_LEAST" : "EXACT"])
    }

    static func allVariants(_ state: ShopState) -> [(SimProduct, SimVariant)] {
        state.allProducts.flatMap { product in product.variants.map { (product, $0) } }
    }

    static func products(_ args: Map, context: ResolveContext) throws -> ConnectionNode {
        let page = try context.pageArguments(args, field: "products")
        let search = SearchQuery(page.query)
        let sortKey = page.sortKey ?? "ID"
        let position = ProductNode.position(sortKey: sortKey)
        // Products are kept in id order: only a filter or another sort key costs a pass.
        var products = context.state.allProducts
        if !search.isEmpty { products = products.filter { p in search.matches { ProductNode.searchValue(p, field: $0) } } }
        if sortKey != "ID" && sortKey != "RELEVANCE" { products.sort { position($0) < position($1) } }
        return try ConnectionNode.page(
            "ProductConnection", items: products, position: position, numericSort: ProductNode.isNumeric(sortKey),
            arguments: page, fault: context.fault
        ) { ProductNode(product: $0) }
    }

    static func productVariants(_ args: Map, context: ResolveContext) throws -> ConnectionNode {
        let page = try context.pageArguments(args, field: "productVariants")
        let search = SearchQuery(page.query)
        let sortKey = page.sortKey ?? "ID"
        let position = VariantNode.position(sortKey: sortKey)
        var variants = allVariants(context.state)
        if !search.isEmpty { variants = variants.filter { pair in search.matches { VariantNode.searchValue(pair.0, pair.1, field: $0) } } }
        variants.sort { position($0.1) < position($1.1) }
        return try ConnectionNode.page(
            "ProductVariantConnection", items: variants, position: { position($0.1) }, numericSort: VariantNode.isNumeric(sortKey),
            arguments: page, fault: context.fault
        ) { VariantNode(product: $0.0, variant: $0.1) }
    }

    /// The object a global id names, for `node(id:)` and `nodes(ids:)`.
    static func node(_ text: String?, context: ResolveContext) async -> (any GraphNode)? {
        guard let text, let gid = GlobalID(text) else { return nil }
        let state = context.state
        switch gid.type {
        case "Product": return state.product(id: gid.id).map(ProductNode.init)
        case "ProductVariant": return state.variant(id: gid.id).map(VariantNode.init)
        case "InventoryItem": return state.variant(inventoryItemID: gid.id).map(InventoryItemNode.init)
        case "Location": return state.location(id: gid.id).map(LocationNode.init)
        case "Order": return state.untrashedOrder(id: gid.id).map(OrderNode.init)
        case "Refund":
            guard let order = state.allOrders.first(where: { $0.trashedAt == nil && $0.refunds.contains { $0.id == gid.id } }) else {
                return nil
            }
            return RefundNode(order: order, refund: order.refunds.first { $0.id == gid.id }!)
        case "InventoryLevel":
            guard let location = state.location(id: gid.id),
                let item = gid.query?.split(separator: "=").last.flatMap({ Int64($0) }),
                let (product, variant) = state.variant(inventoryItemID: item)
            else { return nil }
            return InventoryLevelNode(product: product, variant: variant, location: location)
        case "BulkOperation":
            return await context.platform.runtime.bulkOperation(shop: context.shop, id: gid.id)
                .map { BulkOperationNode(operation: $0, baseURL: context.baseURL) }
        default: return nil
        }
    }
}
