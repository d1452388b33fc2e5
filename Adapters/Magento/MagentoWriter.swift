import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Writes changes to a Magento store and reports each change's outcome.
///
/// - **Stock** goes through `POST /V1/inventory/source-items`, up to `writeBatchSize` items a call.
///   A source item's `quantity` is on hand, while a change's value is *available*, so the writer
///   sends `available + reserved`, where reserved is what the store's open orders hold at that
///   source as the read counts it (see ``MagentoPayloadParser``). Without MSI, the legacy
///   `PUT /V1/products/{sku}/stockItems/{itemId}` sets `qty`, which is already net of orders.
/// - **Prices** go through `POST /V1/products/base-prices` (the regular price) and
///   `POST /V1/products/special-price` (the price a shopper pays when there is a compare-at
///   price), batched; taking a compare-at price away clears `special_price` with
///   `PUT /V1/products/{sku}`. A compare-at price not above the price is refused: Magento would
///   sell at the lower of the two.
/// - **Title, description, status, barcode and weight** go through `PUT /rest/all/V1/products/{sku}`,
///   one call per product however many of its fields change. A weight is sent in the store's
///   weight unit (`weight_unit` of `GET /V1/store/storeConfigs`, `kgs` or `lbs`), as Magento
///   keeps it; with no known unit a weight change is refused rather than guessed. The `all` store code saves at global
///   scope; the store view code (`default`) would leave store-view overrides behind. A child's
///   title, description and status belong to its configurable parent.
/// - Magento has no compare-and-set. Just before writing, the writer reads every item again
///   (`entity_id in`, source items, open orders) and writes only changes whose expected value
///   still holds (``Preconditions/check(_:current:)``); the others are reported stale.
/// - Per-item failures become per-item outcomes: base-prices and special-price answer a list of
///   `{message, parameters}` for the rows they refused (and save the others); a source-items call
///   is all or nothing, so the items Magento names are refused and the rest sent once more.
///   A call that fails as a whole leaves its changes `unknown` (it may have landed) or `rejected`
///   (the store refused it before doing anything); the writer never repeats a write blind.
/// - **Images** go to the media gallery, which takes uploaded files, not URLs (see
///   `MagentoWriter+Images.swift`): each new image is downloaded, then uploaded with
///   `POST /V1/products/{sku}/media`; images that go are deleted one by one, and kept ones are
///   moved only when their position changes.
/// - With ``MagentoAdapterOptions/asyncBulk`` (`magento_async_bulk = true`), the product-field
///   writes go through the asynchronous bulk API instead, many products a call
///   (``MagentoBulkWriter``): a completed operation is read back and checked as a PUT's answer
///   is, a failed one is rejected with the consumer's message, one still open when the writer
///   stops polling is unknown. It needs a message queue consumer on the server.
struct MagentoWriter: Sendable {
    let rest: MagentoRESTClient
    let options: MagentoAdapterOptions

    var store: StoreID { rest.store }

    /// The state the writer read just before writing.
    struct Current: Sendable {
        var products: [String: JSONValue]
        var mode: MagentoStockReader.Mode?
        var sourceItems: [String: [(source: String, quantity: Int, status: Int)]] = [:]
        var reserved: [String: MagentoPayloadParser.Reserved] = [:]
    }

    func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        var outcomes: [String: ChangeOutcome] = [:]
        let config = try await rest.storeConfig(currency: options.currency)
        let parser = MagentoPayloadParser(
            store: store, currency: config.currency, weightUnit: config.weightUnit, productMediaURL: config.productMediaURL,
            barcodeAttribute: options.barcodeAttribute)

        var candidates: [Change] = []
        for change in changes {
            if let message = rejection(of: change, currency: config.currency, weightUnit: config.weightUnit) {
                outcomes[change.id] = ChangeOutcome(changeID: change.id, status: .rejected, message: message)
            } else {
                candidates.append(change)
            }
        }
        guard !candidates.isEmpty else { return Self.ordered(changes, outcomes) }

        // Read again what is about to be written.
        let current: Current
        do {
            current = try await read(candidates)
        } catch {
            if outcomes.isEmpty { throw error }
            let failure = WriteFailure(notSent: error, store: store)
            for change in candidates { outcomes[change.id] = failure.outcome(for: change) }
            return Self.ordered(changes, outcomes)
        }

        var checkable: [Change] = []
        for change in candidates {
            if let item = current.products[change.ref.variantID], MagentoPayloadParser.kind(of: item) != .sellable {
                outcomes[change.id] = ChangeOutcome(
                    changeID: change.id, status: .stale, observed: FieldValue.none,
                    message: "the item is now a \(item["type_id"]?.stringValue ?? "container") product; read the store again")
            } else {
                checkable.append(change)
            }
        }
        let (checked, stale) = Preconditions.check(checkable) { value(of: $0, in: current, parser: parser) }
        for outcome in stale { outcomes[outcome.changeID] = outcome }

        // Two changes to one field of one item must agree.
        let (writable, disagreeing) = WriteChecks.agreeing(checked, item: \.ref.variantID, platform: "Magento")
        for outcome in disagreeing { outcomes[outcome.changeID] = outcome }

        let stock = writable.filter { if case .stock = $0.field { true } else { false } }
        let prices = writable.filter { $0.field == .price || $0.field == .compareAtPrice }
        let fields = writable.filter { [.title, .description, .status, .barcode, .weight].contains($0.field) }
        for outcome in try await writeStock(stock, current: current) { outcomes[outcome.changeID] = outcome }
        for outcome in try await writePrices(prices, current: current, parser: parser) { outcomes[outcome.changeID] = outcome }
        for outcome in try await writeFields(fields, current: current, parser: parser, weightUnit: config.weightUnit) {
            outcomes[outcome.changeID] = outcome
        }
        for outcome in try await writeImages(writable.filter { $0.field == .images }, current: current, parser: parser) {
            outcomes[outcome.changeID] = outcome
        }

        let attempted = outcomes.values.filter { $0.status != .stale }
        if !attempted.isEmpty,
            attempted.allSatisfy({ $0.status == .rejected && $0.httpStatus == 401 }),
            let message = attempted.first?.message
        {
            // Nothing was written anywhere, for want of permission: a plain error says it best.
            throw AdapterError(code: .unauthorized, store: store, message: message, status: 401)
        }
        return Self.ordered(changes, outcomes)
    }

    static func ordered(_ changes: [Change], _ outcomes: [String: ChangeOutcome]) -> [ChangeOutcome] {
        changes.map { outcomes[$0.id] ?? ChangeOutcome(changeID: $0.id, status: .unknown, message: "no answer for this change") }
    }

    // MARK: Reading again

    func read(_ changes: [Change]) async throws -> Current {
        let ids = Set(changes.flatMap { [$0.ref.variantID, $0.ref.productID] }).sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }
        let reader = MagentoCatalogReader(rest: rest, options: options)
        var products: [String: JSONValue] = [:]
        for product in try await reader.fetch(ids: ids) {
            if let id = MagentoPayloadParser.id(product["id"]) { products[id] = product }
        }
        var current = Current(products: products)
        let stockItems = changes.filter { if case .stock = $0.field { true } else { false } }
        if !stockItems.isEmpty {
            let stockReader = MagentoStockReader(rest: rest, options: options)
            let mode = try await stockReader.mode()
            current.mode = mode
            if case .msi = mode {
                let skus = stockItems.compactMap { products[$0.ref.variantID]?["sku"]?.stringValue }
                current.sourceItems = try await stockReader.sourceItems(skus: skus)
                if options.readsReservations { current.reserved = try await stockReader.reservations() }
            }
        }
        return current
    }

    /// The value the store holds now for a change's field, as the reader would report it; nil
    /// when the item is gone.
    func value(of change: Change, in current: Current, parser: MagentoPayloadParser) -> FieldValue? {
        guard let item = current.products[change.ref.variantID] else { return nil }
        let parent = change.ref.productID != change.ref.variantID ? current.products[change.ref.productID] : nil
        if change.ref.productID != change.ref.variantID, parent == nil { return nil }
        switch change.field {
        case .stock(let location):
            guard MagentoPayloadParser.tracksStock(item["extension_attributes"]?["stock_item"]) else { return FieldValue.none }
            return stockLevel(of: item, at: location, in: current).map { .quantity($0.available) } ?? FieldValue.none
        case .price: return parser.prices(item).price.map(FieldValue.money) ?? FieldValue.none
        case .compareAtPrice: return parser.prices(item).compareAt.map(FieldValue.money) ?? FieldValue.none
        case .barcode:
            return MagentoPayloadParser.text(MagentoPayloadParser.customAttribute(item, options.barcodeAttribute)).map(FieldValue.text)
                ?? FieldValue.none
        case .title: return ((parent ?? item)["name"]?.stringValue).map(FieldValue.text) ?? FieldValue.none
        case .description:
            return MagentoPayloadParser.customAttribute(parent ?? item, "description")?.stringValue.map(FieldValue.text) ?? FieldValue.none
        case .status: return .status(MagentoPayloadParser.status(simple: item, parent: parent))
        case .weight:
            guard let weight = parser.weight(item["weight"]) else { return FieldValue.none }
            // The same weight in another unit is the same weight (a plan may say 500 g of a 0.5 kg item).
            if case .weight(let expected)? = change.expected, expected.grams == weight.grams { return .weight(expected) }
            return .weight(weight)
        case .images:
            let own = parser.images(item)
            return .list(own.isEmpty ? parent.map(parser.images) ?? [] : own)
        }
    }

    func stockLevel(of item: JSONValue, at location: String, in current: Current) -> StockLevel? {
        switch current.mode {
        case .msi?:
            let sku = (item["sku"]?.stringValue ?? "").lowercased()
            let levels = MagentoPayloadParser.levels(
                sourceItems: (current.sourceItems[sku] ?? []).map { ($0.source, $0.quantity) }, reserved: current.reserved[sku] ?? .init())
            return levels.first { $0.location == location }
        case .legacy?:
            guard location == options.legacyLocationCode, let stockItem = item["extension_attributes"]?["stock_item"] else { return nil }
            return StockLevel(location: location, onHand: MagentoPayloadParser.quantity(stockItem["qty"]) ?? 0)
        case nil:
            return nil
        }
    }

    // MARK: Stock

    func writeStock(_ changes: [Change], current: Current) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        if case .legacy? = current.mode { return try await writeLegacyStock(changes, current: current) }
        var rows: [(change: Change, item: JSONValue)] = []
        var refused: [ChangeOutcome] = []
        for change in changes {
            guard case .stock(let location) = change.field, case .quantity(let available) = change.new,
                let product = current.products[change.ref.variantID]
            else { continue }
            guard let sku = product["sku"]?.stringValue, !sku.trimmingCharacters(in: .whitespaces).isEmpty else {
                // Source items are keyed by SKU: one without would make Magento refuse the whole call.
                refused.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected,
                        message:
                            "the product (id \(change.ref.variantID)) has no SKU in Magento, and stock is kept per SKU there; give it its SKU (\(change.sku)) in the admin"
                    ))
                continue
            }
            let level = stockLevel(of: product, at: location, in: current)
            let quantity = available + (level?.committed ?? 0)
            let backorders = MagentoPayloadParser.allowsBackorder(product["extension_attributes"]?["stock_item"])
            rows.append(
                (
                    change,
                    [
                        "sku": .string(sku), "source_code": .string(location), "quantity": .int(quantity),
                        "status": quantity > 0 || backorders ? 1 : 0,
                    ]
                )
            )
        }
        let batches = rows.chunked(options.writeBatchSize)
        return try await batches.concurrentMap(limit: options.concurrency) { [self] batch in
            await saveSourceItems(batch)
        }.flatMap { $0 } + refused
    }

    /// One `POST /V1/inventory/source-items`. Magento saves all or nothing; when it names the
    /// items it refused, those are rejected and the others sent once more.
    func saveSourceItems(_ batch: [(change: Change, item: JSONValue)], retried: Bool = false) async -> [ChangeOutcome] {
        do {
            _ = try await rest.post("inventory/source-items", body: ["sourceItems": .array(batch.map(\.item))])
            return batch.map {
                ChangeOutcome(changeID: $0.change.id, status: .applied, observed: $0.change.new, message: nil)
            }
        } catch let error as AdapterError where error.status == 400 {
            let refused = Self.refusedSKUs(error.message, batch: batch.map { $0.item["sku"]?.stringValue ?? "" })
            if !retried, !refused.isEmpty, refused.count < batch.count {
                let rest = batch.filter { !refused.contains(($0.item["sku"]?.stringValue ?? "").lowercased()) }
                let rejected = batch.filter { refused.contains(($0.item["sku"]?.stringValue ?? "").lowercased()) }.map {
                    ChangeOutcome(changeID: $0.change.id, status: .rejected, message: error.message)
                }
                return rejected + (await saveSourceItems(rest, retried: true))
            }
            return batch.map { ChangeOutcome(changeID: $0.change.id, status: .rejected, message: error.message) }
        } catch {
            return batch.map { Self.failed($0.change, error: error, store: store) }
        }
    }

    /// SKUs of the batch that a source-items validation message names.
    static func refusedSKUs(_ message: String, batch: [String]) -> Set<String> {
        Set(batch.filter { !$0.isEmpty && message.contains("\"\($0)\"") }.map { $0.lowercased() })
    }

    func writeLegacyStock(_ changes: [Change], current: Current) async throws -> [ChangeOutcome] {
        try await changes.concurrentMap(limit: options.concurrency) { [self] change in
            guard case .quantity(let quantity) = change.new, let product = current.products[change.ref.variantID],
                let sku = product["sku"]?.stringValue,
                let itemID = MagentoPayloadParser.id(product["extension_attributes"]?["stock_item"]?["item_id"])
            else {
                return ChangeOutcome(changeID: change.id, status: .rejected, message: "the product has no legacy stock item to write to")
            }
            do {
                _ = try await rest.put(
                    "products/\(MagentoRESTClient.pathSegment(sku))/stockItems/\(itemID)",
                    body: ["stockItem": ["qty": .int(quantity), "is_in_stock": .bool(quantity > 0)]])
                return ChangeOutcome(changeID: change.id, status: .applied, observed: change.new)
            } catch {
                return Self.failed(change, error: error, store: store)
            }
        }
    }

    // MARK: Prices

    func writePrices(_ changes: [Change], current: Current, parser: MagentoPayloadParser) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        var outcomes: [ChangeOutcome] = []
        var base: [(sku: String, price: Money, changes: [Change])] = []
        var special: [(sku: String, price: Money, changes: [Change])] = []
        var clear: [(sku: String, price: Money, changes: [Change])] = []
        let byItem = Dictionary(grouping: changes) { $0.ref.variantID }
        for (id, itemChanges) in byItem.sorted(by: { (Int64($0.key) ?? 0) < (Int64($1.key) ?? 0) }) {
            guard let product = current.products[id], let sku = product["sku"]?.stringValue else { continue }
            let now = parser.prices(product)
            var price = now.price
            var compareAt = now.compareAt
            for change in itemChanges {
                switch (change.field, change.new) {
                case (.price, .money(let money)): price = money
                case (.compareAtPrice, .money(let money)): compareAt = money
                case (.compareAtPrice, .none): compareAt = nil
                default: break
                }
            }
            guard let price else {
                outcomes += itemChanges.map {
                    ChangeOutcome(
                        changeID: $0.id, status: .rejected,
                        message: "the item has no price in Magento to put a compare-at price against; set its price first")
                }
                continue
            }
            if let compareAt, compareAt <= price {
                outcomes += itemChanges.map {
                    ChangeOutcome(
                        changeID: $0.id, status: .rejected,
                        message:
                            "Magento shows a compare-at price as a regular price above a special price, and sells at the lower of the two; \(compareAt) is not above the price \(price)"
                    )
                }
                continue
            }
            let regularNow = parser.money(product["price"])
            let specialNow = parser.money(MagentoPayloadParser.customAttribute(product, "special_price"))
            if let compareAt {
                // On sale: regular price = compare-at, special price = the price.
                if regularNow != compareAt { base.append((sku, compareAt, itemChanges)) }
                if specialNow != price { special.append((sku, price, itemChanges)) }
                if regularNow == compareAt, specialNow == price {
                    outcomes += itemChanges.map { ChangeOutcome(changeID: $0.id, status: .applied, observed: $0.new) }
                }
            } else if specialNow != nil {
                clear.append((sku, price, itemChanges))
            } else {
                base.append((sku, price, itemChanges))
            }
        }

        // Regular prices first: a special price is set against the regular price it undercuts.
        var failed: [String: ChangeOutcome] = [:]  // change id → what became of it
        for batch in base.chunked(options.writeBatchSize) {
            let rows: [JSONValue] = batch.map { ["sku": .string($0.sku), "price": .decimal($0.price.decimal), "store_id": 0] }
            failed.merge(try await savePrices("products/base-prices", rows: rows, items: batch), uniquingKeysWith: { $1 })
        }
        let from = MagentoSearch.dateText(Date())
        for batch in special.chunked(options.writeBatchSize) {
            let rows: [JSONValue] = batch.map {
                [
                    "sku": .string($0.sku), "price": .decimal($0.price.decimal), "store_id": 0, "price_from": .string(from),
                    "price_to": .string(Self.openEnd),
                ]
            }
            failed.merge(try await savePrices("products/special-price", rows: rows, items: batch), uniquingKeysWith: { $1 })
        }
        var written: Set<String> = []
        for item in base + special { for change in item.changes { written.insert(change.id) } }
        for change in changes where written.contains(change.id) {
            if let refused = failed[change.id] {
                outcomes.append(
                    ChangeOutcome(changeID: change.id, status: refused.status, message: refused.message, httpStatus: refused.httpStatus))
            } else {
                outcomes.append(ChangeOutcome(changeID: change.id, status: .applied, observed: change.new))
            }
        }

        // Off sale: the price becomes the regular price and the special price goes.
        outcomes += try await clear.concurrentMap(limit: options.concurrency) { [self] item in
            let body: JSONValue = [
                "product": [
                    "sku": .string(item.sku), "price": .decimal(item.price.decimal),
                    "custom_attributes": [["attribute_code": "special_price", "value": ""]],
                ]
            ]
            do {
                let after = try await rest.send(
                    .put, writePath(item.sku), query: [], body: body, missingIsNil: false, storeCode: writeStoreCode)!.json
                let prices = parser.prices(after)
                return item.changes.map { change in
                    let observed = (change.field == .price ? prices.price : prices.compareAt).map(FieldValue.money) ?? FieldValue.none
                    return ChangeOutcome(
                        changeID: change.id, status: observed == change.new ? .applied : .rejected, observed: observed,
                        message: observed == change.new ? nil : "Magento accepted the write but holds \(observed) for \(change.field)")
                }
            } catch {
                return item.changes.map { Self.failed($0, error: error, store: store) }
            }
        }.flatMap { $0 }
        return outcomes
    }

    /// The end date sent with a special price: Concord's compare-at prices do not end by themselves.
    static let openEnd = "2099-12-31 23:59:59"

    /// One base-prices or special-price call; returns the outcome of each change that was not
    /// saved (rejected, or unknown when the call's fate is).
    func savePrices(_ path: String, rows: [JSONValue], items: [(sku: String, price: Money, changes: [Change])]) async throws -> [String:
        ChangeOutcome]
    {
        var failed: [String: ChangeOutcome] = [:]
        let answer: JSONValue
        do {
            answer = try await rest.post(path, body: ["prices": .array(rows)])
        } catch {
            let failure = WriteFailure(sent: error, store: store)
            for item in items { for change in item.changes { failed[change.id] = failure.outcome(for: change) } }
            return failed
        }
        // `[]` when every row was saved; otherwise the refused rows as {message, parameters}.
        var unattributed: [String] = []
        for failure in answer.arrayValue ?? [] {
            let message = MagentoConnection.message(failure.bytes) ?? failure.serialized
            let parameters = (failure["parameters"]?.arrayValue ?? []).compactMap { $0.stringValue ?? $0.numberText }
            let named = items.filter { item in parameters.contains { $0.caseInsensitiveCompare(item.sku) == .orderedSame } }
            if named.isEmpty { unattributed.append(message) }
            for item in named {
                for change in item.changes {
                    failed[change.id] = ChangeOutcome(
                        changeID: change.id, status: .rejected, message: "Magento refused the price: " + message)
                }
            }
        }
        if !unattributed.isEmpty {
            // A refusal that names no SKU: the outcome of every row not named is unknown.
            let why = "Magento refused some prices without naming the SKU (\(unattributed.joined(separator: "; "))); read the store again"
            for item in items {
                for change in item.changes where failed[change.id] == nil {
                    failed[change.id] = ChangeOutcome(changeID: change.id, status: .unknown, message: why)
                }
            }
        }
        return failed
    }

    // MARK: Product fields

    func writeFields(
        _ changes: [Change], current: Current, parser: MagentoPayloadParser, weightUnit: Weight.Unit?
    ) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        // One PUT per product: the parent for product-level fields of a child.
        var targets: [String: (changes: [Change], body: JSONObject)] = [:]
        var order: [String] = []
        func target(_ id: String) -> JSONObject {
            if targets[id] == nil {
                order.append(id)
                targets[id] = ([], ["sku": .string(current.products[id]?["sku"]?.stringValue ?? "")])
            }
            return targets[id]!.body
        }
        func set(_ id: String, _ change: Change?, _ update: (inout JSONObject) -> Void) {
            var body = target(id)
            update(&body)
            targets[id]!.body = body
            if let change { targets[id]!.changes.append(change) }
        }
        func addAttribute(_ body: inout JSONObject, _ code: String, _ value: JSONValue) {
            var list = body["custom_attributes"]?.arrayValue ?? []
            list.append(["attribute_code": .string(code), "value": value])
            body["custom_attributes"] = .array(list)
        }
        for change in changes {
            let isChild = change.ref.productID != change.ref.variantID
            let productLevel = isChild ? change.ref.productID : change.ref.variantID
            switch (change.field, change.new) {
            case (.title, .text(let text)): set(productLevel, change) { $0["name"] = .string(text) }
            case (.description, .text(let text)): set(productLevel, change) { addAttribute(&$0, "description", .string(text)) }
            case (.description, .none): set(productLevel, change) { addAttribute(&$0, "description", "") }
            case (.barcode, .text(let text)):
                set(change.ref.variantID, change) { addAttribute(&$0, options.barcodeAttribute, .string(text)) }
            case (.barcode, .none): set(change.ref.variantID, change) { addAttribute(&$0, options.barcodeAttribute, "") }
            case (.weight, .weight(let weight)):
                // A weight is the sellable item's own (a configurable's child, or a simple).
                guard let weightUnit, let value = Self.weightValue(weight, in: weightUnit) else { break }
                set(change.ref.variantID, change) { $0["weight"] = .decimal(value) }
            case (.status, .status(let status)):
                let browsed = current.products[productLevel]
                set(productLevel, change) { body in
                    body["status"] = status == .active ? 1 : 2
                    if status == .active, browsed?["visibility"]?.intValue == 1 {
                        body["visibility"] = 4  // Catalog, Search: active means shoppers find it.
                    }
                }
                if status == .active, isChild, current.products[change.ref.variantID]?["status"]?.intValue == 2 {
                    set(change.ref.variantID, nil) { $0["status"] = 1 }  // a disabled child cannot be sold either
                }
            default: break
            }
        }

        var after: [String: JSONValue] = [:]
        var failures: [String: (status: ChangeOutcome.Status, message: String)] = [:]
        if options.asyncBulk {
            let results = await MagentoBulkWriter(rest: rest, options: options, storeCode: writeStoreCode)
                .save(order.map { ($0, targets[$0]!.body) })
            var saved: [String] = []
            for id in order {
                switch results[id] {
                case .saved?: saved.append(id)
                case .refused(let message)?: failures[id] = (.rejected, message)
                case .unknown(let message)?: failures[id] = (.unknown, message)
                case nil: failures[id] = (.unknown, "no answer for this product's queued save; read the store again")
                }
            }
            // Read back what the consumer saved, as the synchronous path reads the PUT's answer.
            if !saved.isEmpty {
                do {
                    let ids = saved.sorted { (Int64($0) ?? 0) < (Int64($1) ?? 0) }
                    for product in try await MagentoCatalogReader(rest: rest, options: options).fetch(ids: ids) {
                        if let id = MagentoPayloadParser.id(product["id"]) { after[id] = product }
                    }
                } catch {
                    let message = WriteFailure.adapterError(error, store: store).message
                    for id in saved {
                        failures[id] = (
                            .unknown, "Magento ran the queued save, but reading it back failed (\(message)); read the store again"
                        )
                    }
                }
            }
        } else {
            let results = try await order.concurrentMap(limit: options.concurrency) {
                [self, targets] id -> (String, Result<JSONValue, any Error>) in
                let entry = targets[id]!
                let sku = entry.body["sku"]?.stringValue ?? ""
                do {
                    let after = try await rest.send(
                        .put, writePath(sku), query: [], body: ["product": .object(entry.body)], missingIsNil: false,
                        storeCode: writeStoreCode)!
                        .json
                    return (id, .success(after))
                } catch {
                    return (id, .failure(error))
                }
            }
            for (id, result) in results {
                switch result {
                case .success(let json): after[id] = json
                case .failure(let error):
                    let failure = WriteFailure(sent: error, store: store)
                    failures[id] = (failure.status, failure.message())
                }
            }
        }
        var outcomes: [ChangeOutcome] = []
        for change in changes {
            let isChild = change.ref.productID != change.ref.variantID
            let productLevel = isChild && change.field != .barcode && change.field != .weight ? change.ref.productID : change.ref.variantID
            if let failure = failures[productLevel] ?? (change.field == .status && isChild ? failures[change.ref.variantID] : nil) {
                outcomes.append(ChangeOutcome(changeID: change.id, status: failure.status, message: failure.message))
                continue
            }
            var state = current
            for (id, json) in after { state.products[id] = json }
            let observed = value(of: change, in: state, parser: parser) ?? FieldValue.none
            if Self.same(observed, change.new) || Self.sameWeight(observed, change.new) {
                outcomes.append(ChangeOutcome(changeID: change.id, status: .applied, observed: observed))
            } else {
                outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected, observed: observed,
                        message: "Magento accepted the write but holds \(observed) for \(change.field)"
                            + (change.field == .barcode ? " (does the store have the attribute \"\(options.barcodeAttribute)\"?)" : "")))
            }
        }
        return outcomes
    }

    /// Writes go to the `all` store code (global scope) unless a specific store view is configured.
    var writeStoreCode: String {
        guard let code = rest.endpoint.storeCode, code != "default" else { return "all" }
        return code
    }

    func writePath(_ sku: String) -> String { "products/" + MagentoRESTClient.pathSegment(sku) }

    /// Equal, counting an empty text as no value (Magento clears an attribute with "").
    static func same(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        func normal(_ value: FieldValue) -> FieldValue { value == .text("") ? .none : value }
        return normal(lhs) == normal(rhs)
    }

    /// Equal weights, whatever their units (to the milligram, as ``Weight/grams`` rounds).
    static func sameWeight(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        guard case .weight(let left) = lhs, case .weight(let right) = rhs else { return false }
        return left.grams == right.grams
    }

    /// A weight in the store's unit, to Magento's four decimals (`weight` is a decimal(12,4)
    /// column of catalog_product_entity_decimal); nil when it would not survive the rounding.
    static func weightValue(_ weight: Weight, in unit: Weight.Unit) -> Decimal? {
        weight.value(in: unit, fractionDigits: 4)
    }

    // MARK: Failures

    /// The outcome of a change whose call failed as a whole (``WriteFailure``).
    static func failed(_ change: Change, error: any Error, store: StoreID) -> ChangeOutcome {
        WriteFailure(sent: error, store: store).outcome(for: change)
    }

    // MARK: What can be written

    /// Why a change cannot be written at all, before anything is read; nil when it can.
    func rejection(of change: Change, currency: CurrencyCode, weightUnit: Weight.Unit?) -> String? {
        func checked(_ money: Money) -> String? {
            if money.currency != currency {
                return "the plan's amount is in \(money.currency) but the store's base currency is \(currency)"
            }
            if money.minorUnits < 0 { return "a price cannot be negative (\(money))" }
            return nil
        }
        switch (change.field, change.new) {
        case (.stock, .quantity):
            // `none` is a precondition too: the item has no source item at that source yet (the
            // write creates it, if the re-read still finds none). Only a change with no
            // precondition at all is refused.
            switch change.expected {
            case .quantity?, .some(.none): return nil
            default: return "no expected quantity to compare with; Concord never writes stock blind"
            }
        case (.price, .money(let money)), (.compareAtPrice, .money(let money)): return checked(money)
        case (.compareAtPrice, .none), (.barcode, .text), (.barcode, .none), (.description, .text), (.description, .none):
            return nil
        case (.status, .status(let status)):
            return status == .draft
                ? "Magento has no draft status: a product is enabled or disabled (archived); plan it as archived, or active" : nil
        case (.title, .text(let text)):
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "Magento needs a product name; the plan's is empty" : nil
        case (.weight, .weight(let weight)):
            guard let weightUnit else {
                return "the store's weight unit is unknown (GET /V1/store/storeConfigs names no weight_unit of kgs or lbs), "
                    + "so Concord will not guess a weight for it; change it in the Magento admin"
            }
            if weight.value < 0 { return "a weight cannot be negative (\(weight))" }
            guard Self.weightValue(weight, in: weightUnit) != nil else { return "\(weight) cannot be written in \(weightUnit.rawValue)" }
            return nil
        case (.weight, _):
            return "Concord does not clear a weight in Magento (a shippable product needs one); "
                + "set a weight, or clear it in the Magento admin"
        case (.images, .list(let urls)):
            // Each new image is downloaded by Concord and uploaded (the gallery takes files, not URLs).
            if let bad = urls.first(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
                return
                    "Concord downloads each image from its URL to upload it to Magento, and \"\(bad)\" is not an http(s) URL; fix the image in the catalog"
            }
            return nil
        default:
            return "cannot write \(change.new) to \(change.field)"
        }
    }
}
