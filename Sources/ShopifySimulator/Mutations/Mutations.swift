import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// The `Mutation` fields. Each validates its whole input before writing anything, and writes in
/// one atomic step stamped with the store's clock; `userErrors` say what was refused and where.
enum Mutations {
    static func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "productCreate": return productCreate(args, context)
        case "productUpdate": return productUpdate(args, context)
        case "productSet": return productSet(args, context)
        case "productDelete": return productDelete(args, context)
        case "productVariantsBulkUpdate": return variantsBulkUpdate(args, context)
        case "productVariantsBulkCreate": return variantsBulkCreate(args, context)
        case "inventorySetQuantities": return InventoryMutations.setQuantities(args, context)
        case "inventoryAdjustQuantities": return InventoryMutations.adjustQuantities(args, context)
        case "bulkOperationRunQuery": return await BulkQueryRunner.run(args, context)
        case "bulkOperationCancel": return BulkQueryRunner.cancel(args, context)
        case "fileUpdate": return MediaMutations.fileUpdate(args, context)
        case "fulfillmentCreate": return OrderMutations.fulfillmentCreate(args, context)
        case "orderCancel": return OrderMutations.orderCancel(args, context)
        case "refundCreate": return OrderMutations.refundCreate(args, context)
        case "productReorderMedia": return MediaMutations.reorder(args, context)
        default: return nil
        }
    }

    static func productNode(_ id: Int64?, _ context: ResolveContext) -> ProductNode? {
        id.flatMap { context.state.product(id: $0) }.map(ProductNode.init)
    }

    // MARK: Products

    static func productCreate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        // `input: ProductInput` is the deprecated (2024-10) spelling of `product:`; both work.
        let input = args[argument: "product"] ?? args[argument: "input"] ?? .dictionary([:])
        var errors = UserErrorList("UserError", hasCode: false)
        let title = input[argument: "title"]?.text ?? ""
        if title.trimmingCharacters(in: .whitespaces).isEmpty { errors.add(["title"], "Title can't be blank") }
        if let handle = input[argument: "handle"]?.text, context.state.allProducts.contains(where: { $0.handle == handle }) {
            errors.add(["handle"], "Handle '\(handle)' already in use. Please provide a new handle.")
        }
        let shop = ShopNode(name: context.state.name, currency: context.state.currency)
        guard errors.isEmpty else { return RecordNode("ProductCreatePayload", ["product": nil, "shop": shop, "userErrors": errors.nodes]) }
        let id = context.write { state, now -> Int64 in
            let options = ProductInput.firstOptionValues(input)
            var product = SimProduct(
                id: state.makeID(), title: title,
                handle: input[argument: "handle"]?.text ?? ProductInput.uniqueHandle(for: title, in: state),
                status: .active, optionNames: ProductInput.optionNames(input) ?? [], createdAt: now, updatedAt: now
            )
            ProductInput.apply(input, to: &product)
            product.variants = [
                ProductInput.newVariant(
                    in: &state, title: ProductInput.variantTitle(options), options: options,
                    price: Money(minorUnits: 0, currency: state.currency), position: 1, now: now
                )
            ]
            state.upsert(product)
            return product.id
        }
        return RecordNode("ProductCreatePayload", ["product": productNode(id, context), "shop": shop, "userErrors": list([])])
    }

    static func productUpdate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        // `input: ProductInput` is the deprecated (2024-10) spelling of `product:`; both work.
        let input = args[argument: "product"] ?? args[argument: "input"] ?? .dictionary([:])
        var errors = UserErrorList("UserError", hasCode: false)
        guard let id = GlobalID.id(input[argument: "id"]?.text, type: "Product"), context.state.product(id: id) != nil else {
            errors.add(["id"], "Product does not exist")
            return RecordNode("ProductUpdatePayload", ["product": nil, "userErrors": errors.nodes])
        }
        if let title = input[argument: "title"]?.text, title.trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add(["title"], "Title can't be blank")
            return RecordNode("ProductUpdatePayload", ["product": productNode(id, context), "userErrors": errors.nodes])
        }
        let media = args[argument: "media"]?.items ?? []
        MediaMutations.mediaErrors(media, into: &errors)
        guard errors.isEmpty else {
            return RecordNode("ProductUpdatePayload", ["product": productNode(id, context), "userErrors": errors.nodes])
        }
        context.write { state, now in
            guard var product = state.product(id: id) else { return }
            ProductInput.apply(input, to: &product)
            if let handle = input[argument: "handle"]?.text { product.handle = handle }
            product.images += MediaMutations.hostedURLs(media, shop: state.name, now: now)
            product.updatedAt = now
            state.upsert(product)
        }
        return RecordNode("ProductUpdatePayload", ["product": productNode(id, context), "userErrors": list([])])
    }

    static func productDelete(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let text = args[argument: "input"]?[argument: "id"]?.text
        let shop = ShopNode(name: context.state.name, currency: context.state.currency)
        var errors = UserErrorList("UserError", hasCode: false)
        guard let id = GlobalID.id(text, type: "Product"), context.state.product(id: id) != nil else {
            errors.add(["id"], "Product does not exist")
            return RecordNode("ProductDeletePayload", ["deletedProductId": nil, "shop": shop, "userErrors": errors.nodes])
        }
        context.write { state, _ in _ = state.removeProduct(id: id) }
        return RecordNode("ProductDeletePayload", ["deletedProductId": text, "shop": shop, "userErrors": list([])])
    }

    /// `productSet`: creates or replaces a product with its options and variants in one call. The
    /// variants given are the product's variants afterwards: matched by id, else by option values;
    /// others are removed.
    static func productSet(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let input = args[argument: "input"] ?? .dictionary([:])
        var errors = UserErrorList("ProductSetUserError")
        let state = context.state
        let currency = state.currency
        var existing: SimProduct?
        if let text = input[argument: "id"]?.text {
            existing = GlobalID.id(text, type: "Product").flatMap(state.product(id:))
            if existing == nil { errors.add(["input", "id"], "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST") }
        } else if (input[argument: "title"]?.text ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            errors.add(["input", "title"], "Title can't be blank", code: "INVALID_PRODUCT")
        }
        let variantInputs = input[argument: "variants"]?.items
        if let variantInputs, variantInputs.count > 2048 {
            errors.add(["input", "variants"], "Too many variants", code: "VARIANTS_OVER_LIMIT")
        }
        for (index, variant) in (variantInputs ?? []).enumerated() {
            for name in ["price", "compareAtPrice"] {
                if case .invalid(let text) = ProductInput.price(variant[argument: name], currency: currency) {
                    errors.add(
                        ["input", "variants", String(index), name], "\(name) '\(text)' is not a valid amount", code: "INVALID_VARIANT")
                }
            }
            if let id = variant[argument: "id"]?.text, let variantID = GlobalID.id(id, type: "ProductVariant"),
                existing?.variants.contains(where: { $0.id == variantID }) != true
            {
                errors.add(
                    ["input", "variants", String(index), "id"], "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST")
            }
        }
        guard errors.isEmpty else {
            return RecordNode("ProductSetPayload", ["product": existing.map(ProductNode.init), "userErrors": errors.nodes])
        }

        let id = context.write { state, now -> Int64 in
            var product =
                existing
                ?? SimProduct(
                    id: state.makeID(), title: input[argument: "title"]?.text ?? "",
                    handle: input[argument: "handle"]?.text
                        ?? ProductInput.uniqueHandle(for: input[argument: "title"]?.text ?? "", in: state),
                    createdAt: now, updatedAt: now
                )
            ProductInput.apply(input, to: &product)
            if let handle = input[argument: "handle"]?.text { product.handle = handle }
            var names = ProductInput.optionNames(input) ?? product.optionNames
            if names.isEmpty, let first = variantInputs?.first {
                names = (first[argument: "optionValues"]?.items ?? []).compactMap { $0[argument: "optionName"]?.text }
            }
            // A lone `Title: Default Title` option is Shopify's way of saying "no options".
            if names == ["Title"] { names = [] }
            product.optionNames = names
            if let variantInputs {
                var kept: [SimVariant] = []
                for (index, variantInput) in variantInputs.enumerated() {
                    let options = ProductInput.optionValues(variantInput, names: names)
                    let variantID = GlobalID.id(variantInput[argument: "id"]?.text, type: "ProductVariant")
                    var variant =
                        product.variants.first { $0.id == variantID }
                        ?? product.variants.first {
                            variantID == nil && !options.isEmpty && $0.options == options && !kept.map(\.id).contains($0.id)
                        }
                        ?? ProductInput.newVariant(
                            in: &state, title: ProductInput.variantTitle(options), options: options,
                            price: Money(minorUnits: 0, currency: state.currency), position: index + 1, now: now
                        )
                    variant.options = options
                    variant.title = ProductInput.variantTitle(options)
                    variant.position = variantInput[argument: "position"]?.integer ?? index + 1
                    if let sku = variantInput[argument: "sku"]?.text { variant.sku = sku }
                    if variantInput.has("barcode") { variant.barcode = variantInput[argument: "barcode"]?.text }
                    if case .value(let price) = ProductInput.price(variantInput[argument: "price"], currency: state.currency) {
                        variant.price = price
                    }
                    if case .value(let price) = ProductInput.price(variantInput[argument: "compareAtPrice"], currency: state.currency) {
                        variant.compareAtPrice = price
                    }
                    if variantInput.isExplicitNull("compareAtPrice") { variant.compareAtPrice = nil }
                    if let policy = variantInput[argument: "inventoryPolicy"]?.text { variant.allowsBackorder = policy == "CONTINUE" }
                    ProductInput.applyQuantities(variantInput[argument: "inventoryQuantities"]?.items ?? [], to: &variant, state: state)
                    variant.updatedAt = now
                    kept.append(variant)
                }
                product.variants = kept
            } else if product.variants.isEmpty {
                product.variants = [
                    ProductInput.newVariant(
                        in: &state, title: "Default Title", options: [], price: Money(minorUnits: 0, currency: state.currency), position: 1,
                        now: now
                    )
                ]
            }
            product.updatedAt = now
            state.upsert(product)
            return product.id
        }
        return RecordNode("ProductSetPayload", ["product": productNode(id, context), "userErrors": list([])])
    }

    // MARK: Variants

    /// `productVariantsBulkUpdate`: all or nothing unless `allowPartialUpdates` is true, then the
    /// valid variants are written and the others reported.
    static func variantsBulkUpdate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("ProductVariantsBulkUpdateUserError")
        let state = context.state
        guard let productID = GlobalID.id(args[argument: "productId"]?.text, type: "Product"), let product = state.product(id: productID)
        else {
            errors.add(["productId"], "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST")
            return RecordNode("ProductVariantsBulkUpdatePayload", ["product": nil, "productVariants": nil, "userErrors": errors.nodes])
        }
        let inputs = args[argument: "variants"]?.items ?? []
        var valid: [Int] = []
        for (index, input) in inputs.enumerated() {
            let path = ["variants", String(index)]
            let before = errors.nodes.count
            guard let idText = input[argument: "id"]?.text else {
                errors.add(path + ["id"], "Product variant id is missing", code: "PRODUCT_VARIANT_ID_MISSING")
                continue
            }
            guard let id = GlobalID.id(idText, type: "ProductVariant"), product.variants.contains(where: { $0.id == id }) else {
                errors.add(path + ["id"], "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST")
                continue
            }
            for name in ["price", "compareAtPrice"] {
                switch ProductInput.price(input[argument: name], currency: state.currency) {
                case .invalid(let text):
                    errors.add(
                        path + [name], "\(name == "price" ? "Price" : "Compare at price") '\(text)' is invalid", code: "INVALID_INPUT")
                case .value(let money) where money.minorUnits < 0:
                    errors.add(
                        path + [name], "\(name == "price" ? "Price" : "Compare at price") must be greater than or equal to 0",
                        code: "GREATER_THAN_OR_EQUAL_TO")
                default: break
                }
            }
            if let weight = input[argument: "inventoryItem"]?[argument: "measurement"]?[argument: "weight"],
                weight[argument: "value"]?.decimalText.flatMap({ Weight.parse($0, unit: .grams) }) == nil
            {
                errors.add(
                    path + ["inventoryItem", "measurement", "weight", "value"], "Weight must be greater than or equal to 0",
                    code: "INVALID_INPUT")
            }
            if input[argument: "inventoryQuantities"] != nil {
                errors.add(
                    path + ["inventoryQuantities"],
                    "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.",
                    code: "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE")
            }
            if errors.nodes.count == before { valid.append(index) }
        }
        let allowPartial = args[argument: "allowPartialUpdates"]?.boolean ?? false
        if !errors.isEmpty && !allowPartial {
            return RecordNode(
                "ProductVariantsBulkUpdatePayload",
                ["product": ProductNode(product: product), "productVariants": nil, "userErrors": errors.nodes])
        }
        let updatedIDs = context.write { state, now -> [Int64] in
            var ids: [Int64] = []
            for index in valid {
                let input = inputs[index]
                guard let id = GlobalID.id(input[argument: "id"]?.text, type: "ProductVariant") else { continue }
                let currency = state.currency
                state.updateVariant(id: id) { product, variant in
                    if case .value(let price) = ProductInput.price(input[argument: "price"], currency: currency) { variant.price = price }
                    if case .value(let price) = ProductInput.price(input[argument: "compareAtPrice"], currency: currency) {
                        variant.compareAtPrice = price
                    }
                    if input.isExplicitNull("compareAtPrice") { variant.compareAtPrice = nil }
                    if input.has("barcode") { variant.barcode = input[argument: "barcode"]?.text }
                    if let item = input[argument: "inventoryItem"] {
                        if let sku = item[argument: "sku"]?.text { variant.sku = sku }
                        if let tracked = item[argument: "tracked"]?.boolean { variant.tracksInventory = tracked }
                        if let weight = item[argument: "measurement"]?[argument: "weight"],
                            let unit = weight[argument: "unit"]?.text.flatMap(Weight.Unit.init(platformName:)),
                            let value = weight[argument: "value"]?.decimalText.flatMap({ Weight.parse($0, unit: unit) })
                        {
                            variant.weight = value
                        }
                    }
                    if let policy = input[argument: "inventoryPolicy"]?.text { variant.allowsBackorder = policy == "CONTINUE" }
                    if input[argument: "optionValues"] != nil {
                        let options = ProductInput.optionValues(input, names: product.optionNames)
                        if !options.isEmpty { variant.options = options; variant.title = ProductInput.variantTitle(options) }
                    }
                    variant.updatedAt = now
                    product.updatedAt = now
                }
                ids.append(id)
            }
            return ids
        }
        let fresh = context.state
        let variants: [(any Sendable)?] = updatedIDs.compactMap { fresh.variant(id: $0) }.map {
            VariantNode(product: $0.product, variant: $0.variant)
        }
        return RecordNode(
            "ProductVariantsBulkUpdatePayload",
            [
                "product": productNode(productID, context), "productVariants": variants, "userErrors": errors.nodes,
            ])
    }

    static func variantsBulkCreate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("ProductVariantsBulkCreateUserError")
        let state = context.state
        guard let productID = GlobalID.id(args[argument: "productId"]?.text, type: "Product"), let product = state.product(id: productID)
        else {
            errors.add(["productId"], "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST")
            return RecordNode("ProductVariantsBulkCreatePayload", ["product": nil, "productVariants": nil, "userErrors": errors.nodes])
        }
        let inputs = args[argument: "variants"]?.items ?? []
        var names = product.optionNames
        if names.isEmpty, let first = inputs.first {
            names = (first[argument: "optionValues"]?.items ?? []).compactMap { $0[argument: "optionName"]?.text }
        }
        for (index, input) in inputs.enumerated() {
            if case .invalid(let text) = ProductInput.price(input[argument: "price"], currency: state.currency) {
                errors.add(["variants", String(index), "price"], "Price '\(text)' is invalid", code: "INVALID_INPUT")
            }
            let options = ProductInput.optionValues(input, names: names)
            if !options.isEmpty, product.variants.contains(where: { $0.options == options }) {
                errors.add(
                    ["variants", String(index)], "The variant '\(ProductInput.variantTitle(options))' already exists.",
                    code: "VARIANT_ALREADY_EXISTS")
            }
        }
        guard errors.isEmpty else {
            return RecordNode(
                "ProductVariantsBulkCreatePayload",
                ["product": ProductNode(product: product), "productVariants": nil, "userErrors": errors.nodes])
        }
        let removeStandalone = args[argument: "strategy"]?.text == "REMOVE_STANDALONE_VARIANT"
        let createdIDs = context.write { state, now -> [Int64] in
            guard var product = state.product(id: productID) else { return [] }
            if removeStandalone, product.optionNames.isEmpty, product.variants.count == 1 { product.variants = [] }
            product.optionNames = names
            var ids: [Int64] = []
            for input in inputs {
                let options = ProductInput.optionValues(input, names: names)
                var variant = ProductInput.newVariant(
                    in: &state, title: ProductInput.variantTitle(options), options: options,
                    price: Money(minorUnits: 0, currency: state.currency), position: product.variants.count + 1, now: now
                )
                if case .value(let price) = ProductInput.price(input[argument: "price"], currency: state.currency) { variant.price = price }
                if case .value(let price) = ProductInput.price(input[argument: "compareAtPrice"], currency: state.currency) {
                    variant.compareAtPrice = price
                }
                variant.barcode = input[argument: "barcode"]?.text
                if let sku = input[argument: "inventoryItem"]?[argument: "sku"]?.text { variant.sku = sku }
                if let policy = input[argument: "inventoryPolicy"]?.text { variant.allowsBackorder = policy == "CONTINUE" }
                ProductInput.applyQuantities(input[argument: "inventoryQuantities"]?.items ?? [], to: &variant, state: state)
                product.variants.append(variant)
                ids.append(variant.id)
            }
            product.updatedAt = now
            state.upsert(product)
            return ids
        }
        let fresh = context.state
        let variants: [(any Sendable)?] = createdIDs.compactMap { fresh.variant(id: $0) }.map {
            VariantNode(product: $0.product, variant: $0.variant)
        }
        return RecordNode(
            "ProductVariantsBulkCreatePayload",
            ["product": productNode(productID, context), "productVariants": variants, "userErrors": list([])])
    }
}
