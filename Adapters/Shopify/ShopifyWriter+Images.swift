import CatalogModel
import Foundation
import JSONValue
import StorefrontAdapter

/// Image writes: a listing's images are its product's media, so changes are settled per product.
///
/// The schema Concord validates against (Admin API, Dec 2024) offers `productUpdate(media:)` to
/// add media from URLs, `fileUpdate(files: [{id, referencesToRemove: [productId]}])` to take media
/// off products (`productDeleteMedia` and `productCreateMedia` are deprecated there in their
/// favour), and `productReorderMedia` to move them. So, for a batch:
///
/// 1. one `productMedia` read of the products' media (ids and URLs), whose first
///    ``ShopifyOperations/imagesRead`` images must still be the change's expected list;
/// 2. per product, the aliased `productUpdate` that already goes out for its title, description or
///    status carries the new images (none is sent for a product with nothing to add), many
///    products to a request;
/// 3. one `fileUpdate` for every medium to take off, across the batch's products;
/// 4. `productReorderMedia` for a product only when the media do not end up in the catalog's order
///    (kept media stay where they were and new ones come last).
///
/// An image the product already has (the same file name, as ``ImageName`` compares: Shopify serves
/// uploads from its CDN under its own URL) is kept, never uploaded again. Media are added before
/// any is taken off, so a product whose additions Shopify refuses keeps the images it had.
extension ShopifyWriter {
    /// What the batch does to one product's media.
    struct MediaPlan: Sendable {
        var productID: String
        var changes: [Change]
        /// The catalog's images, in order.
        var wanted: [String]
        /// The product's image media now: id and URL (nil while Shopify still processes one).
        var before: [(id: String, url: String?)]
        /// For each wanted image, the id of the medium that already shows it.
        var kept: [Int: String] = [:]
        var additions: [String] = []
        var removals: [String] = []
        /// The media `productUpdate` created, in the order sent, with the URLs Shopify serves.
        var added: [(id: String, url: String?)] = []
        var failure: (status: ChangeOutcome.Status, message: String)?
    }

    struct ImageWork: Sendable {
        var plans: [String: MediaPlan] = [:]
        var outcomes: [ChangeOutcome] = []

        /// Records what `productUpdate` answered for a product's new media.
        mutating func added(to productID: String, answer: JSONValue?, errors: [JSONValue]) {
            guard var plan = plans[productID] else { return }
            defer { plans[productID] = plan }
            if let error = errors.first {
                plan.failure = (.rejected, "Shopify refused an image: \(error["message"]?.stringValue ?? "refused") (\(Self.path(error)))")
                return
            }
            let known = Set(plan.before.map(\.id))
            plan.added = ShopifyWriter.imageMedia(answer).filter { !known.contains($0.id) }
            if plan.added.count != plan.additions.count {
                plan.failure = (
                    .unknown,
                    "Shopify answered with \(plan.added.count) new media for \(plan.additions.count) images sent; read the store again before writing them"
                )
            }
        }

        static func path(_ error: JSONValue) -> String {
            (error["field"]?.arrayValue ?? []).compactMap(\.stringValue).joined(separator: ".")
        }
    }

    /// Checks image changes against the products' media as they are now and plans each product.
    func planImages(_ changes: [Change]) async throws -> ImageWork {
        var work = ImageWork()
        guard !changes.isEmpty else { return work }
        var candidates: [Change] = []
        for change in changes {
            guard case .list(let urls) = change.new else {
                work.outcomes.append(ChangeOutcome(changeID: change.id, status: .rejected, message: "cannot write \(change.new) to images"))
                continue
            }
            if let bad = urls.first(where: { !($0.hasPrefix("https://") || $0.hasPrefix("http://")) }) {
                work.outcomes.append(
                    ChangeOutcome(
                        changeID: change.id, status: .rejected,
                        message:
                            "Shopify downloads each image from its URL, and \"\(bad)\" is not an http(s) URL; fix the image in the catalog")
                )
                continue
            }
            candidates.append(change)
        }
        let byProduct = Dictionary(grouping: candidates, by: \.ref.productID)
        let media = try await productMedia(byProduct.keys.sorted())
        for (productID, group) in byProduct.sorted(by: { $0.key < $1.key }) {
            // Every variant of a product shows the product's images: its changes must agree.
            if group.contains(where: { !$0.new.matches(group[0].new) }) {
                for change in group {
                    work.outcomes.append(
                        ChangeOutcome(
                            changeID: change.id, status: .rejected,
                            message:
                                "the variants of this Shopify product ask for different images (\(group.map(\.new.description).joined(separator: " vs "))), "
                                + "and Shopify keeps one image list per product; give its variants the same images in the catalog"))
                }
                continue
            }
            let before = media[productID]
            let seen = before.map { FieldValue.list(Array($0.prefix(ShopifyOperations.imagesRead)).compactMap(\.url)) }
            let (writable, stale) = Preconditions.check(group) { _ in seen }
            work.outcomes += stale
            guard let before, case .list(let wanted)? = writable.first?.new else { continue }
            work.plans[productID] = Self.plan(productID: productID, changes: writable, wanted: wanted, before: before)
        }
        return work
    }

    /// Which media stay (matched by file name, first come first served), which come and which go.
    static func plan(productID: String, changes: [Change], wanted: [String], before: [(id: String, url: String?)]) -> MediaPlan {
        var plan = MediaPlan(productID: productID, changes: changes, wanted: wanted, before: before)
        var unused = before
        for (index, url) in wanted.enumerated() {
            let name = ImageName(url)
            if let match = unused.firstIndex(where: { $0.url.map { ImageName($0).matches(name) } ?? false }) {
                plan.kept[index] = unused.remove(at: match).id
            } else {
                plan.additions.append(url)
            }
        }
        plan.removals = unused.map(\.id)
        return plan
    }

    /// Takes media off, puts what is left in order, and reports each image change.
    func finishImages(_ work: inout ImageWork) async throws -> [ChangeOutcome] {
        guard !work.plans.isEmpty else { return [] }
        try await detach(&work)
        var outcomes: [ChangeOutcome] = []
        for productID in work.plans.keys.sorted() {
            var plan = work.plans[productID]!
            if plan.failure == nil { try await reorder(&plan) }
            if let failure = plan.failure {
                outcomes += plan.changes.map { ChangeOutcome(changeID: $0.id, status: failure.status, message: failure.message) }
                continue
            }
            let urls = Self.finalOrder(plan).map { $0.url }
            let observed = FieldValue.list(zip(urls, plan.wanted).map { $0 ?? $1 })
            outcomes += plan.changes.map { ChangeOutcome(changeID: $0.id, status: .applied, observed: observed) }
        }
        return outcomes
    }

    /// The catalog's order, as media ids with the URL each is served under.
    static func finalOrder(_ plan: MediaPlan) -> [(id: String, url: String?)] {
        var added = plan.added[...]
        let urls = Dictionary(plan.before.map { ($0.id, $0.url) }, uniquingKeysWith: { first, _ in first })
        return plan.wanted.indices.compactMap { index in
            if let id = plan.kept[index] { return (id, urls[id] ?? nil) }
            return added.popFirst()
        }
    }

    /// One `fileUpdate` (250 files a call) for every medium to take off; a product whose file is
    /// refused is reported with Shopify's words and the others are sent again without it.
    func detach(_ work: inout ImageWork) async throws {
        var pending: [(productID: String, mediaID: String)] = work.plans.keys.sorted().flatMap { productID in
            let plan = work.plans[productID]!
            return plan.failure == nil ? plan.removals.map { (productID, $0) } : []
        }
        while !pending.isEmpty {
            let batch = Array(pending.prefix(250))
            pending.removeFirst(batch.count)
            var unsent = batch
            while !unsent.isEmpty {
                let files: [JSONValue] = unsent.map { ["id": .string($0.mediaID), "referencesToRemove": [.string($0.productID)]] }
                let answer = try await graphQL.execute(
                    ShopifyOperations.fileUpdate, variables: ["files": .array(files)], estimatedCost: ShopifyOperations.mutationCost)
                let errors = answer.data["fileUpdate"]?["userErrors"]?.arrayValue ?? []
                guard !errors.isEmpty else { break }
                var refused: Set<String> = []
                for error in errors {
                    let path = (error["field"]?.arrayValue ?? []).compactMap(\.stringValue)
                    let message = "Shopify refused to take an image off the product: \(error["message"]?.stringValue ?? "refused")"
                    if path.count > 1, path[0] == "files", let index = Int(path[1]), unsent.indices.contains(index) {
                        refused.insert(unsent[index].productID)
                        work.plans[unsent[index].productID]?.failure = (.rejected, message)
                    } else {
                        // An error that names no file fails the call for all of them.
                        for item in unsent { work.plans[item.productID]?.failure = (.rejected, message) }
                        refused = Set(unsent.map(\.productID))
                    }
                }
                unsent.removeAll { refused.contains($0.productID) }
                pending.removeAll { refused.contains($0.productID) }
            }
        }
    }

    /// `productReorderMedia` when the media are not in the catalog's order after the additions
    /// (which come last) and removals; moves start at the first position that differs.
    func reorder(_ plan: inout MediaPlan) async throws {
        let desired = Self.finalOrder(plan).map(\.id)
        let gone = Set(plan.removals)
        let result = plan.before.map(\.id).filter { !gone.contains($0) } + plan.added.map(\.id)
        guard desired != result else { return }
        let first = desired.indices.first { $0 >= result.count || desired[$0] != result[$0] } ?? desired.count
        let moves: [JSONValue] = desired.indices.dropFirst(first).map { index in
            // `UnsignedInt64` is a string scalar.
            ["id": .string(desired[index]), "newPosition": .string(String(index))]
        }
        guard !moves.isEmpty else { return }
        let answer = try await graphQL.execute(
            ShopifyOperations.productReorderMedia, variables: ["id": .string(plan.productID), "moves": .array(moves)],
            estimatedCost: ShopifyOperations.mutationCost)
        if let error = answer.data["productReorderMedia"]?["mediaUserErrors"]?.arrayValue?.first {
            plan.failure = (
                .rejected,
                "the images were added and removed, but Shopify refused to put them in order: \(error["message"]?.stringValue ?? "refused")"
            )
        }
    }

    /// The products' image media, by product id; a product missing from the answer is gone.
    func productMedia(_ ids: [String]) async throws -> [String: [(id: String, url: String?)]] {
        var result: [String: [(id: String, url: String?)]] = [:]
        var pending = ids[...]
        while !pending.isEmpty {
            let count = ShopifyCatalogReader.fit(
                budget: Int(min(options.maxQueryCost, await graphQL.governor.capacity)), max: min(250, pending.count)
            ) {
                ShopifyOperations.productMediaCost(count: $0)
            }
            let batch = pending.prefix(count)
            pending = pending.dropFirst(count)
            let answer = try await graphQL.execute(
                ShopifyOperations.productMedia, variables: ["ids": .array(batch.map { .string($0) })],
                estimatedCost: ShopifyOperations.productMediaCost(count: batch.count))
            for node in answer.data["nodes"]?.arrayValue ?? [] {
                if let id = node["id"]?.stringValue { result[id] = Self.imageMedia(node) }
            }
        }
        return result
    }

    /// A product node's image media, in order.
    static func imageMedia(_ product: JSONValue?) -> [(id: String, url: String?)] {
        (product?["media"]?["nodes"]?.arrayValue ?? []).compactMap { node in
            guard let id = node["id"]?.stringValue, node["mediaContentType"]?.stringValue == "IMAGE" else { return nil }
            return (id, node["image"]?["url"]?.stringValue)
        }
    }
}
