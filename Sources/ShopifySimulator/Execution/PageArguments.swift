import GraphQL

/// The paging arguments of one connection field, checked the way Shopify checks them.
struct PageArguments: Sendable {
    var first: Int?
    var last: Int?
    var after: String?
    var before: String?
    var reverse: Bool
    var query: String?
    var sortKey: String?

    /// - Parameter unlimited: true inside a bulk operation, where connections take no page size.
    /// - Throws: ``ShopifyFieldError`` when neither `first` nor `last` is given (Shopify: "you must
    ///   provide one of first or last"), when both are, or when either is over `maxPageSize`.
    init(args: Map, field: String, maxPageSize: Int, unlimited: Bool = false) throws {
        first = args[argument: "first"]?.integer
        last = args[argument: "last"]?.integer
        after = args[argument: "after"]?.text
        before = args[argument: "before"]?.text
        reverse = args[argument: "reverse"]?.boolean ?? false
        query = args[argument: "query"]?.text
        sortKey = args[argument: "sortKey"]?.text
        if unlimited {
            if first == nil && last == nil { first = Int.max }
            return
        }
        if first == nil && last == nil {
            throw ShopifyFieldError("you must provide one of first or last", code: "BAD_REQUEST")
        }
        if first != nil && last != nil {
            throw ShopifyFieldError("providing both first and last is not supported", code: "BAD_REQUEST")
        }
        for (name, value) in [("first", first), ("last", last)] {
            guard let value else { continue }
            if value < 0 || value > maxPageSize {
                throw ShopifyFieldError(
                    "Argument '\(name)' on Field '\(field)' has an invalid value (\(value)). Expected a page size from 0 to \(maxPageSize).",
                    code: "argumentLiteralsIncompatible"
                )
            }
        }
    }

    /// Arguments of a nested connection asked for without any (Shopify's old default of all).
    static let everything = PageArguments(first: Int.max, reverse: false)

    init(first: Int?, last: Int? = nil, reverse: Bool) {
        self.first = first
        self.last = last
        self.reverse = reverse
    }
}
