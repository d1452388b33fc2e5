import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads orders updated since a cursor, pages sized to the cost bucket, without customer data.
struct ShopifyOrderReader: Sendable {
    let graphQL: ShopifyGraphQLClient
    let options: ShopifyAdapterOptions
    /// Line items read with each order; an order with more is read again alone with a larger page.
    var linesPerOrder = 50

    var store: StoreID { graphQL.endpoint.store }

    func read(since cursor: SyncCursor?) async throws -> OrderBatch {
        let filter = cursor.map { "updated_at:>='\(ShopifyListingParser.searchTime($0.readFrom(overlap: options.overlap)))'" }
        var orders: [Order] = []
        var newest = cursor?.updatedAt
        // Counted first, so that no page asks (and waits) for more orders than there are.
        let counted = try await graphQL.execute(
            ShopifyOperations.ordersCount, variables: ["query": .string(filter)], estimatedCost: ShopifyOperations.ordersCountCost)
        var serverStart = counted.serverDate
        let count = counted.data["ordersCount"]?["count"]?.intValue
        let exact = counted.data["ordersCount"]?["precision"]?.stringValue == "EXACT"
        var after: String?
        if let count, count == 0, exact {
            guard serverStart != nil || newest != nil else { return OrderBatch(orders: [], nextCursor: nil) }
            return OrderBatch(orders: [], nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: Date()))
        }
        repeat {
            let budget = Int(min(options.maxQueryCost, await graphQL.governor.capacity))
            // The first page asks for what was counted; an order updated since still comes, on
            // later pages sized to the budget alone (a busy store must not be chased a few at a time).
            let left = after == nil ? count.map { max(1, $0) } ?? options.pageSize : options.pageSize
            let first = ShopifyCatalogReader.fit(budget: budget, max: min(options.pageSize, left)) {
                ShopifyOperations.ordersPageCost(first: $0, lines: linesPerOrder)
            }
            let answer = try await graphQL.execute(
                ShopifyOperations.ordersPage,
                variables: ["first": .int(first), "after": .string(after), "query": .string(filter), "lines": .int(linesPerOrder)],
                estimatedCost: ShopifyOperations.ordersPageCost(first: first, lines: linesPerOrder))
            serverStart = serverStart ?? answer.serverDate
            let connection = answer.data["orders"]
            let nodes = connection?["nodes"]?.arrayValue ?? []
            let refundLines = try await refundLines(
                ids: nodes.flatMap { ($0["refunds"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue } })
            let shipped = try await shippedUnits(orders: nodes.filter { Self.needsFulfillments($0, refundLines: refundLines) })
            for node in nodes {
                let order = try parse(node, refundLines: refundLines, shippedUnits: node["id"]?.stringValue.flatMap { shipped[$0] })
                orders.append(order)
                if let updated = order.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
            }
            after = connection?.nextPageCursor
        } while after != nil
        guard serverStart != nil || newest != nil else { return OrderBatch(orders: orders, nextCursor: nil) }
        return OrderBatch(orders: orders, nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: Date()))
    }

    /// One refunded line: units and how Shopify restocked them (`RefundLineItemRestockType`).
    struct RefundedLine: Hashable, Sendable {
        var lineItemID: String
        var quantity: Int
        var restockType: String
    }

    /// The lines of the refunds `ids` name, by refund id, read in pages sized to the bucket.
    func refundLines(ids: [String]) async throws -> [String: [RefundedLine]] {
        var found: [String: [RefundedLine]] = [:]
        var rest = ids[...]
        while !rest.isEmpty {
            let budget = Int(min(options.maxQueryCost, await graphQL.governor.capacity))
            let count = ShopifyCatalogReader.fit(budget: budget, max: min(rest.count, 250)) {
                ShopifyOperations.refundLinesCost(count: $0, lines: linesPerOrder)
            }
            let batch = Array(rest.prefix(count))
            rest = rest.dropFirst(count)
            let answer = try await graphQL.execute(
                ShopifyOperations.refundLines, variables: ["ids": .array(batch.map { .string($0) }), "lines": .int(linesPerOrder)],
                estimatedCost: ShopifyOperations.refundLinesCost(count: batch.count, lines: linesPerOrder))
            for refund in answer.data["nodes"]?.arrayValue ?? [] {
                guard let id = refund["id"]?.stringValue else { continue }
                if refund["refundLineItems"]?.hasNextPage == true {
                    throw AdapterError.malformed(
                        "refund \(id) has more than \(linesPerOrder) lines; Concord does not page refund lines yet", store: store)
                }
                found[id] = (refund["refundLineItems"]?["nodes"]?.arrayValue ?? []).compactMap { line in
                    guard let lineItem = line["lineItem"]?["id"]?.stringValue else { return nil }
                    return RefundedLine(
                        lineItemID: lineItem, quantity: line["quantity"]?.intValue ?? 0,
                        restockType: line["restockType"]?.stringValue ?? "NO_RESTOCK")
                }
            }
        }
        return found
    }

    /// Whether an order's gross shipped units need its fulfilments read: it has shipped and some
    /// of its refund lines are `NO_RESTOCK`, which may be shipped units or not.
    static func needsFulfillments(_ node: JSONValue, refundLines: [String: [RefundedLine]]) -> Bool {
        guard !(node["fulfillments"]?.arrayValue ?? []).isEmpty else { return false }
        let refunds = (node["refunds"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }
        return refunds.contains { refundLines[$0]?.contains { $0.restockType == "NO_RESTOCK" } == true }
    }

    /// Units shipped per line item id of each order, summed over its successful fulfilments.
    func shippedUnits(orders: [JSONValue]) async throws -> [String: [String: Int]] {
        var found: [String: [String: Int]] = [:]
        var rest = orders[...]
        while !rest.isEmpty {
            let lines = max(1, rest.map { $0["lineItems"]?["nodes"]?.arrayValue?.count ?? 1 }.max() ?? 1)
            let budget = Int(min(options.maxQueryCost, await graphQL.governor.capacity))
            let count = ShopifyCatalogReader.fit(budget: budget, max: min(rest.count, 250)) {
                ShopifyOperations.orderFulfillmentsCost(count: $0, lines: lines)
            }
            let batch = rest.prefix(count).compactMap { $0["id"]?.stringValue }
            rest = rest.dropFirst(count)
            let answer = try await graphQL.execute(
                ShopifyOperations.orderFulfillments, variables: ["ids": .array(batch.map { .string($0) }), "lines": .int(lines)],
                estimatedCost: ShopifyOperations.orderFulfillmentsCost(count: batch.count, lines: lines))
            for order in answer.data["nodes"]?.arrayValue ?? [] {
                guard let id = order["id"]?.stringValue else { continue }
                let fulfillments = order["fulfillments"]?.arrayValue ?? []
                // Only a fulfilment that went through moved stock (FulfillmentStatus SUCCESS).
                guard fulfillments.count < 10, !fulfillments.contains(where: { $0["fulfillmentLineItems"]?.hasNextPage == true })
                else { continue }
                var units: [String: Int] = [:]
                for fulfillment in fulfillments where fulfillment["status"]?.stringValue == "SUCCESS" {
                    for line in fulfillment["fulfillmentLineItems"]?["nodes"]?.arrayValue ?? [] {
                        guard let lineItem = line["lineItem"]?["id"]?.stringValue else { continue }
                        units[lineItem, default: 0] += line["quantity"]?.intValue ?? 0
                    }
                }
                found[id] = units
            }
        }
        return found
    }

    /// - Parameters:
    ///   - refundLines: The order's refunds' lines by refund id (``refundLines(ids:)``); without
    ///     them no unit counts as restocked or returned.
    ///   - shippedUnits: Units shipped per line item from the order's fulfilments
    ///     (``shippedUnits(orders:)``), read when refunds leave it open; otherwise shipped units
    ///     are those still on the order plus those returned.
    func parse(_ node: JSONValue, refundLines: [String: [RefundedLine]] = [:], shippedUnits: [String: Int]? = nil) throws -> Order {
        guard let id = node["id"]?.stringValue, let created = ShopifyListingParser.date(node["createdAt"]) else {
            throw AdapterError.malformed("an order without id or createdAt", store: store)
        }
        if node["lineItems"]?.hasNextPage == true {
            throw AdapterError.malformed(
                "order \(node["name"]?.stringValue ?? id) has more than \(linesPerOrder) lines; Concord does not page order lines yet",
                store: store)
        }
        let cancelled = ShopifyListingParser.date(node["cancelledAt"])
        let location = Self.shippingLocation(node["fulfillmentOrders"]?["nodes"]?.arrayValue ?? [])
        let refunded = (node["refunds"]?.arrayValue ?? []).compactMap { $0["id"]?.stringValue }.flatMap { refundLines[$0] ?? [] }
        let lines = (node["lineItems"]?["nodes"]?.arrayValue ?? []).map { line -> OrderLine in
            let id = line["id"]?.stringValue ?? ""
            let quantity = line["quantity"]?.intValue ?? 0
            let current = line["currentQuantity"]?.intValue ?? quantity
            let unfulfilled = line["unfulfilledQuantity"]?.intValue ?? current
            let removed = max(0, quantity - current)
            // RefundLineItemRestockType: RETURN puts shipped units back on the shelf, CANCEL unshipped
            // units back to available (orderCancel(restock: true) leaves CANCEL lines too), NO_RESTOCK
            // neither (shopify.dev/docs/api/admin-graphql/latest/enums/RefundLineItemRestockType).
            let units = { (type: String) in refunded.filter { $0.lineItemID == id && $0.restockType == type }.reduce(0) { $0 + $1.quantity }
            }
            let returned = units("RETURN")
            let restocked = units("CANCEL") + returned + units("LEGACY_RESTOCK")
            // currentQuantity - unfulfilledQuantity counts shipped units still on the order; a returned
            // unit left it. A NO_RESTOCK unit may have shipped or not: the fulfilments say, when read
            // (more than ten fulfilments or a paged one: taken as unshipped).
            let fulfilled = max(0, current - unfulfilled)
            let shipped = shippedUnits.map { $0[id] ?? 0 } ?? fulfilled + returned
            return OrderLine(
                remoteLineID: id, sku: line["sku"]?.stringValue.flatMap(SKU.init), quantity: quantity,
                fulfilledQuantity: fulfilled,
                refundedQuantity: cancelled == nil ? removed : 0, cancelledQuantity: cancelled == nil ? 0 : removed,
                locationID: location?.id, locationName: location?.name, variantID: line["variant"]?["id"]?.stringValue,
                shippedQuantity: shipped == fulfilled ? nil : shipped, restockedQuantity: restocked, returnedQuantity: returned)
        }
        let fulfillmentTimes = (node["fulfillments"]?.arrayValue ?? []).compactMap { ShopifyListingParser.date($0["createdAt"]) }.sorted()
        let fulfillment = Self.fulfillmentStatus(node["displayFulfillmentStatus"]?.stringValue)
        return Order(
            store: store, remoteID: id, number: node["name"]?.stringValue, createdAt: created,
            processedAt: ShopifyListingParser.date(node["processedAt"]), cancelledAt: cancelled,
            firstFulfilledAt: fulfillmentTimes.first, fulfilledAt: fulfillment == .fulfilled ? fulfillmentTimes.last : nil,
            financialStatus: Self.financialStatus(node["displayFinancialStatus"]?.stringValue), fulfillmentStatus: fulfillment,
            lines: lines, updatedAt: ShopifyListingParser.date(node["updatedAt"]),
            refundIDs: node["refunds"]?.arrayValue.map { $0.compactMap { $0["id"]?.stringValue } },
            // Shopify commits stock when the order is placed, paid or not.
            holdsStock: true)
    }

    /// The one location an order's open units ship from: the assigned location of its fulfillment
    /// orders still to ship (`OPEN`, `IN_PROGRESS`, `SCHEDULED`, `ON_HOLD`, `INCOMPLETE`; Shopify
    /// assigns each to the location that will fulfil it, shopify.dev/docs/api/admin-graphql/latest/objects/FulfillmentOrder).
    /// `nil` when none is open, or when they name different locations: which line ships from
    /// which would need each fulfillment order's line items, so the units stay store-wide.
    static func shippingLocation(_ fulfillmentOrders: [JSONValue]) -> (id: String, name: String?)? {
        let open: Set<String> = ["OPEN", "IN_PROGRESS", "SCHEDULED", "ON_HOLD", "INCOMPLETE"]
        var found: (id: String, name: String?)?
        for order in fulfillmentOrders where open.contains(order["status"]?.stringValue ?? "") {
            guard let id = order["assignedLocation"]?["location"]?["id"]?.stringValue else { return nil }
            if let found, found.id != id { return nil }
            found = (id, order["assignedLocation"]?["name"]?.stringValue)
        }
        return found
    }

    static func financialStatus(_ value: String?) -> FinancialStatus {
        switch value {
        case "PENDING": .pending
        case "AUTHORIZED": .authorized
        case "PAID": .paid
        case "PARTIALLY_PAID": .partiallyPaid
        case "PARTIALLY_REFUNDED": .partiallyRefunded
        case "REFUNDED": .refunded
        case "VOIDED": .voided
        default: .unknown
        }
    }

    static func fulfillmentStatus(_ value: String?) -> FulfillmentStatus {
        switch value {
        case "UNFULFILLED", "SCHEDULED", "ON_HOLD", "OPEN", "IN_PROGRESS", "PENDING_FULFILLMENT": .unfulfilled
        case "PARTIALLY_FULFILLED": .partiallyFulfilled
        case "FULFILLED": .fulfilled
        case "RESTOCKED": .restocked
        default: .unknown
        }
    }
}
