import Foundation
import JSONValue
import SimulatorCore

/// One MSI source item: a SKU's stock at one source (`inventory_source_item`).
///
/// The simulator's variants hold *available* (sellable) and *committed* (sold, not shipped)
/// units per location. Magento keeps the physical quantity on the source item and the
/// not-yet-shipped units as reservations against the stock, so a source item's `quantity` is on
/// hand (available + committed) and the salable quantity is quantity minus reservations, which
/// is the sum of available. A variant is assigned to a source when it has stock numbers there.
/// `status` is derived: 1 (in stock) when on hand is above 0.
struct SourceItemRow: Sendable {
    var sku: String
    var sourceCode: String
    var quantity: Int
    var status: Int

    var json: JSONValue {
        ["sku": .string(sku), "source_code": .string(sourceCode), "quantity": .int(quantity), "status": .int(status)]
    }

    static func rows(_ catalog: MagentoCatalog) -> [SourceItemRow] {
        var rows: [SourceItemRow] = []
        for entity in catalog.entities {
            guard let variant = entity.variant else { continue }
            for location in catalog.locations where variant.available[location.id] != nil || variant.committed[location.id] != nil {
                let quantity = variant.onHand(at: location.id)
                rows.append(SourceItemRow(sku: entity.sku, sourceCode: location.code, quantity: quantity, status: quantity > 0 ? 1 : 0))
            }
        }
        return rows
    }

    static let fields: Set<String> = ["sku", "source_code", "quantity", "status"]

    func field(_ name: String) -> FieldValue {
        switch name {
        case "sku": .text(sku)
        case "source_code": .text(sourceCode)
        case "quantity": .number(Decimal(quantity))
        case "status": .number(Decimal(status))
        default: .null
        }
    }
}
