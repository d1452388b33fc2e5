import CatalogModel

/// Stable change ids: a 64-bit FNV-1a hash of store, SKU, field and new value.
///
/// The same change planned twice gets the same id, on any machine and in any process (Swift's
/// `Hasher` is seeded per process, so it is not used), which makes a plan file reproducible and
/// lets a resumed apply recognise the changes it already sent.
public enum ChangeID {
    public static func make(store: StoreID, sku: SKU, field: Change.Field, new value: FieldValue) -> String {
        var hash = FNV1a()
        hash.add(store.rawValue)
        hash.add(sku.rawValue)
        hash.add(field.key)
        hash.add(value)
        return "c" + hash.hex
    }
}

struct FNV1a {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    /// Adds text followed by a unit separator, so `("ab", "c")` and `("a", "bc")` differ.
    mutating func add(_ text: String) {
        for byte in text.utf8 { add(byte: byte) }
        add(byte: 0x1F)
    }

    mutating func add(_ number: Int64) {
        var bits = UInt64(bitPattern: number)
        for _ in 0..<8 {
            add(byte: UInt8(truncatingIfNeeded: bits))
            bits >>= 8
        }
    }

    mutating func add(_ value: FieldValue) {
        switch value {
        case .quantity(let quantity):
            add(byte: 1)
            add(Int64(quantity))
        case .money(let money):
            add(byte: 2)
            add(money.minorUnits)
            add(money.currency.code)
        case .text(let text):
            add(byte: 3)
            add(text)
        case .status(let status):
            add(byte: 4)
            add(status.rawValue)
        case .list(let items):
            add(byte: 5)
            add(Int64(items.count))
            for item in items { add(item) }
        case .weight(let weight):
            add(byte: 6)
            add(weight.description)
        case .none:
            add(byte: 7)
        }
    }

    var hex: String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
