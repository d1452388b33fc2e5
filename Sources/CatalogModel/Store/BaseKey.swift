/// Identifies one base value: a field of one SKU in one store (the store is implied by the call).
public struct BaseKey: Hashable, Sendable, Codable {
    public var sku: SKU
    public var field: Change.Field

    public init(sku: SKU, field: Change.Field) {
        self.sku = sku
        self.field = field
    }
}
