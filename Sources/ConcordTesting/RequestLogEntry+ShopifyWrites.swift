import JSONValue
import SimulatorCore

extension Sequence<RequestLogEntry> {
    /// How often each item was written by a successful Shopify GraphQL write in this log: stock
    /// per `inventoryItemId@locationId` (`inventorySetQuantities`), prices per variant id
    /// (`productVariantsBulkUpdate`).
    ///
    /// An item counted more than once was written more than once, which a resumed or retried
    /// apply must never do.
    public func shopifyWritesPerItem() -> [String: Int] {
        var counts: [String: Int] = [:]
        for entry in self where entry.status == 200 {
            let query = entry.query ?? ""
            if query.contains("inventorySetQuantities") {
                for quantity in entry.variables?["input"]?["quantities"]?.arrayValue ?? [] {
                    let item = quantity["inventoryItemId"]?.stringValue ?? "", location = quantity["locationId"]?.stringValue ?? ""
                    counts["\(item)@\(location)", default: 0] += 1
                }
            } else if query.contains("productVariantsBulkUpdate") {
                // One aliased field per product: `$variants0`, `$variants1`, …
                for (name, value) in entry.variables?.objectValue ?? [:] where name.hasPrefix("variants") {
                    for variant in value.arrayValue ?? [] { counts[variant["id"]?.stringValue ?? "", default: 0] += 1 }
                }
            }
        }
        return counts
    }
}
