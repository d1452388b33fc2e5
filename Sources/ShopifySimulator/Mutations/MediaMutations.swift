import CatalogModel
import Foundation
import GraphQL
import SimulatorCore

/// Product media writes: `productUpdate(media:)` adds images from URLs, `fileUpdate` with
/// `referencesToRemove` takes media off products, `productReorderMedia` moves them.
///
/// Shopify downloads an image added from a URL and serves it from its CDN under its own URL
/// (`https://cdn.shopify.com/s/files/…/files/NAME?v=…`); the simulator keeps the file name the
/// same way and is READY at once (Shopify is UPLOADED, then PROCESSING, for a few seconds).
/// Media ids are stable (``SimProduct/imageID(at:)``), as Shopify's are.
enum MediaMutations {
    /// Validates `productUpdate`'s `media` argument: the errors, with their paths.
    static func mediaErrors(_ media: [Map], into errors: inout UserErrorList) {
        for (index, input) in media.enumerated() {
            let source = input[argument: "originalSource"]?.text ?? ""
            if let type = input[argument: "mediaContentType"]?.text, type != "IMAGE" {
                errors.add(["media", String(index), "mediaContentType"], "Only images can be added from a URL in the simulator")
            } else if !(source.hasPrefix("https://") || source.hasPrefix("http://")) {
                errors.add(["media", String(index), "originalSource"], "Image URL is invalid")
            }
        }
    }

    /// The URLs the product serves its new media under, in the order given.
    static func hostedURLs(_ media: [Map], shop: String, now: Date) -> [String] {
        media.compactMap { $0[argument: "originalSource"]?.text }.map { source in
            var name = Substring(source)
            if let cut = name.firstIndex(where: { $0 == "?" || $0 == "#" }) { name = name[..<cut] }
            let file = name.split(separator: "/").last.map(String.init) ?? "image.jpg"
            return "https://cdn.shopify.com/s/files/1/0000/0001/files/\(file)?v=\(Int(now.timeIntervalSince1970))"
        }
    }

    /// `fileUpdate`: here only `referencesToRemove` (product ids) is modelled, which detaches a
    /// product's media from it. All inputs are checked before anything is written.
    static func fileUpdate(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("FilesUserError")
        let inputs = args[argument: "files"]?.items ?? []
        let state = context.state
        var removals: [(product: Int64, media: Int64)] = []
        var touched: [MediaImageNode] = []
        for (index, input) in inputs.enumerated() {
            let path = ["files", String(index)]
            guard let mediaID = GlobalID.id(input[argument: "id"]?.text, type: "MediaImage"),
                let owner = state.allProducts.first(where: { $0.imageIndex(id: mediaID) != nil })
            else {
                errors.add(path + ["id"], "File id \(input[argument: "id"]?.text ?? "") does not exist.", code: "FILE_DOES_NOT_EXIST")
                continue
            }
            touched.append(MediaImageNode(product: owner, index: owner.imageIndex(id: mediaID)!))
            for reference in input[argument: "referencesToRemove"]?.items ?? [] {
                guard let productID = GlobalID.id(reference.text, type: "Product") else {
                    errors.add(path + ["referencesToRemove"], "Only product ids are accepted.", code: "UNSUPPORTED_FILE_REFERENCE")
                    continue
                }
                guard productID == owner.id else {
                    errors.add(
                        path + ["referencesToRemove"], "The file is not referenced by \(reference.text ?? "").",
                        code: "REFERENCE_TARGET_DOES_NOT_EXIST")
                    continue
                }
                removals.append((productID, mediaID))
            }
        }
        guard errors.isEmpty else { return RecordNode("FileUpdatePayload", ["files": nil, "userErrors": errors.nodes]) }
        context.write { state, now in
            for (productID, group) in Dictionary(grouping: removals, by: \.product) {
                guard var product = state.product(id: productID) else { continue }
                let gone = Set(group.map(\.media))
                product.images = product.images.indices.filter { !gone.contains(product.imageID(at: $0)) }.map { product.images[$0] }
                product.updatedAt = now
                state.upsert(product)
            }
        }
        return RecordNode("FileUpdatePayload", ["files": touched.map { $0 as (any Sendable)? }, "userErrors": list([])])
    }

    /// `productReorderMedia`: each move puts one medium at a new position, in order. Shopify runs
    /// it as a job; the simulator's job is done when it answers.
    static func reorder(_ args: Map, _ context: ResolveContext) -> RecordNode {
        var errors = UserErrorList("MediaUserError")
        func payload(job: RecordNode?) -> RecordNode {
            RecordNode("ProductReorderMediaPayload", ["job": job, "mediaUserErrors": errors.nodes, "userErrors": list([])])
        }
        guard let productID = GlobalID.id(args[argument: "id"]?.text, type: "Product"), let product = context.state.product(id: productID)
        else {
            errors.add(["id"], "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST")
            return payload(job: nil)
        }
        let moves = args[argument: "moves"]?.items ?? []
        var parsed: [(id: Int64, position: Int)] = []
        for (index, move) in moves.enumerated() {
            guard let id = GlobalID.id(move[argument: "id"]?.text, type: "MediaImage"), product.imageIndex(id: id) != nil else {
                errors.add(
                    ["moves", String(index), "id"], "Media id \(move[argument: "id"]?.text ?? "") does not exist on the product",
                    code: "MEDIA_DOES_NOT_EXIST_ON_PRODUCT")
                continue
            }
            guard let text = move[argument: "newPosition"]?.decimalText, let position = Int(text), position >= 0 else {
                errors.add(["moves", String(index), "newPosition"], "Position is invalid", code: "INVALID")
                continue
            }
            parsed.append((id, position))
        }
        guard errors.isEmpty else { return payload(job: nil) }
        context.write { state, now in
            guard var product = state.product(id: productID) else { return }
            var ids = product.images.indices.map { product.imageID(at: $0) }
            var urls = product.images
            for move in parsed {
                guard let from = ids.firstIndex(of: move.id) else { continue }
                let id = ids.remove(at: from)
                let url = urls.remove(at: from)
                let to = min(move.position, ids.count)
                ids.insert(id, at: to)
                urls.insert(url, at: to)
            }
            product.images = urls
            product.updatedAt = now
            state.upsert(product)
        }
        return payload(job: RecordNode("Job", ["id": GlobalID("Job", productID).description, "done": true]))
    }
}
