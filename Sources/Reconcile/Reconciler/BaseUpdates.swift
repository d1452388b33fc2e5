import CatalogModel

/// One base value to record.
public struct BaseUpdate: Hashable, Sendable {
    public var key: BaseKey
    public var value: FieldValue

    public init(key: BaseKey, value: FieldValue) {
        self.key = key
        self.value = value
    }
}

/// The base values to record for in-sync fields, held compactly.
///
/// A first sync of a million listings finds millions of fields in sync, each needing a base;
/// materialising them as `BaseUpdate`s would cost gigabytes. This keeps 12 bytes per listing (which
/// listing, which catalog entry, a bit per field) and produces the values on iteration from the
/// listings themselves, since an in-sync field's store value *is* the value to record.
public struct BaseUpdates: Sequence, Sendable {
    struct Record: Sendable {
        var listing: Int32
        var entry: Int32
        var fields: UInt32
    }

    static let stockBitOffset = 8
    static let maxStockBits = 24
    static let scalarFields: [ManagedField] = [
        .price, .compareAtPrice, .barcode, .title, .description, .status, .images, .weight,
    ]

    var records: [Record] = []
    var listings: [Listing] = []
    var catalog: CatalogIndex?
    /// Updates that do not fit the compact form (a listing with more than 24 stock locations).
    var extra: [BaseUpdate] = []

    public init() {}

    init(records: [Record], listings: [Listing], catalog: CatalogIndex, extra: [BaseUpdate]) {
        self.records = records
        self.listings = listings
        self.catalog = catalog
        self.extra = extra
    }

    /// The number of base values to record.
    public var count: Int { records.reduce(extra.count) { $0 + $1.fields.nonzeroBitCount } }

    public var isEmpty: Bool { records.isEmpty && extra.isEmpty }

    /// All updates as a dictionary, the form `CatalogStore.recordBaseValues` takes.
    public func dictionary() -> [BaseKey: FieldValue] {
        var result: [BaseKey: FieldValue] = [:]
        result.reserveCapacity(count)
        for update in self { result[update.key] = update.value }
        return result
    }

    public func makeIterator() -> Iterator { Iterator(updates: self) }

    public struct Iterator: IteratorProtocol {
        let updates: BaseUpdates
        var recordIndex = 0
        var remaining: UInt32 = 0
        var sku: SKU?
        var extraIndex = 0

        init(updates: BaseUpdates) {
            self.updates = updates
        }

        public mutating func next() -> BaseUpdate? {
            while true {
                if remaining != 0, let sku {
                    let bit = remaining.trailingZeroBitCount
                    remaining &= remaining - 1
                    let listing = updates.listings[Int(updates.records[recordIndex - 1].listing)]
                    if bit >= BaseUpdates.stockBitOffset {
                        let level = listing.stock[bit - BaseUpdates.stockBitOffset]
                        return BaseUpdate(
                            key: BaseKey(sku: sku, field: .stock(location: level.location)),
                            value: .quantity(level.available))
                    }
                    let field = BaseUpdates.scalarFields[bit]
                    guard let value = Reconciler.storeValue(field, of: listing), let change = field.scalarChangeField
                    else { continue }
                    return BaseUpdate(key: BaseKey(sku: sku, field: change), value: value)
                }
                if recordIndex < updates.records.count, let catalog = updates.catalog {
                    let record = updates.records[recordIndex]
                    recordIndex += 1
                    remaining = record.fields
                    sku = catalog.sku(at: Int(record.entry))
                    continue
                }
                guard extraIndex < updates.extra.count else { return nil }
                extraIndex += 1
                return updates.extra[extraIndex - 1]
            }
        }
    }
}

extension ManagedField {
    /// The concrete field for every kind except stock (which needs a location).
    var scalarChangeField: Change.Field? {
        switch self {
        case .stock: nil
        case .price: .price
        case .compareAtPrice: .compareAtPrice
        case .barcode: .barcode
        case .title: .title
        case .description: .description
        case .status: .status
        case .images: .images
        case .weight: .weight
        }
    }

    /// The bit of a scalar field in ``BaseUpdates``.
    var baseBit: UInt32 {
        switch self {
        case .stock: 0
        case .price: 1 << 0
        case .compareAtPrice: 1 << 1
        case .barcode: 1 << 2
        case .title: 1 << 3
        case .description: 1 << 4
        case .status: 1 << 5
        case .images: 1 << 6
        case .weight: 1 << 7
        }
    }
}
