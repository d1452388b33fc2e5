/// Shopify's global ids: `gid://shopify/Product/1001`, with an optional query part
/// (`gid://shopify/InventoryLevel/7?inventory_item_id=9`).
struct GlobalID: Hashable, Sendable, CustomStringConvertible {
    var type: String
    var id: Int64
    var query: String?

    init(_ type: String, _ id: Int64, query: String? = nil) {
        self.type = type
        self.id = id
        self.query = query
    }

    init?(_ text: String) {
        let prefix = "gid://shopify/"
        guard text.hasPrefix(prefix) else { return nil }
        var rest = Substring(text.dropFirst(prefix.count))
        var query: String?
        if let mark = rest.firstIndex(of: "?") {
            query = String(rest[rest.index(after: mark)...])
            rest = rest[..<mark]
        }
        let parts = rest.split(separator: "/")
        guard parts.count == 2, let id = Int64(parts[1]) else { return nil }
        self.init(String(parts[0]), id, query: query)
    }

    /// The id when `text` is a gid of `type`.
    static func id(_ text: String?, type: String) -> Int64? {
        guard let text, let gid = GlobalID(text), gid.type == type else { return nil }
        return gid.id
    }

    var description: String {
        "gid://shopify/\(type)/\(id)" + (query.map { "?" + $0 } ?? "")
    }
}
