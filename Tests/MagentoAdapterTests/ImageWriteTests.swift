import CatalogModel
import ConcordTesting
import Foundation
import JSONValue
import MagentoAdapter
import MagentoSimulator
import SimulatorCore
import StorefrontAdapter
import StorefrontSimulator
import Testing

@Suite("Magento image uploads and weights against the simulator")
struct ImageWriteTests {
    /// Simple products with two images each, stock at one source.
    static func catalog(_ skus: [String]) -> (products: [Product], locations: [Location]) {
        let locations = [Location(code: "berlin", name: "Berlin")]
        let products = skus.map { sku in
            Product(
                handle: sku.lowercased(), title: "Item \(sku)",
                images: ["https://cdn.example.com/\(sku.lowercased())-front.jpg", "https://cdn.example.com/\(sku.lowercased())-back.jpg"],
                variants: [
                    Variant(
                        sku: SKU(sku)!, price: money("10.00"), weight: Weight(value: 500, unit: .grams),
                        stock: [StockLevel(location: "berlin", onHand: 3)])
                ])
        }
        return (products, locations)
    }

    @Test("new images are downloaded and uploaded, dropped ones deleted, kept ones left alone; every body fits the schema")
    func uploadsAndDeletes() async throws {
        let catalog = Self.catalog(["TEE", "CAP"])
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let tee = try #require(snapshot.listings.first { $0.rawSKU == "TEE" })
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            let wanted = [store.baseURL + "/sim/images/tee-studio.png", "https://cdn.example.com/tee-back.jpg"]
            let changes = [
                change("i", tee, .images, expected: .list(tee.images), new: .list(wanted)),
                change(
                    "w", cap, .weight, expected: cap.weight.map(FieldValue.weight),
                    new: .weight(Weight(value: Decimal(string: "1.2")!, unit: .kilograms))),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 1))
            #expect(outcomes.map(\.status) == [.applied, .applied], "\(outcomes)")

            let media = store.server.log.filter { $0.path.contains("/media") }
            #expect(
                media.map(\.method).sorted() == ["DELETE", "POST"],
                "one upload, one delete, no move: \(media.map { "\($0.method) \($0.path)" })")
            let upload = try #require(media.first { $0.method == "POST" })
            let entry = try #require(upload.body["entry"])
            #expect(entry["position"]?.intValue == 1 && entry["types"]?.arrayValue?.count == 3)
            #expect(entry["content"]?["name"]?.stringValue == "tee-studio.png" && entry["content"]?["type"]?.stringValue == "image/png")
            let schema = SwaggerPaths.magento
            for request in media {
                #expect(
                    schema.mismatch(method: request.method, path: request.path, body: request.body) == nil,
                    "\(request.method) \(request.path)")
            }
            #expect(schema.mismatch(entry, definition: "catalog-data-product-attribute-media-gallery-entry-interface") == nil)

            // The store serves the uploaded file under its gallery path, the kept image where it was.
            #expect(store.product(sku: "TEE").images == ["/t/e/tee-studio.png", "https://cdn.example.com/tee-back.jpg"])
            #expect(store.variant(sku: "CAP").weight?.grams == 1200)
            let after = try await adapter.fetchCatalog(since: nil)
            let teeAfter = try #require(after.listings.first { $0.rawSKU == "TEE" })
            #expect(teeAfter.images.first?.hasSuffix("/t/e/tee-studio.png") == true)
            #expect(FieldValue.list(teeAfter.images).matches(.list(wanted)))
        }
    }

    @Test(
        "a download that fails (404, not an image, too large) rejects that change alone, naming the URL and why",
        arguments: [("missing-photo.png", "HTTP 404"), ("not-an-image-login.png", "text/html"), ("large-poster.png", "larger than")])
    func failedDownload(name: String, reason: String) async throws {
        let catalog = Self.catalog(["TEE", "CAP"])
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let options = MagentoAdapterOptions(requestsPerSecond: 10_000, maxImageBytes: 64 * 1024)
            let adapter = makeAdapter(endpoint, client, options: options)
            let snapshot = try await adapter.fetchCatalog(since: nil)
            let tee = try #require(snapshot.listings.first { $0.rawSKU == "TEE" })
            let cap = try #require(snapshot.listings.first { $0.rawSKU == "CAP" })
            let url = store.baseURL + "/sim/images/" + name
            let changes = [
                change("i", tee, .images, expected: .list(tee.images), new: .list([url])),
                change("ok", cap, .images, expected: .list(cap.images), new: .list([store.baseURL + "/sim/images/cap-new.jpg"])),
            ]
            store.server.clearLog()
            let outcomes = try await adapter.apply(changes, context: ApplyContext(runID: 2))
            #expect(outcomes[0].status == .rejected)
            #expect(
                outcomes[0].message?.contains(url) == true && outcomes[0].message?.contains(reason) == true, "\(outcomes[0].message ?? "")")
            #expect(outcomes[1].status == .applied, "\(outcomes[1].message ?? "")")
            // Nothing of TEE's gallery was touched.
            #expect(!store.server.log.contains { $0.path.contains("/products/TEE/media") })
            #expect(store.product(sku: "TEE").images == catalog.products[0].images)
        }
    }

    @Test("an image edit in the admin after the plan is stale: the gallery is not touched")
    func adminEditIsStale() async throws {
        let catalog = Self.catalog(["TEE"])
        let spec = StoreSpec(platform: .magento, source: .catalog(products: catalog.products, locations: catalog.locations))
        try await withSimulatedStore(spec) { store, endpoint, client in
            let adapter = makeAdapter(endpoint, client)
            let tee = try #require(try await adapter.fetchCatalog(since: nil).listings.first)
            store.shop.mutate { state in
                guard var product = state.allProducts.first else { return }
                product.images.removeLast()
                state.upsert(product)
            }
            store.server.clearLog()
            let outcomes = try await adapter.apply(
                [change("i", tee, .images, expected: .list(tee.images), new: .list([store.baseURL + "/sim/images/x.png"]))],
                context: ApplyContext(runID: 3))
            #expect(outcomes.map(\.status) == [.stale])
            #expect(store.server.counters.writes == 0)
        }
    }
}
