import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Writes changes to a WooCommerce store through its batch endpoints and reports each change's
/// outcome.
///
/// - Products (simple products' own fields, and every product's title, description and status)
///   go through `POST /products/batch`; variations through `POST /products/{id}/variations/batch`,
///   one parent per call. At most 100 objects a call (WooCommerce refuses more with a 413), one
///   object per item however many of its fields change.
/// - Variations cannot be written across parents: `POST /products/batch` takes no variations of
///   other products, and WooCommerce 10.3's store-wide `/variations` registers a readable route
///   only, no `/variations/batch` (`WC_REST_Variations_Controller::register_routes`,
///   woocommerce/woocommerce plugins/woocommerce/includes/rest-api/Controllers/Version3/
///   class-wc-rest-variations-controller.php).
/// - WooCommerce has no compare-and-set. Just before writing, the writer reads the items again
///   and writes only changes whose expected value still holds (``Preconditions/check(_:current:)``);
///   the others are reported stale and left for the next plan, so a sale or an admin edit made
///   since the plan is never overwritten. Products are re-read per batch (`products?include=`,
///   up to 100), the window to their write one round trip. Variations are re-read across parents
///   where the store has `/variations` (`variations?include=`, 100 a call), then written parent by
///   parent (see ``run(products:variations:parser:)`` for the window); on an older store, per
///   parent (`products/{id}/variations?include=`) just before its batch.
/// - **Weight** is a bare number in the store's weight unit (`woocommerce_weight_unit`), written
///   as text on the simple product or on the variation (WooCommerce keeps a weight per variation;
///   an empty one inherits the parent's). **Images** are the product's `images` list, replaced
///   whole: an image that stays is sent as `{id}` (matched by file name, as ``ImageName``
///   compares), so WordPress keeps the attachment instead of downloading it again; a new one as
///   `{src}`, which WordPress downloads into its media library.
/// - Per-item failures come back inside the batch answer as `{id, error: {code, message}}` and
///   become that item's rejected outcomes. After a write, the value WooCommerce answers with is
///   compared with the one sent: WordPress ignores body fields it does not know (a barcode on a
///   WooCommerce older than 9.2), and such a change is reported rejected rather than applied.
/// - A batch that fails as a whole (the store down, a 5xx) leaves its changes `unknown`: the
///   write may or may not have landed, and the writer never repeats it blind. Batches of other
///   parents still go ahead, so one bad product does not stop a sale-day stock sync.
struct WooCommerceWriter: Sendable {
    let rest: WooCommerceRESTClient
    let options: WooCommerceAdapterOptions

    var store: StoreID { rest.store }

    /// The fields the re-read asks for.
    static let productFields =
        "id,type,name,description,status,regular_price,sale_price,date_on_sale_from_gmt,date_on_sale_to_gmt,manage_stock,stock_quantity,global_unique_id,weight,images"
    static let variationFields =
        "id,status,regular_price,sale_price,date_on_sale_from_gmt,date_on_sale_to_gmt,manage_stock,stock_quantity,global_unique_id,weight"

    /// One batch call: which items, and the changes to them.
    struct Batch: Sendable {
        /// nil for `/products/batch`, else the parent of the variations.
        var parent: String?
        var itemIDs: [String]
        var changes: [Change]
    }

    /// What became of one batch.
    struct BatchResult: Sendable {
        var outcomes: [ChangeOutcome] = []
        var failure: Failure?
    }

    /// A batch that failed as a whole: its changes, and why (``WriteFailure``).
    struct Failure: Sendable {
        var changes: [Change]
        var failure: WriteFailure
        /// Whether the write may have landed (not when the re-read failed, or the store refused
        /// the call before doing anything).
        var mayHaveApplied: Bool { failure.kind == .mayHaveLanded }
        var error: AdapterError { failure.error }
    }

    func apply(_ changes: [Change], context: ApplyContext) async throws -> [ChangeOutcome] {
        var outcomes: [String: ChangeOutcome] = [:]
        let needsCurrency = changes.contains { [.price, .compareAtPrice].contains($0.field) }
        let currency = needsCurrency ? try await rest.currency(configured: options.currency) : (options.currency ?? .usd)
        let weightUnit =
            changes.contains { $0.field == .weight } ? await rest.weightUnit(configured: options.weightUnit) : options.weightUnit
        let parser = WooCommercePayloadParser(store: store, currency: currency, weightUnit: weightUnit, locationCode: options.locationCode)

        var productChanges: [String: [Change]] = [:]
        var productOrder: [String] = []
        var variationChanges: [String: [String: [Change]]] = [:]  // parent → variation → changes
        var parentOrder: [String] = []
        for change in changes {
            if let message = rejection(of: change, currency: currency, weightUnit: weightUnit) {
                outcomes[change.id] = ChangeOutcome(changeID: change.id, status: .rejected, message: message)
                continue
            }
            let item = Self.itemID(of: change)
            if Self.isVariationWrite(change) {
                if variationChanges[change.ref.productID] == nil { parentOrder.append(change.ref.productID) }
                variationChanges[change.ref.productID, default: [:]][item, default: []].append(change)
            } else {
                if productChanges[item] == nil { productOrder.append(item) }
                productChanges[item, default: []].append(change)
            }
        }

        var productBatches: [Batch] = []
        for ids in productOrder.chunked(options.writeBatchSize) {
            productBatches.append(Batch(parent: nil, itemIDs: ids, changes: ids.flatMap { productChanges[$0] ?? [] }))
        }
        var variationBatches: [Batch] = []
        for parent in parentOrder {
            let byVariation = variationChanges[parent] ?? [:]
            let ids = byVariation.keys.sorted { (Int64($0) ?? 0, $0) < (Int64($1) ?? 0, $1) }
            for chunk in ids.chunked(options.writeBatchSize) {
                variationBatches.append(Batch(parent: parent, itemIDs: chunk, changes: chunk.flatMap { byVariation[$0] ?? [] }))
            }
        }

        let batches = productBatches + variationBatches
        let results = await run(products: productBatches, variations: variationBatches, parser: parser)

        let failures = results.compactMap(\.failure)
        let anyApplied = results.contains { $0.outcomes.contains { $0.status == .applied } } || failures.contains { $0.mayHaveApplied }
        if let first = failures.first, failures.count == batches.count, !anyApplied {
            // Nothing was written anywhere: a plain error (wrong key, no write permission, store down) says it best.
            throw first.error
        }
        for result in results {
            for outcome in result.outcomes { outcomes[outcome.changeID] = outcome }
            guard let failure = result.failure else { continue }
            for change in failure.changes where outcomes[change.id] == nil {
                outcomes[change.id] = failure.failure.outcome(for: change, refusalPrefix: "WooCommerce refused the batch: ")
            }
        }
        return changes.map { outcomes[$0.id] ?? ChangeOutcome(changeID: $0.id, status: .unknown, message: "no answer for this change") }
    }

    // MARK: All batches

    /// Runs every batch, at most `variationConcurrency` requests in flight, and returns their
    /// results in order: `products`, then `variations`.
    ///
    /// A product batch re-reads its items (`products?include=`) and writes them at once. Variation
    /// batches are written one parent per call, but on a store with the collection
    /// (WooCommerce 10.3) they are re-read across parents: `variations?include=` with the next
    /// `pageSize` variation ids (`ceil(variations / 100)` calls in all), after which every batch
    /// whose items have all been read is written. Reads and writes take turns, so a batch is
    /// written about `batches in one read / variationConcurrency` round trips after its re-read
    /// (a batch whose items straddle two reads, one read more), not after the whole apply's
    /// reads. On an older store, and before the store has said which it is, the first read is
    /// the probe: `rest_no_route` is remembered (``VariationsCollectionSupport``) and each batch
    /// reads its parent's variations instead (`products/{id}/variations?include=`).
    func run(products: [Batch], variations: [Batch], parser: WooCommercePayloadParser) async -> [BatchResult] {
        let limit = options.variationConcurrency
        let reader = WooCommerceVariationReader(rest: rest, options: options)
        let pageSize = options.pageSize
        // Where each variation batch's items fall in the flat list of ids read 100 at a time.
        var spans: [ClosedRange<Int>] = []
        var position = 0
        for batch in variations {
            let first = position / pageSize
            position += batch.itemIDs.count
            spans.append(first...max(first, (position - 1) / pageSize))
        }
        let pages = variations.flatMap(\.itemIDs).chunked(pageSize)

        return await withTaskGroup(of: (Int, BatchResult).self) { group in
            var results = [BatchResult?](repeating: nil, count: products.count + variations.count)
            var running = 0
            func waitForSlot() async {
                while running >= limit, let (index, result) = await group.next() {
                    results[index] = result
                    running -= 1
                }
            }
            func start(_ index: Int, _ work: @escaping @Sendable () async -> BatchResult) async {
                await waitForSlot()
                running += 1
                group.addTask { (index, await work()) }
            }

            for (index, batch) in products.enumerated() {
                await start(index) { await run(batch, parser: parser) }
            }

            var current: [String: JSONValue] = [:]
            var failedReads: [Int: WriteFailure] = [:]
            var next = 0  // the first variation batch not yet started
            reads: for (number, ids) in pages.enumerated() {
                await waitForSlot()  // the read takes a slot like any request
                do {
                    // Only numeric ids: WordPress refuses the whole call over one that is not (rest_invalid_param).
                    guard let found = try await reader.byID(ids.filter { Int64($0) != nil }, fields: Self.variationFields) else {
                        break reads
                    }
                    current.merge(found) { _, new in new }
                } catch {
                    failedReads[number] = WriteFailure(notSent: error, store: store)
                }
                while next < variations.count, spans[next].upperBound <= number {
                    let batch = variations[next]
                    let index = products.count + next
                    let span = spans[next]
                    next += 1
                    if let error = span.lazy.compactMap({ failedReads[$0] }).first {
                        results[index] = BatchResult(failure: Failure(changes: batch.changes, failure: error))
                        continue
                    }
                    // As `products/{parent}/variations?include=` would answer: the batch's variations of that parent.
                    var items: [String: JSONValue] = [:]
                    for id in batch.itemIDs {
                        if let item = current[id], WooCommercePayloadParser.id(item["parent_id"]) == batch.parent { items[id] = item }
                    }
                    await start(index) { [items] in await write(batch, current: items, parser: parser) }
                }
            }
            // An older store: each parent's variations, as before WooCommerce 10.3.
            for offset in next..<variations.count {
                let batch = variations[offset]
                await start(products.count + offset) { await run(batch, parser: parser) }
            }

            while let (index, result) = await group.next() { results[index] = result }
            return results.map { $0 ?? BatchResult() }
        }
    }

    // MARK: One batch

    /// Re-reads one batch's items by itself, then writes them.
    func run(_ batch: Batch, parser: WooCommercePayloadParser) async -> BatchResult {
        var result = BatchResult()
        let current: [String: JSONValue]?
        do {
            current = try await read(batch)
        } catch {
            result.failure = Failure(changes: batch.changes, failure: WriteFailure(notSent: error, store: store))
            return result
        }
        guard let current else {
            // The parent product is gone, and its variations with it.
            result.outcomes = batch.changes.map {
                ChangeOutcome(changeID: $0.id, status: .stale, observed: FieldValue.none, message: "the product is gone from the store")
            }
            return result
        }
        return await write(batch, current: current, parser: parser)
    }

    /// Checks one batch's changes against its items as just re-read (`current`, by id; an item
    /// not in it is gone), and writes those whose precondition holds in one batch call.
    func write(_ batch: Batch, current: [String: JSONValue], parser: WooCommercePayloadParser) async -> BatchResult {
        var result = BatchResult()

        // A variation without a weight of its own shows its parent's: read that one too, once.
        // (A variation that is gone is stale whatever its parent weighs.)
        var inherited: Weight?
        if let parent = batch.parent,
            batch.changes.contains(where: {
                $0.field == .weight && current[Self.itemID(of: $0)].map { parser.weight($0["weight"]) == nil } == true
            })
        {
            do {
                inherited = parser.weight(try await rest.get("products/\(parent)", query: [("_fields", "id,weight")]).json["weight"])
            } catch {
                result.failure = Failure(changes: batch.changes, failure: WriteFailure(notSent: error, store: store))
                return result
            }
        }

        // Checks that need the item as it is now, then the preconditions.
        var candidates: [Change] = []
        for change in batch.changes {
            let item = current[Self.itemID(of: change)]
            if case .stock = change.field, let item, WooCommercePayloadParser.managesStockInParent(item) {
                result.outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected, observed: FieldValue.none,
                        message:
                            "this variation's stock is managed by its parent product (one number for all its variations); turn on \"Manage stock?\" for the variation in WooCommerce, or stop managing its stock in Concord"
                    ))
            } else if case .stock = change.field, let item, item["manage_stock"]?.boolValue != true {
                result.outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected, observed: FieldValue.none,
                        message:
                            "WooCommerce does not manage stock for this item (\"Manage stock?\" is off); turn it on in WooCommerce, or stop managing its stock in Concord"
                    ))
            } else if batch.parent == nil, Self.isVariantField(change.field), let item, WooCommercePayloadParser.kind(of: item) != .single {
                result.outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .stale, observed: FieldValue.none,
                        message: "the product is now \(item["type"]?.stringValue ?? "not simple"); read the store again"))
            } else {
                candidates.append(change)
            }
        }
        let (checked, stale) = Preconditions.check(candidates) { change in
            current[Self.itemID(of: change)].map { Self.value(of: change.field, in: $0, parser: parser, inherited: inherited) }
        }
        result.outcomes += stale

        // Two changes to one field of one item must agree.
        let (writable, disagreeing) = WriteChecks.agreeing(checked, item: Self.itemID(of:), platform: "WooCommerce")
        result.outcomes += disagreeing

        // One update object per item.
        var objects: [JSONValue] = []
        var sent: [(id: String, changes: [Change], notes: [String: String])] = []
        let byItem = Dictionary(grouping: writable, by: Self.itemID(of:))
        for id in batch.itemIDs {
            guard let itemChanges = byItem[id], !itemChanges.isEmpty, let object = current[id] else { continue }
            let built = update(for: id, changes: itemChanges, current: object, parser: parser)
            result.outcomes += built.rejected
            guard let body = built.object else { continue }
            objects.append(.object(body))
            sent.append((id, built.written, built.notes))
        }
        guard !objects.isEmpty else { return result }

        let answer: JSONValue
        do {
            answer = try await rest.post(Self.batchPath(batch), body: ["update": .array(objects)]).json
        } catch {
            result.failure = Failure(changes: sent.flatMap(\.changes), failure: WriteFailure(sent: error, store: store))
            return result
        }

        let answered = answer["update"]?.arrayValue ?? []
        var byID: [String: JSONValue] = [:]
        for item in answered {
            if let id = WooCommercePayloadParser.id(item["id"]) { byID[id] = item }
        }
        for (index, item) in sent.enumerated() {
            let after = byID[item.id] ?? (answered.indices.contains(index) ? answered[index] : nil)
            for change in item.changes {
                result.outcomes.append(
                    Self.outcome(for: change, after: after, note: item.notes[change.id], parser: parser, inherited: inherited))
            }
        }
        return result
    }

    /// The batch's items as the store holds them now, by id; nil when a variation batch's parent is gone.
    func read(_ batch: Batch) async throws -> [String: JSONValue]? {
        let ids = batch.itemIDs.joined(separator: ",")
        let page: WooCommerceRESTClient.Page?
        if let parent = batch.parent {
            page = try await rest.pageIfExists(
                "products/\(parent)/variations", query: [("include", ids), ("_fields", Self.variationFields)], page: 1,
                perPage: batch.itemIDs.count)
        } else {
            page = try await rest.page(
                "products", query: [("include", ids), ("_fields", Self.productFields)], page: 1, perPage: batch.itemIDs.count)
        }
        guard let page else { return nil }
        var result: [String: JSONValue] = [:]
        for item in page.items {
            if let id = WooCommercePayloadParser.id(item["id"]) { result[id] = item }
        }
        return result
    }

    static func batchPath(_ batch: Batch) -> String {
        batch.parent.map { "products/\($0)/variations/batch" } ?? "products/batch"
    }

    // MARK: Building an update

    struct Update {
        var object: JSONObject?
        var written: [Change] = []
        var rejected: [ChangeOutcome] = []
        /// A note for a change's outcome (a sale price that had to go).
        var notes: [String: String] = [:]
    }

    /// The update object for one item, from changes that passed their preconditions.
    func update(for id: String, changes: [Change], current: JSONValue, parser: WooCommercePayloadParser) -> Update {
        var result = Update()
        guard let numeric = Int64(id) else {
            result.rejected = changes.map {
                ChangeOutcome(changeID: $0.id, status: .rejected, message: "\"\(id)\" is not a WooCommerce id; read the store again")
            }
            return result
        }
        var object: JSONObject = ["id": .int(numeric)]
        var priceChanges: [Change] = []
        for change in changes {
            switch (change.field, change.new) {
            case (.stock, .quantity(let quantity)): object["stock_quantity"] = .int(quantity)
            case (.barcode, .text(let text)): object["global_unique_id"] = .string(text)
            case (.barcode, .none): object["global_unique_id"] = ""
            case (.title, .text(let text)): object["name"] = .string(text)
            case (.description, .text(let text)): object["description"] = .string(text)
            case (.description, .none): object["description"] = ""
            case (.status, .status(let status)): object["status"] = .string(Self.platformStatus(status))
            case (.weight, .weight(let weight)):
                guard let unit = parser.weightUnit, let value = weight.value(in: unit, fractionDigits: Self.weightDigits) else {
                    result.rejected.append(
                        ChangeOutcome(
                            changeID: change.id, status: .rejected, message: "\(weight) cannot be written in the store's weight unit"))
                    continue
                }
                object["weight"] = .string("\(value)")
            case (.weight, .none): object["weight"] = ""
            case (.images, .list(let urls)): object["images"] = .array(Self.images(urls, current: current))
            case (.price, _), (.compareAtPrice, _):
                priceChanges.append(change)
                continue
            default:
                result.rejected.append(
                    ChangeOutcome(changeID: change.id, status: .rejected, message: "cannot write \(change.new) to \(change.field)"))
                continue
            }
            result.written.append(change)
        }

        if !priceChanges.isEmpty {
            // WooCommerce stores a regular price and an optional lower sale price: the price Concord
            // means is the sale price when there is one, the compare-at price the regular price.
            let now = parser.prices(current)
            var price = now.price
            var compareAt = now.compareAt
            for change in priceChanges {
                switch (change.field, change.new) {
                case (.price, .money(let money)): price = money
                case (.compareAtPrice, .money(let money)): compareAt = money
                case (.compareAtPrice, .none): compareAt = nil
                default: break
                }
            }
            let compareAtChange = priceChanges.first { $0.field == .compareAtPrice }
            if let wanted = compareAt, let price, wanted <= price {
                if let compareAtChange, compareAtChange.new != FieldValue.none {
                    // Asked for a compare-at price WooCommerce cannot show: refuse that change alone.
                    result.rejected.append(
                        ChangeOutcome(
                            changeID: compareAtChange.id, status: .rejected,
                            message:
                                "WooCommerce shows a compare-at price only as a regular price above a sale price; \(wanted) is not above the price \(price)"
                        ))
                    priceChanges.removeAll { $0.id == compareAtChange.id }
                } else if let priceChange = priceChanges.first(where: { $0.field == .price }) {
                    result.notes[priceChange.id] =
                        "the sale ended: the new price is not below the regular price \(wanted), so WooCommerce keeps no sale price"
                }
                compareAt = nil
            }
            if let price {
                if let compareAt {
                    object["regular_price"] = .string(compareAt.amountString)
                    object["sale_price"] = .string(price.amountString)
                } else {
                    object["regular_price"] = .string(price.amountString)
                    object["sale_price"] = ""
                }
                result.written += priceChanges
            } else {
                for change in priceChanges {
                    result.rejected.append(
                        ChangeOutcome(
                            changeID: change.id, status: .rejected,
                            message: "the item has no price in WooCommerce to put a compare-at price against; set its price first"))
                }
            }
        }
        if !result.written.isEmpty { result.object = object }
        return result
    }

    // MARK: Outcomes

    /// The outcome of one written change from the item WooCommerce answered with.
    static func outcome(
        for change: Change, after: JSONValue?, note: String?, parser: WooCommercePayloadParser, inherited: Weight? = nil
    ) -> ChangeOutcome {
        guard let after else {
            return ChangeOutcome(
                changeID: change.id, status: .unknown,
                message: "WooCommerce's batch answer does not mention this item; read the store again")
        }
        if let error = after["error"], !error.isNull {
            let code = error["code"]?.stringValue.map { " \($0)" } ?? ""
            return ChangeOutcome(
                changeID: change.id, status: .rejected, message: "WooCommerce\(code): \(error["message"]?.stringValue ?? "refused")")
        }
        let observed = value(of: change.field, in: after, parser: parser, inherited: inherited)
        guard same(observed, change.new) else {
            return ChangeOutcome(
                changeID: change.id, status: .rejected, observed: observed,
                message: "WooCommerce accepted the write but holds \(observed) for \(change.field)"
                    + (change.field == .barcode ? " (barcodes need WooCommerce 9.2 or later)" : ""))
        }
        return ChangeOutcome(changeID: change.id, status: .applied, observed: observed, message: note)
    }

    /// Equal as the reconciler compares (a weight in the store's unit, an image WordPress re-hosted
    /// under `wp-content/uploads`), counting an empty text as no value (WooCommerce clears a field
    /// by writing "").
    static func same(_ lhs: FieldValue, _ rhs: FieldValue) -> Bool {
        func normal(_ value: FieldValue) -> FieldValue { value == .text("") ? .none : value }
        return normal(lhs).matches(normal(rhs))
    }

    /// Decimals a converted weight keeps (a tenth of a gram in kilograms); a weight already in the
    /// store's unit is written as it is.
    static let weightDigits = 4

    /// The `images` list that makes the product show `urls`, in order: an image the product already
    /// has (the same file name, as ``ImageName`` compares) is kept by its `id`, so WordPress does
    /// not download it again; any other is given by `src`, which WordPress sideloads.
    static func images(_ urls: [String], current: JSONValue) -> [JSONValue] {
        var existing = (current["images"]?.arrayValue ?? []).compactMap { image -> (id: Int64, name: ImageName)? in
            guard let id = image["id"]?.int64Value, let src = image["src"]?.stringValue else { return nil }
            return (id, ImageName(src))
        }
        return urls.map { url in
            let wanted = ImageName(url)
            if let index = existing.firstIndex(where: { $0.name.matches(wanted) }) {
                return ["id": .int(existing.remove(at: index).id)]
            }
            return ["src": .string(url)]
        }
    }

    // MARK: Fields

    /// Why a change cannot be written at all, before anything is read; nil when it can.
    func rejection(of change: Change, currency: CurrencyCode, weightUnit: Weight.Unit?) -> String? {
        func sameCurrency(_ money: Money) -> String? {
            if money.currency != currency { return "the plan's amount is in \(money.currency) but the store sells in \(currency)" }
            if money.minorUnits < 0 { return "a price cannot be negative (\(money))" }
            return nil
        }
        switch (change.field, change.new) {
        case (.stock(let location), .quantity):
            guard case .quantity? = change.expected else {
                return "no expected quantity to compare with; Concord never writes stock blind"
            }
            guard location == options.locationCode else {
                return
                    "WooCommerce keeps one stock number per item, reported at location \"\(options.locationCode)\", not \"\(location)\"; map the store's location to \"\(options.locationCode)\""
            }
            return nil
        case (.price, .money(let money)): return sameCurrency(money)
        case (.compareAtPrice, .money(let money)): return sameCurrency(money)
        case (.compareAtPrice, .none), (.barcode, .text), (.barcode, .none), (.description, .text), (.description, .none),
            (.status, .status):
            return nil
        case (.title, .text(let text)):
            return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty
                ? "WooCommerce needs a product name; the plan's is empty" : nil
        case (.weight, .weight(let weight)):
            guard let weightUnit else {
                return "the store's weight unit is unknown (the API key may not read settings/products/woocommerce_weight_unit), "
                    + "so Concord will not guess a number for it; give the key read access, or change the weight in the WooCommerce admin"
            }
            if weight.value < 0 { return "a weight cannot be negative (\(weight))" }
            return weight.value(in: weightUnit, fractionDigits: Self.weightDigits) == nil
                ? "\(weight) cannot be written in \(weightUnit.rawValue)" : nil
        case (.weight, .none):
            return nil
        case (.images, .list(let urls)):
            // WordPress downloads every new image from its URL (media_sideload_image).
            if let bad = urls.first(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
                return "WooCommerce downloads each image from its URL, and \"\(bad)\" is not an http(s) URL; fix the image in the catalog"
            }
            return nil
        default:
            return "cannot write \(change.new) to \(change.field)"
        }
    }

    /// Whether a field belongs to the sellable item (a simple product or a variation) rather than the product.
    static func isVariantField(_ field: Change.Field) -> Bool {
        switch field {
        case .stock, .price, .compareAtPrice, .barcode, .weight: true
        default: false
        }
    }

    /// Whether the change is written to a variation (rather than a product).
    static func isVariationWrite(_ change: Change) -> Bool {
        isVariantField(change.field) && change.ref.variantID != change.ref.productID
    }

    /// The id of the object the change is written to.
    static func itemID(of change: Change) -> String {
        isVariationWrite(change) || isVariantField(change.field) ? change.ref.variantID : change.ref.productID
    }

    /// A field's value in a product or variation object, as the planner spells it.
    static func value(of field: Change.Field, in object: JSONValue, parser: WooCommercePayloadParser, inherited: Weight? = nil)
        -> FieldValue
    {
        switch field {
        case .stock:
            guard object["manage_stock"]?.boolValue == true else { return .none }
            return .quantity(WooCommercePayloadParser.quantity(object["stock_quantity"]) ?? 0)
        case .price: return parser.prices(object).price.map(FieldValue.money) ?? .none
        case .compareAtPrice: return parser.prices(object).compareAt.map(FieldValue.money) ?? .none
        case .barcode: return WooCommercePayloadParser.nonEmpty(object["global_unique_id"]).map(FieldValue.text) ?? .none
        case .title: return object["name"]?.stringValue.map(FieldValue.text) ?? .none
        case .description: return object["description"]?.stringValue.map(FieldValue.text) ?? .none
        case .status: return .status(WooCommercePayloadParser.status(object))
        case .weight: return (parser.weight(object["weight"]) ?? inherited).map(FieldValue.weight) ?? .none
        case .images: return .list(WooCommercePayloadParser.images(object))
        }
    }

    /// Concord's status as WooCommerce spells it: archived is `private` (hidden from shoppers).
    static func platformStatus(_ status: ListingStatus) -> String {
        switch status {
        case .active: "publish"
        case .draft: "draft"
        case .archived: "private"
        }
    }
}
