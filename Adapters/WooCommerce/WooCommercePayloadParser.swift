import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Turns WooCommerce REST v3 product, variation and order objects into Concord's `Listing`s and
/// `Order`s, exactly as the store holds them: an empty SKU stays empty, a missing price stays
/// missing. Public because a webhook body (`product.updated`, `order.updated`) is the same object.
///
/// How WooCommerce's model maps onto Concord's:
/// - **One listing per sellable item.** A simple (or external, or other non-variable) product is
///   one listing whose product and variant id are both the product's id; a variable product is one
///   listing per variation (product id = the parent's, variant id = the variation's); a grouped
///   product sells nothing of its own and has none.
/// - **Prices** are decimal strings, parsed exactly into `Money`. With a `sale_price` the listing
///   is on sale: price = `sale_price`, compare-at = `regular_price`. An empty `sale_price` means no
///   sale: price = `regular_price`, no compare-at. A scheduled sale (`date_on_sale_from_gmt` /
///   `date_on_sale_to_gmt`) is the price only inside its window, both ends included, at ``now``:
///   before or after it the shopper pays `regular_price` (WooCommerce's `is_on_sale()`). A price
///   that is not a plain decimal amount in the store's currency reads as missing, which Concord
///   reports as a listing error.
/// - **Stock** is one number, reported as one `StockLevel` at one location. Only where
///   `manage_stock` is true; otherwise the listing does not track stock (`tracksStock == false`)
///   and its `stock_status` (`instock`, `outofstock`, `onbackorder`) is reported as
///   `availability`, so the reconciler can flag an item shown out of stock that the catalog sells.
///   A variation whose stock is managed by its parent (`manage_stock: "parent"`, which WooCommerce
///   returns when the variation's own box is off and the parent's is on) shows the parent's
///   number: what a shopper can buy of it. Concord cannot write it per variation (the writer says so).
/// - **Status** is the product's: `publish` → active; `draft`, `pending`, `future` → draft;
///   `private` → archived. A variation switched off (`private`) under a published parent is archived.
/// - **Barcode** is `global_unique_id` (WooCommerce 9.2 and later); empty means none.
/// - **Dates** are read from the `*_gmt` fields, which carry no zone and are UTC.
public struct WooCommercePayloadParser: Sendable {
    public var store: StoreID
    public var currency: CurrencyCode
    /// The store's weight unit; nil leaves weights unread.
    public var weightUnit: Weight.Unit?
    /// The location code stock is reported at.
    public var locationCode: String
    /// The instant scheduled sales are judged at (the read's start).
    public var now: Date

    public init(
        store: StoreID, currency: CurrencyCode, weightUnit: Weight.Unit? = nil, locationCode: String = "default", now: Date = Date()
    ) {
        self.store = store
        self.currency = currency
        self.weightUnit = weightUnit
        self.locationCode = locationCode
        self.now = now
    }

    /// What a product object is to Concord.
    public enum Kind: Hashable, Sendable {
        /// Sold as itself: one listing.
        case single
        /// Sold through its variations: one listing each.
        case variable
        /// Sells nothing of its own (`grouped`).
        case container
    }

    public static func kind(of product: JSONValue) -> Kind {
        let type = product["type"]?.stringValue ?? "simple"
        if type == "grouped" { return .container }
        // Plugins add their own variable types ("variable-subscription"); they have variations too.
        if type == "variable" || type.hasPrefix("variable") { return .variable }
        return .single
    }

    /// The listings of one product: itself, or one per variation in `variations`.
    public func listings(product: JSONValue, variations: [JSONValue] = []) throws -> [Listing] {
        switch Self.kind(of: product) {
        case .single: return [try listing(product: product)]
        case .variable: return try variations.map { try listing(variation: $0, parent: product) }
        case .container: return []
        }
    }

    /// The listing a non-variable product is.
    public func listing(product: JSONValue) throws -> Listing {
        guard let id = Self.id(product["id"]) else { throw AdapterError.malformed("a product without an id", store: store) }
        let prices = self.prices(product)
        let stock = self.stock(product)
        return Listing(
            store: store,
            ref: RemoteRef(productID: id, variantID: id),
            rawSKU: product["sku"]?.stringValue ?? "",
            barcode: Self.nonEmpty(product["global_unique_id"]),
            productTitle: product["name"]?.stringValue ?? "",
            descriptionHTML: product["description"]?.stringValue,
            price: prices.price,
            compareAtPrice: prices.compareAt,
            weight: weight(product["weight"]),
            status: Self.status(product),
            images: Self.images(product),
            stock: stock.levels,
            tracksStock: stock.tracks,
            allowsBackorder: Self.allowsBackorder(product),
            updatedAt: Self.date(product["date_modified_gmt"]),
            availability: stock.tracks ? nil : Self.availability(product)
        )
    }

    /// The listing one variation of `parent` is.
    public func listing(variation: JSONValue, parent: JSONValue) throws -> Listing {
        guard let parentID = Self.id(parent["id"]), let id = Self.id(variation["id"]) else {
            throw AdapterError.malformed("a variation or its product without an id", store: store)
        }
        let prices = self.prices(variation)
        let stock = self.stock(variation, parent: parent)
        let options = (variation["attributes"]?.arrayValue ?? []).compactMap { $0["option"]?.stringValue }
        var status = Self.status(parent)
        if status == .active, variation["status"]?.stringValue == "private" { status = .archived }
        return Listing(
            store: store,
            ref: RemoteRef(productID: parentID, variantID: id),
            rawSKU: variation["sku"]?.stringValue ?? "",
            barcode: Self.nonEmpty(variation["global_unique_id"]),
            productTitle: parent["name"]?.stringValue ?? "",
            variantTitle: options.joined(separator: " / "),
            descriptionHTML: parent["description"]?.stringValue,
            options: options,
            price: prices.price,
            compareAtPrice: prices.compareAt,
            // An empty variation weight means the parent's (WooCommerce inherits it).
            weight: weight(variation["weight"]) ?? weight(parent["weight"]),
            status: status,
            images: Self.images(parent),
            stock: stock.levels,
            tracksStock: stock.tracks,
            allowsBackorder: Self.allowsBackorder(Self.managesStockInParent(variation) ? parent : variation),
            updatedAt: [Self.date(parent["date_modified_gmt"]), Self.date(variation["date_modified_gmt"])].compactMap { $0 }.max(),
            availability: stock.tracks ? nil : Self.availability(variation),
            optionNames: (variation["attributes"]?.arrayValue ?? []).compactMap { $0["option"] == nil ? nil : $0["name"]?.stringValue }
        )
    }

    // MARK: Orders

    /// An order, without its customer: `billing`, `shipping` and the customer's note, IP and user
    /// agent are never read (the order reader does not even ask for them).
    ///
    /// WooCommerce order states: `pending` (awaiting payment) and `on-hold` (awaiting confirmation)
    /// are pending; `processing` is paid and not shipped; `completed` is paid and shipped;
    /// `cancelled` and `failed` hold no stock; `refunded` is wholly refunded. WooCommerce has no
    /// per-line shipped quantities, so a line is shipped when its order is completed.
    ///
    /// - Parameters:
    ///   - json: The order object.
    ///   - refundedQuantities: Units refunded per order line id, from the order's refunds
    ///     (``refundedQuantities(_:)``); lines not named have none refunded. Without it a partly
    ///     refunded order's lines count no refunded units (the order object does not say which).
    public func order(_ json: JSONValue, refundedQuantities: [String: Int] = [:]) throws -> Order {
        guard let id = Self.id(json["id"]), let created = Self.date(json["date_created_gmt"]) else {
            throw AdapterError.malformed("an order without id or date_created_gmt", store: store)
        }
        let status = json["status"]?.stringValue ?? ""
        let modified = Self.date(json["date_modified_gmt"])
        let completed = Self.date(json["date_completed_gmt"])
        let hasRefunds = !(json["refunds"]?.arrayValue ?? []).isEmpty
        let financial: FinancialStatus
        var fulfillment: FulfillmentStatus = .unfulfilled
        switch status {
        case "pending", "on-hold", "checkout-draft": financial = .pending
        case "processing": financial = hasRefunds ? .partiallyRefunded : .paid
        case "completed":
            financial = hasRefunds ? .partiallyRefunded : .paid
            fulfillment = .fulfilled
        case "cancelled", "failed": financial = .voided
        case "refunded":
            financial = .refunded
            if completed != nil { fulfillment = .fulfilled }
        default:
            financial = .unknown
            fulfillment = .unknown
        }
        let items = json["line_items"]?.arrayValue ?? []
        let lines = items.map { line -> OrderLine in
            let quantity = line["quantity"]?.intValue ?? 0
            let variation = Self.id(line["variation_id"]).flatMap { $0 == "0" ? nil : $0 }
            // wc_restock_refunded_items records the units a refund put back in `_restock_refunded_items`;
            // wc_increase_stock_levels (cancelled) puts back each line's `_reduced_stock`, the rest:
            // after a cancellation every unit is back in stock_quantity.
            let refundRestocked = min(quantity, Self.metaInt(line, "_restock_refunded_items") ?? 0)
            let restocked = status == "cancelled" ? quantity : refundRestocked
            // Units put back after the order shipped (completed) came back from the customer.
            let returned = completed == nil ? 0 : restocked
            return OrderLine(
                remoteLineID: Self.id(line["id"]) ?? "", sku: line["sku"]?.stringValue.flatMap(SKU.init), quantity: quantity,
                fulfilledQuantity: fulfillment == .fulfilled ? quantity : 0,
                refundedQuantity: status == "refunded" ? quantity : min(quantity, refundedQuantities[Self.id(line["id"]) ?? ""] ?? 0),
                cancelledQuantity: status == "cancelled" || status == "failed" ? quantity : 0,
                variantID: variation ?? Self.id(line["product_id"]),
                shippedQuantity: completed != nil && fulfillment != .fulfilled ? quantity : nil,
                restockedQuantity: restocked, returnedQuantity: returned)
        }
        // Stock is reduced on processing, on-hold and completed only (wc_maybe_reduce_stock_levels);
        // pending and checkout-draft orders hold none (a draft's hold is a separate reservation
        // table), and a failed order holds stock only if it was reduced before, as each line's
        // `_reduced_stock` then shows.
        let holdsStock: Bool
        switch status {
        case "pending", "checkout-draft": holdsStock = false
        case "failed": holdsStock = items.contains { Self.metaInt($0, "_reduced_stock") != nil }
        default: holdsStock = true
        }
        return Order(
            store: store, remoteID: id, number: json["number"]?.stringValue.map { "#" + $0 }, createdAt: created,
            processedAt: Self.date(json["date_paid_gmt"]), cancelledAt: status == "cancelled" ? modified : nil,
            firstFulfilledAt: fulfillment == .fulfilled ? completed : nil, fulfilledAt: fulfillment == .fulfilled ? completed : nil,
            financialStatus: financial, fulfillmentStatus: fulfillment, lines: lines, updatedAt: modified,
            refundIDs: json["refunds"]?.arrayValue.map { $0.compactMap { Self.id($0["id"]) } }, holdsStock: holdsStock)
    }

    /// A whole-number line item meta value (`_reduced_stock`, `_restock_refunded_items`), which
    /// WooCommerce stores as text.
    static func metaInt(_ line: JSONValue, _ key: String) -> Int? {
        let entry = line["meta_data"]?.arrayValue?.first { $0["key"]?.stringValue == key }
        return entry.flatMap { quantity($0["value"]) }
    }

    /// Units refunded per order line id, summed over refunds as `GET /orders/{id}/refunds` lists
    /// them: a refunded line is a line item with negative `quantity` whose `_refunded_item_id`
    /// meta names the order line (fixtures/woocommerce/order-refunds--list-all-refunds.json).
    /// Amount-only refunds have no line items and refund no units.
    public static func refundedQuantities(_ refunds: [JSONValue]) -> [String: Int] {
        var quantities: [String: Int] = [:]
        for refund in refunds {
            for line in refund["line_items"]?.arrayValue ?? [] {
                let meta = line["meta_data"]?.arrayValue ?? []
                guard let entry = meta.first(where: { $0["key"]?.stringValue == "_refunded_item_id" }),
                    let orderLine = id(entry["value"]), let quantity = line["quantity"]?.intValue
                else { continue }
                quantities[orderLine, default: 0] += abs(quantity)
            }
        }
        return quantities
    }

    // MARK: Fields

    /// Price and compare-at price from `regular_price` / `sale_price`, the sale only inside its
    /// scheduled window.
    func prices(_ object: JSONValue) -> (price: Money?, compareAt: Money?) {
        let regular = money(object["regular_price"])
        if let sale = money(object["sale_price"]), Self.saleIsOn(object, at: now) { return (sale, regular) }
        return (regular, nil)
    }

    /// Whether a sale price applies at `now`: no schedule, or `from <= now <= to` for the ends given.
    static func saleIsOn(_ object: JSONValue, at now: Date) -> Bool {
        if let from = date(object["date_on_sale_from_gmt"]), now < from { return false }
        if let to = date(object["date_on_sale_to_gmt"]), now > to { return false }
        return true
    }

    /// A price string ("19.90"; "" for none) in the store's currency, exactly; nil when there is
    /// none or it is not a plain decimal amount.
    func money(_ value: JSONValue?) -> Money? {
        guard let text = value?.stringValue ?? value?.numberText, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try? Money.parse(text, currency: currency)
    }

    /// Whether stock is tracked, and the one level when it is; a variation managed by its parent
    /// (`manage_stock: "parent"`) has the parent's.
    func stock(_ object: JSONValue, parent: JSONValue? = nil) -> (tracks: Bool, levels: [StockLevel]) {
        if let parent, Self.managesStockInParent(object) { return stock(parent) }
        guard object["manage_stock"]?.boolValue == true else { return (false, []) }
        // WooCommerce counts a managed item with no number as 0 (wc_stock_amount).
        let quantity = Self.quantity(object["stock_quantity"]) ?? 0
        return (true, [StockLevel(location: locationCode, onHand: quantity, available: quantity)])
    }

    func weight(_ value: JSONValue?) -> Weight? {
        guard let weightUnit, let text = value?.stringValue ?? value?.numberText, !text.isEmpty else { return nil }
        return Weight.parse(text, unit: weightUnit)
    }

    static func quantity(_ value: JSONValue?) -> Int? {
        if let whole = value?.intValue { return whole }
        guard let decimal = value?.decimalValue else { return nil }
        return Int(exactly: NSDecimalNumber(decimal: decimal).doubleValue.rounded(.towardZero))
    }

    /// `manage_stock: "parent"`: the variation's stock is the parent product's.
    static func managesStockInParent(_ variation: JSONValue) -> Bool { variation["manage_stock"]?.stringValue == "parent" }

    /// `stock_status` as Concord's availability; nil when absent or unknown (plugins add their own).
    static func availability(_ object: JSONValue) -> StockAvailability? {
        object["stock_status"]?.stringValue.flatMap(StockAvailability.init(rawValue:))
    }

    static func status(_ product: JSONValue) -> ListingStatus {
        product["status"]?.stringValue.flatMap(ListingStatus.init(platformValue:)) ?? .draft
    }

    static func allowsBackorder(_ object: JSONValue) -> Bool {
        if let backorders = object["backorders"]?.stringValue { return backorders != "no" }
        return object["backorders_allowed"]?.boolValue ?? false
    }

    static func images(_ product: JSONValue) -> [String] {
        (product["images"]?.arrayValue ?? []).compactMap { $0["src"]?.stringValue }
    }

    static func nonEmpty(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue, !text.isEmpty else { return nil }
        return text
    }

    /// A WooCommerce id (a JSON integer) as Concord's id text.
    static func id(_ value: JSONValue?) -> String? {
        guard let id = value?.int64Value, id > 0 else { return nil }
        return String(id)
    }

    /// A `*_gmt` date (`2017-03-23T20:35:43`, UTC without a zone).
    static func date(_ value: JSONValue?) -> Date? {
        guard var text = value?.stringValue, text.count >= 19 else { return nil }
        if !text.hasSuffix("Z"), !text.dropFirst(19).contains(where: { $0 == "+" || $0 == "-" }) { text += "Z" }
        return try? Date(text, strategy: .iso8601)
    }

    /// `2025-01-01T10:00:00`, the form `modified_after` takes with `dates_are_gmt=true`.
    static func gmtText(_ date: Date) -> String {
        String(date.formatted(.iso8601).prefix(19))
    }
}
