import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Writes changes to a Shopify store in its batched mutations and reports each change's outcome.
///
/// - Stock goes through `inventorySetQuantities` as a compare-and-set, 250 quantities a call: a
///   quantity applies only if the store still holds the value the plan expected. Shopify refuses
///   the whole call when one quantity is stale, so the writer marks that one stale and sends the
///   rest again.
/// - Prices, compare-at prices, barcodes and weights go through `productVariantsBulkUpdate`, one
///   aliased field per product and as many products a request as the cost limit allows; titles, descriptions and status through `productUpdate`. Shopify has no
///   compare-and-set for these, so the writer reads the current values first and writes only
///   changes whose expected value still holds; the others are reported stale.
/// - Images are the product's media (see `ShopifyWriter+Images.swift`): new ones are added from
///   their URLs in the same `productUpdate` as the product's other fields, the ones to go are
///   taken off with one `fileUpdate` for the whole batch, and `productReorderMedia` follows only
///   when the result is not in the catalog's order.
struct ShopifyWriter: Sendable {
    let graphQL: ShopifyGraphQLClient
    let options: ShopifyAdapterOptions

    var store: StoreID { graphQL.endpoint.store }

    func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        var outcomes: [String: ChangeOutcome] = [:]
        let stock = changes.filter { if case .stock = $0.field { true } else { false } }
        let variantFields = changes.filter { [.price, .compareAtPrice, .barcode, .weight].contains($0.field) }
        let productFields = changes.filter { [.title, .description, .status, .images].contains($0.field) }
        for batch in stride(from: 0, to: stock.count, by: options.stockBatchSize).map({
            Array(stock[$0..<min(stock.count, $0 + options.stockBatchSize)])
        }) {
            for outcome in try await setQuantities(batch, context: context) { outcomes[outcome.changeID] = outcome }
        }
        for outcome in try await updateVariants(variantFields) { outcomes[outcome.changeID] = outcome }
        for outcome in try await updateProducts(productFields) { outcomes[outcome.changeID] = outcome }
        return changes.map { outcomes[$0.id] ?? ChangeOutcome(changeID: $0.id, status: .unknown, message: "no answer for this change") }
    }

    // MARK: Stock

    /// Whether this API version spells the compare value `changeFromQuantity` (2026-01 and later)
    /// instead of `compareQuantity`.
    var usesChangeFromQuantity: Bool { graphQL.apiVersion >= "2026-01" && graphQL.apiVersion != "unstable" }

    func setQuantities(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        var outcomes: [ChangeOutcome] = []
        var pending: [(change: Change, input: JSONValue)] = []
        for change in changes {
            guard case .stock(let location) = change.field, case .quantity(let quantity) = change.new else {
                outcomes.append(ChangeOutcome(changeID: change.id, status: .rejected, message: "a stock change needs a quantity"))
                continue
            }
            guard let item = change.ref.inventoryItemID else {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected, message: "no inventory item for \(change.sku); read the store again"))
                continue
            }
            guard case .quantity(let expected)? = change.expected else {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected,
                        message: "no expected quantity to compare with; Concord never writes stock blind"))
                continue
            }
            var input: JSONObject = ["inventoryItemId": .string(item), "locationId": .string(location), "quantity": .int(quantity)]
            input[usesChangeFromQuantity ? "changeFromQuantity" : "compareQuantity"] = .int(expected)
            pending.append((change, .object(input)))
        }
        while !pending.isEmpty {
            let input: JSONObject = [
                "name": "available", "reason": "correction", "referenceDocumentUri": .string(context.referenceURI),
                "quantities": .array(pending.map(\.input)),
            ]
            let answer = try await graphQL.execute(
                ShopifyOperations.inventorySetQuantities, variables: ["input": .object(input)],
                estimatedCost: ShopifyOperations.mutationCost)
            let errors = answer.data["inventorySetQuantities"]?["userErrors"]?.arrayValue ?? []
            if errors.isEmpty {
                let after = Self.quantitiesAfter(answer.data["inventorySetQuantities"]?["inventoryAdjustmentGroup"])
                for (change, _) in pending {
                    let key = (change.ref.inventoryItemID ?? "") + "|" + Self.location(of: change)
                    let observed = after[key].map(FieldValue.quantity) ?? change.new
                    outcomes.append(ChangeOutcome(changeID: change.id, status: .applied, observed: observed))
                }
                return outcomes
            }
            // Shopify writes nothing when any quantity fails: take the failed ones out and send the rest again.
            var failed: Set<Int> = []
            for error in errors {
                let message = error["message"]?.stringValue ?? "refused"
                let code = error["code"]?.stringValue
                guard let index = Self.quantityIndex(error["field"]), pending.indices.contains(index) else {
                    // An error that names no quantity fails them all.
                    for (change, _) in pending {
                        outcomes.append(ChangeOutcome(changeID: change.id, status: .rejected, message: "Shopify: \(message)"))
                    }
                    return outcomes
                }
                failed.insert(index)
                let change = pending[index].change
                if code == "COMPARE_QUANTITY_STALE" || code == "CHANGE_FROM_QUANTITY_STALE" {
                    outcomes.append(
                        ChangeOutcome(
                            changeID: change.id, status: .stale,
                            message:
                                "changed since planned: the store no longer holds \(change.expected?.description ?? "the expected quantity") (\(message))"
                        ))
                } else {
                    outcomes.append(
                        ChangeOutcome(changeID: change.id, status: .rejected, message: "Shopify\(code.map { " \($0)" } ?? ""): \(message)"))
                }
            }
            pending = pending.enumerated().filter { !failed.contains($0.offset) }.map(\.element)
        }
        return outcomes
    }

    static func location(of change: Change) -> String {
        if case .stock(let location) = change.field { return location }
        return ""
    }

    /// `["input", "quantities", "3", "compareQuantity"]` → 3.
    static func quantityIndex(_ field: JSONValue?) -> Int? {
        let path = field?.arrayValue?.compactMap(\.stringValue) ?? []
        guard let position = path.firstIndex(of: "quantities"), path.indices.contains(position + 1) else { return nil }
        return Int(path[position + 1])
    }

    static func quantitiesAfter(_ group: JSONValue?) -> [String: Int] {
        var result: [String: Int] = [:]
        for change in group?["changes"]?.arrayValue ?? [] where change["name"]?.stringValue == "available" {
            guard let item = change["item"]?["id"]?.stringValue, let location = change["location"]?["id"]?.stringValue,
                let after = change["quantityAfterChange"]?.intValue
            else { continue }
            result[item + "|" + location] = after
        }
        return result
    }

    // MARK: Variants and products (read, check, write)

    func updateVariants(_ changes: [Change]) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        let current = try await currentVariants(Array(Set(changes.map(\.ref.variantID))).sorted())
        let (writable, stale) = Preconditions.check(changes) { change in
            current[change.ref.variantID].map { Self.value(of: change.field, in: $0, currency: Self.currency(of: change)) }
        }
        var outcomes = stale
        var updates: [ProductVariantsUpdate] = []
        let byProduct = Dictionary(grouping: writable, by: \.ref.productID)
        for productID in byProduct.keys.sorted() {
            var inputs: [String: JSONObject] = [:]  // by variant id
            var written: [Change] = []
            for change in byProduct[productID]! {
                var input = inputs[change.ref.variantID] ?? ["id": .string(change.ref.variantID)]
                switch (change.field, change.new) {
                case (.price, .money(let money)): input["price"] = .string(money.amountString)
                case (.compareAtPrice, .money(let money)): input["compareAtPrice"] = .string(money.amountString)
                case (.compareAtPrice, .none): input["compareAtPrice"] = .null
                case (.barcode, .text(let text)): input["barcode"] = .string(text)
                case (.barcode, .none): input["barcode"] = .null
                case (.weight, .weight(let weight)) where weight.value >= 0:
                    // Sent in the catalog's own unit: Shopify keeps a unit per variant, so nothing is converted.
                    input["inventoryItem"] = [
                        "measurement": ["weight": ["unit": .string(Self.weightUnit(weight.unit)), "value": .decimal(weight.value)]]
                    ]
                case (.weight, .none):
                    outcomes.append(
                        ChangeOutcome(
                            changeID: change.id, status: .rejected,
                            message:
                                "Shopify keeps a weight on every variant and cannot clear one; set a weight in the catalog (0 for none)"))
                    continue
                default:
                    outcomes.append(
                        ChangeOutcome(changeID: change.id, status: .rejected, message: "cannot write \(change.new) to \(change.field)"))
                    continue
                }
                inputs[change.ref.variantID] = input
                written.append(change)
            }
            guard !inputs.isEmpty else { continue }
            let variantIDs = inputs.keys.sorted()
            updates.append(
                ProductVariantsUpdate(
                    productID: productID, variantIDs: variantIDs, inputs: variantIDs.map { inputs[$0]! }, written: written))
        }
        // As many products a request as the single-query maximum allows, each its own alias.
        var pending = updates[...]
        while !pending.isEmpty {
            let (batch, cost) = await nextDocument(
                of: &pending, cost: { ShopifyOperations.productVariantsBulkUpdateCost(variants: $0.inputs.count) })
            var variables: JSONObject = [:]
            for (index, update) in batch.enumerated() {
                variables["productId\(index)"] = .string(update.productID)
                variables["variants\(index)"] = .array(update.inputs.map(JSONValue.object))
            }
            let answer = try await graphQL.execute(
                ShopifyOperations.productVariantsBulkUpdates(count: batch.count), variables: variables,
                estimatedCost: cost, fieldErrors: .returned)
            for (index, update) in batch.enumerated() {
                outcomes += Self.outcomes(of: update, alias: "p\(index)", in: answer)
            }
        }
        return outcomes
    }

    /// The products of the next aliased document: in order, while their costs fit the
    /// single-query maximum (always at least one) and at most ``ShopifyAdapterOptions/productsPerWrite``;
    /// taken off `pending`, with the document's cost.
    func nextDocument<Item>(of pending: inout ArraySlice<Item>, cost: (Item) -> Int) async -> (items: [Item], cost: Int) {
        let budget = Int(min(options.maxQueryCost, await graphQL.governor.capacity))
        var total = 0
        var items: [Item] = []
        while let next = pending.first, items.count < options.productsPerWrite {
            let more = cost(next)
            guard items.isEmpty || total + more <= budget else { break }
            total += more
            items.append(next)
            pending = pending.dropFirst()
        }
        return (items, total)
    }

    /// One product's variant inputs, and the changes they carry.
    struct ProductVariantsUpdate {
        var productID: String
        var variantIDs: [String]
        var inputs: [JSONObject]
        var written: [Change]
    }

    /// Each change's outcome from its product's alias: applied with the value Shopify answered,
    /// rejected with the `userErrors` that name its variant (or the whole product), unknown when
    /// the alias itself failed (Shopify may or may not have run it; the next read tells).
    static func outcomes(of update: ProductVariantsUpdate, alias: String, in answer: ShopifyGraphQLClient.Answer) -> [ChangeOutcome] {
        let variantIDs = update.variantIDs
        guard let result = answer.data[alias], !result.isNull else {
            let error = answer.fieldErrors.first { $0["path"]?.arrayValue?.first?.stringValue == alias }
            let message = error?["message"]?.stringValue ?? "no answer for this product"
            return update.written.map {
                ChangeOutcome(
                    changeID: $0.id, status: .unknown, message: "Shopify answered this product's update with an error: \(message)")
            }
        }
        var errorsByVariant: [String: String] = [:]
        for error in result["userErrors"]?.arrayValue ?? [] {
            let path = error["field"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let message = error["message"]?.stringValue ?? "refused"
            if let position = path.firstIndex(of: "variants"), path.indices.contains(position + 1), let index = Int(path[position + 1]),
                variantIDs.indices.contains(index)
            {
                errorsByVariant[variantIDs[index]] = message + (path.count > position + 2 ? " (\(path[position + 2]))" : "")
            } else {
                for id in variantIDs { errorsByVariant[id] = message }
            }
        }
        let after = Dictionary(
            (result["productVariants"]?.arrayValue ?? []).compactMap { node in node["id"]?.stringValue.map { ($0, node) } },
            uniquingKeysWith: { $1 })
        return update.written.map { change in
            if let message = errorsByVariant[change.ref.variantID] {
                return ChangeOutcome(changeID: change.id, status: .rejected, message: "Shopify: \(message)")
            }
            let observed = after[change.ref.variantID].map { Self.value(of: change.field, in: $0, currency: Self.currency(of: change)) }
            return ChangeOutcome(changeID: change.id, status: .applied, observed: observed ?? change.new)
        }
    }

    func updateProducts(_ changes: [Change]) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        let fields = changes.filter { $0.field != .images }
        let current = fields.isEmpty ? [:] : try await currentVariants(Array(Set(fields.map(\.ref.variantID))).sorted())
        let (writable, stale) = Preconditions.check(fields) { change in
            current[change.ref.variantID]?["product"].map { Self.value(of: change.field, in: $0) }
        }
        var outcomes = stale
        var images = try await planImages(changes.filter { $0.field == .images })
        outcomes += images.outcomes
        var updates: [ProductUpdate] = []
        let byProduct = Dictionary(grouping: writable, by: \.ref.productID)
        for productID in Set(byProduct.keys).union(images.plans.keys).sorted() {
            let group = byProduct[productID] ?? []
            let media = images.plans[productID]?.additions ?? []
            var input: JSONObject = ["id": .string(productID)]
            var written: [Change] = []
            for change in group {
                switch (change.field, change.new) {
                case (.title, .text(let text)): input["title"] = .string(text)
                case (.description, .text(let text)): input["descriptionHtml"] = .string(text)
                case (.status, .status(let status)): input["status"] = .string(status.rawValue.uppercased())
                default:
                    outcomes.append(
                        ChangeOutcome(changeID: change.id, status: .rejected, message: "cannot write \(change.new) to \(change.field)"))
                    continue
                }
                written.append(change)
            }
            guard !written.isEmpty || !media.isEmpty else { continue }
            updates.append(ProductUpdate(productID: productID, input: input, media: media, written: written))
        }
        var pending = updates[...]
        while !pending.isEmpty {
            let (batch, cost) = await nextDocument(of: &pending, cost: { ShopifyOperations.productUpdateCost(media: $0.media.count) })
            var variables: JSONObject = [:]
            for (index, update) in batch.enumerated() {
                variables["product\(index)"] = .object(update.input)
                variables["media\(index)"] =
                    update.media.isEmpty
                    ? .null : .array(update.media.map { ["originalSource": .string($0), "mediaContentType": "IMAGE"] })
            }
            let answer = try await graphQL.execute(
                ShopifyOperations.productUpdates(count: batch.count), variables: variables, estimatedCost: cost, fieldErrors: .returned)
            for (index, update) in batch.enumerated() {
                let alias = "p\(index)"
                guard let result = answer.data[alias], !result.isNull else {
                    let error = answer.fieldErrors.first { $0["path"]?.arrayValue?.first?.stringValue == alias }
                    let message = error?["message"]?.stringValue ?? "no answer for this product"
                    outcomes += update.written.map {
                        ChangeOutcome(
                            changeID: $0.id, status: .unknown, message: "Shopify answered this product's update with an error: \(message)")
                    }
                    images.plans[update.productID]?.failure = (.unknown, "Shopify answered this product's update with an error: \(message)")
                    continue
                }
                outcomes += Self.outcomes(of: update, result: result, images: &images)
            }
        }
        outcomes += try await finishImages(&images)
        return outcomes
    }

    /// One product's `productUpdate` input, the media to add to it, and the changes it carries.
    struct ProductUpdate {
        var productID: String
        var input: JSONObject
        var media: [String]
        var written: [Change]
    }

    /// Each change's outcome from its product's `productUpdate` answer; the media part goes to
    /// the image plan.
    static func outcomes(of update: ProductUpdate, result: JSONValue, images: inout ImageWork) -> [ChangeOutcome] {
        var errors = result["userErrors"]?.arrayValue ?? []
        if !update.media.isEmpty {
            let mediaErrors = errors.filter { ($0["field"]?.arrayValue?.first?.stringValue) == "media" }
            errors.removeAll { ($0["field"]?.arrayValue?.first?.stringValue) == "media" }
            images.added(to: update.productID, answer: result["product"], errors: mediaErrors)
        }
        let written = update.written
        return written.map { change in
            let key = change.field == .description ? "descriptionHtml" : change.field.description
            if let error = errors.first(where: { ($0["field"]?.arrayValue?.compactMap(\.stringValue) ?? []).contains(key) })
                ?? (errors.count == 1 && written.count == 1 ? errors.first : nil)
            {
                return ChangeOutcome(
                    changeID: change.id, status: .rejected, message: "Shopify: \(error["message"]?.stringValue ?? "refused")")
            } else if !errors.isEmpty, errors.allSatisfy({ ($0["field"]?.arrayValue ?? []).isEmpty }) {
                return ChangeOutcome(
                    changeID: change.id, status: .rejected, message: "Shopify: \(errors[0]["message"]?.stringValue ?? "refused")")
            }
            let product = result["product"]
            return ChangeOutcome(
                changeID: change.id, status: .applied, observed: product.map { Self.value(of: change.field, in: $0) } ?? change.new)
        }
    }

    /// The variants (with their products) as the store holds them now, by variant id.
    func currentVariants(_ ids: [String]) async throws -> [String: JSONValue] {
        var result: [String: JSONValue] = [:]
        var pending = ids[...]
        while !pending.isEmpty {
            let count = ShopifyCatalogReader.fit(
                budget: Int(min(options.maxQueryCost, await graphQL.governor.capacity)), max: min(250, pending.count)
            ) {
                ShopifyOperations.variantsByIDCost(count: $0, levels: 1)
            }
            let batch = pending.prefix(count)
            pending = pending.dropFirst(count)
            let answer = try await graphQL.execute(
                ShopifyOperations.variantsByID, variables: ["ids": .array(batch.map { .string($0) }), "levels": .int(1)],
                estimatedCost: ShopifyOperations.variantsByIDCost(count: batch.count, levels: 1))
            for node in answer.data["nodes"]?.arrayValue ?? [] {
                if let id = node["id"]?.stringValue { result[id] = node }
            }
        }
        return result
    }

    /// A field's value in a variant or product node, as the planner spells it. Shopify amounts carry
    /// no currency of their own: they are in the shop's, which is the plan's.
    static func value(of field: Change.Field, in node: JSONValue, currency: CurrencyCode? = nil) -> FieldValue {
        func money(_ key: String) -> FieldValue {
            guard let text = node[key]?.stringValue, let currency, let amount = try? Money.parse(text, currency: currency) else {
                return .none
            }
            return .money(amount)
        }
        switch field {
        case .price: return money("price")
        case .compareAtPrice: return money("compareAtPrice")
        case .barcode: return node["barcode"]?.stringValue.map(FieldValue.text) ?? .none
        case .title: return node["title"]?.stringValue.map(FieldValue.text) ?? .none
        case .description: return node["descriptionHtml"]?.stringValue.map(FieldValue.text) ?? .none
        case .status: return node["status"]?.stringValue.flatMap(ListingStatus.init(platformValue:)).map(FieldValue.status) ?? .none
        case .weight: return ShopifyListingParser.weight(node["inventoryItem"]).map(FieldValue.weight) ?? .none
        default: return .none
        }
    }

    /// Shopify's `WeightUnit` for a unit.
    static func weightUnit(_ unit: Weight.Unit) -> String {
        switch unit {
        case .grams: "GRAMS"
        case .kilograms: "KILOGRAMS"
        case .pounds: "POUNDS"
        case .ounces: "OUNCES"
        }
    }

    /// The currency a change's amounts are in.
    static func currency(of change: Change) -> CurrencyCode? {
        if case .money(let money) = change.new { return money.currency }
        if case .money(let money)? = change.expected { return money.currency }
        return nil
    }
}
