import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Turns Magento 2 REST product and order objects into Concord's `Listing`s and `Order`s, exactly
/// as the store holds them: an empty SKU stays empty, a price Concord cannot read stays missing.
///
/// How Magento's catalog maps onto Concord's:
/// - **One listing per sellable simple product.** A `simple` (or `virtual`, `downloadable`)
///   product is sold as itself; a `configurable` product sells through the simple children in its
///   `extension_attributes.configurable_product_links`, which the search also returns on their own
///   (with visibility 1). A child's listing has product id = the parent's entity id and variant id
///   = its own; a standalone simple has both = its own id. `configurable`, `bundle` and `grouped`
///   products are no listing themselves.
/// - **Prices.** `price` is the regular price; a `special_price` custom attribute is the lower
///   price a shopper pays. Concord's price is `special_price ?? price`, its compare-at price is
///   `price` when there is a special price. (Special price dates are not read: a special price
///   with an end date in the past still reads as the price.)
/// - **Status** (1 enabled, 2 disabled) and **visibility** (1 not visible individually,
///   2 catalog, 3 search, 4 catalog and search), for the product shoppers browse (the parent of a
///   child, else the simple itself):
///   disabled (the browsed product or the simple itself) → `archived`; enabled and visibility 1
///   → `draft` (it exists but no shopper finds it); enabled and visibility 2–4 → `active`. A
///   child's own visibility 1 is how Magento hides children behind their parent, not a hidden listing.
/// - **Stock** comes from MSI source items: one `StockLevel` per source (`source_code`), on hand =
///   the source item's `quantity`. Magento keeps units sold but not shipped as reservations against
///   the whole stock, not a source; they are counted from open orders and set against the SKU's
///   sources in source order, each up to what it holds, so a SKU's total available is exact even
///   where the split across sources is not — except units of in-store pickup orders, which are set
///   against the pickup source (``pickupSource(_:)``). Without MSI, the legacy stock item's `qty` is already
///   net of orders (legacy inventory deducts at order placement): one level at the legacy location.
/// - **Barcode** is a configurable custom attribute (`ean` by default); Magento has no standard one.
/// - **Dates** (`updated_at`, `created_at`) are UTC `yyyy-MM-dd HH:mm:ss`.
public struct MagentoPayloadParser: Sendable {
    public var store: StoreID
    public var currency: CurrencyCode
    public var weightUnit: Weight.Unit?
    /// `…/media/catalog/product`, the prefix of `media_gallery_entries[].file`.
    public var productMediaURL: String?
    public var barcodeAttribute: String

    public init(
        store: StoreID, currency: CurrencyCode, weightUnit: Weight.Unit? = nil, productMediaURL: String? = nil,
        barcodeAttribute: String = "ean"
    ) {
        self.store = store
        self.currency = currency
        self.weightUnit = weightUnit
        self.productMediaURL = productMediaURL
        self.barcodeAttribute = barcodeAttribute
    }

    /// What a product is to Concord.
    public enum Kind: Hashable, Sendable {
        /// Sold as itself: one listing.
        case sellable
        /// Sells through other products (configurable, bundle, grouped): no listing of its own.
        case container
    }

    public static func kind(of product: JSONValue) -> Kind {
        switch product["type_id"]?.stringValue ?? "simple" {
        case "configurable", "bundle", "grouped": .container
        default: .sellable
        }
    }

    /// Stock as the reader found it for one SKU.
    public struct Stock: Hashable, Sendable {
        public var levels: [StockLevel]
        public var tracks: Bool
        public var allowsBackorder: Bool

        public init(levels: [StockLevel], tracks: Bool, allowsBackorder: Bool) {
            self.levels = levels
            self.tracks = tracks
            self.allowsBackorder = allowsBackorder
        }
    }

    /// The listing a sellable product is: standalone, or a child of `parent`.
    ///
    /// - Parameter attributes: The option attributes, which name a child's options (Size: M);
    ///   without them a child has no options.
    public func listing(
        simple product: JSONValue, parent: JSONValue?, stock: Stock, attributes: MagentoOptionAttributes = MagentoOptionAttributes()
    ) throws -> Listing {
        guard let id = Self.id(product["id"]) else { throw AdapterError.malformed("a product without an id", store: store) }
        let parentID = parent.flatMap { Self.id($0["id"]) }
        let prices = self.prices(product)
        let productTitle = (parent ?? product)["name"]?.stringValue ?? ""
        let ownName = product["name"]?.stringValue ?? ""
        let images = self.images(product)
        let options = parent.flatMap { attributes.options(child: product, parent: $0) }
        return Listing(
            store: store,
            ref: RemoteRef(productID: parentID ?? id, variantID: id),
            rawSKU: product["sku"]?.stringValue ?? "",
            barcode: Self.text(Self.customAttribute(product, barcodeAttribute)),
            productTitle: productTitle,
            variantTitle: parent != nil && ownName != productTitle ? ownName : "",
            descriptionHTML: Self.customAttribute(parent ?? product, "description")?.stringValue
                ?? Self.customAttribute(product, "description")?.stringValue,
            options: options?.values ?? [],
            price: prices.price,
            compareAtPrice: prices.compareAt,
            weight: weight(product["weight"]),
            status: Self.status(simple: product, parent: parent),
            images: images.isEmpty ? parent.map(self.images) ?? [] : images,
            stock: stock.levels,
            tracksStock: stock.tracks,
            allowsBackorder: stock.allowsBackorder,
            updatedAt: [Self.date(product["updated_at"]), parent.flatMap { Self.date($0["updated_at"]) }].compactMap { $0 }.max(),
            // Status 2 "Disabled" is Magento's one offline state: a catalog draft is archived here.
            distinguishesDraftFromArchived: false,
            optionNames: options?.names ?? []
        )
    }

    /// Concord's status from Magento's status and visibility (see the type's documentation).
    public static func status(simple: JSONValue, parent: JSONValue?) -> ListingStatus {
        let browsed = parent ?? simple
        if simple["status"]?.intValue == 2 || browsed["status"]?.intValue == 2 { return .archived }
        if browsed["visibility"]?.intValue == 1 { return .draft }
        return .active
    }

    /// Price and compare-at price from `price` and the `special_price` custom attribute.
    public func prices(_ product: JSONValue) -> (price: Money?, compareAt: Money?) {
        let regular = money(product["price"])
        if let special = money(Self.customAttribute(product, "special_price")) { return (special, regular) }
        return (regular, nil)
    }

    /// A price (a JSON number, or EAV text like `"12.500000"`) in the store's currency, exactly;
    /// nil when there is none or it has more decimals than the currency.
    func money(_ value: JSONValue?) -> Money? {
        guard let text = value?.numberText ?? value?.stringValue, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return try? Money.parse(text, currency: currency)
    }

    func weight(_ value: JSONValue?) -> Weight? {
        guard let weightUnit, let text = value?.numberText ?? value?.stringValue, !text.isEmpty else { return nil }
        return Weight.parse(text, unit: weightUnit)
    }

    func images(_ product: JSONValue) -> [String] {
        let entries = (product["media_gallery_entries"]?.arrayValue ?? []).filter { $0["disabled"]?.boolValue != true }
        return entries.sorted { ($0["position"]?.intValue ?? 0) < ($1["position"]?.intValue ?? 0) }.compactMap { entry in
            guard let file = entry["file"]?.stringValue else { return nil }
            return (productMediaURL ?? "") + file
        }
    }

    // MARK: Stock

    /// Units open orders hold of one SKU: those whose order names the source they leave from
    /// (in-store pickup, see ``pickupSource(_:)``), and those Magento holds against the whole stock.
    public struct Reserved: Hashable, Sendable {
        /// Units by the source code they are picked up at.
        public var bySource: [String: Int]
        /// Units not tied to a source.
        public var anySource: Int

        public init(bySource: [String: Int] = [:], anySource: Int = 0) {
            self.bySource = bySource
            self.anySource = anySource
        }

        public var total: Int { bySource.values.reduce(anySource, +) }
    }

    /// Stock levels from MSI source items (on hand per source), with `reserved` units of open
    /// orders set against the sources: units of orders picked up at a source against that source,
    /// the rest against the sources in order, each up to what it still holds.
    public static func levels(sourceItems: [(source: String, quantity: Int)], reserved: Reserved) -> [StockLevel] {
        var committed = sourceItems.map { item in max(0, reserved.bySource[item.source] ?? 0) }
        // Units picked up at a source the SKU is not assigned to weigh like any others.
        var remaining = max(0, reserved.anySource)
        for (source, units) in reserved.bySource where !sourceItems.contains(where: { $0.source == source }) { remaining += max(0, units) }
        for index in sourceItems.indices {
            let held = min(remaining, max(0, sourceItems[index].quantity - committed[index]))
            committed[index] += held
            remaining -= held
        }
        // More reserved than on hand (backorders): the rest weighs on the first source.
        if remaining > 0, !committed.isEmpty { committed[0] += remaining }
        return zip(sourceItems, committed).map { StockLevel(location: $0.source, onHand: $0.quantity, committed: $1) }
    }

    /// Whether a stock item (`extension_attributes.stock_item`) manages stock; true when absent.
    static func tracksStock(_ stockItem: JSONValue?) -> Bool { stockItem?["manage_stock"]?.boolValue ?? true }

    static func allowsBackorder(_ stockItem: JSONValue?) -> Bool { (stockItem?["backorders"]?.intValue ?? 0) > 0 }

    /// A quantity (`10`, `10.0000`, `"10"`), whole units toward zero.
    static func quantity(_ value: JSONValue?) -> Int? {
        if let whole = value?.intValue { return whole }
        guard let decimal = value?.decimalValue else { return nil }
        return NSDecimalNumber(decimal: decimal).intValue
    }

    // MARK: Orders

    /// An order, without its customer: names, e-mail and addresses are never read (the order
    /// reader does not even ask for them, with `fields=`).
    ///
    /// Magento order states: `new`, `pending_payment`, `payment_review` are pending; `processing`
    /// is paid (partially refunded with a refund); `holded` is paid and on hold; `complete` is paid
    /// and shipped; `closed` is refunded; `canceled` is voided. A configurable product's line is a
    /// `configurable` item (carrying the child's SKU) plus a `simple` child item with
    /// `parent_item_id` and the same quantities; only the parent item is counted.
    ///
    /// - Parameter sourceNames: Source code → name, to name the source an in-store pickup order
    ///   ships from (``pickupSource(_:)``); its lines carry that source as their location.
    public func order(_ json: JSONValue, sourceNames: [String: String] = [:]) throws -> Order {
        guard let id = Self.id(json["entity_id"]), let created = Self.date(json["created_at"]) else {
            throw AdapterError.malformed("an order without entity_id or created_at", store: store)
        }
        let state = json["state"]?.stringValue ?? ""
        let updated = Self.date(json["updated_at"])
        let source = Self.pickupSource(json)
        let items = json["items"]?.arrayValue ?? []
        let lines = items.filter { Self.id($0["parent_item_id"]) == nil }.map { item -> OrderLine in
            let itemID = Self.id(item["item_id"])
            // A configurable line's simple product is its child item's (the listing's variant).
            let child = items.first { itemID != nil && Self.id($0["parent_item_id"]) == itemID }
            let ordered = Self.quantity(item["qty_ordered"]) ?? 0
            let shipped = Self.quantity(item["qty_shipped"]) ?? 0
            let refunded = Self.quantity(item["qty_refunded"]) ?? 0
            let cancelled = Self.quantity(item["qty_canceled"]) ?? 0
            // Cancelling releases the reservation of what did not ship (OrderManagement::cancel);
            // a credit memo compensates the reservation of refunded units that had not shipped,
            // which Magento counts first (Item::getQtyToShip subtracts refunded from what is left).
            // Shipped units a credit memo returned to stock (`return_to_stock_items`) cannot be
            // read: neither the order item nor the credit memo item says so in REST.
            let refundedUnshipped = min(refunded, max(0, ordered - shipped - cancelled))
            return OrderLine(
                remoteLineID: itemID ?? "", sku: item["sku"]?.stringValue.flatMap(SKU.init),
                quantity: ordered, fulfilledQuantity: shipped, refundedQuantity: refunded, cancelledQuantity: cancelled,
                locationID: source, locationName: source.map { sourceNames[$0] ?? $0 },
                variantID: Self.id((child ?? item)["product_id"]), restockedQuantity: cancelled + refundedUnshipped)
        }
        let refunded = (json["total_refunded"]?.decimalValue ?? 0) > 0 || lines.contains { $0.refundedQuantity > 0 }
        let financial: FinancialStatus
        switch state {
        case "new", "pending_payment", "payment_review": financial = .pending
        case "processing", "holded", "complete": financial = refunded ? .partiallyRefunded : .paid
        case "closed": financial = .refunded
        case "canceled": financial = .voided
        default: financial = .unknown
        }
        let shippable = lines.reduce(0) { $0 + max(0, $1.quantity - $1.cancelledQuantity - $1.refundedQuantity) }
        let shipped = lines.reduce(0) { $0 + $1.fulfilledQuantity }
        let fulfillment: FulfillmentStatus =
            state == "complete" || (shipped > 0 && shipped >= shippable) ? .fulfilled : (shipped > 0 ? .partiallyFulfilled : .unfulfilled)
        return Order(
            store: store, remoteID: id, number: json["increment_id"]?.stringValue.map { "#" + $0 }, createdAt: created,
            cancelledAt: state == "canceled" ? updated : nil, fulfilledAt: fulfillment == .fulfilled ? updated : nil,
            financialStatus: financial, fulfillmentStatus: fulfillment, lines: lines, updatedAt: updated,
            // MSI places a reservation when the order is placed, paid or not.
            holdsStock: true)
    }

    /// Order states whose units no longer hold stock (Magento compensates the reservations).
    static let closedOrderStates = ["complete", "closed", "canceled"]

    /// Units each SKU's open order lines still hold: ordered minus shipped, refunded and cancelled,
    /// by the source they are picked up at when the order says (``pickupSource(_:)``).
    static func reservations(in orders: [JSONValue]) -> [String: Reserved] {
        var reserved: [String: Reserved] = [:]
        for order in orders where !closedOrderStates.contains(order["state"]?.stringValue ?? "") {
            let source = pickupSource(order)
            for item in order["items"]?.arrayValue ?? [] where id(item["parent_item_id"]) == nil {
                guard let sku = item["sku"]?.stringValue, !sku.isEmpty else { continue }
                let open = openQuantity(item)
                guard open > 0 else { continue }
                if let source {
                    reserved[sku.lowercased(), default: Reserved()].bySource[source, default: 0] += open
                } else {
                    reserved[sku.lowercased(), default: Reserved()].anySource += open
                }
            }
        }
        return reserved
    }

    /// Ordered minus shipped, refunded and cancelled units of an order item.
    static func openQuantity(_ item: JSONValue) -> Int {
        (quantity(item["qty_ordered"]) ?? 0) - (quantity(item["qty_shipped"]) ?? 0) - (quantity(item["qty_refunded"]) ?? 0)
            - (quantity(item["qty_canceled"]) ?? 0)
    }

    /// The MSI source an order's unshipped units leave from, when Magento knows it: the order's
    /// `extension_attributes.pickup_location_code`; nil otherwise.
    ///
    /// Why only that. Magento holds an order's units as a *reservation against the stock* (the
    /// sales channel's sum of sources), not a source: `inventory_reservation` has `stock_id` and
    /// no source column, and the source is chosen only when the order ships — the admin's
    /// "Source Selection Algorithm" (`POST /V1/inventory/source-selection-algorithm-result`)
    /// *suggests* sources by priority and current quantities when a shipment is created, and the
    /// shipment records the one chosen (`sales-data-shipment-extension-interface.source_code`).
    /// So for an open order line the one fact the store holds is in-store pickup
    /// (`Magento_InventoryInStorePickup*`): the order's `pickup_location_code`
    /// (`sales-data-order-extension-interface` in the 2.4.9 admin schema) is the code of the
    /// source the shopper collects from, and "ready for pickup" ships the order from that source
    /// (`Magento\InventoryInStorePickupSales\Model\Order\CreateShippingArguments` turns the code
    /// into the shipment's `source_code`;
    /// https://developer.adobe.com/commerce/php/module-reference/module-inventory-in-store-pickup-sales/).
    /// It comes with the order Concord already reads, at no extra request. Asking the algorithm
    /// costs a request per order and answers what Magento would suggest now, not what will
    /// happen; a partial shipment's source says where part of the order went, not where the rest
    /// goes; a stock with one source assigned leaves no choice, but then the store-wide hold
    /// already lands on that source. Lines without a pickup source keep the store-wide hold.
    public static func pickupSource(_ order: JSONValue) -> String? {
        guard let code = order["extension_attributes"]?["pickup_location_code"]?.stringValue, !code.isEmpty else { return nil }
        return code
    }

    // MARK: Fields

    /// The value of `custom_attributes[attribute_code == code]`.
    public static func customAttribute(_ product: JSONValue, _ code: String) -> JSONValue? {
        product["custom_attributes"]?.arrayValue?.last { $0["attribute_code"]?.stringValue == code }?["value"]
    }

    static func text(_ value: JSONValue?) -> String? {
        guard let text = value?.stringValue ?? value?.numberText, !text.isEmpty else { return nil }
        return text
    }

    /// A Magento id (a JSON integer, sometimes a string) as Concord's id text.
    static func id(_ value: JSONValue?) -> String? {
        guard let id = value?.int64Value, id > 0 else { return nil }
        return String(id)
    }

    static func date(_ value: JSONValue?) -> Date? { MagentoSearch.date(value?.stringValue) }
}
