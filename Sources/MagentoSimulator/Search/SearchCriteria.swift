import JSONValue
import SimulatorCore

/// `searchCriteria` as Magento reads it from a GET query
/// (https://developer.adobe.com/commerce/webapi/rest/use-rest/performing-searches/):
///
///     searchCriteria[filter_groups][i][filters][j][field|value|condition_type]
///     searchCriteria[sortOrders][k][field|direction]
///     searchCriteria[pageSize]  searchCriteria[currentPage]
///
/// Filters in one group are ORed, groups are ANDed. snake_case and camelCase names are both
/// accepted, as Magento's ServiceInputProcessor accepts both. `condition_type` defaults to `eq`.
struct SearchCriteria: Sendable {
    struct Filter: Sendable {
        var field: String
        /// Nil when the request gave none: it then matches nothing except `null`/`notnull`.
        var value: String? {
            didSet { textSet = Self.textSet(value) }
        }
        var conditionType: String
        /// The `in`/`nin` list, lower-cased, split once (a page of source items filtered by 100
        /// SKUs must not split the list again for every row).
        private(set) var textSet: Set<String>

        init(field: String, value: String?, conditionType: String) {
            self.field = field
            self.value = value
            self.conditionType = conditionType
            self.textSet = Self.textSet(value)
        }

        private static func textSet(_ value: String?) -> Set<String> {
            Set((value.map(FieldValue.list) ?? []).map { $0.lowercased() })
        }
    }

    struct SortOrder: Sendable {
        var field: String
        /// `ASC` or `DESC`; nil sorts descending, as Magento's SortingProcessor does.
        var direction: String?

        var isAscending: Bool { direction == "ASC" }
    }

    var filterGroups: [[Filter]] = []
    var sortOrders: [SortOrder] = []
    var pageSize: Int?
    var currentPage: Int?

    /// Reads `searchCriteria` from the query. `required` makes a missing `searchCriteria` the 400
    /// Magento answers on `getList` services that declare it required (products, orders, source items).
    static func parse(_ query: [SimRequest.QueryItem], required: Bool) throws(MagentoError) -> SearchCriteria {
        let tree = QueryTree.parse(query)
        guard let node = tree["searchCriteria"] else {
            if required { throw MagentoError.requiredField("searchCriteria") }
            return SearchCriteria()
        }
        var criteria = SearchCriteria()
        for (_, group) in node["filterGroups"]?.children ?? [] {
            var filters: [Filter] = []
            for (_, filter) in group["filters"]?.children ?? [] {
                guard let field = filter["field"]?.stringValue, !field.isEmpty else {
                    throw MagentoError.requiredField("field")
                }
                let condition = filter["conditionType"]?.stringValue.flatMap { $0.isEmpty ? nil : $0.lowercased() } ?? "eq"
                filters.append(Filter(field: field, value: filter["value"]?.stringValue, conditionType: condition))
            }
            criteria.filterGroups.append(filters)
        }
        for (_, sort) in node["sortOrders"]?.children ?? [] {
            guard let field = sort["field"]?.stringValue, !field.isEmpty else { continue }
            var direction: String?
            if let given = sort["direction"]?.stringValue {
                // Magento\Framework\Api\SortOrder::validateDirectionIsAscOrDesc
                guard ["ASC", "DESC"].contains(given.uppercased()) else {
                    throw MagentoError(
                        status: 400, "The sort order has to be specified as %1 for ascending order or %2 for descending order.",
                        parameters: ["ASC", "DESC"])
                }
                direction = given.uppercased()
            }
            criteria.sortOrders.append(SortOrder(field: field, direction: direction))
        }
        criteria.pageSize = try integer(node["pageSize"])
        criteria.currentPage = try integer(node["currentPage"])
        return criteria
    }

    private static func integer(_ tree: QueryTree?) throws(MagentoError) -> Int? {
        guard let text = tree?.stringValue else { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
            throw MagentoError.invalidType(text, expected: "int")
        }
        return value
    }

    /// The criteria as Magento echoes them in `search_criteria`: the request as it was read
    /// (defaults filled in, like `condition_type: eq`), not the page actually served, and without
    /// the keys the request left out.
    var json: JSONValue {
        var object = JSONObject()
        object["filter_groups"] = .array(
            filterGroups.map { filters in
                [
                    "filters": .array(
                        filters.map { filter in
                            var item = JSONObject()
                            item["field"] = .string(filter.field)
                            if let value = filter.value { item["value"] = .string(value) }
                            item["condition_type"] = .string(filter.conditionType)
                            return .object(item)
                        })
                ]
            })
        if !sortOrders.isEmpty {
            object["sort_orders"] = .array(
                sortOrders.map { sort in
                    var item = JSONObject()
                    item["field"] = .string(sort.field)
                    if let direction = sort.direction { item["direction"] = .string(direction) }
                    return .object(item)
                })
        }
        if let pageSize { object["page_size"] = .int(pageSize) }
        if let currentPage { object["current_page"] = .int(currentPage) }
        return .object(object)
    }

    /// Every field the criteria name, for checking them against what a collection can filter on.
    var fields: [String] { filterGroups.flatMap { $0.map(\.field) } + sortOrders.map(\.field) }
}
