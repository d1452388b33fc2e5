// The subset of Shopify's Admin GraphQL schema the simulator serves, as SDL.
//
// Copied from `../shared/fixtures/shopify/admin_schema.graphql` (Shopify/cli's dump of the Admin API,
// "unstable" build of Dec 2024): every type, field, argument and enum value below has the same name
// and type there. Only what the simulator can answer is kept: fields it does not resolve, arguments
// whose input types it does not model, and interfaces other than `Node`, `Media` and
// `DisplayableError` were left out, so a client asking for them gets Shopify's `undefinedField`
// error, as it would for a typo. Descriptions were stripped to keep the file small.

enum AdminSchemaSDL {
    static let source = #"""
        schema {
          query: QueryRoot
          mutation: Mutation
        }

        type QueryRoot {
          currentBulkOperation(type: BulkOperationType = QUERY): BulkOperation
          inventoryItem(id: ID!): InventoryItem
          inventoryItems(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false): InventoryItemConnection!
          inventoryLevel(id: ID!): InventoryLevel
          location(id: ID): Location
          locations(after: String, before: String, first: Int, includeInactive: Boolean = false, includeLegacy: Boolean = false, last: Int, query: String, reverse: Boolean = false, sortKey: LocationSortKeys = NAME): LocationConnection!
          locationsCount(query: String): Count
          node(id: ID!): Node
          nodes(ids: [ID!]!): [Node]!
          order(id: ID!): Order
          orders(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, savedSearchId: ID, sortKey: OrderSortKeys = PROCESSED_AT): OrderConnection!
          ordersCount(limit: Int, query: String, savedSearchId: ID): Count
          product(id: ID!): Product
          productByHandle(handle: String!): Product @deprecated(reason: "Use `productByIdentifier` instead.")
          productVariant(id: ID!): ProductVariant
          productVariants(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, savedSearchId: ID, sortKey: ProductVariantSortKeys = ID): ProductVariantConnection!
          productVariantsCount(query: String): Count
          products(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, savedSearchId: ID, sortKey: ProductSortKeys = ID): ProductConnection!
          productsCount(limit: Int, query: String, savedSearchId: ID): Count
          shop: Shop!
        }

        type Mutation {
          bulkOperationCancel(id: ID!): BulkOperationCancelPayload
          bulkOperationRunQuery(query: String!): BulkOperationRunQueryPayload
          fileUpdate(files: [FileUpdateInput!]!): FileUpdatePayload
          fulfillmentCreate(fulfillment: FulfillmentInput!, message: String): FulfillmentCreatePayload
          inventoryAdjustQuantities(input: InventoryAdjustQuantitiesInput!): InventoryAdjustQuantitiesPayload
          inventorySetQuantities(input: InventorySetQuantitiesInput!): InventorySetQuantitiesPayload
          orderCancel(notifyCustomer: Boolean = false, orderId: ID!, reason: OrderCancelReason!, refund: Boolean!, restock: Boolean!, staffNote: String = null): OrderCancelPayload
          productCreate(input: ProductInput @deprecated(reason: "Deprecated as of `2024-10`.\n\nUse `product` argument instead.\n"), product: ProductCreateInput): ProductCreatePayload
          productDelete(input: ProductDeleteInput!, synchronous: Boolean = true): ProductDeletePayload
          productSet(input: ProductSetInput!, synchronous: Boolean = true): ProductSetPayload
          productReorderMedia(id: ID!, moves: [MoveInput!]!): ProductReorderMediaPayload
          productUpdate(input: ProductInput @deprecated(reason: "Deprecated as of `2024-10`.\n\nUse `product` argument instead.\n"), media: [CreateMediaInput!], product: ProductUpdateInput): ProductUpdatePayload
          productVariantsBulkCreate(productId: ID!, strategy: ProductVariantsBulkCreateStrategy = DEFAULT, variants: [ProductVariantsBulkInput!]!): ProductVariantsBulkCreatePayload
          productVariantsBulkUpdate(allowPartialUpdates: Boolean = false, productId: ID!, variants: [ProductVariantsBulkInput!]!): ProductVariantsBulkUpdatePayload
          refundCreate(input: RefundInput!): RefundCreatePayload
        }

        interface Node {
          id: ID!
        }

        interface DisplayableError {
          field: [String!]
          message: String!
        }

        interface File {
          alt: String
          createdAt: DateTime!
          fileStatus: FileStatus!
          id: ID!
          preview: MediaPreviewImage
          updatedAt: DateTime!
        }

        enum FileStatus {
          FAILED
          PROCESSING
          READY
          UPLOADED
        }

        interface Media {
          alt: String
          id: ID!
          mediaContentType: MediaContentType!
          preview: MediaPreviewImage
          status: MediaStatus!
        }

        scalar DateTime

        scalar Money

        scalar Decimal

        scalar HTML

        scalar URL

        scalar UnsignedInt64

        type PageInfo {
          endCursor: String
          hasNextPage: Boolean!
          hasPreviousPage: Boolean!
          startCursor: String
        }

        type Count {
          count: Int!
          precision: CountPrecision!
        }

        enum CountPrecision {
          AT_LEAST
          EXACT
        }

        type Shop implements Node {
          contactEmail: String!
          createdAt: DateTime!
          currencyCode: CurrencyCode!
          email: String!
          enabledPresentmentCurrencies: [CurrencyCode!]!
          ianaTimezone: String!
          id: ID!
          myshopifyDomain: String!
          name: String!
          timezoneAbbreviation: String!
          updatedAt: DateTime!
          url: URL!
          weightUnit: WeightUnit!
        }

        enum WeightUnit {
          GRAMS
          KILOGRAMS
          OUNCES
          POUNDS
        }

        enum CurrencyCode {
          AED
          AFN
          ALL
          AMD
          ANG
          AOA
          ARS
          AUD
          AWG
          AZN
          BAM
          BBD
          BDT
          BGN
          BHD
          BIF
          BMD
          BND
          BOB
          BRL
          BSD
          BTN
          BWP
          BYN
          BYR @deprecated(reason: "`BYR` is deprecated. Use `BYN` available from version `2021-01` onwards instead.")
          BZD
          CAD
          CDF
          CHF
          CLP
          CNY
          COP
          CRC
          CVE
          CZK
          DJF
          DKK
          DOP
          DZD
          EGP
          ERN
          ETB
          EUR
          FJD
          FKP
          GBP
          GEL
          GHS
          GIP
          GMD
          GNF
          GTQ
          GYD
          HKD
          HNL
          HRK
          HTG
          HUF
          IDR
          ILS
          INR
          IQD
          IRR
          ISK
          JEP
          JMD
          JOD
          JPY
          KES
          KGS
          KHR
          KID
          KMF
          KRW
          KWD
          KYD
          KZT
          LAK
          LBP
          LKR
          LRD
          LSL
          LTL
          LVL
          LYD
          MAD
          MDL
          MGA
          MKD
          MMK
          MNT
          MOP
          MRU
          MUR
          MVR
          MWK
          MXN
          MYR
          MZN
          NAD
          NGN
          NIO
          NOK
          NPR
          NZD
          OMR
          PAB
          PEN
          PGK
          PHP
          PKR
          PLN
          PYG
          QAR
          RON
          RSD
          RUB
          RWF
          SAR
          SBD
          SCR
          SDG
          SEK
          SGD
          SHP
          SLL
          SOS
          SRD
          SSP
          STD @deprecated(reason: "`STD` is deprecated. Use `STN` available from version `2022-07` onwards instead.")
          STN
          SYP
          SZL
          THB
          TJS
          TMT
          TND
          TOP
          TRY
          TTD
          TWD
          TZS
          UAH
          UGX
          USD
          UYU
          UZS
          VED
          VEF @deprecated(reason: "`VEF` is deprecated. Use `VES` available from version `2020-10` onwards instead.")
          VES
          VND
          VUV
          WST
          XAF
          XCD
          XOF
          XPF
          XXX
          YER
          ZAR
          ZMW
        }

        type Product implements Node {
          createdAt: DateTime!
          descriptionHtml: HTML!
          featuredImage: Image @deprecated(reason: "Use `featuredMedia` instead.")
          featuredMedia: Media
          handle: String!
          hasOnlyDefaultVariant: Boolean!
          id: ID!
          images(after: String, before: String, first: Int, last: Int, maxHeight: Int @deprecated(reason: "Use `Image.url(transform: { maxHeight:})` instead."), maxWidth: Int @deprecated(reason: "Use `Image.url(transform: { maxWidth:})` instead."), reverse: Boolean = false, scale: Int = 1 @deprecated(reason: "Use `Image.url(transform: { scale:})` instead."), sortKey: ProductImageSortKeys = POSITION): ImageConnection! @deprecated(reason: "Use `media` instead.")
          legacyResourceId: UnsignedInt64!
          media(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false, sortKey: ProductMediaSortKeys = POSITION): MediaConnection!
          options(first: Int): [ProductOption!]!
          productType: String!
          publishedAt: DateTime
          status: ProductStatus!
          tags: [String!]!
          title: String!
          totalInventory: Int!
          tracksInventory: Boolean!
          updatedAt: DateTime!
          variants(after: String, before: String, first: Int, last: Int, reverse: Boolean = false, sortKey: ProductVariantSortKeys = POSITION): ProductVariantConnection!
          variantsCount: Count
          vendor: String!
        }

        enum ProductStatus {
          ACTIVE
          ARCHIVED
          DRAFT
        }

        enum ProductSortKeys {
          CREATED_AT
          ID
          INVENTORY_TOTAL
          PRODUCT_TYPE
          PUBLISHED_AT
          RELEVANCE
          TITLE
          UPDATED_AT
          VENDOR
        }

        enum ProductVariantSortKeys {
          FULL_TITLE
          ID
          INVENTORY_LEVELS_AVAILABLE
          INVENTORY_MANAGEMENT
          INVENTORY_POLICY
          INVENTORY_QUANTITY
          NAME
          POPULAR
          POSITION
          RELEVANCE
          SKU
          TITLE
        }

        enum ProductImageSortKeys {
          CREATED_AT
          ID
          POSITION
          RELEVANCE
        }

        enum ProductMediaSortKeys {
          ID
          POSITION
          RELEVANCE
        }

        type ProductConnection {
          edges: [ProductEdge!]!
          nodes: [Product!]!
          pageInfo: PageInfo!
        }

        type ProductEdge {
          cursor: String!
          node: Product!
        }

        type ProductOption implements Node {
          id: ID!
          name: String!
          position: Int!
          values: [String!]!
        }

        type Image {
          altText: String
          height: Int
          id: ID
          url: URL!
          width: Int
        }

        type ImageConnection {
          edges: [ImageEdge!]!
          nodes: [Image!]!
          pageInfo: PageInfo!
        }

        type ImageEdge {
          cursor: String!
          node: Image!
        }

        type MediaConnection {
          edges: [MediaEdge!]!
          nodes: [Media!]!
          pageInfo: PageInfo!
        }

        type MediaEdge {
          cursor: String!
          node: Media!
        }

        type MediaImage implements File & Media & Node {
          alt: String
          createdAt: DateTime!
          fileStatus: FileStatus!
          id: ID!
          image: Image
          mediaContentType: MediaContentType!
          mimeType: String
          preview: MediaPreviewImage
          status: MediaStatus!
          updatedAt: DateTime!
        }

        type MediaPreviewImage {
          image: Image
          status: MediaPreviewImageStatus!
        }

        enum MediaPreviewImageStatus {
          FAILED
          PROCESSING
          READY
          UPLOADED
        }

        enum MediaContentType {
          EXTERNAL_VIDEO
          IMAGE
          MODEL_3D
          VIDEO
        }

        enum MediaStatus {
          FAILED
          PROCESSING
          READY
          UPLOADED
        }

        type ProductVariant implements Node {
          availableForSale: Boolean!
          barcode: String
          compareAtPrice: Money
          createdAt: DateTime!
          displayName: String!
          id: ID!
          inventoryItem: InventoryItem!
          inventoryPolicy: ProductVariantInventoryPolicy!
          inventoryQuantity: Int
          legacyResourceId: UnsignedInt64!
          position: Int!
          price: Money!
          product: Product!
          selectedOptions: [SelectedOption!]!
          sku: String
          taxable: Boolean!
          title: String!
          updatedAt: DateTime!
        }

        enum ProductVariantInventoryPolicy {
          CONTINUE
          DENY
        }

        type ProductVariantConnection {
          edges: [ProductVariantEdge!]!
          nodes: [ProductVariant!]!
          pageInfo: PageInfo!
        }

        type ProductVariantEdge {
          cursor: String!
          node: ProductVariant!
        }

        type SelectedOption {
          name: String!
          value: String!
        }

        type InventoryItemMeasurement implements Node {
          id: ID!
          weight: Weight
        }

        type Weight {
          unit: WeightUnit!
          value: Float!
        }

        type InventoryItem implements Node {
          createdAt: DateTime!
          duplicateSkuCount: Int!
          id: ID!
          inventoryLevel(locationId: ID!): InventoryLevel
          inventoryLevels(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false): InventoryLevelConnection!
          legacyResourceId: UnsignedInt64!
          measurement: InventoryItemMeasurement!
          requiresShipping: Boolean!
          sku: String
          tracked: Boolean!
          updatedAt: DateTime!
          variant: ProductVariant!
        }

        type InventoryItemConnection {
          edges: [InventoryItemEdge!]!
          nodes: [InventoryItem!]!
          pageInfo: PageInfo!
        }

        type InventoryItemEdge {
          cursor: String!
          node: InventoryItem!
        }

        type InventoryLevel implements Node {
          createdAt: DateTime!
          id: ID!
          item: InventoryItem!
          location: Location!
          quantities(names: [String!]!): [InventoryQuantity!]!
          updatedAt: DateTime!
        }

        type InventoryLevelConnection {
          edges: [InventoryLevelEdge!]!
          nodes: [InventoryLevel!]!
          pageInfo: PageInfo!
        }

        type InventoryLevelEdge {
          cursor: String!
          node: InventoryLevel!
        }

        type InventoryQuantity implements Node {
          id: ID!
          name: String!
          quantity: Int!
          updatedAt: DateTime
        }

        type Location implements Node {
          activatable: Boolean!
          createdAt: DateTime!
          deactivatable: Boolean!
          fulfillsOnlineOrders: Boolean!
          hasActiveInventory: Boolean!
          id: ID!
          inventoryLevel(inventoryItemId: ID!): InventoryLevel
          inventoryLevels(after: String, before: String, first: Int, last: Int, query: String, reverse: Boolean = false): InventoryLevelConnection!
          isActive: Boolean!
          legacyResourceId: UnsignedInt64!
          name: String!
          shipsInventory: Boolean!
          updatedAt: DateTime!
        }

        type LocationConnection {
          edges: [LocationEdge!]!
          nodes: [Location!]!
          pageInfo: PageInfo!
        }

        type LocationEdge {
          cursor: String!
          node: Location!
        }

        enum LocationSortKeys {
          ID
          NAME
          RELEVANCE
        }

        type Order implements Node {
          billingAddress: MailingAddress
          cancelReason: OrderCancelReason
          cancelledAt: DateTime
          closed: Boolean!
          closedAt: DateTime
          createdAt: DateTime!
          currencyCode: CurrencyCode!
          customer: Customer
          displayFinancialStatus: OrderDisplayFinancialStatus
          displayFulfillmentStatus: OrderDisplayFulfillmentStatus!
          email: String
          fulfillmentOrders(after: String, before: String, displayable: Boolean = false, first: Int, last: Int, query: String, reverse: Boolean = false): FulfillmentOrderConnection!
          fulfillments(first: Int): [Fulfillment!]!
          id: ID!
          legacyResourceId: UnsignedInt64!
          lineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): LineItemConnection!
          name: String!
          phone: String
          processedAt: DateTime!
          refunds(first: Int): [Refund!]!
          shippingAddress: MailingAddress
          subtotalLineItemsQuantity: Int!
          test: Boolean!
          totalPriceSet: MoneyBag!
          updatedAt: DateTime!
        }

        type Refund implements Node {
          createdAt: DateTime
          id: ID!
          legacyResourceId: UnsignedInt64!
          note: String
          order: Order!
          refundLineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): RefundLineItemConnection!
          totalRefundedSet: MoneyBag!
          updatedAt: DateTime!
        }

        type RefundLineItem {
          id: ID
          lineItem: LineItem!
          location: Location
          priceSet: MoneyBag!
          quantity: Int!
          restockType: RefundLineItemRestockType!
          restocked: Boolean!
          subtotalSet: MoneyBag!
        }

        type RefundLineItemConnection {
          edges: [RefundLineItemEdge!]!
          nodes: [RefundLineItem!]!
          pageInfo: PageInfo!
        }

        type RefundLineItemEdge {
          cursor: String!
          node: RefundLineItem!
        }

        enum RefundLineItemRestockType {
          CANCEL
          LEGACY_RESTOCK
          NO_RESTOCK
          RETURN
        }

        input RefundInput {
          currency: CurrencyCode
          note: String
          notify: Boolean
          orderId: ID!
          refundLineItems: [RefundLineItemInput!]
        }

        input RefundLineItemInput {
          lineItemId: ID!
          locationId: ID
          quantity: Int!
          restockType: RefundLineItemRestockType
        }

        type RefundCreatePayload {
          order: Order
          refund: Refund
          userErrors: [UserError!]!
        }

        type OrderCancelPayload {
          job: Job
          orderCancelUserErrors: [OrderCancelUserError!]!
          userErrors: [UserError!]! @deprecated(reason: "Use `orderCancelUserErrors` instead.")
        }

        type OrderCancelUserError implements DisplayableError {
          code: OrderCancelUserErrorCode
          field: [String!]
          message: String!
        }

        enum OrderCancelUserErrorCode {
          INVALID
          NOT_FOUND
          NO_REFUND_PERMISSION
        }

        input FulfillmentInput {
          lineItemsByFulfillmentOrder: [FulfillmentOrderLineItemsInput!]!
          notifyCustomer: Boolean = false
          trackingInfo: FulfillmentTrackingInput
        }

        input FulfillmentOrderLineItemsInput {
          fulfillmentOrderId: ID!
          fulfillmentOrderLineItems: [FulfillmentOrderLineItemInput!]
        }

        input FulfillmentOrderLineItemInput {
          id: ID!
          quantity: Int!
        }

        input FulfillmentTrackingInput {
          company: String
          number: String
          numbers: [String!]
          url: URL
          urls: [URL!]
        }

        type FulfillmentCreatePayload {
          fulfillment: Fulfillment
          userErrors: [UserError!]!
        }

        type FulfillmentOrder implements Node {
          assignedLocation: FulfillmentOrderAssignedLocation!
          createdAt: DateTime!
          id: ID!
          lineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): FulfillmentOrderLineItemConnection!
          orderId: ID!
          orderName: String!
          orderProcessedAt: DateTime!
          status: FulfillmentOrderStatus!
          updatedAt: DateTime!
        }

        type FulfillmentOrderAssignedLocation {
          location: Location
          name: String!
        }

        type FulfillmentOrderConnection {
          edges: [FulfillmentOrderEdge!]!
          nodes: [FulfillmentOrder!]!
          pageInfo: PageInfo!
        }

        type FulfillmentOrderEdge {
          cursor: String!
          node: FulfillmentOrder!
        }

        enum FulfillmentOrderStatus {
          CANCELLED
          CLOSED
          INCOMPLETE
          IN_PROGRESS
          ON_HOLD
          OPEN
          SCHEDULED
        }

        enum OrderCancelReason {
          CUSTOMER
          DECLINED
          FRAUD
          INVENTORY
          OTHER
          STAFF
        }

        type OrderConnection {
          edges: [OrderEdge!]!
          nodes: [Order!]!
          pageInfo: PageInfo!
        }

        type OrderEdge {
          cursor: String!
          node: Order!
        }

        enum OrderSortKeys {
          CREATED_AT
          CUSTOMER_NAME
          DESTINATION
          FINANCIAL_STATUS
          FULFILLMENT_STATUS
          ID
          ORDER_NUMBER
          PO_NUMBER
          PROCESSED_AT
          RELEVANCE
          TOTAL_ITEMS_QUANTITY
          TOTAL_PRICE
          UPDATED_AT
        }

        enum OrderDisplayFinancialStatus {
          AUTHORIZED
          EXPIRED
          PAID
          PARTIALLY_PAID
          PARTIALLY_REFUNDED
          PENDING
          REFUNDED
          VOIDED
        }

        enum OrderDisplayFulfillmentStatus {
          FULFILLED
          IN_PROGRESS
          ON_HOLD
          OPEN
          PARTIALLY_FULFILLED
          PENDING_FULFILLMENT
          REQUEST_DECLINED
          RESTOCKED
          SCHEDULED
          UNFULFILLED
        }

        type LineItem implements Node {
          currentQuantity: Int!
          id: ID!
          name: String!
          originalUnitPriceSet: MoneyBag!
          product: Product
          quantity: Int!
          sku: String
          title: String!
          unfulfilledQuantity: Int!
          variant: ProductVariant
          variantTitle: String
          vendor: String
        }

        type LineItemConnection {
          edges: [LineItemEdge!]!
          nodes: [LineItem!]!
          pageInfo: PageInfo!
        }

        type LineItemEdge {
          cursor: String!
          node: LineItem!
        }

        type FulfillmentOrderLineItem implements Node {
          id: ID!
          inventoryItemId: ID
          lineItem: LineItem!
          remainingQuantity: Int!
          sku: String
          totalQuantity: Int!
          variant: ProductVariant
        }

        type FulfillmentOrderLineItemConnection {
          edges: [FulfillmentOrderLineItemEdge!]!
          nodes: [FulfillmentOrderLineItem!]!
          pageInfo: PageInfo!
        }

        type FulfillmentOrderLineItemEdge {
          cursor: String!
          node: FulfillmentOrderLineItem!
        }

        type FulfillmentLineItem implements Node {
          id: ID!
          lineItem: LineItem!
          quantity: Int
        }

        type FulfillmentLineItemConnection {
          edges: [FulfillmentLineItemEdge!]!
          nodes: [FulfillmentLineItem!]!
          pageInfo: PageInfo!
        }

        type FulfillmentLineItemEdge {
          cursor: String!
          node: FulfillmentLineItem!
        }

        type Fulfillment implements Node {
          createdAt: DateTime!
          fulfillmentLineItems(after: String, before: String, first: Int, last: Int, reverse: Boolean = false): FulfillmentLineItemConnection!
          id: ID!
          location: Location
          name: String!
          status: FulfillmentStatus!
          totalQuantity: Int!
          updatedAt: DateTime!
        }

        enum FulfillmentStatus {
          CANCELLED
          ERROR
          FAILURE
          OPEN @deprecated(reason: "This is a legacy status and is due to be deprecated.")
          PENDING @deprecated(reason: "This is a legacy status and is due to be deprecated.")
          SUCCESS
        }

        type MoneyBag {
          presentmentMoney: MoneyV2!
          shopMoney: MoneyV2!
        }

        type MoneyV2 {
          amount: Decimal!
          currencyCode: CurrencyCode!
        }

        type Customer implements Node {
          displayName: String!
          email: String
          firstName: String
          id: ID!
          lastName: String
          phone: String
        }

        type MailingAddress implements Node {
          address1: String
          city: String
          country: String
          countryCodeV2: CountryCode
          firstName: String
          id: ID!
          lastName: String
          name: String
          zip: String
        }

        enum CountryCode {
          AC
          AD
          AE
          AF
          AG
          AI
          AL
          AM
          AN
          AO
          AR
          AT
          AU
          AW
          AX
          AZ
          BA
          BB
          BD
          BE
          BF
          BG
          BH
          BI
          BJ
          BL
          BM
          BN
          BO
          BQ
          BR
          BS
          BT
          BV
          BW
          BY
          BZ
          CA
          CC
          CD
          CF
          CG
          CH
          CI
          CK
          CL
          CM
          CN
          CO
          CR
          CU
          CV
          CW
          CX
          CY
          CZ
          DE
          DJ
          DK
          DM
          DO
          DZ
          EC
          EE
          EG
          EH
          ER
          ES
          ET
          FI
          FJ
          FK
          FO
          FR
          GA
          GB
          GD
          GE
          GF
          GG
          GH
          GI
          GL
          GM
          GN
          GP
          GQ
          GR
          GS
          GT
          GW
          GY
          HK
          HM
          HN
          HR
          HT
          HU
          ID
          IE
          IL
          IM
          IN
          IO
          IQ
          IR
          IS
          IT
          JE
          JM
          JO
          JP
          KE
          KG
          KH
          KI
          KM
          KN
          KP
          KR
          KW
          KY
          KZ
          LA
          LB
          LC
          LI
          LK
          LR
          LS
          LT
          LU
          LV
          LY
          MA
          MC
          MD
          ME
          MF
          MG
          MK
          ML
          MM
          MN
          MO
          MQ
          MR
          MS
          MT
          MU
          MV
          MW
          MX
          MY
          MZ
          NA
          NC
          NE
          NF
          NG
          NI
          NL
          NO
          NP
          NR
          NU
          NZ
          OM
          PA
          PE
          PF
          PG
          PH
          PK
          PL
          PM
          PN
          PS
          PT
          PY
          QA
          RE
          RO
          RS
          RU
          RW
          SA
          SB
          SC
          SD
          SE
          SG
          SH
          SI
          SJ
          SK
          SL
          SM
          SN
          SO
          SR
          SS
          ST
          SV
          SX
          SY
          SZ
          TA
          TC
          TD
          TF
          TG
          TH
          TJ
          TK
          TL
          TM
          TN
          TO
          TR
          TT
          TV
          TW
          TZ
          UA
          UG
          UM
          US
          UY
          UZ
          VA
          VC
          VE
          VG
          VN
          VU
          WF
          WS
          XK
          YE
          YT
          ZA
          ZM
          ZW
          ZZ
        }

        type BulkOperation implements Node {
          completedAt: DateTime
          createdAt: DateTime!
          errorCode: BulkOperationErrorCode
          fileSize: UnsignedInt64
          id: ID!
          objectCount: UnsignedInt64!
          partialDataUrl: URL
          query: String!
          rootObjectCount: UnsignedInt64!
          status: BulkOperationStatus!
          type: BulkOperationType!
          url: URL
        }

        enum BulkOperationStatus {
          CANCELED
          CANCELING
          COMPLETED
          CREATED
          EXPIRED
          FAILED
          RUNNING
        }

        enum BulkOperationErrorCode {
          ACCESS_DENIED
          INTERNAL_SERVER_ERROR
          TIMEOUT
        }

        enum BulkOperationType {
          MUTATION
          QUERY
        }

        type BulkOperationRunQueryPayload {
          bulkOperation: BulkOperation
          userErrors: [BulkOperationUserError!]!
        }

        type BulkOperationUserError implements DisplayableError {
          code: BulkOperationUserErrorCode
          field: [String!]
          message: String!
        }

        enum BulkOperationUserErrorCode {
          INVALID
          OPERATION_IN_PROGRESS
        }

        type BulkOperationCancelPayload {
          bulkOperation: BulkOperation
          userErrors: [UserError!]!
        }

        type UserError implements DisplayableError {
          field: [String!]
          message: String!
        }

        input InventorySetQuantitiesInput {
          ignoreCompareQuantity: Boolean = false
          name: String!
          quantities: [InventoryQuantityInput!]!
          reason: String!
          referenceDocumentUri: String
        }

        input InventoryQuantityInput {
          changeFromQuantity: Int
          compareQuantity: Int
          inventoryItemId: ID!
          locationId: ID!
          quantity: Int!
        }

        type InventorySetQuantitiesPayload {
          inventoryAdjustmentGroup: InventoryAdjustmentGroup
          userErrors: [InventorySetQuantitiesUserError!]!
        }

        type InventorySetQuantitiesUserError implements DisplayableError {
          code: InventorySetQuantitiesUserErrorCode
          field: [String!]
          message: String!
        }

        enum InventorySetQuantitiesUserErrorCode {
          COMPARE_QUANTITY_REQUIRED
          COMPARE_QUANTITY_STALE
          INVALID_INVENTORY_ITEM
          INVALID_LOCATION
          INVALID_NAME
          INVALID_QUANTITY_NEGATIVE
          INVALID_QUANTITY_TOO_HIGH
          INVALID_QUANTITY_TOO_LOW
          INVALID_REASON
          INVALID_REFERENCE_DOCUMENT
          ITEM_NOT_STOCKED_AT_LOCATION
          NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR
        }

        input InventoryAdjustQuantitiesInput {
          changes: [InventoryChangeInput!]!
          name: String!
          reason: String!
          referenceDocumentUri: String
        }

        input InventoryChangeInput {
          delta: Int!
          inventoryItemId: ID!
          ledgerDocumentUri: String
          locationId: ID!
        }

        type InventoryAdjustQuantitiesPayload {
          inventoryAdjustmentGroup: InventoryAdjustmentGroup
          userErrors: [InventoryAdjustQuantitiesUserError!]!
        }

        type InventoryAdjustQuantitiesUserError implements DisplayableError {
          code: InventoryAdjustQuantitiesUserErrorCode
          field: [String!]
          message: String!
        }

        enum InventoryAdjustQuantitiesUserErrorCode {
          ADJUST_QUANTITIES_FAILED
          INTERNAL_LEDGER_DOCUMENT
          INVALID_AVAILABLE_DOCUMENT
          INVALID_INVENTORY_ITEM
          INVALID_LEDGER_DOCUMENT
          INVALID_LOCATION
          INVALID_QUANTITY_DOCUMENT
          INVALID_QUANTITY_NAME
          INVALID_QUANTITY_TOO_HIGH
          INVALID_QUANTITY_TOO_LOW
          INVALID_REASON
          INVALID_REFERENCE_DOCUMENT
          ITEM_NOT_STOCKED_AT_LOCATION
          MAX_ONE_LEDGER_DOCUMENT
          NON_MUTABLE_INVENTORY_ITEM
        }

        type InventoryAdjustmentGroup implements Node {
          changes(inventoryItemIds: [ID!], locationIds: [ID!], quantityNames: [String!]): [InventoryChange!]!
          createdAt: DateTime!
          id: ID!
          reason: String!
          referenceDocumentUri: String
        }

        type InventoryChange {
          delta: Int!
          item: InventoryItem
          ledgerDocumentUri: String
          location: Location
          name: String!
          quantityAfterChange: Int
        }

        input ProductCreateInput {
          descriptionHtml: String
          handle: String
          productOptions: [OptionCreateInput!]
          productType: String
          status: ProductStatus
          tags: [String!]
          title: String
          vendor: String
        }

        input OptionCreateInput {
          name: String
          position: Int
          values: [OptionValueCreateInput!]
        }

        input OptionValueCreateInput {
          linkedMetafieldValue: String
          name: String
        }

        input ProductInput {
          descriptionHtml: String
          handle: String
          id: ID
          productType: String
          status: ProductStatus
          tags: [String!]
          title: String
          vendor: String
        }

        input ProductUpdateInput {
          descriptionHtml: String
          handle: String
          id: ID
          productType: String
          status: ProductStatus
          tags: [String!]
          title: String
          vendor: String
        }

        input ProductSetInput {
          descriptionHtml: String
          handle: String
          id: ID
          productOptions: [OptionSetInput!]
          productType: String
          status: ProductStatus
          tags: [String!]
          title: String
          variants: [ProductVariantSetInput!]
          vendor: String
        }

        input OptionSetInput {
          id: ID
          name: String
          position: Int
          values: [OptionValueSetInput!]
        }

        input OptionValueSetInput {
          id: ID
          name: String
        }

        input ProductVariantSetInput {
          barcode: String
          compareAtPrice: Money
          id: ID
          inventoryPolicy: ProductVariantInventoryPolicy
          inventoryQuantities: [ProductSetInventoryInput!]
          optionValues: [VariantOptionValueInput!]!
          position: Int
          price: Money
          sku: String
          taxable: Boolean
        }

        input VariantOptionValueInput {
          id: ID
          linkedMetafieldValue: String
          name: String
          optionId: ID
          optionName: String
        }

        input ProductSetInventoryInput {
          locationId: ID!
          name: String!
          quantity: Int!
        }

        input ProductVariantsBulkInput {
          barcode: String
          compareAtPrice: Money
          id: ID
          inventoryItem: InventoryItemInput
          inventoryPolicy: ProductVariantInventoryPolicy
          inventoryQuantities: [InventoryLevelInput!]
          optionValues: [VariantOptionValueInput!]
          price: Money
          taxable: Boolean
        }

        input InventoryItemInput {
          measurement: InventoryItemMeasurementInput
          requiresShipping: Boolean
          sku: String
          tracked: Boolean
        }

        input InventoryItemMeasurementInput {
          weight: WeightInput
        }

        input WeightInput {
          unit: WeightUnit!
          value: Float!
        }

        input CreateMediaInput {
          alt: String
          mediaContentType: MediaContentType
          originalSource: String
        }

        input FileUpdateInput {
          alt: String
          filename: String
          id: ID!
          originalSource: String
          previewImageSource: String
          referencesToAdd: [ID!]
          referencesToRemove: [ID!]
        }

        type FileUpdatePayload {
          files: [File!]
          userErrors: [FilesUserError!]!
        }

        type FilesUserError implements DisplayableError {
          code: FilesErrorCode
          field: [String!]
          message: String!
        }

        enum FilesErrorCode {
          FILE_DOES_NOT_EXIST
          INVALID
          INVALID_IMAGE_SOURCE_URL
          MISSING_ARGUMENTS
          REFERENCE_TARGET_DOES_NOT_EXIST
          UNSUPPORTED_FILE_REFERENCE
        }

        input MoveInput {
          id: ID!
          newPosition: UnsignedInt64!
        }

        type ProductReorderMediaPayload {
          job: Job
          mediaUserErrors: [MediaUserError!]!
          userErrors: [UserError!]! @deprecated(reason: "Use `mediaUserErrors` instead.")
        }

        type Job {
          done: Boolean!
          id: ID!
        }

        type MediaUserError implements DisplayableError {
          code: MediaUserErrorCode
          field: [String!]
          message: String!
        }

        enum MediaUserErrorCode {
          BLANK
          INVALID
          MEDIA_DOES_NOT_EXIST
          MEDIA_DOES_NOT_EXIST_ON_PRODUCT
          PRODUCT_DOES_NOT_EXIST
          PRODUCT_MEDIA_LIMIT_EXCEEDED
        }

        input InventoryLevelInput {
          availableQuantity: Int!
          locationId: ID!
        }

        type ProductCreatePayload {
          product: Product
          shop: Shop!
          userErrors: [UserError!]!
        }

        type ProductUpdatePayload {
          product: Product
          userErrors: [UserError!]!
        }

        type ProductSetPayload {
          product: Product
          userErrors: [ProductSetUserError!]!
        }

        type ProductSetUserError implements DisplayableError {
          code: ProductSetUserErrorCode
          field: [String!]
          message: String!
        }

        enum ProductSetUserErrorCode {
          CANNOT_COMBINE_LINKED_AND_NONLINKED_OPTION_VALUES
          CAPABILITY_VIOLATION
          CONFLICT
          DUPLICATED_OPTION_NAME
          DUPLICATED_OPTION_VALUE
          DUPLICATED_VALUE
          DUPLICATE_LINKED_OPTION
          GENERIC_ERROR
          GIFT_CARDS_NOT_ACTIVATED
          GIFT_CARD_ATTRIBUTE_CANNOT_BE_CHANGED
          HANDLE_NOT_UNIQUE
          ID_NOT_ALLOWED_FOR_UPSERT
          INVALID_INPUT
          INVALID_METAFIELD
          INVALID_METAFIELD_VALUE_FOR_LINKED_OPTION
          INVALID_PRODUCT
          INVALID_VARIANT
          JOB_ERROR
          LINKED_METAFIELD_DEFINITION_NOT_FOUND
          LINKED_OPTIONS_NOT_SUPPORTED_FOR_SHOP
          MISSING_FIELD_REQUIRED_FOR_UPSERT
          NOT_FOUND
          OPTIONS_OVER_LIMIT
          OPTION_DOES_NOT_EXIST
          OPTION_VALUES_MISSING
          OPTION_VALUES_OVER_LIMIT
          OPTION_VALUE_DOES_NOT_EXIST
          PRODUCT_DOES_NOT_EXIST
          PRODUCT_OPTIONS_INPUT_MISSING
          PRODUCT_VARIANT_DOES_NOT_EXIST
          UPSERT_KEY_INPUT_MISMATCH
          VARIANTS_INPUT_MISSING
          VARIANTS_OVER_LIMIT
        }

        type ProductVariantsBulkUpdatePayload {
          product: Product
          productVariants: [ProductVariant!]
          userErrors: [ProductVariantsBulkUpdateUserError!]!
        }

        type ProductVariantsBulkUpdateUserError implements DisplayableError {
          code: ProductVariantsBulkUpdateUserErrorCode
          field: [String!]
          message: String!
        }

        enum ProductVariantsBulkUpdateUserErrorCode {
          APP_NOT_AUTHORIZED
          BLANK
          CANNOT_SET_NAME_FOR_LINKED_OPTION_VALUE
          CANNOT_SPECIFY_BOTH
          CAPABILITY_VIOLATION
          DISALLOWED_OWNER_TYPE
          GREATER_THAN_OR_EQUAL_TO
          INCLUSION
          INTERNAL_ERROR
          INVALID_INPUT
          INVALID_TYPE
          INVALID_VALUE
          MUST_BE_FOR_THIS_PRODUCT
          MUST_SPECIFY_ONE_OF_PAIR
          NEED_TO_ADD_OPTION_VALUES
          NEGATIVE_PRICE_VALUE
          NOT_DEFINED_FOR_SHOP
          NO_INVENTORY_QUANTITES_DURING_UPDATE
          NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE
          OPTION_DOES_NOT_EXIST
          OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS
          OPTION_VALUE_DOES_NOT_EXIST
          PRESENT
          PRODUCT_DOES_NOT_EXIST
          PRODUCT_SUSPENDED
          PRODUCT_VARIANT_DOES_NOT_EXIST
          PRODUCT_VARIANT_ID_MISSING
          SUBSCRIPTION_VIOLATION
          TAKEN
          TOO_LONG
          TOO_SHORT
          UNSTRUCTURED_RESERVED_NAMESPACE
          UNSUPPORTED_COMBINED_LISTING_PARENT_OPERATION
          VARIANT_ALREADY_EXISTS
        }

        type ProductVariantsBulkCreatePayload {
          product: Product
          productVariants: [ProductVariant!]
          userErrors: [ProductVariantsBulkCreateUserError!]!
        }

        type ProductVariantsBulkCreateUserError implements DisplayableError {
          code: ProductVariantsBulkCreateUserErrorCode
          field: [String!]
          message: String!
        }

        enum ProductVariantsBulkCreateUserErrorCode {
          APP_NOT_AUTHORIZED
          BLANK
          CANNOT_SET_NAME_FOR_LINKED_OPTION_VALUE
          CAPABILITY_VIOLATION
          DISALLOWED_OWNER_TYPE
          GREATER_THAN_OR_EQUAL_TO
          INCLUSION
          INTERNAL_ERROR
          INVALID
          INVALID_INPUT
          INVALID_TYPE
          INVALID_VALUE
          MUST_BE_FOR_THIS_PRODUCT
          NEED_TO_ADD_OPTION_VALUES
          NEGATIVE_PRICE_VALUE
          NOT_DEFINED_FOR_SHOP
          NO_KEY_ON_CREATE
          OPTION_VALUES_FOR_NUMBER_OF_UNKNOWN_OPTIONS
          PRESENT
          PRODUCT_DOES_NOT_EXIST
          PRODUCT_SUSPENDED
          SUBSCRIPTION_VIOLATION
          TAKEN
          TOO_LONG
          TOO_MANY_INVENTORY_LOCATIONS
          TOO_SHORT
          TRACKED_VARIANT_LOCATION_NOT_FOUND
          UNSTRUCTURED_RESERVED_NAMESPACE
          UNSUPPORTED_COMBINED_LISTING_PARENT_OPERATION
          VARIANT_ALREADY_EXISTS
          VARIANT_ALREADY_EXISTS_CHANGE_OPTION_VALUE
        }

        enum ProductVariantsBulkCreateStrategy {
          DEFAULT
          REMOVE_STANDALONE_VARIANT
        }

        input ProductDeleteInput {
          id: ID!
        }

        type ProductDeletePayload {
          deletedProductId: ID
          shop: Shop!
          userErrors: [UserError!]!
        }
        """#
}
