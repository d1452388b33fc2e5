import CatalogModel
import Foundation
import HTTPClient
import JSONValue
import StorefrontAdapter

/// Reads a whole catalog through a Shopify bulk operation: one query, a few status polls, and one
/// JSON Lines download, streamed to a temporary file and parsed a line at a time, so a catalog of a
/// million variants never sits in memory as text.
///
/// Shopify writes a parent's line before its children's, and each child names its parent in
/// `__parentId` (https://shopify.dev/docs/api/usage/bulk-operations/queries), so one pass suffices.
struct ShopifyBulkReader: Sendable {
    let graphQL: ShopifyGraphQLClient
    let options: ShopifyAdapterOptions

    var store: StoreID { graphQL.endpoint.store }

    /// - Parameter serverStart: The store's clock when the read began (its first answer), where
    ///   the next incremental read starts.
    func read(currency: CurrencyCode, locations: [Location], serverStart: Date?) async throws -> StoreSnapshot {
        let started = Date()
        let url = try await runAndWait()
        let listings = try await download(url, currency: currency)
        let newest = listings.compactMap(\.updatedAt).max()
        return StoreSnapshot(
            store: store, fetchedAt: started, isComplete: true, listings: listings, locations: locations,
            nextCursor: .after(readStartedAt: serverStart, newest: newest, localStart: started))
    }

    /// The listings of the products `filter` selects (an incremental read's `updated_at:>=…`),
    /// with their stock, from one bulk operation.
    /// - Throws: ``Busy`` when another bulk query of this app is running, so the caller can page
    ///   instead.
    func listings(filter: String?, currency: CurrencyCode) async throws -> [Listing] {
        try await download(
            try await runAndWait(query: ShopifyOperations.bulkCatalogQuery(filter: filter), busyThrows: true), currency: currency)
    }

    /// Shopify runs one bulk query per app at a time and another is running.
    struct Busy: Error {}

    /// Starts the operation and polls until it completes; returns the download URL (nil when the
    /// store has nothing to export).
    func runAndWait(query: String = ShopifyOperations.bulkCatalogQuery, busyThrows: Bool = false) async throws -> String? {
        let answer = try await graphQL.execute(
            ShopifyOperations.bulkOperationRunQuery, variables: ["query": .string(query)],
            estimatedCost: ShopifyOperations.mutationCost)
        let result = answer.data["bulkOperationRunQuery"]
        if let error = result?["userErrors"]?.arrayValue?.first {
            let code = error["code"]?.stringValue
            if busyThrows, code == "OPERATION_IN_PROGRESS" { throw Busy() }
            let hint =
                code == "OPERATION_IN_PROGRESS"
                ? "; another bulk query is running on this store (Shopify runs one per app at a time), try again when it is done" : ""
            throw AdapterError(
                code: .serverError, store: store,
                message: "Shopify refused the bulk read: \(error["message"]?.stringValue ?? "unknown")\(hint)")
        }
        guard let id = result?["bulkOperation"]?["id"]?.stringValue else {
            throw AdapterError.malformed("no bulk operation id in the answer", store: store)
        }
        let deadline = ContinuousClock.now + options.bulkTimeout
        while true {
            let status = try await graphQL.execute(
                ShopifyOperations.bulkOperationStatus, variables: ["id": .string(id)],
                estimatedCost: ShopifyOperations.bulkOperationStatusCost)
            let operation = status.data["node"]
            switch operation?["status"]?.stringValue {
            case "COMPLETED":
                return operation?["url"]?.stringValue
            case "FAILED", "CANCELED", "CANCELLED", "EXPIRED":
                let code = operation?["errorCode"]?.stringValue ?? "unknown"
                throw AdapterError(
                    code: .serverError, store: store,
                    message:
                        "Shopify's bulk read \(id) ended \(operation?["status"]?.stringValue ?? "") (\(code)); run the sync again, or set a lower bulk threshold to page instead"
                )
            case "CREATED", "RUNNING", "CANCELING":
                guard ContinuousClock.now < deadline else {
                    throw AdapterError(
                        code: .serverError, store: store, message: "Shopify's bulk read \(id) did not finish within \(options.bulkTimeout)")
                }
                try await Task.sleep(for: options.bulkPollInterval)
            default:
                throw AdapterError.malformed("bulk operation \(id) has an unknown status", store: store)
            }
        }
    }

    func download(_ url: String?, currency: CurrencyCode) async throws -> [Listing] {
        guard let url else { return [] }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("concord-bulk-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("catalog.jsonl").path
        // The URL is pre-signed: it must not carry the store's token to another host.
        var request = HTTPRequest(url: url, timeout: .seconds(3600))
        request.bodyFile = file
        request.maxResponseBytes = options.maxBulkFileBytes
        // The link is the store's word: it may lead to storage on the internet, never into this
        // machine or its network (unless the store itself is on this machine, as the simulator is).
        request.refusesPrivateAddresses = !Loopback.isLoopback(host: URL(string: graphQL.endpoint.baseURL)?.host)
        let response = try await graphQL.client.send(request)
        guard response.isSuccess else {
            throw AdapterError(
                code: .serverError, store: store,
                message: "downloading the bulk read failed with HTTP \(response.status); run the sync again", status: response.status)
        }
        return try parse(file: file, currency: currency)
    }

    /// One pass over the JSONL file: products, then their variants, then each variant's levels.
    func parse(file: String, currency: CurrencyCode) throws -> [Listing] {
        let parser = ShopifyListingParser(store: store, currency: currency)
        var products: [String: JSONValue] = [:]
        var listings: [Listing] = []
        var indexByVariant: [String: Int] = [:]
        var images: [String: [String]] = [:]
        var lineNumber = 0
        try JSONLinesFile.forEachLine(path: file) { line in
            lineNumber += 1
            let object: JSONValue
            do { object = try JSONValue.parse(line) } catch {
                throw AdapterError.malformed("bulk file line \(lineNumber): \(error)", store: store)
            }
            let id = object["id"]?.stringValue ?? ""
            switch object["__parentId"]?.stringValue {
            case nil where id.contains("/Product/"):
                products[id] = object
            case let parent? where id.contains("/ProductVariant/"):
                guard let product = products[parent] else {
                    throw AdapterError.malformed("bulk file line \(lineNumber): variant \(id) before its product \(parent)", store: store)
                }
                indexByVariant[id] = listings.count
                let listing = try parser.listing(product: product, variant: object)
                // A level's parent is its inventory item (the nearest object with an id) or the variant.
                if let item = listing.ref.inventoryItemID { indexByVariant[item] = listings.count }
                listings.append(listing)
            case let parent? where object["location"] != nil:
                guard let index = indexByVariant[parent], let location = object["location"]?["id"]?.stringValue else { return }
                listings[index].stock.append(ShopifyListingParser.stockLevel(location: location, quantities: object["quantities"]))
            case let parent? where object["url"] != nil:
                // An image line (its product's child); variants may come before or after it.
                if let url = object["url"]?.stringValue { images[parent, default: []].append(url) }
            default:
                break
            }
        }
        for index in listings.indices {
            listings[index].images = images[listings[index].ref.productID] ?? []
        }
        return listings
    }
}

/// Reads a JSON Lines file a chunk at a time, handing each non-empty line to `body`.
enum JSONLinesFile {
    static func forEachLine(path: String, chunkSize: Int = 1 << 16, _ body: ([UInt8]) throws -> Void) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        while let chunk = try handle.read(upToCount: chunkSize), !chunk.isEmpty {
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: UInt8(ascii: "\n")) {
                if newline > start { try body(Array(pending[start..<newline])) }
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty { try body(pending) }
    }
}
