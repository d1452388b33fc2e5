import Foundation
import JSONValue
import SimulatorCore

/// The paging, date, sort and id parameters every WooCommerce collection takes, validated as
/// WordPress validates them (`rest_invalid_param`, 400).
struct ListQuery: Sendable {
    var page = 1
    var perPage: Int
    /// `offset` replaces the page's start when given.
    var offset: Int?
    var modifiedAfter: Date?
    var modifiedBefore: Date?
    var createdAfter: Date?
    var createdBefore: Date?
    var include: Set<Int64>?
    var exclude: Set<Int64> = []
    var search: String?
    var orderBy: String
    var ascending: Bool

    init(
        _ request: SimRequest, options: WooCommercePlatform.Options, dates: WooDate, orderBys: [String], defaultOrderBy: String,
        defaultAscending: Bool
    ) throws(WooError) {
        perPage = options.defaultPerPage
        orderBy = defaultOrderBy
        ascending = defaultAscending
        if let text = request.queryValue("page") {
            guard let value = Int(text), value >= 1 else { throw .invalidParam("page", "page must be greater than or equal to 1") }
            page = value
        }
        if let text = request.queryValue("per_page") {
            guard let value = Int(text), (1...options.maxPerPage).contains(value) else {
                throw .invalidParam("per_page", "per_page must be between 1 (inclusive) and \(options.maxPerPage) (inclusive)")
            }
            perPage = value
        }
        if let text = request.queryValue("offset") {
            guard let value = Int(text), value >= 0 else { throw .invalidParam("offset", "offset is not of type integer.") }
            offset = value
        }
        let isGMT = ["1", "true", "yes"].contains(request.queryValue("dates_are_gmt")?.lowercased() ?? "")
        func date(_ name: String) throws(WooError) -> Date? {
            guard let text = request.queryValue(name), !text.isEmpty else { return nil }
            // A "+" may be a zone offset's sign or, to WordPress, an encoded space ("2025-01-01+10:00:00").
            guard let value = dates.parse(text, isGMT: isGMT) ?? dates.parse(text.replacingOccurrences(of: "+", with: " "), isGMT: isGMT)
            else { throw .invalidParam(name, "Invalid date.") }
            return value
        }
        modifiedAfter = try date("modified_after")
        modifiedBefore = try date("modified_before")
        createdAfter = try date("after")
        createdBefore = try date("before")
        include = try Self.ids(name: "include", in: request)
        exclude = try Self.ids(name: "exclude", in: request) ?? []
        if let text = request.queryValue("search"), !text.isEmpty {
            // A `+` in a query string is a space to WordPress.
            search = text.replacingOccurrences(of: "+", with: " ").lowercased()
        }
        if let text = request.queryValue("orderby") {
            guard orderBys.contains(text) else {
                throw .invalidParam("orderby", "orderby is not one of \(orderBys.joined(separator: ", ")).")
            }
            orderBy = text
        }
        if let text = request.queryValue("order") {
            guard text == "asc" || text == "desc" else { throw .invalidParam("order", "order is not one of asc and desc.") }
            ascending = text == "asc"
        }
    }

    /// An id-list parameter (`include`, `exclude`, `parent`, ...) as WordPress's `wp_parse_id_list`
    /// reads a comma-separated list; nil when absent or empty.
    static func ids(name: String, in request: SimRequest) throws(WooError) -> Set<Int64>? {
        guard let text = request.queryValue(name), !text.isEmpty else { return nil }
        var result = Set<Int64>()
        for part in text.split(separator: ",") {
            guard let id = Int64(part.trimmingCharacters(in: .whitespaces)) else {
                throw .invalidParam(name, "\(name)[0] is not of type integer.")
            }
            result.insert(id)
        }
        return result
    }

    /// Whether a record passes the date and id filters. WordPress's `after`/`before` are strict and
    /// compare whole seconds.
    func matches(id: Int64, created: Date, modified: Date) -> Bool {
        if let include, !include.contains(id) { return false }
        if exclude.contains(id) { return false }
        if let modifiedAfter, !(modified.wholeSeconds > modifiedAfter.wholeSeconds) { return false }
        if let modifiedBefore, !(modified.wholeSeconds < modifiedBefore.wholeSeconds) { return false }
        if let createdAfter, !(created.wholeSeconds > createdAfter.wholeSeconds) { return false }
        if let createdBefore, !(created.wholeSeconds < createdBefore.wholeSeconds) { return false }
        return true
    }

    /// Sorts by the chosen key, ties broken by id in the same direction so pages never overlap.
    func sorted<T>(_ items: [T], id: (T) -> Int64, key: (T) -> SortKey) -> [T] {
        items.sorted { lhs, rhs in
            let (left, right) = (key(lhs), key(rhs))
            if left != right { return ascending ? left < right : right < left }
            return ascending ? id(lhs) < id(rhs) : id(rhs) < id(lhs)
        }
    }

    enum SortKey: Comparable {
        case number(Int64)
        case text(String)
    }

    /// Cuts the page (through `Paging`, so injected paging faults apply) and answers with
    /// `X-WP-Total`, `X-WP-TotalPages` and a `Link` header with `prev`/`next` as WooCommerce does.
    func page<T>(_ items: [T], request: SimRequest, origin: String, render: (T) -> JSONValue) -> SimResponse {
        let start = offset ?? (page - 1) * perPage
        let window = Paging.window(count: items.count, offset: start, limit: perPage, fault: request.pagingFault)
        let body = JSONValue.array(items[window].map(render))
        let totalPages = (items.count + perPage - 1) / perPage
        var headers: [(name: String, value: String)] = [("X-WP-Total", String(items.count)), ("X-WP-TotalPages", String(totalPages))]
        var links: [String] = []
        if page > 1 { links.append("<\(link(request, origin: origin, page: min(page - 1, max(1, totalPages))))>; rel=\"prev\"") }
        if totalPages > page { links.append("<\(link(request, origin: origin, page: page + 1))>; rel=\"next\"") }
        if !links.isEmpty { headers.append(("Link", links.joined(separator: ", "))) }
        return .json(FieldFilter(request).apply(body), headers: headers)
    }

    /// The request's own URL with `page` replaced. Credentials (`consumer_key`, `consumer_secret`,
    /// `oauth_*`) are left out: WooCommerce copies them into the link, which leaks the secret and
    /// replays a used nonce; a client re-signs the link it follows anyway.
    private func link(_ request: SimRequest, origin: String, page: Int) -> String {
        var items = request.query.filter { item in
            !item.name.hasPrefix("oauth_") && item.name != "consumer_key" && item.name != "consumer_secret" && item.name != "page"
        }
        var seen = Set<String>()
        items = items.filter { seen.insert($0.name).inserted }
        items.append(.init(name: "page", value: String(page)))
        let query = items.map {
            OAuthSignature.rawURLEncode($0.name, keepSlash: false) + "=" + OAuthSignature.rawURLEncode($0.value, keepSlash: false)
        }
        return origin + request.path + "?" + query.joined(separator: "&")
    }
}

/// WordPress's `_fields`: only the named top-level keys are sent (and `id`, always). A nested name
/// such as `images.src` keeps the whole top-level key.
struct FieldFilter: Sendable {
    var fields: Set<String>?

    init(_ request: SimRequest) {
        guard let text = request.queryValue("_fields"), !text.isEmpty else { return }
        var names = Set(
            text.split(separator: ",").map { String($0.split(separator: ".").first ?? $0).trimmingCharacters(in: .whitespaces) })
        names.insert("id")
        fields = names
    }

    func apply(_ value: JSONValue) -> JSONValue {
        guard let fields else { return value }
        switch value {
        case .array(let items): return .array(items.map(apply))
        case .object(let object): return .object(JSONObject(object.filter { fields.contains($0.key) }.map { ($0.key, $0.value) }))
        default: return value
        }
    }
}
