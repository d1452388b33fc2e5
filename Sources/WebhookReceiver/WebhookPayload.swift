import CatalogModel
import JSONValue

/// What a webhook says moved: SKUs it names, and Shopify inventory item ids (inventory level
/// webhooks carry no SKU; the caller maps the ids through its listing mappings).
public struct WebhookSubjects: Sendable, Hashable {
    public var skus: Set<SKU>
    public var inventoryItemIDs: Set<String>

    public init(skus: Set<SKU> = [], inventoryItemIDs: Set<String> = []) {
        self.skus = skus
        self.inventoryItemIDs = inventoryItemIDs
    }

    public var isEmpty: Bool { skus.isEmpty && inventoryItemIDs.isEmpty }
}

/// Reads the affected SKUs out of order, product and inventory payloads (the platforms' REST
/// shapes, which both send as webhook bodies). Customer fields are never read.
public enum WebhookPayload {
    public static func subjects(platform: WebhookPlatform, topic: String?, body: [UInt8]) -> WebhookSubjects {
        guard let json = try? JSONValue.parse(body) else { return WebhookSubjects() }
        var subjects = WebhookSubjects()
        func addSKU(_ value: JSONValue?) {
            if let text = value?.stringValue?.trimmingWhitespace(), let sku = SKU(text) { subjects.skus.insert(sku) }
        }
        // Orders (orders/create, order.updated, refunds...): line items.
        for line in json["line_items"]?.arrayValue ?? [] { addSKU(line["sku"]) }
        // Refunds: refund_line_items[].line_item.sku (Shopify).
        for line in json["refund_line_items"]?.arrayValue ?? [] { addSKU(line["line_item"]?["sku"]) }
        // Products: the product's own SKU (WooCommerce simple products) and its variants'.
        addSKU(json["sku"])
        for variant in json["variants"]?.arrayValue ?? [] { addSKU(variant["sku"]) }
        // Shopify inventory_levels/update and inventory_items/update.
        if platform == .shopify {
            if let id = json["inventory_item_id"]?.int64Value { subjects.inventoryItemIDs.insert(String(id)) }
            if (topic ?? "").hasPrefix("inventory_items"), let id = json["id"]?.int64Value { subjects.inventoryItemIDs.insert(String(id)) }
        }
        return subjects
    }
}
