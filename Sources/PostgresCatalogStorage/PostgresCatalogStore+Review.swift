import CatalogModel
import CatalogStorage
import Foundation
import PostgresClient

extension PostgresCatalogStore {
    // MARK: Queue

    public func replaceReviewQueue(store: StoreID, items: [ReviewItem], runID: Int64?, scope: Set<SKU>?) async throws -> ReviewQueueUpdate {
        try await write("record the review queue of \(store)") { db in
            var update = ReviewQueueUpdate()
            var seen: [Int64] = []
            // "Don't ask again" answers: matching items never reach the queue (their rows leave it).
            let suppressions = try await Self.reviewSuppressions(db, store: store)
            var asked: [ReviewItem] = []
            for item in items {
                if suppressions.contains(where: { $0.matches(item) }) {
                    update.suppressed += 1
                } else {
                    asked.append(item)
                }
            }
            // SQLite records the items one after another; an item given twice meets its own first
            // write, so each round holds every item at most once.
            for round in Self.rounds(of: asked) {
                try await Self.recordQueueRound(db, store: store.rawValue, round, runID: runID, update: &update, seen: &seen)
            }
            // Everything of this store not seen now leaves the queue; the rows stay as history.
            if let scope {
                // A partial read: only items of the SKUs read can have been settled, and never an
                // ambiguous match: a SKU carried by two listings looks unique when one was read.
                update.removed =
                    try await db.run(
                        """
                        UPDATE review_item SET in_queue = false WHERE store = $1 AND in_queue AND NOT (id = ANY($2::bigint[]))
                        AND sku = ANY($3::text[]) AND kind <> 'ambiguous-match'
                        """, store.rawValue, seen, scope.map(\.rawValue)
                    ).affectedRows ?? 0
            } else {
                update.removed =
                    try await db.run(
                        "UPDATE review_item SET in_queue = false WHERE store = $1 AND in_queue AND NOT (id = ANY($2::bigint[]))",
                        store.rawValue, seen
                    ).affectedRows ?? 0
            }
            return update
        }
    }

    /// The identity of a queue item: (SKU, field, finding code, listing) within its store.
    struct QueueKey: Hashable {
        var sku: String
        var field: String
        var code: String
        var listing: String

        init(_ item: ReviewItem) {
            sku = item.sku.rawValue
            field = item.field?.key ?? ""
            code = item.code
            listing = item.listing ?? ""
        }

        init(sku: String, field: String, code: String, listing: String) {
            self.sku = sku
            self.field = field
            self.code = code
            self.listing = listing
        }
    }

    static func rounds(of items: [ReviewItem]) -> [[ReviewItem]] {
        var rounds: [[ReviewItem]] = [[]]
        var seen = Set<QueueKey>()
        for item in items {
            let key = QueueKey(item)
            if !seen.insert(key).inserted {
                rounds.append([])
                seen = [key]
            }
            rounds[rounds.count - 1].append(item)
        }
        return rounds.filter { !$0.isEmpty }
    }

    static func recordQueueRound(
        _ db: PostgresConnection, store: String, _ items: [ReviewItem], runID: Int64?, update: inout ReviewQueueUpdate, seen: inout [Int64]
    ) async throws {
        let keys = items.map(QueueKey.init)
        var existing: [QueueKey: (id: Int64, state: ReviewItem.State, canonical: String?, storeValue: String?)] = [:]
        for row in try await db.run(
            """
            SELECT i.id, i.sku, i.field, i.code, i.listing, i.state, i.canonical_json, i.store_json FROM review_item i
            JOIN unnest($2::text[], $3::text[], $4::text[], $5::text[]) AS k(sku, field, code, listing)
                ON k.sku = i.sku AND k.field = i.field AND k.code = i.code AND k.listing = i.listing
            WHERE i.store = $1
            """, store, keys.map(\.sku), keys.map(\.field), keys.map(\.code), keys.map(\.listing))
        {
            let key = QueueKey(
                sku: try row.get("sku"), field: try row.get("field"), code: try row.get("code"), listing: try row.get("listing"))
            existing[key] = (
                try row.get("id"), ReviewItem.State(rawValue: try row.get("state")) ?? .open, try row.get("canonical_json"),
                try row.get("store_json")
            )
        }
        var inserts: [ReviewItem] = []
        var keeps: [(id: Int64, item: ReviewItem)] = []
        var reopens: [(id: Int64, item: ReviewItem, moved: Bool)] = []
        for (item, key) in zip(items, keys) {
            guard let row = existing[key] else {
                inserts.append(item)
                update.added += 1
                continue
            }
            seen.append(row.id)
            let moved = row.canonical != item.canonical.map(JSONColumn.encode) || row.storeValue != item.storeValue.map(JSONColumn.encode)
            if row.state == .decided, !moved {
                keeps.append((row.id, item))
                update.keptDecided += 1
                continue
            }
            if row.state != .open { update.reopened += 1 }
            reopens.append((row.id, item, moved))
        }
        if !inserts.isEmpty {
            let keys = inserts.map(QueueKey.init)
            seen += try await db.run(
                """
                INSERT INTO review_item(store, sku, field, code, listing, kind, explanation, base_json, canonical_json, store_json,
                                        take_blocked, detected_run_id, detected_at, last_seen_run_id, detail_json, state, in_queue)
                SELECT $1, sku, field, code, listing, kind, explanation, base_json, canonical_json, store_json, take_blocked, $13,
                       detected_at, $13, detail_json, 'open', true
                FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                            $11::text[], $12::float8[], $14::text[]) WITH ORDINALITY
                    AS i(sku, field, code, listing, kind, explanation, base_json, canonical_json, store_json, take_blocked, detected_at,
                         detail_json, n)
                ORDER BY n
                RETURNING id
                """, store, keys.map(\.sku), keys.map(\.field), keys.map(\.code), keys.map(\.listing), inserts.map(\.kind.rawValue),
                inserts.map(\.explanation), inserts.map { $0.base.map(JSONColumn.encode) },
                inserts.map { $0.canonical.map(JSONColumn.encode) },
                inserts.map { $0.storeValue.map(JSONColumn.encode) }, inserts.map(\.takeBlockedReason), inserts.map(\.detectedAt), runID,
                inserts.map { $0.detail.map(JSONColumn.encode) }
            ).map { try $0.get(0) as Int64 }
        }
        if !keeps.isEmpty {
            try await db.run(
                """
                UPDATE review_item i SET in_queue = true, last_seen_run_id = $1, kind = u.kind, explanation = u.explanation,
                    take_blocked = u.take_blocked, detail_json = u.detail_json
                FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[]) AS u(id, kind, explanation, take_blocked, detail_json)
                WHERE i.id = u.id
                """, runID, keeps.map(\.id), keeps.map(\.item.kind.rawValue), keeps.map(\.item.explanation),
                keeps.map(\.item.takeBlockedReason), keeps.map { $0.item.detail.map(JSONColumn.encode) })
        }
        if !reopens.isEmpty {
            let items = reopens.map(\.item)
            try await db.run(
                """
                UPDATE review_item i SET in_queue = true, last_seen_run_id = $1, kind = u.kind, explanation = u.explanation,
                    take_blocked = u.take_blocked, detail_json = u.detail_json, base_json = u.base_json,
                    canonical_json = u.canonical_json, store_json = u.store_json, state = 'open', decision_id = NULL,
                    detected_run_id = CASE WHEN u.moved THEN $1 ELSE i.detected_run_id END,
                    detected_at = CASE WHEN u.moved THEN u.detected_at ELSE i.detected_at END
                FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
                            $10::boolean[], $11::float8[])
                    AS u(id, kind, explanation, take_blocked, detail_json, base_json, canonical_json, store_json, moved, detected_at)
                WHERE i.id = u.id
                """, runID, reopens.map(\.id), items.map(\.kind.rawValue), items.map(\.explanation), items.map(\.takeBlockedReason),
                items.map { $0.detail.map(JSONColumn.encode) }, items.map { $0.base.map(JSONColumn.encode) },
                items.map { $0.canonical.map(JSONColumn.encode) }, items.map { $0.storeValue.map(JSONColumn.encode) },
                reopens.map(\.moved), items.map(\.detectedAt))
        }
    }

    public func reviewQueue(store: StoreID?) async throws -> [ReviewItem] {
        let filter = store == nil ? "" : " AND i.store = $1"
        return try await connection.query(
            """
            SELECT i.*, d.choice AS decision_choice, d.decided_at AS decision_at,
                   v.updated_at AS variant_updated, p.updated_at AS product_updated,
                   b.fields AS base_fields
            FROM review_item i
            LEFT JOIN review_decision d ON d.id = i.decision_id
            LEFT JOIN variant v ON v.sku = i.sku
            LEFT JOIN product p ON p.id = v.product_id
            LEFT JOIN base_row b ON b.store = i.store AND b.sku = i.sku
            WHERE i.in_queue\(filter)
            ORDER BY i.sku, i.store, i.field, i.code, i.listing
            """, store.map { [.text($0.rawValue)] } ?? []
        ).map { try Self.reviewItem(from: $0, path: location) }
    }

    /// A review item from a row of `review_item` with the columns ``reviewQueue(store:)`` joins
    /// (NULL where the caller has none, as SQLite's reads of a bare row give them).
    static func reviewItem(from row: PostgresRow, path: String) throws -> ReviewItem {
        let skuText: String = try row.get("sku")
        let fieldKey: String = try row.get("field")
        let field = fieldKey.isEmpty ? nil : Change.Field(key: fieldKey)
        guard let sku = SKU(skuText), fieldKey.isEmpty || field != nil else {
            throw CatalogStoreError(
                code: .corruptValue, path: path, message: "review item \(try row.get("id") as Int64) has an unreadable SKU or field")
        }
        func value(_ column: String) throws -> FieldValue? {
            try (try row.get(column) as String?).map { try JSONColumn.decode($0, as: FieldValue.self) }
        }
        let catalogChanged = [try row.optionalDate("variant_updated"), try row.optionalDate("product_updated")].compactMap { $0 }.max()
        // The base of this item's own field, from its listing's packed row.
        let base = (try row.get("base_fields") as String?).flatMap { fields in
            BaseRows.decode(fields).first { $0.field == fieldKey }?.entry
        }
        let listing: String = try row.get("listing")
        return ReviewItem(
            id: try row.get("id"), store: StoreID(try row.get("store") as String), sku: sku, field: field,
            kind: ReviewItem.Kind(rawValue: try row.get("kind")) ?? .listingError, code: try row.get("code"),
            explanation: try row.get("explanation"), listing: listing.isEmpty ? nil : listing, base: try value("base_json"),
            canonical: try value("canonical_json"), storeValue: try value("store_json"), detectedRunID: try row.get("detected_run_id"),
            detectedAt: try row.date("detected_at"), catalogChangedAt: catalogChanged,
            baseRecordedAt: base.map { Date(timeIntervalSince1970: $0.recordedAt) }, baseRunID: base?.runID,
            takeBlockedReason: try row.get("take_blocked"), state: ReviewItem.State(rawValue: try row.get("state")) ?? .open,
            decisionID: try row.get("decision_id"),
            choice: (try row.get("decision_choice") as String?).flatMap(ReviewDecision.Choice.init(rawValue:)),
            decidedAt: try row.optionalDate("decision_at"),
            detail: try (try row.get("detail_json") as String?).map { try JSONColumn.decode($0, as: ListingReviewDetail.self) })
    }

    /// One item as a bare row gives it: no catalog times, base time or decision choice.
    static func bareReviewItem(_ db: PostgresConnection, id: Int64, path: String) async throws -> ReviewItem? {
        try await db.run(
            """
            SELECT i.*, NULL AS decision_choice, NULL AS decision_at, NULL AS variant_updated, NULL AS product_updated,
                   NULL AS base_fields
            FROM review_item i WHERE i.id = $1
            """, id
        ).first.map { try reviewItem(from: $0, path: path) }
    }

    // MARK: Decisions

    public func decideReviewItem(_ itemID: Int64, choice: ReviewDecision.Choice, value: FieldValue?, ruleID: Int64?, at date: Date)
        async throws -> ReviewDecision
    {
        try await write("record a review decision") { db in
            guard let item = try await Self.bareReviewItem(db, id: itemID, path: location) else {
                throw CatalogStoreError(
                    code: .notFound, path: location, message: "there is no review item \(itemID); list the queue with concord review --list"
                )
            }
            let path = location
            let refuse: @Sendable (String) -> CatalogStoreError = { message in
                CatalogStoreError(
                    code: .refused, path: path, message: "\(item.sku) \(item.fieldLabel) in \(item.store): \(message); nothing was changed")
            }
            let (newCatalog, newBase, decidedValue) = try item.decisionEffect(of: choice, value: value, path: path)

            var restore = DecisionRestore(previousDecisionID: item.decisionID)
            var recordedValue = decidedValue
            if !item.kind.isFieldDifference {
                let (listing, listingValue) = try await Self.decideListing(
                    db, item: item, choice: choice, value: value, at: date, refuse: refuse)
                restore.listing = listing
                if choice == .match { recordedValue = listingValue }
            }
            let field = item.field
            var previousCatalog: FieldValue?
            if let field { previousCatalog = try await Self.catalogValue(db, sku: item.sku, field: field) }
            if let newCatalog, let field {
                do {
                    restore.catalog = try await Self.setCatalogValue(db, sku: item.sku, field: field, to: newCatalog, at: date)
                } catch let message as CatalogFieldRefusal {
                    throw refuse(message.message)
                }
            }
            let baseRow = try await Self.baseEntry(db, store: item.store.rawValue, sku: item.sku.rawValue, field: field?.key ?? "")
            let previousBase = try baseRow.map { try BaseValueCodec.decode($0.value) }
            if let newBase {
                restore.baseBefore = baseRow
                restore.baseAfter = BaseValueCodec.encode(newBase)
                restore.changedBase = true
                try await Self.writeBases(
                    db, store: item.store.rawValue,
                    [(item.sku.rawValue, field?.key ?? "", BaseRows.Entry(newBase, runID: nil, recordedAt: date.timeIntervalSince1970))])
            }
            let decisionID: Int64 = try await db.run(
                """
                INSERT INTO review_decision(store, sku, field, choice, value_json, decided_at, item_id, previous_catalog_json,
                                            previous_base_json, had_base, previous_state, restore_json, rule_id)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id
                """, item.store.rawValue, item.sku.rawValue, field?.key ?? "", choice.rawValue, recordedValue.map(JSONColumn.encode), date,
                itemID, previousCatalog.map(JSONColumn.encode), previousBase.map(JSONColumn.encode), baseRow != nil, item.state.rawValue,
                JSONColumn.encode(restore), ruleID
            )[0].get(0)
            if let key = restore.listing?.suppression {
                try await db.run(
                    "UPDATE review_suppression SET decision_id = $1 WHERE store = $2 AND code = $3 AND sku = $4 AND listing = $5",
                    decisionID, key.store, key.code, key.sku, key.listing)
            }
            try await db.run(
                "UPDATE review_item SET state = $1, decision_id = $2 WHERE id = $3",
                choice == .deferred ? ReviewItem.State.deferred.rawValue : ReviewItem.State.decided.rawValue, decisionID, itemID)
            return ReviewDecision(
                id: decisionID, store: item.store, sku: item.sku, field: field, choice: choice, value: recordedValue, decidedAt: date,
                itemID: itemID, previousCatalogValue: previousCatalog, previousBase: previousBase, hadBase: baseRow != nil, ruleID: ruleID)
        }
    }

    public func undoReviewDecision(_ decisionID: Int64, at date: Date) async throws -> ReviewItem {
        try await write("undo review decision \(decisionID)") { db in
            guard let decision = try await db.run("SELECT * FROM review_decision WHERE id = $1", decisionID).first,
                let itemID = try decision.get("item_id") as Int64?
            else {
                throw CatalogStoreError(
                    code: .notFound, path: location, message: "there is no review decision \(decisionID) from the review queue to undo")
            }
            let store: String = try decision.get("store")
            let sku: String = try decision.get("sku")
            let field: String = try decision.get("field")
            let subject = "\(sku) \(field.isEmpty ? "listing" : field) in \(store)"
            let path = location
            let refuse: @Sendable (String) -> CatalogStoreError = { message in
                CatalogStoreError(
                    code: .refused, path: path, message: "cannot undo the decision on \(subject): \(message); nothing was changed")
            }
            if try decision.optionalDouble("undone_at") != nil { throw refuse("it was already undone") }
            guard let current: Int64 = try await db.run("SELECT decision_id FROM review_item WHERE id = $1", itemID).first?.get(0),
                current == decisionID
            else { throw refuse("a later decision on the same item stands; undo that one first") }
            let restore = try JSONColumn.decode(try decision.get("restore_json") as String? ?? "{}", as: DecisionRestore.self)
            if let catalog = restore.catalog {
                guard try await Self.readColumns(db, catalog.after, catalog: catalog) == catalog.after else {
                    throw refuse("the catalog's \(field) of \(sku) changed since (an import?); set it with concord catalog import instead")
                }
                try await Self.writeColumns(db, catalog.before, catalog: catalog, at: date)
            }
            if restore.changedBase {
                // Compared as values: a decision taken before the packing saved its base as JSON.
                let now = try await Self.baseEntry(db, store: store, sku: sku, field: field).map { try BaseValueCodec.decode($0.value) }
                guard let after = restore.baseAfter, now == (try BaseValueCodec.decode(after)) else {
                    throw refuse("a sync has updated the last synced value since")
                }
                try await Self.writeBases(db, store: store, [(sku, field, restore.baseBefore)])
            }
            if let listing = restore.listing { try await Self.undoListing(db, listing, refuse: refuse) }
            try await db.run("UPDATE review_decision SET undone_at = $1 WHERE id = $2", date, decisionID)
            // An item a suppression had taken out of the queue comes back with the undo.
            try await db.run(
                "UPDATE review_item SET state = $1, decision_id = $2, in_queue = true WHERE id = $3",
                try decision.get("previous_state") as String? ?? ReviewItem.State.open.rawValue, restore.previousDecisionID, itemID)
            let row = try await db.run(
                """
                SELECT i.*, d.choice AS decision_choice, d.decided_at AS decision_at, NULL AS variant_updated,
                       NULL AS product_updated, NULL AS base_fields
                FROM review_item i LEFT JOIN review_decision d ON d.id = i.decision_id WHERE i.id = $1
                """, itemID)[0]
            return try Self.reviewItem(from: row, path: location)
        }
    }

    public func recordDecision(_ decision: ReviewDecision) async throws -> Int64 {
        try await write("record a review decision") { db in
            try await db.run(
                "INSERT INTO review_decision(store, sku, field, choice, value_json, decided_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                decision.store.rawValue, decision.sku.rawValue, decision.field?.key ?? "", decision.choice.rawValue,
                decision.value.map(JSONColumn.encode), decision.decidedAt
            )[0].get(0)
        }
    }

    public func decisions(store: StoreID?) async throws -> [ReviewDecision] {
        let filter = store == nil ? "" : " WHERE store = $1"
        return try await connection.query(
            "SELECT * FROM review_decision\(filter) ORDER BY id", store.map { [.text($0.rawValue)] } ?? []
        ).compactMap { row in
            let fieldKey: String = try row.get("field")
            let field = Change.Field(key: fieldKey)
            guard let sku = SKU(try row.get("sku") as String), fieldKey.isEmpty || field != nil,
                let choice = ReviewDecision.Choice(rawValue: try row.get("choice"))
            else { return nil }
            func value(_ column: String) throws -> FieldValue? {
                try (try row.get(column) as String?).map { try JSONColumn.decode($0, as: FieldValue.self) }
            }
            return ReviewDecision(
                id: try row.get("id"), store: StoreID(try row.get("store") as String), sku: sku, field: field, choice: choice,
                value: try value("value_json"), decidedAt: try row.date("decided_at"), itemID: try row.get("item_id"),
                previousCatalogValue: try value("previous_catalog_json"), previousBase: try value("previous_base_json"),
                hadBase: try row.get("had_base"), ruleID: try row.get("rule_id"), undoneAt: try row.optionalDate("undone_at"))
        }
    }

    // MARK: Rules

    public func saveReviewRule(_ rule: ReviewRule) async throws -> Int64 {
        try await write("remember a review rule") { db in
            try await db.run(
                """
                INSERT INTO review_rule(store, field, kind, choice, created_at) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (store, field, kind) DO UPDATE SET choice = excluded.choice, created_at = excluded.created_at
                RETURNING id
                """, rule.store.rawValue, rule.field, rule.kind.rawValue, rule.choice.rawValue, rule.createdAt
            )[0].get(0)
        }
    }

    public func reviewRules() async throws -> [ReviewRule] {
        try await connection.run("SELECT * FROM review_rule ORDER BY id").compactMap { row in
            guard let kind = ReviewItem.Kind(rawValue: try row.get("kind")),
                let choice = ReviewDecision.Choice(rawValue: try row.get("choice"))
            else { return nil }
            return ReviewRule(
                id: try row.get("id"), store: StoreID(try row.get("store") as String), field: try row.get("field"), kind: kind,
                choice: choice, createdAt: try row.date("created_at"))
        }
    }

    public func removeReviewRule(_ id: Int64) async throws -> Bool {
        try await write("remove review rule \(id)") { db in
            (try await db.run("DELETE FROM review_rule WHERE id = $1", id).affectedRows ?? 0) > 0
        }
    }
}
