import Foundation
import JSONValue
import SimulatorCore

/// Magento's asynchronous bulk API, for product saves.
///
/// Adobe's "Bulk endpoints" page (https://developer.adobe.com/commerce/webapi/rest/use-rest/bulk-endpoints/):
/// the route is the synchronous one with `async/bulk` before `V1`, each `:param` replaced by
/// `by` + the capitalised name (`PUT /V1/products/:sku` → `PUT /async/bulk/V1/products/bySku`); the
/// body is an array of the bodies the synchronous route takes; the answer (HTTP 202) is
/// `{bulk_uuid, request_items: [{id, data_hash, status: "accepted"}], errors: false}`, one item
/// per array element, `id` its index. Each element becomes one operation on the message queue,
/// which the `async.operations.all` consumer runs later through the same service
/// (`ProductRepositoryInterface::save`) as the synchronous route; a bySku item names its product
/// by the body's `product.sku`, there being no SKU in the path.
///
/// "Bulk operation status endpoints" (https://developer.adobe.com/commerce/webapi/rest/use-rest/operation-status-endpoints/):
/// `GET /V1/bulk/{uuid}/status` lists each operation's `{id, status, result_message, error_code}`
/// with status 1 complete, 2 failed but retriable, 3 failed, 4 open, 5 rejected;
/// `/detailed-status` adds the operation's data. The consumer records a success as
/// "Service execution success <class>::<method>" and a failure as the exception's message,
/// placeholders filled (`Magento\AsynchronousOperations\Model\OperationProcessor`).
///
/// The simulator serves the two product-save bulk routes; any other async path is answered as
/// Magento answers a path it has no route for.
extension MagentoPlatform {
    /// The bulk routes the simulator serves: method, pattern under `async/bulk/V1`, and the
    /// queue topic Magento derives from the synchronous route.
    static let bulkRoutes: [(method: String, pattern: [String], topic: String)] = [
        ("POST", ["products"], "async.magento.catalog.api.productrepositoryinterface.save.post"),
        ("PUT", ["products", "bySku"], "async.magento.catalog.api.productrepositoryinterface.save.put"),
    ]

    /// The service a product-save operation runs, as the consumer reports it on success.
    static let productSaveService = "Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save"

    /// Accepts a bulk request: validates every item first (one bad item refuses the whole
    /// request, as `InputParamsResolver` does before anything is queued), then queues one
    /// operation per item.
    func respondToBulk(_ request: SimRequest, segments: [String], shop: SimulatedShop) throws(MagentoError) -> JSONValue {
        guard let route = Self.bulkRoutes.first(where: { $0.pattern == segments && $0.method == request.method }) else {
            throw MagentoError.noRoute
        }
        try authorize(request, shop: shop, resource: Self.catalogResource)
        let body: JSONValue?
        do {
            body = try request.jsonBody()
        } catch {
            throw MagentoError.decodingError
        }
        guard let items = body?.arrayValue, !items.isEmpty else {
            // The simulator's own words: Magento would fail deeper, on the first item's type.
            throw MagentoError(status: 400, "A bulk request takes a JSON array of request bodies, one per operation.")
        }
        for item in items {
            guard let product = item["product"], !product.isNull else { throw MagentoError.requiredField("product") }
            guard product.objectValue != nil else {
                throw MagentoError.invalidType(product.serialized, expected: "Magento\\Catalog\\Api\\Data\\ProductInterface")
            }
        }
        let isAdmin = (request.header("authorization") ?? "").split(separator: " ").last.map(String.init) != shop.credentials.magentoToken
        let bulk = BulkOperationQueue.Bulk(
            uuid: UUID().uuidString.lowercased(), topic: route.topic, startTime: shop.now, userType: isAdmin ? 2 : 1,
            operations: items.enumerated().map { BulkOperationQueue.Operation(id: $0.offset, payload: $0.element) })
        bulkQueue.add(bulk)
        if case .afterPolls(let polls) = options.asyncBulk.consumer, polls <= 0 {
            consume(bulk.uuid, shop: shop)
        }
        return [
            "bulk_uuid": .string(bulk.uuid),
            "request_items": .array(bulk.operations.map { ["id": .int($0.id), "data_hash": .null, "status": "accepted"] }),
            "errors": false,
        ]
    }

    /// Runs the queue consumer once over every open operation, oldest bulk first, as
    /// `bin/magento queue:consumers:start async.operations.all` would.
    ///
    /// - Returns: How many operations it processed.
    @discardableResult
    public func runQueueConsumer(shop: SimulatedShop) -> Int {
        bulkQueue.openBulks.reduce(0) { $0 + consume($1, shop: shop) }
    }

    /// Processes a bulk's open operations in order; returns how many.
    @discardableResult
    func consume(_ uuid: String, shop: SimulatedShop) -> Int {
        guard let bulk = bulkQueue.bulk(uuid) else { return 0 }
        var processed = 0
        for operation in bulk.operations where operation.status == .open {
            let result = process(operation.payload, topic: bulk.topic, shop: shop)
            bulkQueue.finish(uuid, operation: operation.id) {
                $0.status = result.status
                $0.resultMessage = result.message
                $0.errorCode = result.errorCode
                $0.resultSerializedData = result.output
            }
            processed += 1
        }
        return processed
    }

    /// One operation: the product save the synchronous route would do, or the injected failure.
    private func process(
        _ payload: JSONValue, topic: String, shop: SimulatedShop
    ) -> (status: BulkOperationQueue.Status, message: String, errorCode: Int?, output: String?) {
        let product = payload["product"] ?? .null
        let sku = product["sku"]?.stringValue ?? product["sku"]?.numberText ?? ""
        if let failure = options.asyncBulk.failure(sku: sku) {
            return (failure.status == 2 ? .retriablyFailed : .notRetriablyFailed, failure.renderedMessage, failure.errorCode, nil)
        }
        guard !sku.isEmpty else {
            let error = MagentoError(
                status: 400, "The \"%1\" attribute value is empty. Set the attribute and try again.", parameters: ["sku"])
            return (.notRetriablyFailed, error.renderedMessage, 0, nil)
        }
        let now = shop.now
        var failure: MagentoError?
        let id: Int64? = shop.mutate { state in
            var copy = state
            do throws(MagentoError) {
                let catalog = MagentoCatalog(copy)
                let writer = ProductWriter(payload: product, now: now)
                let id: Int64
                if let entity = catalog.entity(sku: sku) {
                    try writer.update(entity, in: &copy, catalog: catalog)
                    id = entity.id
                } else {
                    id = try writer.create(sku: sku, in: &copy, catalog: catalog)
                }
                state = copy
                return id
            } catch {
                failure = error
                return nil
            }
        }
        guard let id, failure == nil else {
            return (.notRetriablyFailed, failure?.renderedMessage ?? "The product could not be saved.", 0, nil)
        }
        let catalog = shop.read { MagentoCatalog($0) }
        let output = catalog.entity(id: id).map { catalog.productJSON($0).serialized }
        return (.complete, "Service execution success " + Self.productSaveService, nil, output)
    }

    // MARK: Status

    /// `GET /V1/bulk/{uuid}/status`: the bulk summary with each operation's short status.
    func bulkStatus(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let bulk = try polledBulk(call)
        return bulkJSON(bulk) { operation in
            [
                "id": .int(operation.id), "status": .int(operation.status.rawValue),
                "result_message": .string(operation.resultMessage), "error_code": operation.errorCode.map { .int($0) } ?? .null,
            ]
        }
    }

    /// `GET /V1/bulk/{uuid}/detailed-status`: as `status`, each operation with its data.
    func bulkDetailedStatus(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        let bulk = try polledBulk(call)
        return bulkJSON(bulk) { operation in
            let serialized: JSONValue = [
                "entity_id": .null, "entity_link": "", "meta_information": .string(operation.payload.serialized), "store_id": 1,
            ]
            return [
                "id": .int(operation.id), "bulk_uuid": .string(bulk.uuid), "topic_name": .string(bulk.topic),
                // Magento keeps the request data only for operations that failed (OperationProcessor::process).
                "serialized_data": [.retriablyFailed, .notRetriablyFailed, .open].contains(operation.status)
                    ? .string(serialized.serialized) : .null,
                "result_serialized_data": .string(operation.resultSerializedData),
                "status": .int(operation.status.rawValue), "result_message": .string(operation.resultMessage),
                "error_code": operation.errorCode.map { .int($0) } ?? .null,
            ]
        }
    }

    /// `GET /V1/bulk/{uuid}/operation-status/{status}`: how many operations have that status.
    func bulkOperationCount(_ call: MagentoCall) throws(MagentoError) -> JSONValue {
        guard let bulk = bulkQueue.bulk(call.parameter("bulkUuid")) else { throw Self.unknownBulk(call.parameter("bulkUuid")) }
        guard let status = Int(call.parameter("status")) else { throw MagentoError.invalidType(call.parameter("status"), expected: "int") }
        return .int(bulk.operations.filter { $0.status.rawValue == status }.count)
    }

    /// The bulk a status request names, after counting the request as a poll (and letting the
    /// consumer run when the options say this poll is its turn).
    private func polledBulk(_ call: MagentoCall) throws(MagentoError) -> BulkOperationQueue.Bulk {
        let uuid = call.parameter("bulkUuid")
        guard let polled = bulkQueue.poll(uuid) else { throw Self.unknownBulk(uuid) }
        if case .afterPolls(let polls) = options.asyncBulk.consumer, polled.polls >= polls {
            consume(uuid, shop: call.shop)
        }
        return bulkQueue.bulk(uuid) ?? polled
    }

    private func bulkJSON(_ bulk: BulkOperationQueue.Bulk, operation: (BulkOperationQueue.Operation) -> JSONValue) -> JSONValue {
        [
            "operations_list": .array(bulk.operations.map(operation)),
            "user_type": .int(bulk.userType), "bulk_id": .string(bulk.uuid), "description": .string("Topic " + bulk.topic),
            "start_time": .string(MagentoDate.format(bulk.startTime)), "user_id": 1, "operation_count": .int(bulk.operations.count),
        ]
    }

    /// `BulkStatus::getBulkShortStatus` for a uuid it does not know.
    static func unknownBulk(_ uuid: String) -> MagentoError {
        MagentoError(status: 404, "Bulk uuid %bulkUuid not exist", parameters: ["bulkUuid": .string(uuid)])
    }
}
