import Foundation
import GraphQL
import SimulatorCore

/// `inventorySetQuantities` and `inventoryAdjustQuantities`. Both are atomic, as on Shopify: one
/// refused quantity means nothing of the call is written.
enum InventoryMutations {
    /// Shopify's documented adjustment reasons.
    static let reasons: Set<String> = [
        "correction", "cycle_count_available", "damaged", "movement_canceled", "movement_created", "movement_received",
        "movement_updated", "other", "promotion", "quality_control", "received", "reservation_created",
        "reservation_deleted", "reservation_updated", "restock", "safety_stock", "shrinkage",
    ]

    static let limit = 1_000_000_000

    struct Change {
        var variantID: Int64
        var locationID: Int64
        var name: String
        var delta: Int
        var after: Int
    }

    /// `inventorySetQuantities(input: {name, reason, referenceDocumentUri, ignoreCompareQuantity,
    /// quantities: [{inventoryItemId, locationId, quantity, compareQuantity}]})`.
    ///
    /// `compareQuantity` makes each quantity a compare-and-set: when it differs from the stored
    /// quantity the call fails with `COMPARE_QUANTITY_STALE` and writes nothing.
    static func setQuantities(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let input = args[argument: "input"] ?? .dictionary([:])
        let name = input[argument: "name"]?.text ?? ""
        let reason = input[argument: "reason"]?.text ?? ""
        let ignoreCompare = input[argument: "ignoreCompareQuantity"]?.boolean ?? false
        let quantities = input[argument: "quantities"]?.items ?? []

        let result = context.write { state, now -> (UserErrorList, [Change], Int64?) in
            var errors = UserErrorList("InventorySetQuantitiesUserError")
            if name != "available" && name != "on_hand" {
                errors.add(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", code: "INVALID_NAME")
            }
            checkCommon(input, reason: reason, errors: &errors, codePrefix: "")
            var seen = Set<[Int64]>()
            var changes: [Change] = []
            for (index, item) in quantities.enumerated() {
                let path = ["input", "quantities", String(index)]
                guard let (variant, location) = resolve(item, path: path, state: state, errors: &errors) else { continue }
                if !seen.insert([variant.inventoryItemID, location]).inserted {
                    errors.add(
                        path + ["inventoryItemId"], "The combination of inventoryItemId and locationId must be unique.",
                        code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR")
                    continue
                }
                let quantity = item[argument: "quantity"]?.integer ?? 0
                let current = name == "on_hand" ? variant.onHand(at: location) : (variant.available[location] ?? 0)
                if quantity > limit {
                    errors.add(path + ["quantity"], "The quantity can't be higher than \(limit).", code: "INVALID_QUANTITY_TOO_HIGH")
                } else if quantity < -limit {
                    errors.add(path + ["quantity"], "The quantity can't be lower than -\(limit).", code: "INVALID_QUANTITY_TOO_LOW")
                } else if name == "on_hand" && quantity < 0 {
                    errors.add(path + ["quantity"], "The quantity can't be negative.", code: "INVALID_QUANTITY_NEGATIVE")
                }
                if !ignoreCompare {
                    // `changeFromQuantity` is the 2026-01+ spelling of `compareQuantity` (the fixture
                    // schema predates it); the simulator takes either, on every version.
                    let field = item[argument: "changeFromQuantity"]?.integer != nil ? "changeFromQuantity" : "compareQuantity"
                    if let compare = item[argument: field]?.integer {
                        if compare != current {
                            errors.add(
                                path + [field], "The specified compare quantity does not match the current quantity.",
                                code: "COMPARE_QUANTITY_STALE")
                        }
                    } else {
                        errors.add(
                            path + ["compareQuantity"],
                            "The compareQuantity argument must be given to each quantity or ignored using ignoreCompareQuantity.",
                            code: "COMPARE_QUANTITY_REQUIRED")
                    }
                }
                changes.append(Change(variantID: variant.id, locationID: location, name: name, delta: quantity - current, after: quantity))
            }
            guard errors.isEmpty else { return (errors, [], nil) }
            apply(changes, to: &state, now: now)
            return (errors, changes, state.makeID())
        }
        return payload("InventorySetQuantitiesPayload", result, reason: reason, input: input, context: context)
    }

    /// `inventoryAdjustQuantities(input: {name, reason, changes: [{delta, inventoryItemId, locationId}]})`.
    static func adjustQuantities(_ args: Map, _ context: ResolveContext) -> RecordNode {
        let input = args[argument: "input"] ?? .dictionary([:])
        let name = input[argument: "name"]?.text ?? ""
        let reason = input[argument: "reason"]?.text ?? ""
        let items = input[argument: "changes"]?.items ?? []

        let result = context.write { state, now -> (UserErrorList, [Change], Int64?) in
            var errors = UserErrorList("InventoryAdjustQuantitiesUserError")
            if name != "available" && name != "on_hand" {
                errors.add(["input", "name"], "The quantity name must be either 'available' or 'on_hand'.", code: "INVALID_QUANTITY_NAME")
            }
            checkCommon(input, reason: reason, errors: &errors, codePrefix: "")
            var running: [[Int64]: Int] = [:]
            var changes: [Change] = []
            for (index, item) in items.enumerated() {
                let path = ["input", "changes", String(index)]
                guard let (variant, location) = resolve(item, path: path, state: state, errors: &errors) else { continue }
                let delta = item[argument: "delta"]?.integer ?? 0
                let key = [variant.id, location]
                let current = running[key] ?? (name == "on_hand" ? variant.onHand(at: location) : (variant.available[location] ?? 0))
                let after = current + delta
                if after > limit {
                    errors.add(path + ["delta"], "The quantity can't be higher than \(limit).", code: "INVALID_QUANTITY_TOO_HIGH")
                } else if after < -limit {
                    errors.add(path + ["delta"], "The quantity can't be lower than -\(limit).", code: "INVALID_QUANTITY_TOO_LOW")
                }
                running[key] = after
                changes.append(Change(variantID: variant.id, locationID: location, name: name, delta: delta, after: after))
            }
            guard errors.isEmpty else { return (errors, [], nil) }
            apply(changes, to: &state, now: now)
            return (errors, changes, state.makeID())
        }
        return payload("InventoryAdjustQuantitiesPayload", result, reason: reason, input: input, context: context)
    }

    private static func checkCommon(_ input: Map, reason: String, errors: inout UserErrorList, codePrefix: String) {
        if !reasons.contains(reason) {
            errors.add(
                ["input", "reason"], "The specified reason is invalid. Valid values: \(reasons.sorted().joined(separator: ", ")).",
                code: "INVALID_REASON")
        }
        if let uri = input[argument: "referenceDocumentUri"]?.text, !uri.contains(":") {
            errors.add(["input", "referenceDocumentUri"], "The reference document URI is invalid.", code: "INVALID_REFERENCE_DOCUMENT")
        }
    }

    /// The variant and location a quantity names. The simulator treats every active location as
    /// stocking every item, so setting stock at a new location stocks it there.
    private static func resolve(_ item: Map, path: [String], state: ShopState, errors: inout UserErrorList) -> (SimVariant, Int64)? {
        let itemID = GlobalID.id(item[argument: "inventoryItemId"]?.text, type: "InventoryItem")
        let variant = itemID.flatMap { state.variant(inventoryItemID: $0)?.variant }
        let locationID = GlobalID.id(item[argument: "locationId"]?.text, type: "Location")
        let location = locationID.flatMap { state.location(id: $0) }
        if variant == nil {
            errors.add(path + ["inventoryItemId"], "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM")
        }
        if location == nil || location?.isActive == false {
            errors.add(path + ["locationId"], "The specified location could not be found.", code: "INVALID_LOCATION")
        }
        guard let variant, let location, location.isActive else { return nil }
        return (variant, location.id)
    }

    private static func apply(_ changes: [Change], to state: inout ShopState, now: Date) {
        for change in changes {
            state.updateVariant(id: change.variantID) { product, variant in
                let committed = variant.committed[change.locationID] ?? 0
                variant.available[change.locationID] = change.name == "on_hand" ? change.after - committed : change.after
                variant.updatedAt = now
                product.updatedAt = now
            }
        }
    }

    /// The payload: on success an `InventoryAdjustmentGroup` whose changes list the named
    /// quantity and, as Shopify does for `available`, the `on_hand` that moved with it.
    private static func payload(
        _ typeName: String, _ result: (UserErrorList, [Change], Int64?), reason: String, input: Map, context: ResolveContext
    ) -> RecordNode {
        let (errors, changes, groupID) = result
        guard let groupID else {
            return RecordNode(typeName, ["inventoryAdjustmentGroup": nil, "userErrors": errors.nodes])
        }
        let state = context.state
        var records: [any Sendable] = []
        for change in changes {
            guard let (product, variant) = state.variant(id: change.variantID), let location = state.location(id: change.locationID) else {
                continue
            }
            let item = InventoryItemNode(product: product, variant: variant)
            let names = change.name == "available" ? ["available", "on_hand"] : ["on_hand", "available"]
            for name in names {
                let after = name == "on_hand" ? variant.onHand(at: location.id) : (variant.available[location.id] ?? 0)
                records.append(
                    RecordNode(
                        "InventoryChange",
                        [
                            "name": name, "delta": change.delta, "quantityAfterChange": after, "item": item,
                            "location": LocationNode(location: location), "ledgerDocumentUri": nil,
                        ]))
            }
        }
        let group = RecordNode(
            "InventoryAdjustmentGroup",
            [
                "id": GlobalID("InventoryAdjustmentGroup", groupID).description,
                "createdAt": (state.variant(id: changes.first?.variantID ?? 0)?.variant.updatedAt ?? Date()).shopifyTimestamp,
                "reason": reason, "referenceDocumentUri": input[argument: "referenceDocumentUri"]?.text, "changes": list(records),
            ])
        return RecordNode(typeName, ["inventoryAdjustmentGroup": group, "userErrors": list([])])
    }
}
