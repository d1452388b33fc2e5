import Foundation
import JSONValue
import SimulatorCore

/// MSI (`Magento_Inventory*`): the store's locations are sources, all linked to the one
/// "Default Stock" (id 1) that the `base` website sells from.
extension MagentoPlatform {
    static let defaultStockID = 1

    // MARK: Sources

    static func sourceJSON(_ location: SimLocation) -> JSONValue {
        [
            "source_code": .string(location.code), "name": .string(location.name), "enabled": .bool(location.isActive),
            "description": .string(location.name), "latitude": 0, "longitude": 0, "country_id": "DE", "postcode": "00000",
            "use_default_carrier_config": true, "carrier_links": [],
        ]
    }

    func searchSources(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria(required: false)
        let locations = call.shop.read { $0.locations }
        let search = SearchResults<SimLocation>(
            criteria: criteria,
            knows: { ["source_code", "name", "enabled", "country_id", "postcode", "description"].contains($0) },
            field: { location, name in
                switch name {
                case "source_code": .text(location.code)
                case "name", "description": .text(location.name)
                case "enabled": .number(location.isActive ? 1 : 0)
                case "country_id": .text("DE")
                case "postcode": .text("00000")
                default: .null
                }
            },
            unknownField: .internalError)
        let (page, total) = try search.run(locations, options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map(Self.sourceJSON), total: total)
    }

    func source(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let code = call.parameter("code")
        guard let location = call.shop.read({ $0.location(code: code) }) else {
            throw MagentoError(status: 404, "Source with code \"%value\" does not exist.", parameters: ["value": .string(code)])
        }
        return Self.sourceJSON(location)
    }

    /// `POST /V1/inventory/sources` with `{source: {source_code, name, enabled, ...}}`: adds a
    /// location (or renames one with that code). Answers `[]`.
    func saveSource(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let source = try call.bodyField("source")
        guard let code = source["source_code"]?.stringValue, !code.isEmpty else {
            throw MagentoError(
                status: 400, "Validation Failed",
                errors: [["message": "\"%field\" can not be empty.", "parameters": ["field": "source_code"]]])
        }
        guard let name = source["name"]?.stringValue, !name.isEmpty else {
            throw MagentoError(
                status: 400, "Validation Failed", errors: [["message": "\"%field\" can not be empty.", "parameters": ["field": "name"]]])
        }
        let enabled = source["enabled"]?.boolValue ?? true
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            if let index = state.locations.firstIndex(where: { $0.code == code }) {
                state.locations[index].name = name
                state.locations[index].isActive = enabled
            } else {
                state.locations.append(SimLocation(id: state.makeID(), code: code, name: name, isActive: enabled))
            }
            return []
        }
    }

    // MARK: Source items

    func searchSourceItems(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria()
        let rows = SourceItemRow.rows(call.catalog)
        let search = SearchResults<SourceItemRow>(
            criteria: criteria, knows: SourceItemRow.fields.contains, field: { $0.field($1) }, unknownField: .internalError)
        let (page, total) = try search.run(rows, options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map(\.json), total: total)
    }

    /// `POST /V1/inventory/source-items`: sets on-hand quantities, many SKUs and sources at once,
    /// all or nothing. Answers `[]` (the service returns void).
    ///
    /// Validation follows Magento\Inventory\Model\SourceItem\Command\Handler\SourceItemsSaveHandler:
    /// a failing item fails the whole request with 400 "Validation Failed: <first error>" and
    /// the errors listed; a source that does not exist passes validation and fails in the
    /// database, which Magento answers with 400 "Could not save Source Item".
    func saveSourceItems(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        guard let items = try call.bodyField("sourceItems").arrayValue, !items.isEmpty else {
            throw MagentoError(status: 400, "Input data is empty")
        }
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            let catalog = MagentoCatalog(state)
            var errors: [(template: String, parameters: JSONObject)] = []
            for item in items {
                let sku = item["sku"]?.stringValue ?? ""
                let code = item["source_code"]?.stringValue ?? ""
                if sku.isEmpty {
                    errors.append(("\"%field\" can not be empty.", ["field": "sku"]))
                } else if catalog.entity(sku: sku) == nil {
                    errors.append(
                        ("Product with requested \"%field\": \"%value\" was was not found.", ["field": "sku", "value": .string(sku)]))
                }
                if code.isEmpty {
                    errors.append(("\"%field\" can not be empty.", ["field": "source_code"]))
                } else if code.contains(where: \.isWhitespace) {
                    errors.append(("\"%field\" can not contain whitespaces.", ["field": "source_code"]))
                }
                if let quantity = item["quantity"], !quantity.isNull, quantity.decimalValue == nil {
                    errors.append(("\"%field\" should be numeric.", ["field": "quantity"]))
                }
                if let status = item["status"], !status.isNull, ![0, 1].contains(status.intValue ?? -1) {
                    errors.append(("\"%field\" should a known status.", ["field": "status"]))
                }
            }
            if let first = errors.first {
                var rendered = first.template
                for (key, value) in first.parameters {
                    rendered = rendered.replacingOccurrences(of: "%" + key, with: value.stringValue ?? "")
                }
                throw MagentoError(
                    status: 400, "Validation Failed: " + rendered,
                    errors: errors.map { ["message": .string($0.template), "parameters": .object($0.parameters)] })
            }
            for item in items {
                let sku = item["sku"]?.stringValue ?? ""
                guard let location = state.location(code: item["source_code"]?.stringValue ?? "") else {
                    throw MagentoError(status: 400, "Could not save Source Item")
                }
                let entities = catalog.entities(sku: sku)
                guard entities.allSatisfy({ $0.variant != nil }) else {
                    // The simulator keeps stock on variants only; a configurable parent has none.
                    throw MagentoError(status: 400, "Could not save Source Item")
                }
                for entity in entities {
                    state.updateVariant(id: entity.variant!.id) { product, variant in
                        let current = variant.onHand(at: location.id)
                        let quantity = item["quantity"]?.decimalValue.map { NSDecimalNumber(decimal: $0).intValue } ?? current
                        variant.available[location.id] = quantity - (variant.committed[location.id] ?? 0)
                        variant.updatedAt = now
                        product.updatedAt = max(product.updatedAt, now)
                    }
                }
            }
            return []
        }
    }

    /// `POST /V1/inventory/source-items-delete`: unassigns SKUs from sources, clearing their
    /// quantities there. Pairs that are not assigned are skipped, as a DELETE that matches nothing.
    func deleteSourceItems(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        guard let items = try call.bodyField("sourceItems").arrayValue, !items.isEmpty else {
            throw MagentoError(status: 400, "Input data is empty")
        }
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            let catalog = MagentoCatalog(state)
            for item in items {
                guard let location = state.location(code: item["source_code"]?.stringValue ?? "") else { continue }
                for entity in catalog.entities(sku: item["sku"]?.stringValue ?? "") {
                    guard let variant = entity.variant, variant.available[location.id] != nil || variant.committed[location.id] != nil
                    else { continue }
                    state.updateVariant(id: variant.id) { product, variant in
                        variant.available[location.id] = nil
                        variant.committed[location.id] = nil
                        variant.updatedAt = now
                        product.updatedAt = max(product.updatedAt, now)
                    }
                }
            }
            return []
        }
    }

    // MARK: Stocks and salability (Magento_InventorySalesApi)

    static var defaultStockJSON: JSONValue {
        [
            "stock_id": .int(defaultStockID), "name": "Default Stock",
            "extension_attributes": ["sales_channels": [["type": "website", "code": "base"]]],
        ]
    }

    func searchStocks(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let criteria = try call.searchCriteria(required: false)
        let search = SearchResults<Int>(
            criteria: criteria, knows: { ["stock_id", "name"].contains($0) },
            field: { _, name in name == "stock_id" ? .number(Decimal(Self.defaultStockID)) : .text("Default Stock") },
            unknownField: .internalError)
        let (page, total) = try search.run([Self.defaultStockID], options: call.options, fault: call.request.pagingFault)
        return search.json(items: page.map { _ in Self.defaultStockJSON }, total: total)
    }

    func stock(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try requireStock(call.parameter("stockId"))
        return Self.defaultStockJSON
    }

    func resolveStock(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        guard call.parameter("type") == "website", call.parameter("code") == "base" else {
            throw MagentoError(status: 404, "No linked stock found")
        }
        return Self.defaultStockJSON
    }

    private func requireStock(_ text: String) throws(MagentoError) {
        guard Int(text) == Self.defaultStockID else {
            throw MagentoError(status: 404, "Stock with id \"%value\" does not exist.", parameters: ["value": .string(text)])
        }
    }

    /// Sellable units of a simple product in the default stock: on hand at its enabled sources
    /// minus reservations (the simulator's available units), min_qty 0.
    static func salableQuantity(_ entity: MagentoCatalog.Entity, catalog: MagentoCatalog) -> Int {
        guard let variant = entity.variant else { return 0 }
        return catalog.locations.filter(\.isActive).reduce(0) { $0 + (variant.available[$1.id] ?? 0) }
    }

    static func isSalable(_ entity: MagentoCatalog.Entity, catalog: MagentoCatalog) -> Bool {
        guard let variant = entity.variant else {
            return catalog.children(of: entity.product).contains { isSalable($0, catalog: catalog) }
        }
        return !variant.tracksInventory || variant.allowsBackorder || salableQuantity(entity, catalog: catalog) > 0
    }

    /// `GET /V1/inventory/get-product-salable-quantity/{sku}/{stockId}` (Magento\InventorySales\Model\GetProductSalableQty).
    func salableQuantity(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try requireStock(call.parameter("stockId"))
        let catalog = call.catalog
        let sku = call.parameter("sku")
        guard let entity = catalog.entity(sku: sku) else {
            throw MagentoError(
                status: 400, "Following products with requested skus were not found: %skus", parameters: ["skus": .string(sku)])
        }
        guard entity.variant != nil else {
            throw MagentoError(status: 400, "Can't check requested quantity for products without Source Items support.")
        }
        return .int(Self.salableQuantity(entity, catalog: catalog))
    }

    func isSalable(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try requireStock(call.parameter("stockId"))
        let catalog = call.catalog
        return .bool(catalog.entity(sku: call.parameter("sku")).map { Self.isSalable($0, catalog: catalog) } ?? false)
    }

    /// `GET /V1/inventory/are-products-salable?skus[0]=A&skus[1]=B&stockId=1`.
    func areSalable(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let tree = QueryTree.parse(call.request.query)
        guard let stockText = tree["stockId"]?.stringValue else { throw MagentoError.requiredField("stockId") }
        try requireStock(stockText)
        let skus = tree["skus"].map { node in node.children.compactMap(\.tree.stringValue) + [node.stringValue].compactMap { $0 } } ?? []
        let catalog = call.catalog
        return .array(
            skus.map { sku in
                let salable = catalog.entity(sku: sku).map { Self.isSalable($0, catalog: catalog) } ?? false
                return ["sku": .string(sku), "stock_id": .int(Self.defaultStockID), "salable": .bool(salable)]
            })
    }

    func isSalableForQuantity(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        try requireStock(call.parameter("stockId"))
        guard let requested = Decimal(string: call.parameter("qty")) else {
            throw MagentoError.invalidType(call.parameter("qty"), expected: "float")
        }
        let catalog = call.catalog
        var salable = false
        if let entity = catalog.entity(sku: call.parameter("sku")), let variant = entity.variant {
            salable =
                !variant.tracksInventory || variant.allowsBackorder
                || Decimal(Self.salableQuantity(entity, catalog: catalog)) >= requested
        }
        let errors: [JSONValue] =
            salable ? [] : [["code": "is_salable_with_reservations-not_enough_qty", "message": "The requested qty is not available"]]
        return ["salable": .bool(salable), "errors": .array(errors)]
    }

    // MARK: Legacy CatalogInventory

    func stockItem(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let catalog = call.catalog
        guard let entity = catalog.entity(sku: call.parameter("sku")) else { throw MagentoError.productNotFound }
        return catalog.stockItemJSON(entity)
    }

    /// `PUT /V1/products/{sku}/stockItems/{itemId}` with `{stockItem: {qty, ...}}`: sets on hand
    /// at the default source; answers the item id.
    func updateStockItem(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let stockItem = try call.bodyField("stockItem")
        let sku = call.parameter("sku")
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            let catalog = MagentoCatalog(state)
            guard let entity = catalog.entity(sku: sku) else { throw MagentoError.productNotFound }
            if entity.variant != nil {
                try ProductWriter(payload: ["extension_attributes": ["stock_item": stockItem]], now: now).update(
                    entity, in: &state, catalog: catalog)
            }
            return .int(entity.id)
        }
    }
}
