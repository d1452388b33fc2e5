import CatalogModel
import CatalogStorage

/// Units promised to open orders that the catalog's on-hand counts do not reflect yet.
///
/// Orders are ingested exactly once per (store, order, line) and updated in place, so a
/// cancellation or refund releases its units on the next read. Orders name no warehouse, so
/// their units are held under ``anyLocation`` and the allocator takes them from the store's
/// total (like the safety buffer), not from one location. Every channel's orders count for every
/// store, including the store's own: the quantity Concord writes is what is still free to sell,
/// and a store's own unshipped orders are no more free than another channel's.
public enum CommittedStock {
    /// The location key for units not tied to one location.
    public static let anyLocation = "*"

    /// The committed units for the reconciler, from the catalog's ingested orders.
    public static func load(from catalog: any CatalogStore) async throws -> [SKU: [String: Int]] {
        try await catalog.openOrderUnits().mapValues { [anyLocation: $0] }
    }

    /// A short fingerprint of committed units: an incremental read is only enough when neither the
    /// catalog nor the committed units moved since the store's last full reconcile.
    public static func fingerprint(_ committed: [SKU: [String: Int]]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 {
                hash ^= UInt64(byte)
                hash = hash &* 0x100_0000_01b3
            }
            hash ^= 0xff
            hash = hash &* 0x100_0000_01b3
        }
        for sku in committed.keys.sorted() {
            add(sku.rawValue)
            for (location, units) in committed[sku]!.sorted(by: { $0.key < $1.key }) { add("\(location)=\(units)") }
        }
        return String(hash, radix: 16)
    }
}
