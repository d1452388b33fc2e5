import JSONValue

/// A GraphQL connection's paging, read one way in every Shopify loop: whether there is a next
/// page and where it starts (`pageInfo { hasNextPage endCursor }`).
extension JSONValue {
    /// The cursor the next page of this connection starts after, or nil after the last page.
    var nextPageCursor: String? {
        hasNextPage ? self["pageInfo"]?["endCursor"]?.stringValue : nil
    }

    /// Whether the connection has more nodes than this page holds.
    var hasNextPage: Bool { self["pageInfo"]?["hasNextPage"]?.boolValue == true }
}
