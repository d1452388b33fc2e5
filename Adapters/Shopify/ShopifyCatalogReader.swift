import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Reads a Shopify store's listings page by page, each page sized to the cost bucket.
///
/// A full read pages products (with their variants) and then each location's inventory levels,
/// 250 at a time, which costs far less than nesting stock under every variant. An incremental read
/// asks only for products updated since the cursor, read whole with their stock, plus inventory
/// levels updated since the cursor (a sale changes a level, not the product), whose variants are
/// then read by id.
public struct ShopifyCatalogReader: Sendable {
    let graphQL: ShopifyGraphQLClient
    let options: ShopifyAdapterOptions

    /// Counts of what a read cost, for tests and the run summary.
    public struct Statistics: Hashable, Sendable {
        /// HTTP requests sent, THROTTLED answers included.
        public var requests = 0
        public var productPages = 0
        public var variantPages = 0
        public var inventoryPages = 0
        /// Answers that came back THROTTLED (pacing should keep this at zero).
        public var throttledResponses = 0
        /// Points Shopify charged in total.
        public var actualCost = 0
        /// Whether the read went through a bulk operation.
        public var usedBulkOperation = false
        /// The store's clock at the read's first answer: where the next incremental read starts.
        public var serverStart: Date?
    }

    public struct Result: Sendable {
        public var snapshot: StoreSnapshot
        public var statistics: Statistics
    }

    public init(graphQL: ShopifyGraphQLClient, options: ShopifyAdapterOptions) {
        self.graphQL = graphQL
        self.options = options
    }

    var store: StoreID { graphQL.endpoint.store }

    /// Reads the store: everything when `cursor` is nil, else what changed since it (less the overlap).
    public func read(since cursor: SyncCursor?) async throws -> Result {
        var statistics = Statistics()
        let started = Date()
        let since = cursor.map { $0.readFrom(overlap: options.overlap) }
        let filter = since.map { "updated_at:>='\(ShopifyListingParser.searchTime($0))'" }
        let (currency, locations, counted) = try await readLocations(filter: filter, &statistics)
        let productCount = counted.count
        if cursor == nil, Self.readsInBulk(products: productCount, locations: locations.count, incremental: false, options: options) {
            let snapshot = try await ShopifyBulkReader(graphQL: graphQL, options: options).read(
                currency: currency, locations: locations, serverStart: statistics.serverStart)
            statistics.usedBulkOperation = true
            return Result(snapshot: snapshot, statistics: statistics)
        }
        let parser = ShopifyListingParser(store: store, currency: currency)
        var listings: [String: Listing] = [:]  // by variant id
        var order: [String] = []
        var newest = cursor?.updatedAt
        func keep(_ listing: Listing) {
            if listings.updateValue(listing, forKey: listing.ref.variantID) == nil { order.append(listing.ref.variantID) }
            if let updated = listing.updatedAt, updated > (newest ?? .distantPast) { newest = updated }
        }

        let levels = max(1, locations.count)

        // Products (whole when incremental, stock separately when full).
        var after: String?
        var productsSeen = 0
        // Nothing updated since the cursor: no products page at all (stock still comes below).
        var noProducts = since != nil && counted.exact && productCount == 0
        // Many products updated since the cursor (a mass price change, the writes of the last
        // sync): the changed products in one bulk operation when that takes fewer calls than
        // their pages; stock-only changes still come from the location pages below.
        if since != nil, counted.exact, productCount > 0,
            Self.readsInBulk(products: productCount, locations: levels, incremental: true, options: options)
        {
            do {
                for listing in try await ShopifyBulkReader(graphQL: graphQL, options: options).listings(filter: filter, currency: currency)
                {
                    keep(listing)
                }
                statistics.usedBulkOperation = true
                noProducts = true
            } catch is ShopifyBulkReader.Busy {
                // Another bulk query of this app is running: page, as a smaller change would.
            }
        }
        if !noProducts {
            repeat {
                let budget = await budget()
                let variants = options.variantsPerProduct
                let first: Int
                let document: String
                var variables: JSONObject = ["variants": .int(variants)]
                if since == nil {
                    // Never ask (and wait) for more than the products left: Shopify charges the
                    // requested cost up front, so a 1,000-point page for a 40-product store waits for
                    // a full bucket it does not need.
                    let left = max(1, productCount - productsSeen)
                    first = Self.fit(budget: budget, max: min(options.pageSize, left)) {
                        ShopifyOperations.productsPageCost(first: $0, variants: variants)
                    }
                    document = ShopifyOperations.productsPage
                } else {
                    // The first page asks for the products counted; later ones (updated since the count) for a full page.
                    let left = after == nil ? max(1, productCount) : options.pageSize
                    first = Self.fit(budget: budget, max: min(options.pageSize, left)) {
                        ShopifyOperations.changedProductsPageCost(first: $0, variants: variants, levels: levels)
                    }
                    document = ShopifyOperations.changedProductsPage
                    variables["levels"] = .int(levels)
                }
                variables["first"] = .int(first)
                variables["after"] = .string(after)
                variables["query"] = .string(filter)
                let cost =
                    since == nil
                    ? ShopifyOperations.productsPageCost(first: first, variants: variants)
                    : ShopifyOperations.changedProductsPageCost(first: first, variants: variants, levels: levels)
                let answer = try await graphQL.execute(document, variables: variables, estimatedCost: cost)
                statistics.record(answer)
                statistics.productPages += 1
                let connection = answer.data["products"]
                for product in connection?["nodes"]?.arrayValue ?? [] {
                    productsSeen += 1
                    for variant in product["variants"]?["nodes"]?.arrayValue ?? [] {
                        keep(try parser.listing(product: product, variant: variant))
                    }
                    if product["variants"]?.hasNextPage == true {
                        for listing in try await readRemainingVariants(
                            of: product, after: product["variants"]?.nextPageCursor, levels: since == nil ? nil : levels, parser: parser,
                            statistics: &statistics)
                        {
                            keep(listing)
                        }
                    }
                }
                after = connection?.nextPageCursor
            } while after != nil
        }

        // Stock, per location.
        var stockByItem: [String: [StockLevel]] = [:]
        var changedVariantIDs: [String] = []
        for location in locations {
            var after: String?
            var levelsSeen = 0
            repeat {
                // A location holds at most one level per variant read.
                let left = max(1, order.count - levelsSeen)
                var budget = await budget()
                if since != nil, after == nil {
                    // How many levels changed is not known before asking (there is no count of
                    // them): the first page asks for what the bucket holds now, so a quiet store
                    // never waits, and a busy one goes on with full pages.
                    budget = min(budget, max(Self.quietPageBudget, Int(await graphQL.governor.availableTokens)))
                }
                let first = Self.fit(budget: budget, max: min(options.pageSize, since == nil ? left : options.pageSize)) {
                    ShopifyOperations.inventoryLevelsPageCost(first: $0)
                }
                let variables: JSONObject = [
                    "location": .string(location.code), "first": .int(first), "after": .string(after), "query": .string(filter),
                ]
                let answer = try await graphQL.execute(
                    ShopifyOperations.inventoryLevelsPage, variables: variables,
                    estimatedCost: ShopifyOperations.inventoryLevelsPageCost(first: first))
                statistics.record(answer)
                statistics.inventoryPages += 1
                let connection = answer.data["location"]?["inventoryLevels"]
                for level in connection?["nodes"]?.arrayValue ?? [] {
                    levelsSeen += 1
                    guard let item = level["item"]?["id"]?.stringValue else { continue }
                    stockByItem[item, default: []].append(
                        ShopifyListingParser.stockLevel(location: location.code, quantities: level["quantities"]))
                    if let updated = ShopifyListingParser.date(level["updatedAt"]), updated > (newest ?? .distantPast) { newest = updated }
                    if since != nil, let variantID = level["item"]?["variant"]?["id"]?.stringValue, listings[variantID] == nil {
                        changedVariantIDs.append(variantID)
                    }
                }
                after = connection?.nextPageCursor
            } while after != nil
        }

        if since == nil {
            // A full read: every listing's stock comes from the location pages.
            for id in order {
                guard let item = listings[id]?.ref.inventoryItemID else { continue }
                listings[id]?.stock = stockByItem[item] ?? []
            }
        } else {
            // Stock changed on listings whose product did not: read those variants whole, by id.
            var pending = Array(Set(changedVariantIDs)).sorted()
            while !pending.isEmpty {
                let count = Self.fit(budget: await budget(), max: min(250, pending.count)) {
                    ShopifyOperations.variantsByIDCost(count: $0, levels: levels)
                }
                let batch = Array(pending.prefix(count))
                pending.removeFirst(batch.count)
                let answer = try await graphQL.execute(
                    ShopifyOperations.variantsByID, variables: ["ids": .array(batch.map { .string($0) }), "levels": .int(levels)],
                    estimatedCost: ShopifyOperations.variantsByIDCost(count: batch.count, levels: levels))
                statistics.record(answer)
                statistics.variantPages += 1
                for node in answer.data["nodes"]?.arrayValue ?? [] where !node.isNull {
                    guard let product = node["product"] else { continue }
                    keep(try parser.listing(product: product, variant: node))
                }
            }
        }

        let snapshot = StoreSnapshot(
            store: store, fetchedAt: started, isComplete: since == nil, listings: order.compactMap { listings[$0] },
            locations: locations, nextCursor: .after(readStartedAt: statistics.serverStart, newest: newest, localStart: started))
        return Result(snapshot: snapshot, statistics: statistics)
    }

    /// The shop's currency, active locations (location `code` is Shopify's location gid) and
    /// product count.
    func readLocations(filter: String? = nil, _ statistics: inout Statistics) async throws
        -> (CurrencyCode, [Location], (count: Int, exact: Bool))
    {
        let answer = try await graphQL.execute(
            ShopifyOperations.locations, variables: ["query": .string(filter)], estimatedCost: ShopifyOperations.locationsCost)
        statistics.record(answer)
        guard let code = answer.data["shop"]?["currencyCode"]?.stringValue, let currency = CurrencyCode(code) else {
            throw AdapterError.malformed("no shop currency in the answer", store: store)
        }
        let locations = (answer.data["locations"]?["nodes"]?.arrayValue ?? []).compactMap { node -> Location? in
            guard let id = node["id"]?.stringValue else { return nil }
            return Location(code: id, name: node["name"]?.stringValue ?? id)
        }
        let count = answer.data["productsCount"]
        return (currency, locations, (count?["count"]?.intValue ?? 0, count?["precision"]?.stringValue == "EXACT"))
    }

    func readRemainingVariants(
        of product: JSONValue, after: String?, levels: Int?, parser: ShopifyListingParser, statistics: inout Statistics
    ) async throws -> [Listing] {
        guard let id = product["id"]?.stringValue else { return [] }
        var listings: [Listing] = []
        var after = after
        while let cursor = after {
            let budget = await budget()
            let first: Int
            let answer: ShopifyGraphQLClient.Answer
            if let levels {
                first = Self.fit(budget: budget, max: options.pageSize) {
                    ShopifyOperations.changedProductVariantsPageCost(first: $0, levels: levels)
                }
                answer = try await graphQL.execute(
                    ShopifyOperations.changedProductVariantsPage,
                    variables: ["id": .string(id), "first": .int(first), "after": .string(cursor), "levels": .int(levels)],
                    estimatedCost: ShopifyOperations.changedProductVariantsPageCost(first: first, levels: levels))
            } else {
                first = Self.fit(budget: budget, max: options.pageSize) { ShopifyOperations.productVariantsPageCost(first: $0) }
                answer = try await graphQL.execute(
                    ShopifyOperations.productVariantsPage, variables: ["id": .string(id), "first": .int(first), "after": .string(cursor)],
                    estimatedCost: ShopifyOperations.productVariantsPageCost(first: first))
            }
            statistics.record(answer)
            statistics.variantPages += 1
            let connection = answer.data["product"]?["variants"]
            for variant in connection?["nodes"]?.arrayValue ?? [] {
                listings.append(try parser.listing(product: product, variant: variant))
            }
            after = connection?.nextPageCursor
        }
        return listings
    }

    /// Calls a bulk read takes besides the locations query both reads make: start, one poll at
    /// least, the download.
    static let bulkReadCalls = 3

    /// Whether a whole read of `products` products goes through a bulk operation: by the policy,
    /// and for ``BulkReadPolicy/whenFewerCalls`` when the pages at the single-query limit would
    /// take more calls than the bulk operation, counting one variant a product (a lower bound, so
    /// a store of many-variant products only pages more than this counts).
    ///
    /// An incremental read pages the changed products with their stock (`incremental`), and its
    /// stock pages come whichever way the products are read, so only the products pages count.
    static func readsInBulk(products: Int, locations: Int, incremental: Bool, options: ShopifyAdapterOptions) -> Bool {
        switch options.bulkReads {
        case .never: return false
        case .fromProducts(let threshold): return products >= threshold
        case .whenFewerCalls:
            let budget = Int(options.maxQueryCost)
            let variants = options.variantsPerProduct
            func pages(_ items: Int, _ perPage: Int) -> Int { (items + perPage - 1) / perPage }
            if incremental {
                let perPage = fit(budget: budget, max: options.pageSize) {
                    ShopifyOperations.changedProductsPageCost(first: $0, variants: variants, levels: max(1, locations))
                }
                return pages(products, perPage) > bulkReadCalls
            }
            let productsPerPage = fit(budget: budget, max: options.pageSize) {
                ShopifyOperations.productsPageCost(first: $0, variants: variants)
            }
            let levelsPerPage = fit(budget: budget, max: options.pageSize) { ShopifyOperations.inventoryLevelsPageCost(first: $0) }
            let paged = pages(products, productsPerPage) + max(1, locations) * pages(products, levelsPerPage)
            return paged > bulkReadCalls
        }
    }

    /// The least an incremental read's first stock page may ask for, however low the bucket.
    static let quietPageBudget = 100

    /// The most one query may cost: the bucket's size as Shopify last reported it, and never more
    /// than the 1,000-point single-query maximum.
    func budget() async -> Int {
        Int(min(options.maxQueryCost, await graphQL.governor.capacity))
    }

    /// The largest page size from 1 to `max` whose cost fits `budget`.
    static func fit(budget: Int, max: Int, cost: (Int) -> Int) -> Int {
        var low = 1
        var high = Swift.max(1, max)
        while low < high {
            let mid = (low + high + 1) / 2
            if cost(mid) <= budget { low = mid } else { high = mid - 1 }
        }
        return low
    }
}

extension ShopifyCatalogReader.Statistics {
    mutating func record(_ answer: ShopifyGraphQLClient.Answer) {
        requests += 1 + answer.throttledResponses
        throttledResponses += answer.throttledResponses
        if serverStart == nil { serverStart = answer.serverDate }
        actualCost += answer.cost?.actual ?? answer.cost?.requested ?? 0
    }
}
