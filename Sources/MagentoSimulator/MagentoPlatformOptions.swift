import Foundation

extension MagentoPlatform {
    /// How the simulated Magento store is configured, where real stores differ.
    public struct Options: Sendable {
        /// The largest `searchCriteria[pageSize]` accepted; a larger one is a 400
        /// "Maximum SearchCriteria pageSize is %max". Nil, the default, is Magento's default:
        /// input limiting off, any page size. Stores that turn it on use 300
        /// (`webapi/validation/maximum_page_size`).
        public var maxPageSize: Int?
        /// The page size used when a request gives none. Nil, the default, returns every match,
        /// as Magento does with input limiting off; with it on Magento uses 20.
        public var defaultPageSize: Int?
        /// Whether a `currentPage` past the last page answers the last page again (with the same
        /// `total_count`), as Magento does (magento/magento2#3787, #26986). Default true; false
        /// answers an empty page instead.
        public var repeatsLastPage: Bool
        /// How long an admin token from `POST /V1/integration/admin/token` is valid, in seconds of
        /// the store's clock. Default 4 hours (`oauth/access_token_lifetime/admin`).
        public var adminTokenLifetime: TimeInterval
        /// Whether the integration's access token works as a bearer token. Magento 2.4.4 turned
        /// this off by default (`oauth/consumer/enable_integration_as_bearer`); merchants who
        /// connect tools turn it on, so the default here is true.
        public var acceptsIntegrationTokenAsBearer: Bool
        /// Whether an order line of a configurable product comes back as Magento stores it: a
        /// `configurable` item carrying the child's SKU and the price, plus a `simple` child item
        /// with `parent_item_id` and price 0, both with the full quantity. Default true; clients
        /// must skip items with a `parent_item_id` or they count the units twice.
        public var splitsConfigurableOrderItems: Bool
        /// How the message queue consumer processes asynchronous bulk operations
        /// (`/rest/async/bulk/V1/...`). Default: after the first status poll, no failures.
        public var asyncBulk: AsyncBulkOptions

        /// - Parameters:
        ///   - maxPageSize: Largest accepted page size; nil (default) for no limit.
        ///   - defaultPageSize: Page size when none is given; nil (default) for every match.
        ///   - repeatsLastPage: Answer the last page for a page past the end; default true.
        ///   - adminTokenLifetime: Admin token lifetime in seconds; default 4 hours.
        ///   - acceptsIntegrationTokenAsBearer: Accept the integration token as a bearer token; default true.
        ///   - splitsConfigurableOrderItems: Parent and child items for configurable order lines; default true.
        ///   - asyncBulk: The queue consumer of asynchronous bulk operations; default processes a bulk at its first status poll.
        public init(
            maxPageSize: Int? = nil, defaultPageSize: Int? = nil, repeatsLastPage: Bool = true,
            adminTokenLifetime: TimeInterval = 4 * 3600, acceptsIntegrationTokenAsBearer: Bool = true,
            splitsConfigurableOrderItems: Bool = true, asyncBulk: AsyncBulkOptions = AsyncBulkOptions()
        ) {
            self.asyncBulk = asyncBulk
            self.maxPageSize = maxPageSize
            self.defaultPageSize = defaultPageSize
            self.repeatsLastPage = repeatsLastPage
            self.adminTokenLifetime = adminTokenLifetime
            self.acceptsIntegrationTokenAsBearer = acceptsIntegrationTokenAsBearer
            self.splitsConfigurableOrderItems = splitsConfigurableOrderItems
        }
    }
}
