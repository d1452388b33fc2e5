import JSONValue
import SimulatorCore

/// Runs `searchCriteria` over the rows of one collection and renders Magento's search results
/// (`{items, search_criteria, total_count}`).
struct SearchResults<Row> {
    /// What a collection does with a field it does not have: EAV collections (products) answer
    /// 400 "Invalid attribute name", flat tables fail in MySQL and answer 500.
    enum UnknownField {
        case invalidAttribute
        case internalError
    }

    var criteria: SearchCriteria
    /// Whether the collection has a field (an attribute or a column) of this name.
    var knows: (String) -> Bool
    /// The value of a known field in a row.
    var field: (Row, String) -> FieldValue
    var unknownField: UnknownField

    /// The rows that match, sorted and cut to the requested page.
    ///
    /// - Returns: The page and the number of rows that matched before paging (`total_count`).
    /// - Throws: `MagentoError` for an unknown field or a page size over the limit.
    func run(_ rows: [Row], options: MagentoPlatform.Options, fault: PagingFault?) throws(MagentoError) -> (page: [Row], total: Int) {
        for name in criteria.fields where !knows(name) {
            switch unknownField {
            case .invalidAttribute: throw MagentoError.invalidAttribute(name)
            case .internalError:
                throw MagentoError.internalError(reportID: String(name.utf8.reduce(5381) { ($0 &* 33) &+ UInt32($1) }, radix: 16))
            }
        }
        var matching = rows.filter { row in
            criteria.filterGroups.allSatisfy { group in
                group.isEmpty || group.contains { filter in field(row, filter.field).matches(filter) }
            }
        }
        if !criteria.sortOrders.isEmpty {
            // A stable sort keeps the collection's own order (entity id) among equal keys.
            matching = matching.enumerated().sorted { lhs, rhs in
                for order in criteria.sortOrders {
                    let result = FieldValue.ascending(field(lhs.element, order.field), field(rhs.element, order.field))
                    if result != .orderedSame { return order.isAscending ? result == .orderedAscending : result == .orderedDescending }
                }
                return lhs.offset < rhs.offset
            }.map(\.element)
        }
        let range = try pageRange(count: matching.count, options: options, fault: fault)
        return (Array(matching[range]), matching.count)
    }

    /// The rows of the page asked for.
    ///
    /// Magento clamps `currentPage` to the last page (Magento\Framework\Data\Collection::getCurPage),
    /// so a page past the end repeats the last one with the same `total_count`
    /// (magento/magento2#3787, #26986); clients must stop on `total_count`, not on an empty page.
    /// A `pageSize` of 0 or none means every row.
    func pageRange(count: Int, options: MagentoPlatform.Options, fault: PagingFault?) throws(MagentoError) -> Range<Int> {
        var size = criteria.pageSize ?? options.defaultPageSize ?? 0
        if let maximum = options.maxPageSize, size > maximum {
            // Magento\Framework\Webapi\Validator\SearchCriteriaValidator (input limiting on).
            throw MagentoError(status: 400, "Maximum SearchCriteria pageSize is %max", parameters: ["max": .int(maximum)])
        }
        if size <= 0 { size = max(count, 1) }
        let lastPage = max(1, (count + size - 1) / size)
        var page = max(1, criteria.currentPage ?? 1)
        if page > lastPage {
            guard options.repeatsLastPage else { return count..<count }
            page = lastPage
        }
        return Paging.window(count: count, offset: (page - 1) * size, limit: size, fault: fault)
    }

    func json(items: [JSONValue], total: Int) -> JSONValue {
        ["items": .array(items), "search_criteria": criteria.json, "total_count": .int(total)]
    }
}
