import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

/// The ledger's writing half, shared by every write that moves stock (catalog writes, receipts,
/// adjustments, orders, refunds): movements go in as one statement, and on hand is recomputed
/// for all the places they touched in one more, by the rules of `SQLiteCatalogStore.recomputeOnHand`.
extension PostgresCatalogStore {
    /// Appends movements to the ledger in the order given (their ids grow in that order).
    static func insertMovements(_ db: PostgresConnection, _ movements: [StockMovement]) async throws {
        guard !movements.isEmpty else { return }
        try await db.run(
            """
            INSERT INTO stock_movement(kind, sku, location_code, quantity, occurred_at, recorded_at, as_of_given, store, order_id,
                                       line_id, reference, note)
            SELECT kind, sku, location_code, quantity, occurred_at, recorded_at, as_of_given, store, order_id, line_id, reference, note
            FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[], $5::float8[], $6::float8[], $7::boolean[], $8::text[],
                        $9::text[], $10::text[], $11::text[], $12::text[])
                WITH ORDINALITY AS m(kind, sku, location_code, quantity, occurred_at, recorded_at, as_of_given, store, order_id, line_id,
                                     reference, note, n)
            ORDER BY n
            """,
            movements.map(\.kind.rawValue), movements.map(\.sku.rawValue), movements.map(\.location), movements.map(\.quantity),
            movements.map(\.occurredAt), movements.map(\.recordedAt), movements.map(\.asOfGiven), movements.map(\.store?.rawValue),
            movements.map(\.orderID), movements.map(\.lineID), movements.map(\.reference), movements.map(\.note))
    }

    /// Books movements and brings on hand at every place they touched up to date.
    static func book(_ db: PostgresConnection, _ movements: [StockMovement]) async throws {
        try await insertMovements(db, movements)
        try await recomputeOnHand(db, places: movements.map { ($0.sku.rawValue, $0.location) })
    }

    /// On hand at each place from the ledger: the latest count (by the time it speaks for) plus
    /// every other movement after it, written to `stock_level` (what plans read).
    ///
    /// After a count given with `--as-of` means after that time; after a count without one, booked
    /// after it, shipments and returns also made after it (in the store's clock, to the second),
    /// as `SQLiteCatalogStore.recomputeOnHand` explains.
    static func recomputeOnHand(_ db: PostgresConnection, places: [(sku: String, location: String)]) async throws {
        var seen = Set<[String]>()
        let unique = places.filter { seen.insert([$0.sku, $0.location]).inserted }
        guard !unique.isEmpty else { return }
        try await db.run(
            """
            WITH place AS (
                SELECT * FROM unnest($1::text[], $2::text[]) AS p(sku, location_code)
            ), last_count AS (
                SELECT DISTINCT ON (m.sku, m.location_code) m.sku, m.location_code, m.id, m.quantity, m.occurred_at, m.as_of_given
                FROM stock_movement m JOIN place p ON p.sku = m.sku AND p.location_code = m.location_code
                WHERE m.kind = 'count'
                ORDER BY m.sku, m.location_code, m.occurred_at DESC, m.id DESC
            ), total AS (
                SELECT p.sku, p.location_code,
                    COALESCE(c.quantity, 0) + COALESCE((
                        SELECT SUM(m.quantity) FROM stock_movement m
                        WHERE m.sku = p.sku AND m.location_code = p.location_code AND m.kind <> 'count'
                          AND (c.id IS NULL
                               OR (c.as_of_given AND m.occurred_at > c.occurred_at)
                               OR (NOT c.as_of_given AND m.id > c.id
                                   AND (m.kind NOT IN ('shipment', 'return') OR m.occurred_at >= floor(c.occurred_at) - 1)))
                    ), 0) AS on_hand
                FROM place p LEFT JOIN last_count c ON c.sku = p.sku AND c.location_code = p.location_code
            )
            INSERT INTO stock_level(sku, location_code, on_hand, available, committed)
            SELECT sku, location_code, on_hand, on_hand, 0 FROM total
            ON CONFLICT (sku, location_code) DO UPDATE SET
                available = excluded.on_hand - stock_level.committed, on_hand = excluded.on_hand
            """, unique.map(\.sku), unique.map(\.location))
    }

    /// Called inside every transaction that writes the canonical catalog.
    static func bumpCatalogRevision(_ db: PostgresConnection) async throws {
        try await db.run("UPDATE catalog_state SET revision = revision + 1 WHERE id = 1")
    }
}
