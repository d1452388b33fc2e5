import CatalogModel
import Foundation

/// A stock location (Shopify location, Magento MSI source; WooCommerce has one implied location).
public struct SimLocation: Hashable, Sendable, Codable {
    public var id: Int64
    /// The short code Magento calls `source_code` and Concord's catalog uses (`main`, `berlin`).
    public var code: String
    public var name: String
    public var isActive: Bool

    public init(id: Int64, code: String, name: String, isActive: Bool = true) {
        self.id = id
        self.code = code
        self.name = name
        self.isActive = isActive
    }
}

/// One sellable variant as the simulated store holds it.
public struct SimVariant: Hashable, Sendable, Codable {
    public var id: Int64
    /// Shopify's separate inventory item; the other platforms ignore it.
    public var inventoryItemID: Int64
    /// May be empty or shared with another variant: both are listing errors a store can have.
    public var sku: String
    public var barcode: String?
    public var title: String
    public var options: [String]
    public var price: Money
    public var compareAtPrice: Money?
    public var weight: Weight?
    public var position: Int
    /// Whether the platform tracks stock for this variant (`manage_stock`, inventory tracked).
    public var tracksInventory: Bool
    /// Sellable units per location id.
    public var available: [Int64: Int]
    /// Units sold but not yet shipped, per location id (on hand = available + committed).
    public var committed: [Int64: Int]
    public var allowsBackorder: Bool
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, inventoryItemID: Int64, sku: String, barcode: String? = nil, title: String,
        options: [String] = [], price: Money, compareAtPrice: Money? = nil, weight: Weight? = nil,
        position: Int = 1, tracksInventory: Bool = true, available: [Int64: Int] = [:],
        committed: [Int64: Int] = [:], allowsBackorder: Bool = false, createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.inventoryItemID = inventoryItemID
        self.sku = sku
        self.barcode = barcode
        self.title = title
        self.options = options
        self.price = price
        self.compareAtPrice = compareAtPrice
        self.weight = weight
        self.position = position
        self.tracksInventory = tracksInventory
        self.available = available
        self.committed = committed
        self.allowsBackorder = allowsBackorder
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    public var totalAvailable: Int { available.values.reduce(0, +) }

    public func onHand(at location: Int64) -> Int {
        (available[location] ?? 0) + (committed[location] ?? 0)
    }
}

/// A product with its variants. A product with no option names and one variant is a "simple"
/// product on WooCommerce and Magento.
public struct SimProduct: Hashable, Sendable, Codable {
    public var id: Int64
    public var title: String
    public var handle: String
    public var descriptionHTML: String
    public var vendor: String?
    public var productType: String?
    public var tags: [String]
    public var status: ListingStatus
    public var optionNames: [String]
    public var images: [String]
    public var variants: [SimVariant]
    public var createdAt: Date
    public var updatedAt: Date

    public init(
        id: Int64, title: String, handle: String, descriptionHTML: String = "", vendor: String? = nil,
        productType: String? = nil, tags: [String] = [], status: ListingStatus = .active,
        optionNames: [String] = [], images: [String] = [], variants: [SimVariant] = [],
        createdAt: Date, updatedAt: Date
    ) {
        self.id = id
        self.title = title
        self.handle = handle
        self.descriptionHTML = descriptionHTML
        self.vendor = vendor
        self.productType = productType
        self.tags = tags
        self.status = status
        self.optionNames = optionNames
        self.images = images
        self.variants = variants
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    /// One variant and no options: a simple product.
    public var isSimple: Bool { optionNames.isEmpty && variants.count <= 1 }
}

/// A shopper, made up. Orders carry one so that tests can prove Concord never keeps it.
public struct SimCustomer: Hashable, Sendable, Codable {
    public var firstName: String
    public var lastName: String
    public var email: String
    public var address: String
    public var city: String
    public var postcode: String
    public var country: String

    public init(firstName: String, lastName: String, email: String, address: String, city: String, postcode: String, country: String) {
        self.firstName = firstName
        self.lastName = lastName
        self.email = email
        self.address = address
        self.city = city
        self.postcode = postcode
        self.country = country
    }
}

public struct SimOrderLine: Hashable, Sendable, Codable {
    public var id: Int64
    public var productID: Int64
    public var variantID: Int64
    public var sku: String
    public var title: String
    public var quantity: Int
    public var price: Money
    /// Units shipped in all (gross: a unit shipped and later returned still counts).
    public var fulfilledQuantity: Int
    /// Units refunded in all, shipped or not.
    public var refundedQuantity: Int
    /// Of ``refundedQuantity``, the units refunded before they shipped: they leave the open units.
    public var refundedUnshippedQuantity: Int
    /// Units an order cancellation took off the line (never shipped, not refunded one by one).
    public var cancelledQuantity: Int
    /// Units the store put back into its own stock count (a restocking cancellation or refund).
    public var restockedQuantity: Int
    /// Of ``restockedQuantity``, units that had shipped and came back on the shelf.
    public var returnedQuantity: Int

    public init(
        id: Int64, productID: Int64, variantID: Int64, sku: String, title: String, quantity: Int, price: Money,
        fulfilledQuantity: Int = 0, refundedQuantity: Int = 0, refundedUnshippedQuantity: Int = 0, cancelledQuantity: Int = 0,
        restockedQuantity: Int = 0, returnedQuantity: Int = 0
    ) {
        self.id = id
        self.productID = productID
        self.variantID = variantID
        self.sku = sku
        self.title = title
        self.quantity = quantity
        self.price = price
        self.fulfilledQuantity = fulfilledQuantity
        self.refundedQuantity = refundedQuantity
        self.refundedUnshippedQuantity = refundedUnshippedQuantity
        self.cancelledQuantity = cancelledQuantity
        self.restockedQuantity = restockedQuantity
        self.returnedQuantity = returnedQuantity
    }

    private enum CodingKeys: String, CodingKey {
        case id, productID, variantID, sku, title, quantity, price, fulfilledQuantity, refundedQuantity, refundedUnshippedQuantity
        case cancelledQuantity, restockedQuantity, returnedQuantity
    }

    /// Reads a line saved before cancellations and restocks were kept as none of either.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), productID: try container.decode(Int64.self, forKey: .productID),
            variantID: try container.decode(Int64.self, forKey: .variantID), sku: try container.decode(String.self, forKey: .sku),
            title: try container.decode(String.self, forKey: .title), quantity: try container.decode(Int.self, forKey: .quantity),
            price: try container.decode(Money.self, forKey: .price),
            fulfilledQuantity: try container.decodeIfPresent(Int.self, forKey: .fulfilledQuantity) ?? 0,
            refundedQuantity: try container.decodeIfPresent(Int.self, forKey: .refundedQuantity) ?? 0,
            refundedUnshippedQuantity: try container.decodeIfPresent(Int.self, forKey: .refundedUnshippedQuantity) ?? 0,
            cancelledQuantity: try container.decodeIfPresent(Int.self, forKey: .cancelledQuantity) ?? 0,
            restockedQuantity: try container.decodeIfPresent(Int.self, forKey: .restockedQuantity) ?? 0,
            returnedQuantity: try container.decodeIfPresent(Int.self, forKey: .returnedQuantity) ?? 0)
    }

    /// Units still to ship: neither shipped, refunded before shipping, nor cancelled.
    public var openQuantity: Int { max(0, quantity - fulfilledQuantity - refundedUnshippedQuantity - cancelledQuantity) }

    /// Shipped units not yet refunded (what a return can still take back).
    public var shippedUnrefundedQuantity: Int { max(0, fulfilledQuantity - (refundedQuantity - refundedUnshippedQuantity)) }

    /// Units no longer on the order (Shopify's `quantity - currentQuantity`): refunded or cancelled.
    public var removedQuantity: Int { refundedQuantity + cancelledQuantity }
}

/// One shipment of an order (a Shopify fulfillment, a Magento shipment): units per order line.
public struct SimShipment: Hashable, Sendable, Codable {
    public var id: Int64
    public var createdAt: Date
    public var lines: [SimShipmentLine]

    public init(id: Int64, createdAt: Date, lines: [SimShipmentLine]) {
        self.id = id
        self.createdAt = createdAt
        self.lines = lines
    }

    public var totalQuantity: Int { lines.reduce(0) { $0 + $1.quantity } }
}

public struct SimShipmentLine: Hashable, Sendable, Codable {
    /// The shipment line's own id (Shopify's `FulfillmentLineItem`).
    public var id: Int64
    public var orderLineID: Int64
    public var quantity: Int

    public init(id: Int64, orderLineID: Int64, quantity: Int) {
        self.id = id
        self.orderLineID = orderLineID
        self.quantity = quantity
    }
}

public struct SimOrder: Hashable, Sendable, Codable {
    public enum Financial: String, Hashable, Sendable, Codable { case pending, paid, refunded, partiallyRefunded, voided }
    public enum Fulfillment: String, Hashable, Sendable, Codable { case unfulfilled, partial, fulfilled }

    public var id: Int64
    /// The shopper-facing number (`#1001`, Magento's increment id).
    public var number: Int
    public var currency: CurrencyCode
    public var financial: Financial
    public var fulfillment: Fulfillment
    public var locationID: Int64
    /// Whether the shopper collects the order at `locationID` (Magento's in-store pickup, which
    /// the order names as `extension_attributes.pickup_location_code`); otherwise it is shipped.
    public var isPickup: Bool
    public var customer: SimCustomer
    public var lines: [SimOrderLine]
    public var createdAt: Date
    public var updatedAt: Date
    public var cancelledAt: Date?
    /// Refunds in the order they were made; each line's `refundedQuantity` already counts them.
    /// A Shopify cancellation is kept here too (``SimRefund/isCancellation``), counted by the
    /// lines' `cancelledQuantity` instead.
    public var refunds: [SimRefund]
    /// Shipments in the order they were made (orders seeded as shipped have none).
    public var shipments: [SimShipment]
    /// Whether the store took stock for the order: WooCommerce's `_order_stock_reduced` (set by
    /// `wc_maybe_reduce_stock_levels` on processing, on-hold and completed, cleared by
    /// `wc_maybe_increase_stock_levels`). `false` for a pending order that never reduced it.
    public var stockReduced: Bool
    /// A status the platform set that the order's other fields do not imply (WooCommerce's
    /// `on-hold`, `failed`, `pending`); `nil`: the status follows from the order.
    public var platformStatus: String?
    /// When the order was moved to the trash (WooCommerce); trashed orders are not listed.
    public var trashedAt: Date?

    public init(
        id: Int64, number: Int, currency: CurrencyCode, financial: Financial, fulfillment: Fulfillment, locationID: Int64,
        customer: SimCustomer, lines: [SimOrderLine], createdAt: Date, updatedAt: Date, cancelledAt: Date? = nil,
        refunds: [SimRefund] = [], isPickup: Bool = false, shipments: [SimShipment] = [], stockReduced: Bool = true,
        platformStatus: String? = nil, trashedAt: Date? = nil
    ) {
        self.isPickup = isPickup
        self.shipments = shipments
        self.stockReduced = stockReduced
        self.platformStatus = platformStatus
        self.trashedAt = trashedAt
        self.id = id
        self.number = number
        self.currency = currency
        self.financial = financial
        self.fulfillment = fulfillment
        self.locationID = locationID
        self.customer = customer
        self.lines = lines
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.cancelledAt = cancelledAt
        self.refunds = refunds
    }

    private enum CodingKeys: String, CodingKey {
        case id, number, currency, financial, fulfillment, locationID, isPickup, customer, lines, createdAt, updatedAt, cancelledAt,
            refunds, shipments, stockReduced, platformStatus, trashedAt
    }

    /// Reads an order saved before refunds, pickups, shipments or stock flags were kept as one
    /// without refunds or shipments, shipped from its location, its stock taken.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            id: try container.decode(Int64.self, forKey: .id), number: try container.decode(Int.self, forKey: .number),
            currency: try container.decode(CurrencyCode.self, forKey: .currency),
            financial: try container.decode(Financial.self, forKey: .financial),
            fulfillment: try container.decode(Fulfillment.self, forKey: .fulfillment),
            locationID: try container.decode(Int64.self, forKey: .locationID),
            customer: try container.decode(SimCustomer.self, forKey: .customer),
            lines: try container.decode([SimOrderLine].self, forKey: .lines),
            createdAt: try container.decode(Date.self, forKey: .createdAt), updatedAt: try container.decode(Date.self, forKey: .updatedAt),
            cancelledAt: try container.decodeIfPresent(Date.self, forKey: .cancelledAt),
            refunds: try container.decodeIfPresent([SimRefund].self, forKey: .refunds) ?? [],
            isPickup: try container.decodeIfPresent(Bool.self, forKey: .isPickup) ?? false,
            shipments: try container.decodeIfPresent([SimShipment].self, forKey: .shipments) ?? [],
            stockReduced: try container.decodeIfPresent(Bool.self, forKey: .stockReduced) ?? true,
            platformStatus: try container.decodeIfPresent(String.self, forKey: .platformStatus),
            trashedAt: try container.decodeIfPresent(Date.self, forKey: .trashedAt))
    }

    public var total: Money {
        Money(minorUnits: lines.reduce(0) { $0 + $1.price.minorUnits * Int64($1.quantity) }, currency: currency)
    }
}

/// Everything one simulated store holds. A value: handlers take a consistent copy to read pages
/// from, and writes go through `SimulatedShop.mutate`.
public struct ShopState: Sendable, Codable {
    public var name: String
    public var currency: CurrencyCode
    public var locations: [SimLocation]
    /// Products by id; `productIDs` keeps them in id order for paging.
    public private(set) var products: [Int64: SimProduct] = [:]
    public private(set) var productIDs: [Int64] = []
    public private(set) var orders: [Int64: SimOrder] = [:]
    public private(set) var orderIDs: [Int64] = []
    /// Variant id → product id.
    private var variantOwner: [Int64: Int64] = [:]
    /// Inventory item id → variant id (Shopify addresses stock by inventory item).
    private var inventoryItemOwner: [Int64: Int64] = [:]
    /// SKU → variant ids in id order (more than one is a duplicate-SKU listing error).
    private var skuIndex: [String: [Int64]] = [:]
    /// The next id to hand out; ids are unique across every kind of object in a store.
    public private(set) var nextID: Int64
    public private(set) var nextOrderNumber: Int

    public init(name: String, currency: CurrencyCode, locations: [SimLocation] = [], firstID: Int64 = 1000) {
        self.name = name
        self.currency = currency
        self.locations = locations
        self.nextID = firstID
        self.nextOrderNumber = 1001
    }

    public mutating func makeID() -> Int64 {
        defer { nextID += 1 }
        return nextID
    }

    public mutating func makeOrderNumber() -> Int {
        defer { nextOrderNumber += 1 }
        return nextOrderNumber
    }

    // MARK: Products

    /// Products in id order.
    public var allProducts: [SimProduct] { productIDs.map { products[$0]! } }

    public func product(id: Int64) -> SimProduct? { products[id] }

    /// Inserts or replaces a product, keeping the id order and the variant indexes right.
    public mutating func upsert(_ product: SimProduct) {
        if let old = products[product.id] {
            unindex(old)
        } else {
            let insertAt =
                productIDs.last.map { $0 < product.id } ?? true
                ? productIDs.count
                : (productIDs.firstIndex { $0 > product.id } ?? productIDs.count)
            productIDs.insert(product.id, at: insertAt)
        }
        products[product.id] = product
        for variant in product.variants {
            variantOwner[variant.id] = product.id
            inventoryItemOwner[variant.inventoryItemID] = variant.id
            skuIndex[variant.sku, default: []].append(variant.id)
            if skuIndex[variant.sku]!.count > 1 { skuIndex[variant.sku]!.sort() }
        }
        nextID = max(nextID, (product.variants.flatMap { [$0.id, $0.inventoryItemID] } + [product.id]).max()! + 1)
    }

    @discardableResult
    public mutating func removeProduct(id: Int64) -> SimProduct? {
        guard let product = products.removeValue(forKey: id) else { return nil }
        productIDs.removeAll { $0 == id }
        unindex(product)
        return product
    }

    private mutating func unindex(_ product: SimProduct) {
        for variant in product.variants {
            variantOwner[variant.id] = nil
            inventoryItemOwner[variant.inventoryItemID] = nil
            skuIndex[variant.sku]?.removeAll { $0 == variant.id }
            if skuIndex[variant.sku]?.isEmpty == true { skuIndex[variant.sku] = nil }
        }
    }

    public func variant(id: Int64) -> (product: SimProduct, variant: SimVariant)? {
        guard let productID = variantOwner[id], let product = products[productID],
            let variant = product.variants.first(where: { $0.id == id })
        else { return nil }
        return (product, variant)
    }

    public func variant(inventoryItemID: Int64) -> (product: SimProduct, variant: SimVariant)? {
        inventoryItemOwner[inventoryItemID].flatMap { variant(id: $0) }
    }

    /// Every variant with this SKU (more than one is a duplicate-SKU listing error), in id order.
    public func variants(sku: String) -> [(product: SimProduct, variant: SimVariant)] {
        (skuIndex[sku] ?? []).compactMap { variant(id: $0) }
    }

    /// Changes one variant in place; returns false when there is no such variant.
    @discardableResult
    public mutating func updateVariant(id: Int64, _ change: (inout SimProduct, inout SimVariant) -> Void) -> Bool {
        guard let productID = variantOwner[id], var product = products[productID],
            let index = product.variants.firstIndex(where: { $0.id == id })
        else { return false }
        var variant = product.variants[index]
        change(&product, &variant)
        product.variants[index] = variant
        upsert(product)
        return true
    }

    public var variantCount: Int { variantOwner.count }

    public func location(id: Int64) -> SimLocation? { locations.first { $0.id == id } }
    public func location(code: String) -> SimLocation? { locations.first { $0.code == code } }

    // MARK: Orders

    public var allOrders: [SimOrder] { orderIDs.map { orders[$0]! } }

    public mutating func upsert(_ order: SimOrder) {
        if orders[order.id] == nil { orderIDs.append(order.id) }
        orders[order.id] = order
        nextID = max(nextID, order.id + 1)
        nextOrderNumber = max(nextOrderNumber, order.number + 1)
    }

    @discardableResult
    public mutating func removeOrder(id: Int64) -> SimOrder? {
        guard let order = orders.removeValue(forKey: id) else { return nil }
        orderIDs.removeAll { $0 == id }
        return order
    }

    // MARK: Codable (indexes are rebuilt, not stored)

    enum CodingKeys: String, CodingKey { case name, currency, locations, products, orders, nextID, nextOrderNumber }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try container.decode(String.self, forKey: .name),
            currency: try container.decode(CurrencyCode.self, forKey: .currency),
            locations: try container.decode([SimLocation].self, forKey: .locations),
            firstID: try container.decode(Int64.self, forKey: .nextID)
        )
        for product in try container.decode([SimProduct].self, forKey: .products) { upsert(product) }
        for order in try container.decode([SimOrder].self, forKey: .orders) { upsert(order) }
        nextOrderNumber = try container.decode(Int.self, forKey: .nextOrderNumber)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(name, forKey: .name)
        try container.encode(currency, forKey: .currency)
        try container.encode(locations, forKey: .locations)
        try container.encode(allProducts, forKey: .products)
        try container.encode(allOrders, forKey: .orders)
        try container.encode(nextID, forKey: .nextID)
        try container.encode(nextOrderNumber, forKey: .nextOrderNumber)
    }
}
