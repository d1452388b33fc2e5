import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// `Product`.
struct ProductNode: GraphNode {
    var product: SimProduct
    var typeName: String { "Product" }

    var gid: String { GlobalID("Product", product.id).description }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": return gid
        case "legacyResourceId": return String(product.id)
        case "title": return product.title
        case "handle": return product.handle
        case "descriptionHtml": return product.descriptionHTML
        case "vendor": return product.vendor ?? ""
        case "productType": return product.productType ?? ""
        case "tags": return list(product.tags)
        case "status": return product.status.shopifyStatus
        case "createdAt": return product.createdAt.shopifyTimestamp
        case "updatedAt": return product.updatedAt.shopifyTimestamp
        case "publishedAt": return product.status == .active ? product.createdAt.shopifyTimestamp : nil
        case "hasOnlyDefaultVariant": return product.optionNames.isEmpty && product.variants.count <= 1
        case "totalInventory": return product.variants.filter(\.tracksInventory).reduce(0) { $0 + $1.totalAvailable }
        case "tracksInventory": return product.variants.contains(where: \.tracksInventory)
        case "variantsCount": return RecordNode("Count", ["count": product.variants.count, "precision": "EXACT"])
        case "options":
            let first = args[argument: "first"]?.integer ?? Int.max
            return list(Array(options.prefix(max(0, first))))
        case "variants":
            let page = try context.pageArguments(args, field: "variants")
            let variants = product.variants
            let sortKey = page.sortKey ?? "POSITION"
            let position = VariantNode.position(sortKey: sortKey)
            let sorted = variants.sorted { position($0) < position($1) }
            return try ConnectionNode.page(
                "ProductVariantConnection", items: sorted, position: position, numericSort: VariantNode.isNumeric(sortKey),
                arguments: page
            ) { VariantNode(product: product, variant: $0) }
        case "images":
            let page = try context.pageArguments(args, field: "images")
            return try ConnectionNode.page(
                "ImageConnection", items: Array(product.images.indices), position: { .id(Int64($0)) }, arguments: page
            ) { ImageNode(productID: product.id, index: $0, url: product.images[$0]) }
        case "media":
            let page = try context.pageArguments(args, field: "media")
            return try ConnectionNode.page(
                "MediaConnection", items: Array(product.images.indices), position: { .id(Int64($0)) }, arguments: page
            ) { MediaImageNode(product: product, index: $0) }
        case "featuredImage":
            return product.images.first.map { ImageNode(productID: product.id, index: 0, url: $0) }
        case "featuredMedia":
            return product.images.isEmpty ? nil : MediaImageNode(product: product, index: 0)
        default:
            return nil
        }
    }

    /// Shopify lists a product without options as having one, `Title`, with `Default Title`.
    var options: [RecordNode] {
        guard !product.optionNames.isEmpty else {
            return [
                RecordNode(
                    "ProductOption",
                    [
                        "id": GlobalID("ProductOption", product.id * 10).description, "name": "Title", "position": 1,
                        "values": list(["Default Title"]),
                    ])
            ]
        }
        return product.optionNames.enumerated().map { index, name in
            var values: [String] = []
            for variant in product.variants where index < variant.options.count && !values.contains(variant.options[index]) {
                values.append(variant.options[index])
            }
            return RecordNode(
                "ProductOption",
                [
                    "id": GlobalID("ProductOption", product.id * 10 + Int64(index)).description, "name": name,
                    "position": index + 1, "values": list(values),
                ])
        }
    }

    // MARK: Search and sort

    static func searchValue(_ product: SimProduct, field: String) -> SearchQuery.Value? {
        switch field {
        case "", "title": .text([product.title])
        case "handle": .text([product.handle])
        case "vendor": .text([product.vendor ?? ""])
        case "product_type": .text([product.productType ?? ""])
        case "tag", "tags": .text(product.tags)
        case "status": .text([product.status.rawValue])
        case "sku": .text(product.variants.map(\.sku))
        case "barcode": .text(product.variants.compactMap(\.barcode))
        case "id": .number(product.id)
        case "created_at": .date(product.createdAt)
        case "updated_at": .date(product.updatedAt)
        case "published_at": .date(product.createdAt)
        case "inventory_total": .number(Int64(product.variants.reduce(0) { $0 + $1.totalAvailable }))
        default: nil
        }
    }

    static func position(sortKey: String) -> (SimProduct) -> SortPosition {
        switch sortKey {
        case "UPDATED_AT": { .date($0.updatedAt, id: $0.id) }
        case "CREATED_AT", "PUBLISHED_AT": { .date($0.createdAt, id: $0.id) }
        case "TITLE": { .text($0.title, id: $0.id) }
        case "VENDOR": { .text($0.vendor ?? "", id: $0.id) }
        case "PRODUCT_TYPE": { .text($0.productType ?? "", id: $0.id) }
        case "INVENTORY_TOTAL": { SortPosition(value: .number(Int64($0.variants.reduce(0) { $0 + $1.totalAvailable })), id: $0.id) }
        default: { .id($0.id) }
        }
    }

    static func isNumeric(_ sortKey: String) -> Bool { !["TITLE", "VENDOR", "PRODUCT_TYPE"].contains(sortKey) }
}

extension ListingStatus {
    /// `ACTIVE`, `DRAFT`, `ARCHIVED`.
    var shopifyStatus: String { rawValue.uppercased() }

    init?(shopifyStatus: String) {
        self.init(rawValue: shopifyStatus.lowercased())
    }
}

/// `Image`: a product image (`ProductImage` ids).
struct ImageNode: GraphNode {
    var productID: Int64
    var index: Int
    var url: String
    var typeName: String { "Image" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        switch field {
        case "id": GlobalID("ProductImage", productID * 100 + Int64(index)).description
        case "url": url
        case "altText": nil
        case "width", "height": 1024
        default: nil
        }
    }
}

/// `MediaImage`: how the Admin API exposes product images since 2023 (`media`).
struct MediaImageNode: GraphNode {
    var product: SimProduct
    var index: Int
    var typeName: String { "MediaImage" }

    func resolve(field: String, args: Map, context: ResolveContext) async throws -> (any Sendable)? {
        let image = ImageNode(productID: product.id, index: index, url: product.images[index])
        switch field {
        case "id": return GlobalID("MediaImage", product.imageID(at: index)).description
        case "fileStatus": return "READY"
        case "alt": return product.title
        case "createdAt": return product.createdAt.shopifyTimestamp
        case "updatedAt": return product.updatedAt.shopifyTimestamp
        case "image": return image
        case "mediaContentType": return "IMAGE"
        case "mimeType": return "image/jpeg"
        case "status": return "READY"
        case "preview": return RecordNode("MediaPreviewImage", ["image": image, "status": "READY"])
        default: return nil
        }
    }
}
