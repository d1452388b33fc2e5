import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// Bringing orders' lines into the ledger and the stores' debits after a read, a refund or a
/// release changed them: `SQLiteCatalogStore.settleOrderLines`'s rules, for many orders at once.
///
/// Each line is attributed to its catalog SKU (through the listing it was sold from, else its SKU
/// text), its units out of the warehouse are booked once as shipments or returns, and its debit
/// (units the store's own count no longer shows) is moved. The rows are read in a few statements,
/// the lines worked out in the order SQLite settles them (orders as given, lines by id), and the
/// results written in bulk. The one read that depends on what was booked just before — where a
/// SKU has most on hand, for a line no routing places — first books what is pending, so it sees
/// what SQLite's line-by-line booking would.
extension PostgresCatalogStore {
    struct OrderKey: Hashable {
        var store: String
        var orderID: String
    }

    static func settleOrderLines(
        _ db: PostgresConnection, orders keys: [OrderKey], routing: [String: StockRouting], now: Date
    ) async throws {
        guard !keys.isEmpty else { return }
        let stores = keys.map(\.store)
        let ids = keys.map(\.orderID)
        var heads: [OrderKey: (holdsStock: Bool, updated: Date, shippedAt: Date?)] = [:]
        for row in try await db.run(
            """
            SELECT o.store, o.order_id, o.holds_stock, o.updated_at, o.fulfilled_at, o.first_fulfilled_at
            FROM store_order o JOIN unnest($1::text[], $2::text[]) AS k(store, order_id) ON k.store = o.store AND k.order_id = o.order_id
            """, stores, ids)
        {
            // A line seen shipped the first time shipped when the order says it did, not when it
            // was last touched (a note added later must not move an old shipment after a count).
            heads[OrderKey(store: try row.get("store"), orderID: try row.get("order_id"))] = (
                try row.get("holds_stock"), try row.optionalDate("updated_at") ?? now,
                try row.optionalDate("fulfilled_at") ?? row.optionalDate("first_fulfilled_at")
            )
        }
        var lines: [OrderKey: [PostgresRow]] = [:]
        for row in try await db.run(
            """
            SELECT l.store, l.order_id, l.line_id, l.sku, l.variant_id, l.quantity, l.fulfilled_quantity, l.shipped_quantity,
                   l.restocked_quantity, l.returned_quantity, l.location_id, l.location_name, l.catalog_sku, l.debit,
                   l.debit_location, l.units_out, l.out_booked, l.out_location
            FROM order_line l JOIN unnest($1::text[], $2::text[]) AS k(store, order_id) ON k.store = l.store AND k.order_id = l.order_id
            ORDER BY l.store, l.order_id, l.line_id
            """, stores, ids)
        {
            lines[OrderKey(store: try row.get("store"), orderID: try row.get("order_id")), default: []].append(row)
        }
        let allLines = lines.values.joined()
        var listingSKU: [[String]: String] = [:]
        let sold = try allLines.compactMap { row -> [String]? in
            guard let variant: String = try row.get("variant_id") else { return nil }
            return [try row.get("store"), variant]
        }
        if !sold.isEmpty {
            for row in try await db.run(
                """
                SELECT l.store, l.variant_remote_id, l.sku FROM listing l
                JOIN unnest($1::text[], $2::text[]) AS k(store, variant) ON k.store = l.store AND k.variant = l.variant_remote_id
                """, sold.map { $0[0] }, sold.map { $0[1] })
            {
                listingSKU[[try row.get(0), try row.get(1)]] = try row.get(2)
            }
        }
        let skuTexts = try allLines.compactMap { try $0.get("sku") as String? }
        let catalogSKUs = Set(
            try await db.run("SELECT sku FROM variant WHERE sku = ANY($1::text[])", skuTexts).map { try $0.get(0) as String })

        var debits: [[String]: (units: Int, atBase: Int)] = [:]
        var debitOrder: [[String]] = []
        func moveDebit(_ key: [String], units: Int, atBase: Int) {
            if debits[key] == nil { debitOrder.append(key) }
            debits[key, default: (0, 0)].units += units
            debits[key, default: (0, 0)].atBase += atBase
        }
        var pending: [StockMovement] = []
        var locationByName: [String: String?] = [:]
        var updates:
            [(
                key: OrderKey, lineID: String, catalogSKU: String?, debit: Int, debitLocation: String, unitsOut: Int, booked: Int,
                outLocation: String?
            )] = []

        for key in keys {
            guard let head = heads[key] else { continue }
            for row in lines[key] ?? [] {
                let lineID: String = try row.get("line_id")
                let skuText: String? = try row.get("sku")
                var catalogSKU: String?
                if let variant: String = try row.get("variant_id") { catalogSKU = listingSKU[[key.store, variant]] }
                if catalogSKU == nil, let skuText, catalogSKUs.contains(skuText) { catalogSKU = skuText }
                let oldSKU: String? = try row.get("catalog_sku")
                catalogSKU = catalogSKU ?? oldSKU
                let line = OrderLine(
                    remoteLineID: lineID, sku: nil, quantity: try row.get("quantity"), fulfilledQuantity: try row.get("fulfilled_quantity"),
                    shippedQuantity: try row.get("shipped_quantity"), restockedQuantity: try row.get("restocked_quantity"),
                    returnedQuantity: try row.get("returned_quantity"))
                let debit = catalogSKU == nil ? 0 : line.storeDebit(holdsStock: head.holdsStock)
                let locationID: String? = try row.get("location_id")
                let debitLocation = locationID ?? "*"
                let oldDebit: Int = try row.get("debit")
                let storedDebitLocation: String? = try row.get("debit_location")
                let seenBefore = storedDebitLocation != nil
                let oldDebitLocation = storedDebitLocation ?? debitLocation
                // A line read before whose SKU the catalog did not have then (a store adopted or a
                // SKU imported since): its past is in the catalog's count and in the store's bases.
                let lateAttribution = seenBefore && oldSKU == nil && catalogSKU != nil
                if oldSKU != catalogSKU || oldDebit != debit || oldDebitLocation != debitLocation {
                    if let oldSKU, oldDebit != 0 { moveDebit([key.store, oldSKU, oldDebitLocation], units: -oldDebit, atBase: 0) }
                    if let catalogSKU, debit != 0 {
                        moveDebit([key.store, catalogSKU, debitLocation], units: debit, atBase: lateAttribution ? debit : 0)
                    }
                }
                var booked: Int = try row.get("out_booked")
                var outLocation: String? = try row.get("out_location")
                let unitsOut = line.unitsOut
                if lateAttribution { booked = unitsOut }
                if let catalogSKU, let sku = SKU(catalogSKU), unitsOut != booked {
                    if outLocation == nil {
                        let name: String? = try row.get("location_name")
                        outLocation = try await shipLocation(
                            db, sku: catalogSKU, routing: routing[key.store], locationID: locationID, locationName: name,
                            names: &locationByName, pending: &pending)
                    }
                    if let outLocation {
                        let delta = unitsOut - booked
                        pending.append(
                            StockMovement(
                                kind: delta > 0 ? .shipment : .return, sku: sku, location: outLocation, quantity: -delta,
                                occurredAt: seenBefore ? head.updated : (head.shippedAt ?? head.updated), recordedAt: now,
                                store: StoreID(key.store), orderID: key.orderID, lineID: lineID))
                        booked = unitsOut
                    }
                }
                updates.append((key, lineID, catalogSKU, debit, debitLocation, unitsOut, booked, outLocation))
            }
        }

        if !debitOrder.isEmpty {
            let values = debitOrder.map { debits[$0]! }
            try await db.run(
                """
                INSERT INTO store_debit(store, sku, location, units, units_at_base)
                SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::bigint[])
                ON CONFLICT (store, sku, location) DO UPDATE SET
                    units = store_debit.units + excluded.units, units_at_base = store_debit.units_at_base + excluded.units_at_base
                """, debitOrder.map { $0[0] }, debitOrder.map { $0[1] }, debitOrder.map { $0[2] }, values.map(\.units),
                values.map(\.atBase))
        }
        try await book(db, pending)
        if !updates.isEmpty {
            try await db.run(
                """
                UPDATE order_line l SET catalog_sku = u.catalog_sku, debit = u.debit, debit_location = u.debit_location,
                    units_out = u.units_out, out_booked = u.out_booked, out_location = u.out_location
                FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::bigint[], $6::text[], $7::bigint[], $8::bigint[], $9::text[])
                    AS u(store, order_id, line_id, catalog_sku, debit, debit_location, units_out, out_booked, out_location)
                WHERE l.store = u.store AND l.order_id = u.order_id AND l.line_id = u.line_id
                """, updates.map(\.key.store), updates.map(\.key.orderID), updates.map(\.lineID), updates.map(\.catalogSKU),
                updates.map(\.debit), updates.map(\.debitLocation), updates.map(\.unitsOut), updates.map(\.booked),
                updates.map(\.outLocation))
        }
    }

    /// The catalog location a line's units left from: its store location as the routing maps
    /// it, else a catalog location of that name, else the store's fallback, else where the SKU
    /// has most on hand (after booking what is pending), else the first location.
    static func shipLocation(
        _ db: PostgresConnection, sku: String, routing: StockRouting?, locationID: String?, locationName: String?,
        names: inout [String: String?], pending: inout [StockMovement]
    ) async throws -> String? {
        if let locationID, let code = routing?.locations[locationID] { return code }
        if let locationName {
            if names[locationName] == nil {
                names[locationName] = .some(
                    try await db.run(
                        "SELECT code FROM location WHERE lower(name) = lower($1) OR code = $1 ORDER BY code LIMIT 1", locationName
                    ).first?.get(0))
            }
            if let code = names[locationName]! { return code }
        }
        if let fallback = routing?.fallback { return fallback }
        if pending.contains(where: { $0.sku.rawValue == sku }) {
            try await book(db, pending)
            pending = []
        }
        if let code: String = try await db.run(
            "SELECT location_code FROM stock_level WHERE sku = $1 ORDER BY on_hand DESC, location_code LIMIT 1", sku
        ).first?.get(0) {
            return code
        }
        return try await db.run("SELECT code FROM location ORDER BY code LIMIT 1").first?.get(0)
    }
}
