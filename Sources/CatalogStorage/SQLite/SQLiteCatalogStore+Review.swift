import CatalogModel
import Foundation
import GRDB

extension SQLiteCatalogStore {
    // MARK: Queue

    public func replaceReviewQueue(store: StoreID, items: [ReviewItem], runID: Int64?, scope: Set<SKU>?) async throws -> ReviewQueueUpdate {
        try await write("record the review queue of \(store)") { db in
            var update = ReviewQueueUpdate()
            var seen: [Int64] = []
            // "Don't ask again" answers: matching items never reach the queue (their rows leave it).
            let suppressions = try Self.reviewSuppressions(db, store: store)
            let find = try db.cachedStatement(
                sql: """
                    SELECT id, state, canonical_json, store_json FROM review_item
                    WHERE store = ? AND sku = ? AND field = ? AND code = ? AND listing = ?
                    """)
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO review_item(store, sku, field, code, listing, kind, explanation, base_json, canonical_json, store_json,
                                            take_blocked, detected_run_id, detected_at, last_seen_run_id, detail_json, state, in_queue)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', 1)
                    """)
            let keep = try db.cachedStatement(
                sql: """
                    UPDATE review_item SET in_queue = 1, last_seen_run_id = ?, kind = ?, explanation = ?, take_blocked = ?, detail_json = ?
                    WHERE id = ?
                    """)
            let reopen = try db.cachedStatement(
                sql: """
                    UPDATE review_item SET in_queue = 1, last_seen_run_id = ?, kind = ?, explanation = ?, take_blocked = ?, detail_json = ?,
                        base_json = ?, canonical_json = ?, store_json = ?, state = 'open', decision_id = NULL,
                        detected_run_id = CASE WHEN ? THEN ? ELSE detected_run_id END,
                        detected_at = CASE WHEN ? THEN ? ELSE detected_at END
                    WHERE id = ?
                    """)
            for item in items {
                if suppressions.contains(where: { $0.matches(item) }) {
                    update.suppressed += 1
                    continue
                }
                let key: [any DatabaseValueConvertible] = [
                    store.rawValue, item.sku.rawValue, item.field?.key ?? "", item.code, item.listing ?? "",
                ]
                let detail = item.detail.map { JSONColumn.encode($0) }
                let canonical = item.canonical.map { JSONColumn.encode($0) }
                let storeValue = item.storeValue.map { JSONColumn.encode($0) }
                let base = item.base.map { JSONColumn.encode($0) }
                guard let row = try Row.fetchOne(find, arguments: StatementArguments(key)) else {
                    try insert.execute(
                        arguments: StatementArguments(
                            key + [
                                item.kind.rawValue, item.explanation, base, canonical, storeValue, item.takeBlockedReason, runID,
                                item.detectedAt.timeIntervalSince1970, runID, detail,
                            ]))
                    seen.append(db.lastInsertedRowID)
                    update.added += 1
                    continue
                }
                let id: Int64 = row["id"]
                seen.append(id)
                let state = ReviewItem.State(rawValue: row["state"]) ?? .open
                let moved = (row["canonical_json"] as String?) != canonical || (row["store_json"] as String?) != storeValue
                if state == .decided, !moved {
                    try keep.execute(arguments: [runID, item.kind.rawValue, item.explanation, item.takeBlockedReason, detail, id])
                    update.keptDecided += 1
                    continue
                }
                if state != .open { update.reopened += 1 }
                try reopen.execute(arguments: [
                    runID, item.kind.rawValue, item.explanation, item.takeBlockedReason, detail, base, canonical, storeValue,
                    moved, runID, moved, item.detectedAt.timeIntervalSince1970, id,
                ])
            }
            // Everything of this store not seen now leaves the queue; the rows stay as history.
            try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS review_seen(id INTEGER PRIMARY KEY)")
            try db.execute(sql: "DELETE FROM review_seen")
            let mark = try db.cachedStatement(sql: "INSERT OR IGNORE INTO review_seen(id) VALUES (?)")
            for id in seen { try mark.execute(arguments: [id]) }
            if let scope {
                // A partial read: only items of the SKUs read can have been settled, and never an
                // ambiguous match: a SKU carried by two listings looks unique when one was read.
                try db.execute(sql: "CREATE TEMP TABLE IF NOT EXISTS review_scope(sku TEXT PRIMARY KEY)")
                try db.execute(sql: "DELETE FROM review_scope")
                let add = try db.cachedStatement(sql: "INSERT OR IGNORE INTO review_scope(sku) VALUES (?)")
                for sku in scope { try add.execute(arguments: [sku.rawValue]) }
                try db.execute(
                    sql: """
                        UPDATE review_item SET in_queue = 0 WHERE store = ? AND in_queue = 1
                        AND id NOT IN (SELECT id FROM review_seen) AND sku IN (SELECT sku FROM review_scope)
                        AND kind != 'ambiguous-match'
                        """,
                    arguments: [store.rawValue])
                update.removed = db.changesCount
                try db.execute(sql: "DELETE FROM review_scope")
            } else {
                try db.execute(
                    sql: "UPDATE review_item SET in_queue = 0 WHERE store = ? AND in_queue = 1 AND id NOT IN (SELECT id FROM review_seen)",
                    arguments: [store.rawValue])
                update.removed = db.changesCount
            }
            try db.execute(sql: "DELETE FROM review_seen")
            return update
        }
    }

    public func reviewQueue(store: StoreID?) async throws -> [ReviewItem] {
        let path = self.path
        return try await read { db in
            let filter = store == nil ? "" : " AND i.store = ?"
            let arguments: StatementArguments = store.map { [$0.rawValue] } ?? []
            return try Row.fetchAll(
                db,
                sql: """
                    SELECT i.*, d.choice AS decision_choice, d.decided_at AS decision_at,
                           v.updated_at AS variant_updated, p.updated_at AS product_updated,
                           b.fields AS base_fields
                    FROM review_item i
                    LEFT JOIN review_decision d ON d.id = i.decision_id
                    LEFT JOIN variant v ON v.sku = i.sku
                    LEFT JOIN product p ON p.id = v.product_id
                    LEFT JOIN base_row b ON b.store = i.store AND b.sku = i.sku
                    WHERE i.in_queue = 1\(filter)
                    ORDER BY i.sku, i.store, i.field, i.code, i.listing
                    """, arguments: arguments
            ).map { try Self.reviewItem(from: $0, path: path) }
        }
    }

    static func reviewItem(from row: Row, path: String) throws -> ReviewItem {
        let skuText: String = row["sku"]
        let fieldKey: String = row["field"]
        let field = fieldKey.isEmpty ? nil : Change.Field(key: fieldKey)
        guard let sku = SKU(skuText), fieldKey.isEmpty || field != nil else {
            throw CatalogStoreError(
                code: .corruptValue, path: path, message: "review item \(row["id"] as Int64) has an unreadable SKU or field")
        }
        func value(_ column: String) throws -> FieldValue? {
            try (row[column] as String?).map { try JSONColumn.decode($0, as: FieldValue.self) }
        }
        func date(_ column: String) -> Date? { (row[column] as Double?).map(Date.init(timeIntervalSince1970:)) }
        let catalogChanged = [date("variant_updated"), date("product_updated")].compactMap { $0 }.max()
        // The base of this item's own field, from its listing's packed row.
        let base = (row["base_fields"] as String?).flatMap { fields in BaseRows.decode(fields).first { $0.field == fieldKey }?.entry }
        let listing: String = row["listing"]
        return ReviewItem(
            id: row["id"], store: StoreID(row["store"] as String), sku: sku, field: field,
            kind: ReviewItem.Kind(rawValue: row["kind"]) ?? .listingError, code: row["code"], explanation: row["explanation"],
            listing: listing.isEmpty ? nil : listing, base: try value("base_json"), canonical: try value("canonical_json"),
            storeValue: try value("store_json"), detectedRunID: row["detected_run_id"],
            detectedAt: Date(timeIntervalSince1970: row["detected_at"]), catalogChangedAt: catalogChanged,
            baseRecordedAt: base.map { Date(timeIntervalSince1970: $0.recordedAt) }, baseRunID: base?.runID,
            takeBlockedReason: row["take_blocked"],
            state: ReviewItem.State(rawValue: row["state"]) ?? .open, decisionID: row["decision_id"],
            choice: (row["decision_choice"] as String?).flatMap(ReviewDecision.Choice.init(rawValue:)),
            decidedAt: date("decision_at"),
            detail: try (row["detail_json"] as String?).map { try JSONColumn.decode($0, as: ListingReviewDetail.self) })
    }

    // MARK: Decisions

    public func decideReviewItem(_ itemID: Int64, choice: ReviewDecision.Choice, value: FieldValue?, ruleID: Int64?, at date: Date)
        async throws -> ReviewDecision
    {
        let path = self.path
        return try await write("record a review decision") { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM review_item WHERE id = ?", arguments: [itemID]) else {
                throw CatalogStoreError(
                    code: .notFound, path: path, message: "there is no review item \(itemID); list the queue with concord review --list")
            }
            let item = try Self.reviewItem(from: row, path: path)
            func refuse(_ message: String) -> CatalogStoreError {
                CatalogStoreError(
                    code: .refused, path: path, message: "\(item.sku) \(item.fieldLabel) in \(item.store): \(message); nothing was changed")
            }
            let (newCatalog, newBase, decidedValue) = try item.decisionEffect(of: choice, value: value, path: path)

            var restore = DecisionRestore(previousDecisionID: item.decisionID)
            var recordedValue = decidedValue
            if !item.kind.isFieldDifference {
                let (listing, listingValue) = try Self.decideListing(db, item: item, choice: choice, value: value, at: date, refuse: refuse)
                restore.listing = listing
                if choice == .match { recordedValue = listingValue }
            }
            let field = item.field
            let previousCatalog = try field.flatMap { try Self.catalogValue(db, sku: item.sku, field: $0) }
            if let newCatalog, let field {
                do {
                    restore.catalog = try Self.setCatalogValue(db, sku: item.sku, field: field, to: newCatalog, at: date)
                } catch let message as CatalogFieldRefusal {
                    throw refuse(message.message)
                }
            }
            let baseRow = try BaseRows.entry(db, store: item.store.rawValue, sku: item.sku.rawValue, field: field?.key ?? "")
            let previousBase = try baseRow.map { try BaseValueCodec.decode($0.value) }
            if let newBase {
                restore.baseBefore = baseRow
                restore.baseAfter = BaseValueCodec.encode(newBase)
                restore.changedBase = true
                try BaseRows.write(
                    db, store: item.store.rawValue, sku: item.sku.rawValue,
                    [(field?.key ?? "", BaseRows.Entry(newBase, runID: nil, recordedAt: date.timeIntervalSince1970))])
            }
            try db.execute(
                sql: """
                    INSERT INTO review_decision(store, sku, field, choice, value_json, decided_at, item_id, previous_catalog_json,
                                                previous_base_json, had_base, previous_state, restore_json, rule_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    item.store.rawValue, item.sku.rawValue, field?.key ?? "", choice.rawValue,
                    recordedValue.map { JSONColumn.encode($0) }, date.timeIntervalSince1970, itemID,
                    previousCatalog.map { JSONColumn.encode($0) }, previousBase.map { JSONColumn.encode($0) }, baseRow != nil,
                    item.state.rawValue, JSONColumn.encode(restore), ruleID,
                ])
            let decisionID = db.lastInsertedRowID
            if let key = restore.listing?.suppression {
                try db.execute(
                    sql: "UPDATE review_suppression SET decision_id = ? WHERE store = ? AND code = ? AND sku = ? AND listing = ?",
                    arguments: [decisionID, key.store, key.code, key.sku, key.listing])
            }
            try db.execute(
                sql: "UPDATE review_item SET state = ?, decision_id = ? WHERE id = ?",
                arguments: [
                    choice == .deferred ? ReviewItem.State.deferred.rawValue : ReviewItem.State.decided.rawValue, decisionID, itemID,
                ])
            return ReviewDecision(
                id: decisionID, store: item.store, sku: item.sku, field: field, choice: choice,
                value: recordedValue, decidedAt: date, itemID: itemID, previousCatalogValue: previousCatalog,
                previousBase: previousBase, hadBase: baseRow != nil, ruleID: ruleID)
        }
    }

    public func undoReviewDecision(_ decisionID: Int64, at date: Date) async throws -> ReviewItem {
        let path = self.path
        return try await write("undo review decision \(decisionID)") { db in
            guard let decision = try Row.fetchOne(db, sql: "SELECT * FROM review_decision WHERE id = ?", arguments: [decisionID]),
                let itemID = decision["item_id"] as Int64?
            else {
                throw CatalogStoreError(
                    code: .notFound, path: path, message: "there is no review decision \(decisionID) from the review queue to undo")
            }
            let fieldKey: String = decision["field"]
            let subject = "\(decision["sku"] as String) \(fieldKey.isEmpty ? "listing" : fieldKey) in \(decision["store"] as String)"
            func refuse(_ message: String) -> CatalogStoreError {
                CatalogStoreError(
                    code: .refused, path: path, message: "cannot undo the decision on \(subject): \(message); nothing was changed")
            }
            if decision["undone_at"] as Double? != nil { throw refuse("it was already undone") }
            guard let current = try Int64.fetchOne(db, sql: "SELECT decision_id FROM review_item WHERE id = ?", arguments: [itemID]),
                current == decisionID
            else { throw refuse("a later decision on the same item stands; undo that one first") }
            let restore = try JSONColumn.decode(decision["restore_json"] ?? "{}", as: DecisionRestore.self)
            let store: String = decision["store"], sku: String = decision["sku"], field: String = decision["field"]
            if let catalog = restore.catalog {
                guard try Self.columnsMatch(db, catalog.after, catalog: catalog) else {
                    throw refuse("the catalog's \(field) of \(sku) changed since (an import?); set it with concord catalog import instead")
                }
                try Self.writeColumns(db, catalog.before, catalog: catalog, at: date)
            }
            if restore.changedBase {
                // Compared as values: a decision taken before the packing saved its base as JSON.
                let now = try BaseRows.entry(db, store: store, sku: sku, field: field).map { try BaseValueCodec.decode($0.value) }
                guard let after = restore.baseAfter, now == (try BaseValueCodec.decode(after)) else {
                    throw refuse("a sync has updated the last synced value since")
                }
                try BaseRows.write(db, store: store, sku: sku, [(field, restore.baseBefore)])
            }
            if let listing = restore.listing { try Self.undoListing(db, listing, refuse: refuse) }
            try db.execute(
                sql: "UPDATE review_decision SET undone_at = ? WHERE id = ?", arguments: [date.timeIntervalSince1970, decisionID])
            // An item a suppression had taken out of the queue comes back with the undo.
            try db.execute(
                sql: "UPDATE review_item SET state = ?, decision_id = ?, in_queue = 1 WHERE id = ?",
                arguments: [decision["previous_state"] ?? ReviewItem.State.open.rawValue, restore.previousDecisionID, itemID])
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT i.*, d.choice AS decision_choice, d.decided_at AS decision_at, NULL AS variant_updated,
                           NULL AS product_updated, NULL AS base_fields
                    FROM review_item i LEFT JOIN review_decision d ON d.id = i.decision_id WHERE i.id = ?
                    """, arguments: [itemID])!
            return try Self.reviewItem(from: row, path: path)
        }
    }

    // MARK: Catalog fields

    public func catalogFieldValue(sku: SKU, field: Change.Field) async throws -> FieldValue? {
        try await read { db in try Self.catalogValue(db, sku: sku, field: field) }
    }

    /// The catalog's value of a field, the way the reconciler derives it from the rows.
    static func catalogValue(_ db: Database, sku: SKU, field: Change.Field) throws -> FieldValue? {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT v.*, p.title AS product_title, p.description_html AS product_description, p.status AS product_status,
                           p.images_json AS product_images
                    FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = ?
                    """, arguments: [sku.rawValue])
        else { return nil }
        let currency = CurrencyCode(row["currency"] as String)
        func money(_ column: String) -> FieldValue {
            guard let minor = row[column] as Int64?, minor != 0, let currency else { return .none }
            return .money(Money(minorUnits: minor, currency: currency))
        }
        switch field {
        case .stock:
            return nil
        case .price:
            guard let currency else { return nil }
            return .money(Money(minorUnits: row["price_minor"], currency: currency))
        case .compareAtPrice:
            return money("compare_at_minor")
        case .barcode:
            return (row["barcode"] as String?).map(FieldValue.text) ?? FieldValue.none
        case .title:
            return .text(row["product_title"])
        case .description:
            return .text(row["product_description"])
        case .status:
            let product = ListingStatus(rawValue: row["product_status"]) ?? .draft
            let variant = ListingStatus(rawValue: row["status"]) ?? .draft
            return .status(combinedStatus(product: product, variant: variant))
        case .images:
            let product: [String] = try JSONColumn.decode(row["product_images"])
            let variant: [String] = try JSONColumn.decode(row["images_json"])
            return .list(product + variant.filter { !product.contains($0) })
        case .weight:
            guard let text: String = row["weight_value"], let unitText: String = row["weight_unit"],
                let unit = Weight.Unit(rawValue: unitText), let weight = Weight.parse(text, unit: unit)
            else { return FieldValue.none }
            return .weight(weight)
        }
    }

    /// A listing is only as visible as the less visible of its product and variant (as the
    /// reconciler's `canonicalStatus`).
    package static func combinedStatus(product: ListingStatus, variant: ListingStatus) -> ListingStatus {
        if product == .archived || variant == .archived { return .archived }
        if product == .draft || variant == .draft { return .draft }
        return .active
    }

    /// Writes one field of one variant's catalog rows so that ``catalogValue(_:sku:field:)`` gives
    /// `value`, and returns the columns before and after, for an exact undo.
    static func setCatalogValue(_ db: Database, sku: SKU, field: Change.Field, to value: FieldValue, at date: Date) throws -> CatalogColumns
    {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT v.product_id, v.currency, v.status, p.status AS product_status
                    FROM variant v JOIN product p ON p.id = v.product_id WHERE v.sku = ?
                    """, arguments: [sku.rawValue])
        else { throw CatalogFieldRefusal(message: "\(sku) is not in the catalog any more") }
        let (variant, product) = try CatalogColumns.assignment(
            sku: sku, field: field, to: value, currency: row["currency"],
            productStatus: ListingStatus(rawValue: row["product_status"]) ?? .draft)
        var columns = CatalogColumns(sku: sku.rawValue, productID: row["product_id"], after: .init(variant: variant, product: product))
        columns.before = try readColumns(db, columns.after, catalog: columns)
        try writeColumns(db, columns.after, catalog: columns, at: date)
        return columns
    }

    static func readColumns(_ db: Database, _ shape: CatalogColumns.Values, catalog: CatalogColumns) throws -> CatalogColumns.Values {
        func read(_ table: String, _ names: [String], key: String, _ id: any DatabaseValueConvertible) throws -> [String: ColumnValue] {
            guard !names.isEmpty,
                let row = try Row.fetchOne(
                    db, sql: "SELECT \(names.joined(separator: ", ")) FROM \(table) WHERE \(key) = ?", arguments: [id])
            else { return [:] }
            return Dictionary(uniqueKeysWithValues: names.map { ($0, ColumnValue(row[$0] as DatabaseValue)) })
        }
        return .init(
            variant: try read("variant", shape.variant.keys.sorted(), key: "sku", catalog.sku),
            product: try read("product", shape.product.keys.sorted(), key: "id", catalog.productID))
    }

    static func writeColumns(_ db: Database, _ values: CatalogColumns.Values, catalog: CatalogColumns, at date: Date) throws {
        func write(_ table: String, _ columns: [String: ColumnValue], key: String, _ id: any DatabaseValueConvertible) throws {
            guard !columns.isEmpty else { return }
            let names = columns.keys.sorted()
            let assignments = (names.map { "\($0) = ?" } + ["updated_at = ?"]).joined(separator: ", ")
            let arguments = names.map { columns[$0]!.databaseValue } + [date.timeIntervalSince1970.databaseValue, id.databaseValue]
            try db.execute(sql: "UPDATE \(table) SET \(assignments) WHERE \(key) = ?", arguments: StatementArguments(arguments))
        }
        try write("variant", values.variant, key: "sku", catalog.sku)
        try write("product", values.product, key: "id", catalog.productID)
        // The catalog changed: a plan made before this decision must not be applied.
        if !values.variant.isEmpty || !values.product.isEmpty { try bumpCatalogRevision(db) }
    }

    static func columnsMatch(_ db: Database, _ expected: CatalogColumns.Values, catalog: CatalogColumns) throws -> Bool {
        try readColumns(db, expected, catalog: catalog) == expected
    }

    // MARK: Rules

    public func saveReviewRule(_ rule: ReviewRule) async throws -> Int64 {
        try await write("remember a review rule") { db in
            try db.execute(
                sql: """
                    INSERT INTO review_rule(store, field, kind, choice, created_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT(store, field, kind) DO UPDATE SET choice = excluded.choice, created_at = excluded.created_at
                    """,
                arguments: [
                    rule.store.rawValue, rule.field, rule.kind.rawValue, rule.choice.rawValue, rule.createdAt.timeIntervalSince1970,
                ])
            return try Int64.fetchOne(
                db, sql: "SELECT id FROM review_rule WHERE store = ? AND field = ? AND kind = ?",
                arguments: [rule.store.rawValue, rule.field, rule.kind.rawValue])!
        }
    }

    public func reviewRules() async throws -> [ReviewRule] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_rule ORDER BY id").compactMap { row in
                guard let kind = ReviewItem.Kind(rawValue: row["kind"]), let choice = ReviewDecision.Choice(rawValue: row["choice"]) else {
                    return nil
                }
                return ReviewRule(
                    id: row["id"], store: StoreID(row["store"] as String), field: row["field"], kind: kind, choice: choice,
                    createdAt: Date(timeIntervalSince1970: row["created_at"]))
            }
        }
    }

    public func removeReviewRule(_ id: Int64) async throws -> Bool {
        try await write("remove review rule \(id)") { db in
            try db.execute(sql: "DELETE FROM review_rule WHERE id = ?", arguments: [id])
            return db.changesCount > 0
        }
    }
}

/// What a review decision changed, kept with it so that an undo restores exactly that.
package struct DecisionRestore: Codable {
    package var previousDecisionID: Int64?
    package var catalog: CatalogColumns?
    package var changedBase = false
    package var baseBefore: BaseRows.Entry?
    package var baseAfter: String?
    /// What a decision about a whole listing wrote (a mapping, a suppression, an adopted variant).
    package var listing: ListingRestore?

    package init(previousDecisionID: Int64?) {
        self.previousDecisionID = previousDecisionID
    }
}

/// The catalog columns one decision wrote, before and after.
package struct CatalogColumns: Codable {
    package struct Values: Codable, Equatable {
        package var variant: [String: ColumnValue]
        package var product: [String: ColumnValue]

        package init(variant: [String: ColumnValue], product: [String: ColumnValue]) {
            self.variant = variant
            self.product = product
        }
    }

    package var sku: String
    package var productID: Int64
    package var before = Values(variant: [:], product: [:])
    package var after: Values

    package init(sku: String, productID: Int64, after: Values) {
        self.sku = sku
        self.productID = productID
        self.after = after
    }
}

/// One SQLite column value, as JSON.
package enum ColumnValue: Codable, Equatable {
    case int(Int64)
    case real(Double)
    case text(String)
    case null

    init(_ value: DatabaseValue) {
        switch value.storage {
        case .int64(let number): self = .int(number)
        case .double(let number): self = .real(number)
        case .string(let text): self = .text(text)
        case .blob, .null: self = .null
        }
    }

    var databaseValue: DatabaseValue {
        switch self {
        case .int(let number): number.databaseValue
        case .real(let number): number.databaseValue
        case .text(let text): text.databaseValue
        case .null: .null
        }
    }
}

/// Why a catalog field cannot take a value (the caller adds the SKU and store).
package struct CatalogFieldRefusal: Error {
    package var message: String

    package init(message: String) {
        self.message = message
    }
}

extension CatalogColumns {
    /// The catalog columns that make ``SQLiteCatalogStore/catalogValue(_:sku:field:)`` give
    /// `value` for one variant's `field`: the variant's and its product's, by column name. The
    /// same on every backend, so a decision writes and undoes the same columns on each.
    ///
    /// - Parameters:
    ///   - currency: The currency the catalog keeps the variant's prices in.
    ///   - productStatus: The product's status now (a variant made active activates it).
    /// - Throws: ``CatalogFieldRefusal`` for stock (kept per warehouse), a price in another
    ///   currency, or a value of another kind than the field's.
    package static func assignment(
        sku: SKU, field: Change.Field, to value: FieldValue, currency: String, productStatus: ListingStatus
    ) throws -> (variant: [String: ColumnValue], product: [String: ColumnValue]) {
        var variant: [String: ColumnValue] = [:]
        var product: [String: ColumnValue] = [:]
        func wrongType() -> CatalogFieldRefusal { CatalogFieldRefusal(message: "\(value) is not a \(field.key) value") }
        switch (field, value) {
        case (.stock, _):
            throw CatalogFieldRefusal(message: "stock is kept per warehouse in the catalog; change it with concord catalog import")
        case (.price, .money(let money)), (.compareAtPrice, .money(let money)):
            guard money.currency.code == currency else {
                throw CatalogFieldRefusal(message: "\(money) is in \(money.currency.code) but the catalog keeps \(sku) in \(currency)")
            }
            variant[field == .price ? "price_minor" : "compare_at_minor"] = .int(money.minorUnits)
        case (.compareAtPrice, .none):
            variant["compare_at_minor"] = .null
        case (.barcode, .text(let text)):
            variant["barcode"] = .text(text)
        case (.barcode, .none):
            variant["barcode"] = .null
        case (.title, .text(let text)):
            product["title"] = .text(text)
        case (.description, .text(let text)):
            product["description_html"] = .text(text)
        case (.status, .status(let status)):
            variant["status"] = .text(status.rawValue)
            if SQLiteCatalogStore.combinedStatus(product: productStatus, variant: status) != status {
                product["status"] = .text(status.rawValue)
            }
        case (.images, .list(let urls)):
            product["images_json"] = .text(JSONColumn.encode(urls))
            variant["images_json"] = .text("[]")
        case (.weight, .weight(let weight)):
            variant["weight_value"] = .text("\(weight.value)")
            variant["weight_unit"] = .text(weight.unit.rawValue)
        case (.weight, .none):
            variant["weight_value"] = .null
            variant["weight_unit"] = .null
        default:
            throw wrongType()
        }
        return (variant, product)
    }
}
