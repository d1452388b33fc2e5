import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// Image writes to the media gallery.
///
/// Magento's gallery takes files, not URLs (`POST /V1/products/{sku}/media` with
/// `entry.content: {base64_encoded_data, type, name}`), so Concord downloads each new image first,
/// through the same libcurl client (TLS verified except on loopback; at most
/// ``MagentoAdapterOptions/maxImageBytes``; an `image/jpeg|png|gif|webp` answer only). Any
/// download that fails rejects its change, naming the URL and why, before anything of that product
/// is written. Then, per product:
///
/// - `DELETE /V1/products/{sku}/media/{entryId}` for each image that goes;
/// - `POST …/media` for each new image, at its position (the first one with the `image`,
///   `small_image` and `thumbnail` roles);
/// - `PUT …/media/{entryId}` for a kept image only when its position has to change.
///
/// Images that stay (the same file name, as ``ImageName`` compares, which reads Magento's
/// `name_1.jpg` for a re-uploaded `name.jpg` as the same file) are never uploaded again. A listing
/// shows its own gallery, or its configurable parent's when it has none: that is the gallery
/// written. Magento has no batch endpoint for media, so this is one call per image changed.
extension MagentoWriter {
    /// The roles Magento gives a product's main image.
    static let mainImageRoles: [JSONValue] = ["image", "small_image", "thumbnail"]

    /// A downloaded image, ready to upload.
    struct ImageFile: Sendable {
        var name: String
        var type: String
        var bytes: [UInt8]
    }

    func writeImages(_ changes: [Change], current: Current, parser: MagentoPayloadParser) async throws -> [ChangeOutcome] {
        guard !changes.isEmpty else { return [] }
        // The gallery each change writes: the item's own, or its parent's when it has none.
        func target(_ change: Change) -> String {
            let item = current.products[change.ref.variantID]
            let own = item.map { Self.entries($0) } ?? []
            return own.isEmpty && change.ref.productID != change.ref.variantID ? change.ref.productID : change.ref.variantID
        }
        var outcomes: [ChangeOutcome] = []
        var groups: [(id: String, changes: [Change])] = []
        for (id, group) in Dictionary(grouping: changes, by: target).sorted(by: { (Int64($0.key) ?? 0) < (Int64($1.key) ?? 0) }) {
            if group.contains(where: { !$0.new.matches(group[0].new) }) {
                outcomes += group.map {
                    ChangeOutcome(
                        changeID: $0.id, status: .rejected,
                        message:
                            "listings that share one Magento gallery (product id \(id)) ask for different images; give them the same images in the catalog"
                    )
                }
            } else {
                groups.append((id, group))
            }
        }
        outcomes += try await groups.concurrentMap(limit: options.concurrency) { [self] group in
            await writeGallery(of: group.id, changes: group.changes, current: current)
        }.flatMap { $0 }
        return outcomes
    }

    /// One product's gallery made to show the changes' images.
    func writeGallery(of id: String, changes: [Change], current: Current) async -> [ChangeOutcome] {
        guard let product = current.products[id], let sku = product["sku"]?.stringValue, case .list(let wanted) = changes[0].new else {
            return changes.map {
                ChangeOutcome(changeID: $0.id, status: .stale, observed: FieldValue.none, message: "the product is gone from the store")
            }
        }
        func all(_ status: ChangeOutcome.Status, _ message: String) -> [ChangeOutcome] {
            changes.map { ChangeOutcome(changeID: $0.id, status: status, message: message) }
        }
        // Which entries stay, which go, which images come.
        var unused = Self.entries(product)
        var kept: [Int: (id: Int64, position: Int)] = [:]
        var additions: [Int: String] = [:]
        for (index, url) in wanted.enumerated() {
            let name = ImageName(url)
            if let match = unused.firstIndex(where: { ImageName($0.file).matches(name) }) {
                let entry = unused.remove(at: match)
                kept[index] = (entry.id, entry.position)
            } else {
                additions[index] = url
            }
        }
        // Download every new image before writing anything.
        var files: [Int: ImageFile] = [:]
        for (index, url) in additions.sorted(by: { $0.key < $1.key }) {
            switch await download(url) {
            case .success(let file): files[index] = file
            case .failure(let reason):
                return all(.rejected, "could not download the image \(url): \(reason); fix the image URL in the catalog")
            }
        }
        let label = product["name"]?.stringValue ?? ""
        let path = "products/" + MagentoRESTClient.pathSegment(sku) + "/media"
        do {
            for entry in unused {
                _ = try await rest.send(
                    .delete, path + "/\(entry.id)", query: [], body: nil, missingIsNil: false, storeCode: writeStoreCode)
            }
            for index in wanted.indices {
                let roles: JSONValue = index == 0 ? .array(Self.mainImageRoles) : []
                if let file = files[index] {
                    let entry: JSONValue = [
                        "media_type": "image", "label": .string(label), "position": .int(index + 1), "disabled": false, "types": roles,
                        "content": [
                            "base64_encoded_data": .string(Data(file.bytes).base64EncodedString()), "type": .string(file.type),
                            "name": .string(file.name),
                        ],
                    ]
                    _ = try await rest.send(.post, path, query: [], body: ["entry": entry], missingIsNil: false, storeCode: writeStoreCode)
                } else if let entry = kept[index], entry.position != index + 1 {
                    let body: JSONValue = [
                        "entry": [
                            "id": .int(entry.id), "media_type": "image", "label": .string(label), "position": .int(index + 1),
                            "disabled": false,
                            "types": roles,
                        ]
                    ]
                    _ = try await rest.send(
                        .put, path + "/\(entry.id)", query: [], body: body, missingIsNil: false, storeCode: writeStoreCode)
                }
            }
        } catch {
            let failure = WriteFailure(sent: error, store: store)
            let (status, message) = (failure.status, failure.message())
            return all(
                status == .rejected ? .unknown : status,
                "the gallery was being changed when a call failed (\(message)); read the store again")
        }
        return changes.map { ChangeOutcome(changeID: $0.id, status: .applied, observed: $0.new) }
    }

    /// A product's enabled gallery entries, in position order.
    static func entries(_ product: JSONValue) -> [(id: Int64, file: String, position: Int)] {
        (product["media_gallery_entries"]?.arrayValue ?? [])
            .filter { $0["disabled"]?.boolValue != true }
            .compactMap { entry in
                guard let id = entry["id"]?.int64Value, let file = entry["file"]?.stringValue else { return nil }
                return (id, file, entry["position"]?.intValue ?? 0)
            }
            .sorted { $0.position < $1.position }
    }

    /// Why a download failed, for a person.
    struct DownloadFailure: Error {
        var reason: String
    }

    /// The image at `url`, or why it could not be had. Not paced by the store's governor: the
    /// image host is not the store.
    func download(_ url: String) async -> Result<ImageFile, DownloadFailure> {
        var request = HTTPRequest(method: .get, url: url, headers: ["Accept": "image/*"])
        request.maxResponseBytes = options.maxImageBytes
        // A catalog's image URL may lead anywhere on the internet, never into this machine or its
        // network (the simulator's own images are on loopback, like the simulated store).
        request.refusesPrivateAddresses = !Loopback.isLoopback(host: URL(string: rest.endpoint.baseURL)?.host)
        let response: HTTPResponse
        do {
            response = try await rest.client.send(request)
        } catch let error as HTTPClientError {
            if error.code == .responseTooLarge {
                return .failure(DownloadFailure(reason: "it is larger than \(options.maxImageBytes) bytes"))
            }
            return .failure(DownloadFailure(reason: error.message))
        } catch {
            return .failure(DownloadFailure(reason: "\(error)"))
        }
        guard response.status == 200 else { return .failure(DownloadFailure(reason: "the server answered HTTP \(response.status)")) }
        let type =
            (response.headers["Content-Type"] ?? "").split(separator: ";").first.map {
                $0.trimmingCharacters(in: .whitespaces).lowercased()
            } ?? ""
        guard ["image/jpeg", "image/png", "image/gif", "image/webp"].contains(type) else {
            return .failure(
                DownloadFailure(reason: "it is \(type.isEmpty ? "of no stated type" : type), not a JPEG, PNG, GIF or WebP image"))
        }
        guard !response.body.isEmpty else { return .failure(DownloadFailure(reason: "it is empty")) }
        return .success(ImageFile(name: Self.fileName(url, type: type), type: type, bytes: response.body))
    }

    /// The upload's file name: the URL's last path component (Magento rewrites odd characters
    /// itself), with an extension that fits the type when it has none.
    static func fileName(_ url: String, type: String) -> String {
        var text = Substring(url)
        if let cut = text.firstIndex(where: { $0 == "?" || $0 == "#" }) { text = text[..<cut] }
        let last = text.split(separator: "/").last.map { String($0).removingPercentEncoding ?? String($0) } ?? ""
        if last.contains(".") { return last }
        let ext = type == "image/jpeg" ? "jpg" : String(type.dropFirst("image/".count))
        return (last.isEmpty ? "image" : last) + "." + ext
    }
}
