/// Walks a collection read by page number (`page=1,2,…`), as WooCommerce's REST API and Magento's
/// `searchCriteria` serve them, so that rows created or deleted during the read are neither
/// missed nor lost.
///
/// Both platforms cut pages from a live table, ordered by id:
/// - A row created during the read sorts last and lands on a later page, so the page count is
///   taken from every answer, not only the first.
/// - A row deleted during the read moves every later row up; the row that crossed the boundary
///   into a page already read would be skipped (magento/magento2#25001 describes it for Magento;
///   WooCommerce's `WP_Query` offsets behave alike). When the total drops between two pages, the
///   pages the shift can have moved rows into are read again.
/// - Magento answers a page past the end with the last page again (magento/magento2#3787,
///   #26986), so the walk stops on the counted pages, never on an empty page.
///
/// The caller reads each page, keeps its items (deduplicating what a re-read page repeats), and
/// reports what the answer said about the whole collection.
public struct NumberedPageWalk: Sendable {
    /// What one answer said about the whole collection.
    public struct Totals: Sendable {
        /// Items on the page just read.
        public var itemCount: Int
        /// Items in the whole collection as this answer counts them (`X-WP-Total`, `total_count`);
        /// nil when the answer does not say.
        public var total: Int?
        /// Pages in the collection as this answer counts them (`X-WP-TotalPages`); nil when the
        /// answer does not say (then a full page means there may be another).
        public var totalPages: Int?

        public init(itemCount: Int, total: Int?, totalPages: Int?) {
            self.itemCount = itemCount
            self.total = total
            self.totalPages = totalPages
        }
    }

    /// Items a page holds when it is full (the `per_page` / `pageSize` asked for).
    public var pageSize: Int

    public init(pageSize: Int) {
        self.pageSize = Swift.max(1, pageSize)
    }

    /// Reads page 1, then every further page the answers count, then again any page that
    /// deletions may have shifted rows into.
    ///
    /// - Parameter readPage: Reads page `number` (1-based), keeps its items, and returns what the
    ///   answer said about the collection. A page may be read more than once.
    public func run(_ readPage: (_ number: Int) async throws -> Totals) async throws {
        var nextPage = 1
        var lastPage = 1
        var lastTotal: Int?
        var rereads: [Int] = []
        while true {
            let number: Int
            let isReread = !rereads.isEmpty
            if isReread {
                number = rereads.removeFirst()
            } else if nextPage <= lastPage {
                number = nextPage
                nextPage += 1
            } else {
                break
            }
            let page = try await readPage(number)
            if let totalPages = page.totalPages {
                // A re-read page never shortens the walk: its count may predate a later page's.
                lastPage = isReread ? Swift.max(lastPage, totalPages) : totalPages
            } else if page.itemCount == pageSize {
                lastPage = Swift.max(lastPage, number + 1)
            }
            if let total = page.total {
                if let previous = lastTotal, total < previous, !isReread, number > 1 {
                    // Deletions moved later rows up into pages already read: read those again.
                    let back = (previous - total + pageSize - 1) / pageSize
                    rereads += Array(Swift.max(1, number - back)..<number)
                }
                lastTotal = total
            }
        }
    }
}
