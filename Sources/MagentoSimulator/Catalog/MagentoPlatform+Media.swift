import CatalogModel
import Foundation
import JSONValue
import SimulatorCore

/// The media gallery: `POST /V1/products/{sku}/media` uploads an image (base64 content) and
/// answers the new entry's id; `PUT …/media/{entryId}` moves an entry; `DELETE …/media/{entryId}`
/// takes one off. As Magento's gallery processor does, an upload lands under
/// `/<first letter>/<second letter>/<name>` and a name the product already has becomes
/// `name_1.ext`, `name_2.ext`; `media_gallery_entries[].file` then serves that path. Positions
/// here are the gallery's order (an entry at position 2 is the second image).
extension MagentoPlatform {
    func addMedia(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let entry = try call.bodyField("entry")
        for key in ["media_type", "label", "position", "disabled", "types"] where entry[key] == nil {
            throw MagentoError.requiredField(key)
        }
        guard entry["media_type"]?.stringValue == "image" else {
            throw MagentoError(status: 400, "The media type is incorrect. Verify the type and try again.")
        }
        let content = entry["content"] ?? .null
        guard let data = content["base64_encoded_data"]?.stringValue, let bytes = Data(base64Encoded: data), !bytes.isEmpty else {
            throw MagentoError(status: 400, "The image content is invalid. Verify the content and try again.")
        }
        guard let type = content["type"]?.stringValue, ["image/jpeg", "image/png", "image/gif", "image/webp"].contains(type) else {
            throw MagentoError(status: 400, "The image MIME type is not valid or not supported.")
        }
        guard let name = content["name"]?.stringValue, !name.isEmpty, !name.contains("/") else {
            throw MagentoError(status: 400, "The image name is invalid. Verify the name and try again.")
        }
        let position = entry["position"]?.intValue ?? Int.max
        let target = try mediaTarget(call)
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            guard var product = state.product(id: target) else { throw MagentoError.productNotFound }
            let file = Self.galleryPath(for: name, taken: Set(product.images.map { ImageName($0).name }))
            let index = min(max(0, position - 1), product.images.count)
            product.images.insert(file, at: index)
            product.updatedAt = now
            state.upsert(product)
            return .int(product.imageID(at: index))
        }
    }

    func updateMedia(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let entry = try call.bodyField("entry")
        let target = try mediaTarget(call)
        let id = Int64(call.parameter("entryId")) ?? -1
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            guard var product = state.product(id: target), let index = product.imageIndex(id: id) else {
                throw MagentoError(status: 404, "No image with the provided ID was found. Verify the ID and try again.")
            }
            if let position = entry["position"]?.intValue {
                let file = product.images.remove(at: index)
                product.images.insert(file, at: min(max(0, position - 1), product.images.count))
            }
            // A disabled entry is not shown: the simulator keeps only what it shows.
            if entry["disabled"]?.boolValue == true, let at = product.imageIndex(id: id) { product.images.remove(at: at) }
            product.updatedAt = now
            state.upsert(product)
            return .bool(true)
        }
    }

    func deleteMedia(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let target = try mediaTarget(call)
        let id = Int64(call.parameter("entryId")) ?? -1
        let now = call.shop.now
        return try call.mutate { state throws(MagentoError) -> JSONValue in
            guard var product = state.product(id: target), let index = product.imageIndex(id: id) else {
                throw MagentoError(status: 404, "No image with the provided ID was found. Verify the ID and try again.")
            }
            product.images.remove(at: index)
            product.updatedAt = now
            state.upsert(product)
            return .bool(true)
        }
    }

    /// The product whose gallery the SKU's entries live in. The simulator keeps a configurable's
    /// images on the configurable only (its children have none of their own).
    private func mediaTarget(_ call: MagentoCall) throws(MagentoError) -> Int64 {
        guard let entity = call.catalog.entity(sku: call.parameter("sku")) else { throw MagentoError.productNotFound }
        guard entity.kind != .child else {
            throw MagentoError(status: 400, "The simulator keeps a configurable product's images on the configurable; add them to its SKU.")
        }
        return entity.product.id
    }

    /// `/t/e/tee.png`, or `/t/e/tee_1.png` when the product has that name already.
    static func galleryPath(for name: String, taken: Set<String>) -> String {
        let clean = String(name.lowercased().map { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" || $0 == "_" ? $0 : "_" })
        let dot = clean.lastIndex(of: ".") ?? clean.endIndex
        let stem = String(clean[..<dot]), ext = String(clean[dot...])
        var candidate = clean
        var suffix = 1
        while taken.contains(candidate) {
            candidate = "\(stem)_\(suffix)\(ext)"
            suffix += 1
        }
        let letters = Array(candidate.filter { $0.isLetter || $0.isNumber })
        return "/" + String(letters.first ?? "x") + "/" + String(letters.dropFirst().first ?? "x") + "/" + candidate
    }
}
