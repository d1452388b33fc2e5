import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

extension MagentoPlatform {
    // MARK: Admin token

    /// `POST /V1/integration/admin/token`: a bare JSON string on success.
    func adminToken(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let body = try call.body()
        guard let username = body["username"]?.stringValue, !username.isEmpty else { throw MagentoError.requiredField("username") }
        guard let password = body["password"]?.stringValue, !password.isEmpty else { throw MagentoError.requiredField("password") }
        let credentials = call.shop.credentials
        guard username == credentials.magentoAdminUsername, password == credentials.magentoAdminPassword else {
            // Magento\Integration\Model\AdminTokenService::createAdminAccessToken
            throw MagentoError(
                status: 401, "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")
        }
        return .string(adminTokens.issue(now: call.shop.now, lifetime: call.options.adminTokenLifetime))
    }

    // MARK: Reading products

    func searchProducts(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria()
        let catalog = call.catalog
        let search = SearchResults<MagentoCatalog.Entity>(
            criteria: criteria, knows: catalog.knowsProductField, field: catalog.productField, unknownField: .invalidAttribute)
        let (page, total) = try search.run(catalog.entities, options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map(catalog.productJSON), total: total)
    }

    func product(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let catalog = call.catalog
        guard let entity = catalog.entity(sku: call.parameter("sku")) else { throw MagentoError.productNotFound }
        return catalog.productJSON(entity)
    }

    /// `GET /V1/products/attributes?searchCriteria...`: the option attributes the catalog uses
    /// (`catalog-data-product-attribute-search-results-interface` in the 2.4.9 schema), each with
    /// its select options `{label, value}`, value being the option id products carry. Only the
    /// configurable option attributes exist here; the attribute table is flat, so an unknown field
    /// fails as MySQL would (500).
    func searchAttributes(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria()
        let catalog = call.catalog
        let rows = catalog.optionAttributes
        let fields = ["attribute_id", "attribute_code", "frontend_input", "default_frontend_label", "entity_type_id", "is_user_defined"]
        let search = SearchResults<MagentoCatalog.OptionAttribute>(
            criteria: criteria, knows: { fields.contains($0) },
            field: { row, name in
                switch name {
                case "attribute_id": .text(String(row.id))
                case "attribute_code": .text(row.code)
                case "frontend_input": .text("select")
                case "default_frontend_label": .text(row.label)
                case "entity_type_id": .text("4")
                default: .text("1")
                }
            }, unknownField: .internalError)
        let (page, total) = try search.run(rows, options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map { catalog.attributeJSON($0) }, total: total)
    }

    func attributeOptions(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let code = call.parameter("code")
        let catalog = call.catalog
        let labels = catalog.optionLabels(attribute: code)
        guard !labels.isEmpty else {
            throw MagentoError(
                status: 404, "The attribute with a \"%1\" attributeCode doesn't exist. Verify the attribute and try again.",
                parameters: [.string(code)])
        }
        let options = labels.map { label -> JSONValue in
            ["label": .string(label), "value": .string(String(MagentoCatalog.optionID(attribute: code, label: label)))]
        }
        return .array([["label": " ", "value": ""]] + options)
    }

    // MARK: Writing products

    /// `PUT /V1/products/{sku}`: a partial update of the product the URL names (the URL's SKU
    /// wins over the body's). Like Magento's ProductRepository::save, an unknown SKU creates the
    /// product.
    func updateProduct(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let payload = try productPayload(call)
        let sku = call.parameter("sku")
        let now = call.shop.now
        let id = try call.mutate { state throws(MagentoError) -> Int64 in
            let catalog = MagentoCatalog(state)
            guard let entity = catalog.entity(sku: sku) else {
                return try ProductWriter(payload: payload, now: now).create(sku: sku, in: &state, catalog: catalog)
            }
            try ProductWriter(payload: payload, now: now).update(entity, in: &state, catalog: catalog)
            return entity.id
        }
        return try renderedProduct(id: id, call: call)
    }

    /// `POST /V1/products`: creates the product, or updates it when the SKU exists (Magento saves
    /// either way).
    func createProduct(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let payload = try productPayload(call)
        guard let sku = payload["sku"]?.stringValue, !sku.isEmpty else {
            throw MagentoError(status: 400, "The \"%1\" attribute value is empty. Set the attribute and try again.", parameters: ["sku"])
        }
        let now = call.shop.now
        let id = try call.mutate { state throws(MagentoError) -> Int64 in
            let catalog = MagentoCatalog(state)
            if let entity = catalog.entity(sku: sku) {
                try ProductWriter(payload: payload, now: now).update(entity, in: &state, catalog: catalog)
                return entity.id
            }
            return try ProductWriter(payload: payload, now: now).create(sku: sku, in: &state, catalog: catalog)
        }
        return try renderedProduct(id: id, call: call)
    }

    private func productPayload(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let payload = try call.bodyField("product")
        guard payload.objectValue != nil else {
            throw MagentoError.invalidType(payload.serialized, expected: "Magento\\Catalog\\Api\\Data\\ProductInterface")
        }
        return payload
    }

    private func renderedProduct(id: Int64, call: MagentoCall) throws(MagentoError) -> JSONValue {
        let catalog = call.catalog
        guard let entity = catalog.entity(id: id) else { throw MagentoError.productNotFound }
        return catalog.productJSON(entity)
    }

    // MARK: Price storage (Magento\Catalog\Model\Product\Price\BasePriceStorage, SpecialPriceStorage)

    /// `POST /V1/products/base-prices`: sets the regular price of many SKUs. Rows that fail
    /// validation come back as `{message, parameters}` items and the others are saved; `[]` means
    /// every row was saved. Configurable parents have no price of their own and count as invalid
    /// SKUs, as in Magento.
    func updateBasePrices(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try updatePrices(call) { variant, money in
            if variant.compareAtPrice != nil { variant.compareAtPrice = money } else { variant.price = money }
        }
    }

    /// `POST /V1/products/special-price`: sets the special (sale) price; the regular price stays.
    func updateSpecialPrices(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try updatePrices(call) { variant, money in
            if variant.compareAtPrice == nil { variant.compareAtPrice = variant.price }
            variant.price = money
        }
    }

    private func updatePrices(_ call: MagentoCall, apply: @escaping (inout SimVariant, Money) -> Void) throws(MagentoError) -> JSONValue {
        guard let rows = try call.bodyField("prices").arrayValue else {
            throw MagentoError(status: 400, "Invalid input data format. Expected an array of prices.")
        }
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            let catalog = MagentoCatalog(state)
            var failures: [JSONValue] = []
            var valid: [(entities: [MagentoCatalog.Entity], money: Money)] = []
            for row in rows {
                let sku = row["sku"]?.stringValue ?? row["sku"]?.numberText ?? ""
                let entities = catalog.entities(sku: sku).filter { $0.variant != nil }
                var failed = false
                if sku.isEmpty || entities.isEmpty {
                    failures.append(Self.priceFailure("Invalid attribute %fieldName = %fieldValue.", ["SKU", sku]))
                    failed = true
                }
                let price = row["price"]?.decimalValue
                if price == nil || price! < 0 {
                    let text = row["price"].map { $0.numberText ?? $0.stringValue ?? "" } ?? ""
                    failures.append(Self.priceFailure("Invalid attribute %fieldName = %fieldValue.", ["Price", text]))
                    failed = true
                }
                let store = row["store_id"]?.intValue ?? 0
                if ![0, 1].contains(store) {
                    failures.append(
                        Self.priceFailure(
                            "Requested store is not found. Row ID: SKU = %SKU, Store ID: %storeId.", [sku, String(store)]))
                    failed = true
                }
                if !failed, let price { valid.append((entities, Self.money(price, currency: catalog.currency))) }
            }
            for (entities, money) in valid {
                for entity in entities {
                    state.updateVariant(id: entity.variant!.id) { product, variant in
                        apply(&variant, money)
                        variant.updatedAt = now
                        product.updatedAt = max(product.updatedAt, now)
                    }
                }
            }
            return .array(failures)
        }
    }

    private static func priceFailure(_ message: String, _ parameters: [String]) -> JSONValue {
        ["message": .string(message), "parameters": .array(parameters.map { .string($0) })]
    }

    /// `POST /V1/products/base-prices-information`: `[{price, store_id, sku}]` for the SKUs that have a price.
    func basePrices(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let catalog = call.catalog
        return .array(
            try skuList(call).compactMap { sku -> JSONValue? in
                guard let entity = catalog.entity(sku: sku), let price = MagentoCatalog.regularPrice(entity) else { return nil }
                return ["price": .decimal(price.decimal), "store_id": 0, "sku": .string(entity.sku)]
            })
    }

    /// `POST /V1/products/special-price-information`: `[{price, store_id, sku}]` for the SKUs on sale.
    func specialPrices(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let catalog = call.catalog
        return .array(
            try skuList(call).compactMap { sku -> JSONValue? in
                guard let entity = catalog.entity(sku: sku), let price = MagentoCatalog.specialPrice(entity) else { return nil }
                return ["price": .decimal(price.decimal), "store_id": 0, "sku": .string(entity.sku)]
            })
    }

    private func skuList(_ call: MagentoCall) throws(MagentoError) -> [String] {
        guard let skus = try call.bodyField("skus").arrayValue else { throw MagentoError.invalidType("skus", expected: "string[]") }
        return skus.compactMap { $0.stringValue ?? $0.numberText }
    }

    /// A decimal amount as money, rounded to the currency's minor unit.
    static func money(_ amount: Decimal, currency: CurrencyCode) -> Money {
        var scaled = amount * pow(Decimal(10), currency.minorUnitDigits)
        var rounded = Decimal()
        NSDecimalRound(&rounded, &scaled, 0, .plain)
        return Money(minorUnits: NSDecimalNumber(decimal: rounded).int64Value, currency: currency)
    }
}
