/// Every GraphQL operation the Shopify adapter sends, with the requested cost Shopify will charge
/// for it, so a page can be sized to fit the bucket before it is sent.
///
/// Shopify's requested cost (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits):
/// scalars and enums 0, objects 1, a connection 2 plus `first` times the cost of one node, a
/// mutation 10. The tests validate each document against the Admin schema and check each formula
/// against the simulator's calculation.
public enum ShopifyOperations {
    /// The fields Concord reads of a variant (no inventory levels: those come per location).
    static let variantFields = """
        id sku barcode title price compareAtPrice position updatedAt inventoryPolicy
        selectedOptions { name value }
        inventoryItem { id tracked measurement { weight { unit value } } }
        """

    /// Cost of one variant node with `variantFields`: the variant, its selected options list,
    /// the inventory item, its measurement and weight.
    static let variantNodeCost = 5

    /// `variantFields` plus the variant's stock at up to `$levels` locations, for incremental reads
    /// (a few changed products, each read whole).
    static let variantFieldsWithStock = """
        id sku barcode title price compareAtPrice position updatedAt inventoryPolicy
        selectedOptions { name value }
        inventoryItem {
          id tracked measurement { weight { unit value } }
          inventoryLevels(first: $levels) {
            nodes { location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } }
          }
        }
        """

    /// A variant with its stock: `variantNodeCost` plus the levels connection (a level, its
    /// location and its quantities list each).
    static func variantWithStockCost(levels: Int) -> Int { variantNodeCost + 2 + levels * 3 }

    /// A changed product read whole: its fields, images, and variants with their stock.
    public static let changedProductsPage = """
        query ConcordChangedProducts($first: Int!, $after: String, $query: String, $variants: Int!, $levels: Int!) {
          products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id title handle status descriptionHtml updatedAt
              images(first: 10) { nodes { url } }
              variants(first: $variants) {
                pageInfo { hasNextPage endCursor }
                nodes { \(variantFieldsWithStock) }
              }
            }
          }
        }
        """

    public static func changedProductsPageCost(first: Int, variants: Int, levels: Int) -> Int {
        2 + first * (1 + (2 + 10 * 1) + (2 + variants * variantWithStockCost(levels: levels)))
    }

    /// The rest of a changed product's variants, with stock.
    public static let changedProductVariantsPage = """
        query ConcordChangedProductVariants($id: ID!, $first: Int!, $after: String, $levels: Int!) {
          product(id: $id) {
            variants(first: $first, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { \(variantFieldsWithStock) }
            }
          }
        }
        """

    public static func changedProductVariantsPageCost(first: Int, levels: Int) -> Int {
        1 + 2 + first * variantWithStockCost(levels: levels)
    }

    /// The fields Concord reads of a product; `$variants` variants come along on the same page.
    static let productFields = """
        id title handle status descriptionHtml updatedAt
        images(first: 10) { nodes { url } }
        variants(first: $variants) {
          pageInfo { hasNextPage endCursor }
          nodes { \(variantFields) }
        }
        """

    /// Locations, all on one page (a store has at most a few hundred), and how many products the
    /// read will page through (`$query`: those updated since the cursor on an incremental read),
    /// so that no products page asks, and waits, for more than there are.
    public static let locations = """
        query ConcordLocations($query: String) {
          shop { currencyCode }
          productsCount(query: $query, limit: 10000) { count precision }
          locations(first: 250, includeInactive: false) {
            nodes { id name isActive }
          }
        }
        """
    public static let locationsCost = 1 + 1 + 2 + 250 * 1

    /// One page of products (with their first `$variants` variants), oldest update first, so that
    /// an interrupted read resumes from the last `updatedAt` it saw.
    public static let productsPage = """
        query ConcordProducts($first: Int!, $after: String, $query: String, $variants: Int!) {
          products(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes { \(productFields) }
          }
        }
        """

    /// Requested cost of `productsPage`: per product the product, its images connection and its
    /// variants connection.
    public static func productsPageCost(first: Int, variants: Int) -> Int {
        2 + first * (1 + (2 + 10 * 1) + (2 + variants * variantNodeCost))
    }

    /// The rest of one product's variants, when it has more than fit on the products page.
    public static let productVariantsPage = """
        query ConcordProductVariants($id: ID!, $first: Int!, $after: String) {
          product(id: $id) {
            variants(first: $first, after: $after) {
              pageInfo { hasNextPage endCursor }
              nodes { \(variantFields) }
            }
          }
        }
        """

    public static func productVariantsPageCost(first: Int) -> Int {
        1 + 2 + first * variantNodeCost
    }

    /// One page of a location's inventory levels, optionally only those updated since a time.
    public static let inventoryLevelsPage = """
        query ConcordInventoryLevels($location: ID!, $first: Int!, $after: String, $query: String) {
          location(id: $location) {
            inventoryLevels(first: $first, after: $after, query: $query) {
              pageInfo { hasNextPage endCursor }
              nodes {
                updatedAt
                item { id variant { id } }
                quantities(names: ["available", "on_hand", "committed"]) { name quantity }
              }
            }
          }
        }
        """

    /// The location, the connection, and per level: the level, its item, the item's variant and
    /// the quantities list.
    public static func inventoryLevelsPageCost(first: Int) -> Int {
        1 + 2 + first * 4
    }

    /// Variants by id, with their products and stock: for listings whose stock changed but whose
    /// product did not.
    public static let variantsByID = """
        query ConcordVariantsByID($ids: [ID!]!, $levels: Int!) {
          nodes(ids: $ids) {
            ... on ProductVariant {
              \(variantFieldsWithStock)
              product { id title handle status descriptionHtml updatedAt images(first: 10) { nodes { url } } }
            }
          }
        }
        """

    /// Per id: the node (a variant with stock), its product and the product's images.
    public static func variantsByIDCost(count: Int, levels: Int) -> Int {
        count * (variantWithStockCost(levels: levels) + 1 + (2 + 10))
    }

    /// How many orders a read since a time will page through: a point or two, where an orders
    /// page asks for up to the single-query maximum up front. Shopify checks the *requested* cost
    /// against the bucket before it runs a query (shopify.dev/docs/api/usage/rate-limits), so a
    /// page sized for 6 orders of 50 lines waits for ~960 points even when the store has no new
    /// order; the count lets a quiet store skip the page and a busy one ask for what it has.
    /// `Count.precision` is `AT_LEAST` when there are more than `limit`.
    public static let ordersCount = """
        query ConcordOrdersCount($query: String) {
          ordersCount(query: $query, limit: 10000) { count precision }
        }
        """
    public static let ordersCountCost = 1 + 1

    /// One page of orders updated since a time, with their lines. No customer, address or email
    /// field is asked for: Concord keeps orders without them.
    public static let ordersPage = """
        query ConcordOrders($first: Int!, $after: String, $query: String, $lines: Int!) {
          orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id name createdAt updatedAt processedAt cancelledAt
              displayFinancialStatus displayFulfillmentStatus
              fulfillments(first: 20) { createdAt }
              refunds(first: 20) { id }
              fulfillmentOrders(first: 5) { nodes { status assignedLocation { name location { id } } } }
              lineItems(first: $lines) {
                pageInfo { hasNextPage }
                nodes { id sku quantity currentQuantity unfulfilledQuantity variant { id } }
              }
            }
          }
        }
        """

    /// Per order: the order, its fulfillments and refunds lists (a list with `first` counts each
    /// item), its fulfillment orders (each with its assigned location and that location) and its
    /// line items connection (each line and its variant).
    public static func ordersPageCost(first: Int, lines: Int) -> Int {
        2 + first * (1 + 20 + 20 + (2 + 5 * 3) + (2 + lines * 2))
    }

    /// The lines of refunds named by id, with how each was restocked (`RETURN`: shipped units back
    /// on the shelf; `CANCEL`: unshipped units back to available; `NO_RESTOCK`). A cancelled
    /// order's `orderCancel` leaves such a refund too. Asked only for orders whose `refunds` list
    /// is not empty, so an order page without refunds costs no second request.
    public static let refundLines = """
        query ConcordRefundLines($ids: [ID!]!, $lines: Int!) {
          nodes(ids: $ids) {
            ... on Refund {
              id
              refundLineItems(first: $lines) { pageInfo { hasNextPage } nodes { quantity restockType lineItem { id } } }
            }
          }
        }
        """

    /// Per refund: the refund, its connection, and each refund line with its line item.
    public static func refundLinesCost(count: Int, lines: Int) -> Int {
        1 + count * (1 + 2 + lines * 2)
    }

    /// The units each fulfilment of an order shipped per line item: the gross shipped count, which
    /// the order read does not give once a shipped unit is refunded without restock
    /// (`currentQuantity` falls and `NO_RESTOCK` does not say whether the unit had shipped).
    /// Asked only for orders with such refund lines and a fulfilment.
    public static let orderFulfillments = """
        query ConcordOrderFulfillments($ids: [ID!]!, $lines: Int!) {
          nodes(ids: $ids) {
            ... on Order {
              id
              fulfillments(first: 10) {
                status
                fulfillmentLineItems(first: $lines) { pageInfo { hasNextPage } nodes { quantity lineItem { id } } }
              }
            }
          }
        }
        """

    /// Per order: the order, ten fulfilments, each with its connection and lines.
    public static func orderFulfillmentsCost(count: Int, lines: Int) -> Int {
        1 + count * (1 + 10 * (1 + 2 + lines * 2))
    }

    // MARK: Bulk reads

    /// The bulk query for a whole catalog: every product, variant and inventory level, written by
    /// Shopify as JSON Lines where each variant carries its product's id in `__parentId` and each
    /// level its variant's (https://shopify.dev/docs/api/usage/bulk-operations/queries).
    public static let bulkCatalogQuery = bulkCatalogQuery(filter: nil)

    /// The bulk query for the products `filter` (Shopify's search syntax, e.g. `updated_at:>=…`)
    /// selects, or all of them.
    public static func bulkCatalogQuery(filter: String?) -> String {
        let arguments =
            filter.map { "(query: \"\($0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\""))\")" }
            ?? ""
        return """
            {
              products\(arguments) {
                edges { node {
                  id title handle status descriptionHtml updatedAt
                  images(first: 10) { edges { node { url } } }
                  variants { edges { node {
                    id sku barcode title price compareAtPrice position updatedAt inventoryPolicy
                    selectedOptions { name value }
                    inventoryItem {
                      id tracked measurement { weight { unit value } }
                      inventoryLevels { edges { node { location { id } quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } }
                    }
                  } } }
                } }
              }
            }
            """
    }

    /// Starts a bulk query.
    public static let bulkOperationRunQuery = """
        mutation ConcordBulkRun($query: String!) {
          bulkOperationRunQuery(query: $query) {
            bulkOperation { id status }
            userErrors { field message code }
          }
        }
        """

    /// Where a bulk operation stands.
    public static let bulkOperationStatus = """
        query ConcordBulkStatus($id: ID!) {
          node(id: $id) {
            ... on BulkOperation { id status errorCode objectCount url partialDataUrl }
          }
        }
        """
    public static let bulkOperationStatusCost = 1

    // MARK: Writes

    /// Sets quantities as a compare-and-set: each quantity applies only if the store still holds
    /// `compareQuantity`, else Shopify answers `COMPARE_QUANTITY_STALE` for the call.
    public static let inventorySetQuantities = """
        mutation ConcordSetQuantities($input: InventorySetQuantitiesInput!) {
          inventorySetQuantities(input: $input) {
            inventoryAdjustmentGroup { reason referenceDocumentUri changes { name delta quantityAfterChange item { id } location { id } } }
            userErrors { field message code }
          }
        }
        """

    /// Prices, compare-at prices, barcodes and weights of products' variants: `productVariantsBulkUpdate`
    /// for several products in one request, one alias (`p0`, `p1`, …) per product, each with its
    /// own `$productId<i>`/`$variants<i>` and its own `userErrors`. A weight is the inventory
    /// item's (`inventoryItem: { measurement: { weight: { value, unit } } }`, the
    /// `InventoryItemMeasurementInput` of API 2024-07 and later, when `weight` left the variant).
    ///
    /// Shopify runs every mutation field of a document and charges each against the same cost
    /// budget (a mutation field costs 10, shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits),
    /// so one request carries as many products as the single-query maximum allows: a price
    /// change across 100 products is one request, not 100.
    public static func productVariantsBulkUpdates(count: Int) -> String {
        let count = max(1, count)
        let parameters = (0..<count).map { "$productId\($0): ID!, $variants\($0): [ProductVariantsBulkInput!]!" }.joined(separator: ", ")
        let fields = (0..<count).map { index in
            """
              p\(index): productVariantsBulkUpdate(productId: $productId\(index), variants: $variants\(index), allowPartialUpdates: true) {
                productVariants { id price compareAtPrice barcode inventoryItem { measurement { weight { unit value } } } }
                userErrors { field message code }
              }
            """
        }.joined(separator: "\n")
        return "mutation ConcordVariantsUpdates(\(parameters)) {\n\(fields)\n}"
    }

    /// What one aliased field of ``productVariantsBulkUpdates(count:)`` may cost for a product
    /// whose input names `variants` variants: since 2025-10 the mutation's complexity is 10 points
    /// plus 0.2 a variant (shopify.dev/changelog/dynamic-complexity-for-productvariantsbulkcreate-and-productvariantsbulkupdate-mutations),
    /// rounded up here, so a document of large products still fits the single-query maximum.
    public static func productVariantsBulkUpdateCost(variants: Int) -> Int { mutationCost + (max(0, variants) + 4) / 5 }

    /// Images the reader sees of a product (`images(first: 10)`): an image precondition compares
    /// this many, as the listing holds them.
    static let imagesRead = 10

    /// Media a writer reads of a product to change its images: enough to see every image the
    /// catalog can ask for and the extras to take away.
    static let mediaRead = 50

    /// Titles, descriptions and status of products, and media to add to each from URLs: one
    /// aliased `productUpdate` (`p0`, `p1`, …) per product, as many a request as the cost allows.
    ///
    /// `product: ProductUpdateInput` replaced `input: ProductInput` in 2024-10; `media:` adds
    /// images in the same call (Shopify downloads each `originalSource`), appended after the
    /// product's media in the order given. The answer lists the media with their ids, so a reorder
    /// can follow without another read.
    public static func productUpdates(count: Int) -> String {
        let count = max(1, count)
        let parameters = (0..<count).map { "$product\($0): ProductUpdateInput!, $media\($0): [CreateMediaInput!]" }.joined(separator: ", ")
        let fields = (0..<count).map { index in
            """
              p\(index): productUpdate(product: $product\(index), media: $media\(index)) {
                product {
                  id title descriptionHtml status
                  media(first: \(mediaRead)) { nodes { id mediaContentType ... on MediaImage { image { url } } } }
                }
                userErrors { field message }
              }
            """
        }.joined(separator: "\n")
        return "mutation ConcordProductUpdates(\(parameters)) {\n\(fields)\n}"
    }

    /// What one aliased field of ``productUpdates(count:)`` may cost: 10 points plus 1.9 a media
    /// item added (the 2025-10 dynamic complexity of `productUpdate`,
    /// shopify.dev/changelog/dynamic-complexity-cost-for-productcreate-and-productupdate-mutations), rounded up.
    public static func productUpdateCost(media: Int) -> Int { mutationCost + (max(0, media) * 19 + 9) / 10 }

    /// The media of products, by product id, for image writes.
    public static let productMedia = """
        query ConcordProductMedia($ids: [ID!]!) {
          nodes(ids: $ids) {
            ... on Product {
              id
              media(first: \(mediaRead)) { nodes { id mediaContentType ... on MediaImage { image { url } } } }
            }
          }
        }
        """

    /// Per product: the product, its media connection, and per medium the medium and its image.
    public static func productMediaCost(count: Int) -> Int { count * (1 + 2 + mediaRead * 2) }

    /// Takes media off products: `fileUpdate` with the product in `referencesToRemove`, many files
    /// (of many products) a call. `productDeleteMedia` did this one product a call and is
    /// deprecated in the schema Concord validates against ("Use `fileUpdate` instead").
    public static let fileUpdate = """
        mutation ConcordDetachMedia($files: [FileUpdateInput!]!) {
          fileUpdate(files: $files) {
            files { id }
            userErrors { field message code }
          }
        }
        """

    /// Puts a product's media in order. Shopify runs the moves as a job; the answer says whether
    /// it is done, and the next read shows the order.
    public static let productReorderMedia = """
        mutation ConcordReorderMedia($id: ID!, $moves: [MoveInput!]!) {
          productReorderMedia(id: $id, moves: $moves) {
            job { id done }
            mediaUserErrors { field message code }
          }
        }
        """

    public static let mutationCost = 10

    /// Every operation, for the schema test.
    public static var all: [(name: String, document: String)] {
        [
            ("locations", locations), ("productsPage", productsPage), ("productVariantsPage", productVariantsPage),
            ("changedProductsPage", changedProductsPage), ("changedProductVariantsPage", changedProductVariantsPage),
            ("inventoryLevelsPage", inventoryLevelsPage), ("variantsByID", variantsByID), ("ordersPage", ordersPage),
            ("ordersCount", ordersCount), ("refundLines", refundLines), ("orderFulfillments", orderFulfillments),
            ("inventorySetQuantities", inventorySetQuantities), ("productVariantsBulkUpdates", productVariantsBulkUpdates(count: 3)),
            ("productUpdates", productUpdates(count: 2)), ("productMedia", productMedia), ("fileUpdate", fileUpdate),
            ("productReorderMedia", productReorderMedia), ("bulkOperationRunQuery", bulkOperationRunQuery),
            ("bulkOperationStatus", bulkOperationStatus), ("bulkCatalogQuery", bulkCatalogQuery), ("variantsBySKU", variantsBySKU),
        ]
    }
}
