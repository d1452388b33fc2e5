import CatalogModel
import Foundation
import GRDB

/// The catalog database's schema, one migration per change, from the first release on.
///
/// Migrations are append-only: a database written by an older Concord is brought forward when it
/// is opened, and a database from a newer Concord is refused rather than misread.
package enum CatalogMigrations {
    /// Every migration's identifier, oldest first: the versions a catalog of any backend is at.
    package static var identifiers: [String] { migrator.migrations }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-catalog") { db in
            try db.execute(
                sql: """
                    CREATE TABLE location (
                        code TEXT PRIMARY KEY NOT NULL,
                        name TEXT NOT NULL
                    );
                    CREATE TABLE product (
                        id INTEGER PRIMARY KEY,
                        handle TEXT NOT NULL UNIQUE,
                        position INTEGER NOT NULL,
                        title TEXT NOT NULL,
                        description_html TEXT NOT NULL,
                        vendor TEXT,
                        product_type TEXT,
                        tags_json TEXT NOT NULL,
                        status TEXT NOT NULL,
                        option_names_json TEXT NOT NULL,
                        images_json TEXT NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE TABLE variant (
                        sku TEXT PRIMARY KEY NOT NULL,
                        product_id INTEGER NOT NULL REFERENCES product(id) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        barcode TEXT,
                        title TEXT NOT NULL,
                        options_json TEXT NOT NULL,
                        currency TEXT NOT NULL,
                        price_minor INTEGER NOT NULL,
                        compare_at_minor INTEGER,
                        cost_minor INTEGER,
                        weight_value TEXT,
                        weight_unit TEXT,
                        status TEXT NOT NULL,
                        images_json TEXT NOT NULL,
                        allows_backorder INTEGER NOT NULL,
                        requires_shipping INTEGER NOT NULL,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX variant_product ON variant(product_id, position);
                    CREATE INDEX variant_barcode ON variant(barcode) WHERE barcode IS NOT NULL;
                    CREATE TABLE stock_level (
                        sku TEXT NOT NULL REFERENCES variant(sku) ON DELETE CASCADE,
                        location_code TEXT NOT NULL REFERENCES location(code),
                        on_hand INTEGER NOT NULL,
                        available INTEGER NOT NULL,
                        committed INTEGER NOT NULL,
                        PRIMARY KEY (sku, location_code)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v1-sync") { db in
            try db.execute(
                sql: """
                    CREATE TABLE listing (
                        store TEXT NOT NULL,
                        variant_remote_id TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        product_remote_id TEXT NOT NULL,
                        inventory_item_id TEXT,
                        last_seen REAL NOT NULL,
                        PRIMARY KEY (store, variant_remote_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX listing_sku ON listing(store, sku);
                    CREATE TABLE base_value (
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        field TEXT NOT NULL,
                        value_json TEXT NOT NULL,
                        run_id INTEGER,
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (store, sku, field)
                    ) WITHOUT ROWID;
                    CREATE TABLE sync_cursor (
                        store TEXT NOT NULL,
                        stream TEXT NOT NULL,
                        updated_at REAL NOT NULL,
                        token TEXT,
                        PRIMARY KEY (store, stream)
                    ) WITHOUT ROWID;
                    CREATE TABLE sync_run (
                        id INTEGER PRIMARY KEY,
                        kind TEXT NOT NULL,
                        status TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        finished_at REAL,
                        summary_json TEXT
                    );
                    CREATE TABLE journal_entry (
                        change_id TEXT PRIMARY KEY NOT NULL,
                        run_id INTEGER NOT NULL REFERENCES sync_run(id),
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        field TEXT NOT NULL,
                        change_json TEXT NOT NULL,
                        state TEXT NOT NULL,
                        message TEXT,
                        updated_at REAL NOT NULL
                    );
                    CREATE INDEX journal_run ON journal_entry(run_id, state);
                    CREATE TABLE review_decision (
                        id INTEGER PRIMARY KEY,
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        field TEXT NOT NULL,
                        choice TEXT NOT NULL,
                        value_json TEXT,
                        decided_at REAL NOT NULL
                    );
                    CREATE INDEX review_decision_item ON review_decision(store, sku, field);
                    CREATE TABLE store_order (
                        store TEXT NOT NULL,
                        order_id TEXT NOT NULL,
                        number TEXT,
                        created_at REAL NOT NULL,
                        processed_at REAL,
                        cancelled_at REAL,
                        first_fulfilled_at REAL,
                        fulfilled_at REAL,
                        financial_status TEXT NOT NULL,
                        fulfillment_status TEXT NOT NULL,
                        updated_at REAL,
                        PRIMARY KEY (store, order_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE order_line (
                        store TEXT NOT NULL,
                        order_id TEXT NOT NULL,
                        line_id TEXT NOT NULL,
                        sku TEXT,
                        quantity INTEGER NOT NULL,
                        fulfilled_quantity INTEGER NOT NULL,
                        refunded_quantity INTEGER NOT NULL,
                        cancelled_quantity INTEGER NOT NULL,
                        PRIMARY KEY (store, order_id, line_id),
                        FOREIGN KEY (store, order_id) REFERENCES store_order(store, order_id) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    CREATE INDEX order_line_sku ON order_line(sku);
                    """)
        }
        migrator.registerMigration("v2-apply") { db in
            // The journal is keyed by run and change (a change id is deterministic, so the same
            // change may be planned again in a later run), and records the batch it goes out in.
            try db.execute(
                sql: """
                    CREATE TABLE journal_entry_v2 (
                        run_id INTEGER NOT NULL REFERENCES sync_run(id),
                        change_id TEXT NOT NULL,
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        field TEXT NOT NULL,
                        batch INTEGER NOT NULL,
                        change_json TEXT NOT NULL,
                        state TEXT NOT NULL,
                        message TEXT,
                        updated_at REAL NOT NULL,
                        PRIMARY KEY (run_id, change_id)
                    );
                    INSERT INTO journal_entry_v2(run_id, change_id, store, sku, field, batch, change_json, state, message, updated_at)
                        SELECT run_id, change_id, store, sku, field, 0, change_json, state, message, updated_at FROM journal_entry;
                    DROP TABLE journal_entry;
                    ALTER TABLE journal_entry_v2 RENAME TO journal_entry;
                    CREATE INDEX journal_open ON journal_entry(state, run_id);
                    CREATE TABLE catalog_state (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        revision INTEGER NOT NULL
                    );
                    INSERT INTO catalog_state(id, revision) VALUES (1, 0);
                    """)
        }
        migrator.registerMigration("v2-review") { db in
            // The review queue (`concord review`), the rules remembered from it, and what a
            // decision needs to be undone exactly.
            try db.execute(
                sql: """
                    CREATE TABLE review_item (
                        id INTEGER PRIMARY KEY,
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        field TEXT NOT NULL,
                        code TEXT NOT NULL,
                        listing TEXT NOT NULL DEFAULT '',
                        kind TEXT NOT NULL,
                        explanation TEXT NOT NULL,
                        base_json TEXT,
                        canonical_json TEXT,
                        store_json TEXT,
                        take_blocked TEXT,
                        detected_run_id INTEGER,
                        detected_at REAL NOT NULL,
                        last_seen_run_id INTEGER,
                        state TEXT NOT NULL,
                        decision_id INTEGER,
                        in_queue INTEGER NOT NULL DEFAULT 1,
                        UNIQUE (store, sku, field, code, listing)
                    );
                    CREATE INDEX review_item_queue ON review_item(store, in_queue);
                    CREATE TABLE review_rule (
                        id INTEGER PRIMARY KEY,
                        store TEXT NOT NULL,
                        field TEXT NOT NULL,
                        kind TEXT NOT NULL,
                        choice TEXT NOT NULL,
                        created_at REAL NOT NULL,
                        UNIQUE (store, field, kind)
                    );
                    ALTER TABLE review_decision ADD COLUMN item_id INTEGER;
                    ALTER TABLE review_decision ADD COLUMN previous_catalog_json TEXT;
                    ALTER TABLE review_decision ADD COLUMN previous_base_json TEXT;
                    ALTER TABLE review_decision ADD COLUMN had_base INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE review_decision ADD COLUMN previous_state TEXT;
                    ALTER TABLE review_decision ADD COLUMN restore_json TEXT;
                    ALTER TABLE review_decision ADD COLUMN rule_id INTEGER;
                    ALTER TABLE review_decision ADD COLUMN undone_at REAL;
                    """)
        }
        migrator.registerMigration("v3-webhooks") { db in
            // Webhook deliveries already acted on, so a replay (or the platform's own retry) is
            // recognised after a restart too.
            try db.execute(
                sql: """
                    CREATE TABLE webhook_delivery (
                        store TEXT NOT NULL,
                        delivery_id TEXT NOT NULL,
                        received_at REAL NOT NULL,
                        PRIMARY KEY (store, delivery_id)
                    ) WITHOUT ROWID;
                    CREATE INDEX webhook_delivery_age ON webhook_delivery(received_at);
                    """)
        }
        migrator.registerMigration("v4-kits") { db in
            // No foreign keys to variant: a component removed from the catalog must leave the kit
            // visible (it is reported as kit.missing-component), and a merge import rewrites variants.
            try db.execute(
                sql: """
                    CREATE TABLE kit_component (
                        kit_sku TEXT NOT NULL,
                        component_sku TEXT NOT NULL,
                        quantity INTEGER NOT NULL CHECK (quantity > 0),
                        position INTEGER NOT NULL,
                        PRIMARY KEY (kit_sku, component_sku)
                    ) WITHOUT ROWID;
                    CREATE INDEX kit_component_sku ON kit_component(component_sku);
                    """)
        }
        migrator.registerMigration("v5-snapshots") { db in
            // The last full read of each store, one row per listing (a million fit), so that
            // `concord audit --offline` can reconcile without reaching the store.
            try db.execute(
                sql: """
                    CREATE TABLE store_snapshot (
                        store TEXT PRIMARY KEY NOT NULL,
                        fetched_at REAL NOT NULL,
                        is_complete INTEGER NOT NULL,
                        locations_json TEXT NOT NULL,
                        cursor_updated_at REAL,
                        cursor_token TEXT,
                        listing_count INTEGER NOT NULL
                    ) WITHOUT ROWID;
                    CREATE TABLE snapshot_listing (
                        store TEXT NOT NULL REFERENCES store_snapshot(store) ON DELETE CASCADE,
                        position INTEGER NOT NULL,
                        product_id TEXT NOT NULL,
                        variant_id TEXT NOT NULL,
                        inventory_item_id TEXT,
                        raw_sku TEXT NOT NULL,
                        barcode TEXT,
                        product_title TEXT NOT NULL,
                        variant_title TEXT NOT NULL,
                        description_html TEXT,
                        options_json TEXT NOT NULL,
                        price_currency TEXT,
                        price_minor INTEGER,
                        compare_at_currency TEXT,
                        compare_at_minor INTEGER,
                        weight_value TEXT,
                        weight_unit TEXT,
                        status TEXT NOT NULL,
                        images_json TEXT NOT NULL,
                        stock_json TEXT NOT NULL,
                        tracks_stock INTEGER NOT NULL,
                        allows_backorder INTEGER NOT NULL,
                        updated_at REAL,
                        PRIMARY KEY (store, position)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v6-snapshot-listing-details") { db in
            // What a listing says beyond its fields: availability where stock is not counted,
            // whether the platform tells draft from archived, the option names.
            try db.execute(
                sql: """
                    ALTER TABLE snapshot_listing ADD COLUMN availability TEXT;
                    ALTER TABLE snapshot_listing ADD COLUMN distinguishes_draft INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE snapshot_listing ADD COLUMN option_names_json TEXT;
                    """)
        }
        migrator.registerMigration("v7-order-location") { db in
            // The store location an order line's open units ship from (Shopify's fulfillment
            // order assignment), so its committed units are held there rather than store-wide.
            try db.execute(
                sql: """
                    ALTER TABLE order_line ADD COLUMN location_id TEXT;
                    ALTER TABLE order_line ADD COLUMN location_name TEXT;
                    """)
        }
        migrator.registerMigration("v7-order-refunds") { db in
            // Refunds applied to the order lines, by refund id: a refund webhook is counted once,
            // however often it is delivered, and not again when an order read already counted it
            // (source 'order': the read named the refund; 'webhook': its lines were applied).
            try db.execute(
                sql: """
                    CREATE TABLE order_refund (
                        store TEXT NOT NULL,
                        order_id TEXT NOT NULL,
                        refund_id TEXT NOT NULL,
                        source TEXT NOT NULL,
                        created_at REAL,
                        recorded_at REAL NOT NULL,
                        PRIMARY KEY (store, order_id, refund_id)
                    ) WITHOUT ROWID;
                    CREATE TABLE order_refund_line (
                        store TEXT NOT NULL,
                        order_id TEXT NOT NULL,
                        refund_id TEXT NOT NULL,
                        line_id TEXT NOT NULL,
                        sku TEXT,
                        quantity INTEGER NOT NULL,
                        restock TEXT NOT NULL,
                        location_id TEXT,
                        PRIMARY KEY (store, order_id, refund_id, line_id),
                        FOREIGN KEY (store, order_id, refund_id) REFERENCES order_refund(store, order_id, refund_id) ON DELETE CASCADE
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v7-review-listings") { db in
            // Review items about whole listings (a SKU carried twice, orphans, missing listings)
            // keep what deciding them needs; "don't ask again" answers are kept apart from the
            // queue so that they outlive the items (an ignored orphan, a SKU not sold in a store).
            try db.execute(
                sql: """
                    ALTER TABLE review_item ADD COLUMN detail_json TEXT;
                    CREATE TABLE review_suppression (
                        store TEXT NOT NULL,
                        code TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        listing TEXT NOT NULL DEFAULT '',
                        decision_id INTEGER NOT NULL,
                        created_at REAL NOT NULL,
                        PRIMARY KEY (store, code, sku, listing)
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v7-receipts") { db in
            // Goods received (`concord catalog receive`), kept as history for sell-through. No
            // foreign keys: a SKU or location that later leaves the catalog keeps its receipts.
            // A reference is received once; its lines share it.
            try db.execute(
                sql: """
                    CREATE TABLE receipt (
                        id INTEGER PRIMARY KEY,
                        reference TEXT,
                        sku TEXT NOT NULL,
                        location_code TEXT NOT NULL,
                        quantity INTEGER NOT NULL CHECK (quantity > 0),
                        received_at REAL NOT NULL,
                        recorded_at REAL NOT NULL
                    );
                    CREATE INDEX receipt_received_at ON receipt(received_at);
                    CREATE INDEX receipt_reference ON receipt(reference) WHERE reference IS NOT NULL;
                    """)
        }
        migrator.registerMigration("v8-plan-signing") { db in
            // Each catalog gets an id and a secret key, so that a plan file names the catalog it
            // came from and `concord apply` can tell an edited or foreign plan (see
            // CatalogStore.planSigningKey); and applied plans are remembered by signature.
            try db.execute(
                sql: """
                    ALTER TABLE catalog_state ADD COLUMN catalog_id TEXT;
                    ALTER TABLE catalog_state ADD COLUMN plan_key TEXT;
                    UPDATE catalog_state SET catalog_id = lower(hex(randomblob(16))), plan_key = lower(hex(randomblob(32)));
                    CREATE TABLE applied_plan (
                        signature TEXT PRIMARY KEY NOT NULL,
                        run_id INTEGER NOT NULL,
                        applied_at REAL NOT NULL
                    ) WITHOUT ROWID;
                    """)
        }
        migrator.registerMigration("v9-stock-ledger") { db in
            // Stock is a ledger: on hand at a location is its last count plus the movements booked
            // after it (see StockMovement). Every stock level there is becomes a count now, and
            // every order line read before is taken as already accounted for (its shipments in
            // those counts, its units in the stores' bases), so nothing moves by migrating.
            let now = Date().timeIntervalSince1970
            try db.execute(
                sql: """
                    CREATE TABLE stock_movement (
                        id INTEGER PRIMARY KEY AUTOINCREMENT,
                        kind TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        location_code TEXT NOT NULL,
                        quantity INTEGER NOT NULL,
                        occurred_at REAL NOT NULL,
                        recorded_at REAL NOT NULL,
                        as_of_given INTEGER NOT NULL DEFAULT 0,
                        store TEXT,
                        order_id TEXT,
                        line_id TEXT,
                        reference TEXT,
                        note TEXT
                    );
                    CREATE INDEX stock_movement_place ON stock_movement(sku, location_code, kind, occurred_at);
                    INSERT INTO stock_movement(kind, sku, location_code, quantity, occurred_at, recorded_at, note)
                        SELECT 'count', sku, location_code, on_hand, \(now), \(now), 'stock level when the ledger began' FROM stock_level;
                    ALTER TABLE store_order ADD COLUMN holds_stock INTEGER NOT NULL DEFAULT 1;
                    ALTER TABLE sync_run ADD COLUMN catalog_revision INTEGER;
                    ALTER TABLE order_line ADD COLUMN variant_id TEXT;
                    ALTER TABLE order_line ADD COLUMN shipped_quantity INTEGER;
                    ALTER TABLE order_line ADD COLUMN restocked_quantity INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE order_line ADD COLUMN returned_quantity INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE order_line ADD COLUMN catalog_sku TEXT;
                    ALTER TABLE order_line ADD COLUMN debit INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE order_line ADD COLUMN units_out INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE order_line ADD COLUMN out_booked INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE order_line ADD COLUMN out_location TEXT;
                    ALTER TABLE order_line ADD COLUMN debit_location TEXT;
                    UPDATE order_line SET catalog_sku = (SELECT v.sku FROM variant v WHERE v.sku = order_line.sku),
                        debit = MAX(0, quantity), debit_location = COALESCE(location_id, '*'), units_out = MAX(0, fulfilled_quantity), out_booked = MAX(0, fulfilled_quantity);
                    CREATE INDEX order_line_catalog_sku ON order_line(catalog_sku);
                    -- Units each store's own orders took out of its stock count (debit), per SKU and
                    -- store location ('*': not said), and the same when the store's stock base for
                    -- that place was last recorded: the difference is what its orders moved since.
                    CREATE TABLE store_debit (
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        location TEXT NOT NULL,
                        units INTEGER NOT NULL,
                        units_at_base INTEGER NOT NULL,
                        PRIMARY KEY (store, sku, location)
                    ) WITHOUT ROWID;
                    INSERT INTO store_debit(store, sku, location, units, units_at_base)
                        SELECT store, catalog_sku, COALESCE(location_id, '*'), SUM(debit), SUM(debit) FROM order_line
                        WHERE catalog_sku IS NOT NULL GROUP BY store, catalog_sku, COALESCE(location_id, '*');
                    -- Whenever a stock base is recorded (in sync, applied, decided, pulled), the store's
                    -- debit there is checkpointed with it, in the same transaction.
                    CREATE TRIGGER base_value_debit_insert AFTER INSERT ON base_value WHEN NEW.field LIKE 'stock@%'
                    BEGIN
                        UPDATE store_debit SET units_at_base = units
                        WHERE store = NEW.store AND sku = NEW.sku AND location IN (substr(NEW.field, 7), '*');
                    END;
                    CREATE TRIGGER base_value_debit_update AFTER UPDATE ON base_value WHEN NEW.field LIKE 'stock@%'
                    BEGIN
                        UPDATE store_debit SET units_at_base = units
                        WHERE store = NEW.store AND sku = NEW.sku AND location IN (substr(NEW.field, 7), '*');
                    END;
                    """)
        }
        migrator.registerMigration("v10-packed-bases") { db in
            // One row per (store, SKU) for every field's base instead of a row per field, each
            // value in BaseValueCodec's compact text instead of JSON (see BaseRows): a store's
            // bases load in one pass over a row a SKU. The triggers that checkpointed store
            // debits on a stock base become BaseRows.write's own statement.
            try db.execute(
                sql: """
                    CREATE TABLE base_row (
                        store TEXT NOT NULL,
                        sku TEXT NOT NULL,
                        fields TEXT NOT NULL,
                        PRIMARY KEY (store, sku)
                    ) WITHOUT ROWID;
                    """)
            let insert = try db.makeStatement(sql: "INSERT INTO base_row(store, sku, fields) VALUES (?, ?, ?)")
            let rows = try Row.fetchCursor(
                db, sql: "SELECT store, sku, field, value_json, run_id, recorded_at FROM base_value ORDER BY store, sku, field")
            var current: (store: String, sku: String)?
            var records: [(field: String, entry: BaseRows.Entry)] = []
            func flush() throws {
                if let current, !records.isEmpty { try insert.execute(arguments: [current.store, current.sku, BaseRows.encode(records)]) }
                records = []
            }
            while let row = try rows.next() {
                let store: String = row[0]
                let sku: String = row[1]
                if current?.store != store || current?.sku != sku {
                    try flush()
                    current = (store, sku)
                }
                let value = try JSONColumn.decode(row[3] as String, as: FieldValue.self)
                records.append((row[2], BaseRows.Entry(value, runID: row[4], recordedAt: row[5])))
            }
            try flush()
            try db.execute(
                sql: """
                    DROP TRIGGER base_value_debit_insert;
                    DROP TRIGGER base_value_debit_update;
                    DROP TABLE base_value;
                    """)
        }
        migrator.registerMigration("v11-store-leases") { db in
            // Several agents on one catalog: who is alive, and who syncs which store (StoreLeases).
            try db.execute(
                sql: """
                    CREATE TABLE agent (
                        id TEXT PRIMARY KEY NOT NULL,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        command TEXT NOT NULL,
                        started_at REAL NOT NULL,
                        seen_at REAL NOT NULL,
                        expires_at REAL NOT NULL,
                        next_run_at REAL
                    );
                    CREATE TABLE store_lease (
                        store TEXT PRIMARY KEY NOT NULL,
                        agent_id TEXT NOT NULL,
                        host TEXT NOT NULL,
                        pid INTEGER NOT NULL,
                        command TEXT NOT NULL,
                        acquired_at REAL NOT NULL,
                        renewed_at REAL NOT NULL,
                        expires_at REAL NOT NULL
                    );
                    CREATE INDEX store_lease_agent ON store_lease(agent_id);
                    """)
        }
        return migrator
    }
}
