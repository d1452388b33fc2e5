import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// `Order`. The customer fields exist (the simulator's customers are made up) so that a test can
/// prove a client never asks for them.
struct OrderNode: GraphNode {
    var order: SimOrder
    var typeName: String { "Order" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("Order", order.id).description
        case "legacyResourceId": return String(order.id)
        case "name": return "#\(order.number)"
        case "createdAt", "processedAt": return order.createdAt.shopifyTimestamp
        case "updatedAt": return order.updatedAt.shopifyTimestamp
        case "cancelledAt": return order.cancelledAt?.shopifyTimestamp
        case "cancelReason": return order.cancelledAt == nil ? nil : "CUSTOMER"
        case "closed": return order.fulfillment == .fulfilled || order.cancelledAt != nil
        case "closedAt": return order.fulfillment == .fulfilled || order.cancelledAt != nil ? order.updatedAt.shopifyTimestamp : nil
        case "currencyCode": return order.currency.code
        case "test": return false
        case "displayFinancialStatus": return Self.financialStatus(order.financial)
        case "displayFulfillmentStatus": return Self.fulfillmentStatus(order.fulfillment)
        case "subtotalLineItemsQuantity": return order.lines.reduce(0) { $0 + $1.quantity }
        case "totalPriceSet": return MoneyBagNode.bag(order.total)
        case "email": return order.customer.email
        case "phone": return nil
        case "customer": return CustomerNode(customer: order.customer, id: order.id)
        case "shippingAddress", "billingAddress": return CustomerNode.address(order.customer, id: order.id)
        case "fulfillments":
            guard order.fulfillment != .unfulfilled else { return list([]) }
            let limit = args[argument: "first"]?.integer ?? Int.max
            guard order.shipments.isEmpty else {
                return list(
                    order.shipments.enumerated().prefix(limit).map { FulfillmentNode(order: order, shipment: $0.element, index: $0.offset) }
                )
            }
            // An order seeded as shipped has no shipments of its own: one fulfilment for all of it.
            let fulfilled = order.lines.map { SimShipmentLine(id: $0.id, orderLineID: $0.id, quantity: $0.fulfilledQuantity) }
            return list([
                FulfillmentNode(order: order, shipment: SimShipment(id: order.id, createdAt: order.updatedAt, lines: fulfilled), index: 0)
            ])
        case "refunds":
            let refunds = order.refunds.prefix(args[argument: "first"]?.integer ?? order.refunds.count)
            return list(refunds.map { RefundNode(order: order, refund: $0) })
        case "fulfillmentOrders":
            // The simulator ships an order from the one location its units were committed at:
            // one fulfillment order, assigned there (shopify.dev/docs/apps/build/orders-fulfillment/order-routing-apps).
            let page = try context.pageArguments(args, field: "fulfillmentOrders")
            let location = context.state.location(id: order.locationID)
            let items = location == nil ? [] : [order]
            return try ConnectionNode.page("FulfillmentOrderConnection", items: items, position: { .id($0.id) }, arguments: page) { order in
                FulfillmentOrderNode(order: order, location: location!)
            }
        case "lineItems":
            let page = try context.pageArguments(args, field: "lineItems")
            return try ConnectionNode.page("LineItemConnection", items: order.lines, position: { .id($0.id) }, arguments: page) {
                LineItemNode(order: order, line: $0)
            }
        default:
            return nil
        }
    }

    static func financialStatus(_ status: SimOrder.Financial) -> String {
        switch status {
        case .pending: "PENDING"
        case .paid: "PAID"
        case .refunded: "REFUNDED"
        case .partiallyRefunded: "PARTIALLY_REFUNDED"
        case .voided: "VOIDED"
        }
    }

    static func fulfillmentStatus(_ status: SimOrder.Fulfillment) -> String {
        switch status {
        case .unfulfilled: "UNFULFILLED"
        case .partial: "PARTIALLY_FULFILLED"
        case .fulfilled: "FULFILLED"
        }
    }

    static func searchValue(_ order: SimOrder, field: String) -> SearchQuery.Value? {
        switch field {
        case "", "name": .text(["#\(order.number)", String(order.number)])
        case "id": .number(order.id)
        case "created_at", "processed_at": .date(order.createdAt)
        case "updated_at": .date(order.updatedAt)
        case "financial_status": .text([order.financial == .partiallyRefunded ? "partially_refunded" : order.financial.rawValue])
        case "fulfillment_status":
            switch order.fulfillment {
            case .unfulfilled: .text(["unfulfilled", "unshipped"])
            case .partial: .text(["partial"])
            case .fulfilled: .text(["fulfilled", "shipped"])
            }
        case "status":
            .text([order.cancelledAt != nil ? "cancelled" : (order.fulfillment == .fulfilled ? "closed" : "open"), "any"])
        case "sku": .text(order.lines.map(\.sku))
        case "email": .text([order.customer.email])
        default: nil
        }
    }

    static func position(sortKey: String) -> (SimOrder) -> SortPosition {
        switch sortKey {
        case "CREATED_AT", "PROCESSED_AT": { .date($0.createdAt, id: $0.id) }
        case "UPDATED_AT": { .date($0.updatedAt, id: $0.id) }
        case "ORDER_NUMBER": { SortPosition(value: .number(Int64($0.number)), id: $0.id) }
        case "TOTAL_PRICE": { SortPosition(value: .number($0.total.minorUnits), id: $0.id) }
        default: { .id($0.id) }
        }
    }
}

/// `FulfillmentOrder`: the units of an order one location is to ship.
struct FulfillmentOrderNode: GraphNode {
    var order: SimOrder
    var location: SimLocation
    var typeName: String { "FulfillmentOrder" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("FulfillmentOrder", order.id).description
        case "orderId": return GlobalID("Order", order.id).description
        case "orderName": return "#\(order.number)"
        case "createdAt", "orderProcessedAt": return order.createdAt.shopifyTimestamp
        case "updatedAt": return order.updatedAt.shopifyTimestamp
        case "status": return Self.status(order)
        case "assignedLocation":
            return RecordNode(
                "FulfillmentOrderAssignedLocation",
                ["name": location.name, "location": LocationNode(location: location)])
        case "lineItems":
            let page = try context.pageArguments(args, field: "lineItems")
            return try ConnectionNode.page(
                "FulfillmentOrderLineItemConnection", items: order.lines, position: { .id($0.id) }, arguments: page
            ) {
                FulfillmentOrderLineItemNode(order: order, line: $0)
            }
        default: return nil
        }
    }

    /// `FulfillmentOrderStatus`: a cancelled order's is `CANCELLED` when nothing of it shipped,
    /// else `CLOSED`; with nothing left to ship `CLOSED`, partly shipped `IN_PROGRESS`, else `OPEN`.
    static func status(_ order: SimOrder) -> String {
        let shipped = order.lines.contains { $0.fulfilledQuantity > 0 }
        if order.cancelledAt != nil { return shipped ? "CLOSED" : "CANCELLED" }
        if order.fulfillment == .fulfilled || order.lines.allSatisfy({ $0.openQuantity == 0 }) { return "CLOSED" }
        return shipped ? "IN_PROGRESS" : "OPEN"
    }
}

/// `LineItem`.
struct LineItemNode: GraphNode {
    var order: SimOrder
    var line: SimOrderLine
    var typeName: String { "LineItem" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return GlobalID("LineItem", line.id).description
        case "name": return line.title
        case "title": return line.title
        case "sku": return line.sku
        case "quantity": return line.quantity
        // "The line item's quantity, minus the removed quantity" (refunds and cancellation remove units).
        case "currentQuantity": return max(0, line.quantity - line.removedQuantity)
        case "unfulfilledQuantity": return line.openQuantity
        case "originalUnitPriceSet": return MoneyBagNode.bag(line.price)
        case "variantTitle": return context.state.variant(id: line.variantID)?.variant.title
        case "vendor": return context.state.product(id: line.productID)?.vendor
        case "product": return context.state.product(id: line.productID).map(ProductNode.init)
        case "variant": return context.state.variant(id: line.variantID).map { VariantNode(product: $0.product, variant: $0.variant) }
        default: return nil
        }
    }
}

/// `MoneyBag` and `MoneyV2`: the shop's currency is also the presentment currency.
enum MoneyBagNode {
    static func bag(_ money: Money) -> RecordNode {
        let value = RecordNode("MoneyV2", ["amount": money.amountString, "currencyCode": money.currency.code])
        return RecordNode("MoneyBag", ["shopMoney": value, "presentmentMoney": value])
    }
}

/// `Customer` and `MailingAddress`, from the order's made-up shopper.
struct CustomerNode: GraphNode {
    var customer: SimCustomer
    var id: Int64
    var typeName: String { "Customer" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": GlobalID("Customer", id).description
        case "firstName": customer.firstName
        case "lastName": customer.lastName
        case "displayName": customer.firstName + " " + customer.lastName
        case "email": customer.email
        case "phone": nil
        default: nil
        }
    }

    static func address(_ customer: SimCustomer, id: Int64) -> RecordNode {
        RecordNode(
            "MailingAddress",
            [
                "id": GlobalID("MailingAddress", id, query: "model_name=Address").description,
                "firstName": customer.firstName, "lastName": customer.lastName,
                "name": customer.firstName + " " + customer.lastName, "address1": customer.address,
                "city": customer.city, "zip": customer.postcode, "country": customer.country,
                "countryCodeV2": customer.country.count == 2 ? customer.country.uppercased() : nil,
            ])
    }
}

/// `Shop`.
struct ShopNode: GraphNode {
    var name: String
    var currency: CurrencyCode
    var typeName: String { "Shop" }

    /// `sim-shopify` → `sim-shopify.myshopify.com`.
    static func domain(_ name: String) -> String {
        let slug = name.lowercased().map { $0.isLetter || $0.isNumber ? $0 : "-" }
        return String(slug) + ".myshopify.com"
    }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": GlobalID("Shop", 1).description
        case "name": name
        case "currencyCode": currency.code
        case "enabledPresentmentCurrencies": list([currency.code])
        case "myshopifyDomain": Self.domain(name)
        case "url": "https://" + Self.domain(name)
        case "email", "contactEmail": "owner@" + Self.domain(name)
        case "ianaTimezone": "Etc/UTC"
        case "timezoneAbbreviation": "UTC"
        case "weightUnit": "KILOGRAMS"
        case "createdAt", "updatedAt": Date(timeIntervalSince1970: 1_577_836_800).shopifyTimestamp
        default: nil
        }
    }
}
