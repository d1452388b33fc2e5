/// One store's base values, grouped by SKU so that reconciling a listing costs one hash lookup
/// for all its fields instead of one per field.
///
/// A `[BaseKey: FieldValue]` of a million SKUs holds ten million entries; probing it ten times
/// per listing misses the cache every time (measured: ~0.8 µs a field, 9 s a store). Rows
/// appended in SKU order (`ORDER BY sku` in SQL) are grouped as they come, without sorting; rows
/// out of order still work, through a slower side table.
public struct BaseTable: Sendable, ExpressibleByDictionaryLiteral {
    /// Where one SKU's fields sit in ``fields`` and ``values``.
    public struct Slot: Sendable {
        var start: Int32
        var count: Int32
    }

    var slots: [SKU: Slot] = [:]
    var fields: [Change.Field] = []
    var values: [FieldValue] = []
    /// Rows whose SKU's group was already closed when they arrived.
    var scattered: [BaseKey: FieldValue] = [:]
    var lastSKU: SKU?

    public init() {}

    /// Groups a dictionary (the form `CatalogStore.baseValues` returns). O(n), but with an
    /// allocation per SKU; for millions of rows prefer ``append(sku:field:value:)`` in SKU order.
    public init(_ dictionary: [BaseKey: FieldValue]) {
        var groups: [SKU: [(Change.Field, FieldValue)]] = [:]
        for (key, value) in dictionary { groups[key.sku, default: []].append((key.field, value)) }
        reserveCapacity(skus: groups.count, values: dictionary.count)
        for (sku, rows) in groups {
            for (field, value) in rows { append(sku: sku, field: field, value: value) }
        }
    }

    public init(dictionaryLiteral elements: (BaseKey, FieldValue)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    public mutating func reserveCapacity(skus: Int, values count: Int) {
        slots.reserveCapacity(skus)
        fields.reserveCapacity(count)
        values.reserveCapacity(count)
    }

    /// Adds one base value; consecutive rows of one SKU form its group.
    public mutating func append(sku: SKU, field: Change.Field, value: FieldValue) {
        if sku == lastSKU, let slot = slots[sku] {
            // Replace a repeated field rather than keep two values for it.
            let range = Int(slot.start)..<Int(slot.start + slot.count)
            if let existing = range.first(where: { fields[$0] == field }) {
                values[existing] = value
                return
            }
            fields.append(field)
            values.append(value)
            slots[sku] = Slot(start: slot.start, count: slot.count + 1)
            return
        }
        if slots[sku] != nil {
            scattered[BaseKey(sku: sku, field: field)] = value
            return
        }
        lastSKU = sku
        slots[sku] = Slot(start: Int32(fields.count), count: 1)
        fields.append(field)
        values.append(value)
    }

    /// Every base value, grouped rows first (in the order they were appended), then the rows
    /// that arrived out of order.
    public func forEach(_ body: (BaseKey, FieldValue) throws -> Void) rethrows {
        for (sku, slot) in slots {
            for index in Int(slot.start)..<Int(slot.start + slot.count) {
                let key = BaseKey(sku: sku, field: fields[index])
                if scattered[key] == nil { try body(key, values[index]) }
            }
        }
        for (key, value) in scattered { try body(key, value) }
    }

    /// The number of base values.
    public var count: Int { values.count + scattered.count }
    public var isEmpty: Bool { values.isEmpty && scattered.isEmpty }

    /// The base of one field of one SKU.
    public subscript(sku: SKU, field: Change.Field) -> FieldValue? {
        value(in: slots[sku], sku: sku, field: field)
    }

    public subscript(key: BaseKey) -> FieldValue? { self[key.sku, key.field] }

    /// The group of one SKU, looked up once so that each of its fields costs no further hashing
    /// (``value(in:sku:field:)``).
    public func slot(for sku: SKU) -> Slot? { slots.isEmpty ? nil : slots[sku] }

    /// The base of one field of a SKU whose group ``slot(for:)`` found.
    public func value(in slot: Slot?, sku: SKU, field: Change.Field) -> FieldValue? {
        if let slot {
            var index = Int(slot.start)
            let end = index + Int(slot.count)
            while index < end {
                if fields[index] == field {
                    if !scattered.isEmpty, let late = scattered[BaseKey(sku: sku, field: field)] { return late }
                    return values[index]
                }
                index += 1
            }
        }
        return scattered.isEmpty ? nil : scattered[BaseKey(sku: sku, field: field)]
    }
}
