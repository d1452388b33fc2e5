import Foundation
import GraphQL
import JSONValue
import SimulatorCore

/// `POST /admin/api/{version}/graphql.json`: parse, validate, cost, throttle, execute, and answer
/// the way Shopify does (HTTP 200 with `errors` for anything wrong with the query itself).
struct GraphQLEndpoint {
    let platform: ShopifyPlatform

    struct Outcome {
        var data: JSONValue?
        var errors: [JSONValue]
    }

    func respond(to request: SimRequest, shop: SimulatedShop, baseURL: String, headers: [(name: String, value: String)]) async
        -> SimResponse
    {
        // The body: JSON {query, variables, operationName}, or a bare document (application/graphql).
        var queryText: String?
        var variables: [String: JSONValue] = [:]
        var operationName: String?
        if request.header("content-type")?.lowercased().hasPrefix("application/graphql") == true {
            queryText = String(decoding: request.body, as: UTF8.self)
        } else {
            guard let body = try? request.jsonBody() else {
                return .json(["errors": ["query": "Required parameter missing or invalid"]], status: 400, headers: headers)
            }
            queryText = body["query"]?.stringValue
            if let object = body["variables"]?.objectValue {
                for (key, value) in object { variables[key] = value }
            } else if let text = body["variables"]?.stringValue, let parsed = try? JSONValue.parse(text), let object = parsed.objectValue {
                for (key, value) in object { variables[key] = value }
            }
            operationName = body["operationName"]?.stringValue
        }
        guard let queryText, !queryText.isEmpty else {
            return .json(["errors": ["query": "Required parameter missing or invalid"]], status: 400, headers: headers)
        }

        let schema = AdminSchema.shared
        let document: Document
        do {
            document = try parse(source: Source(body: queryText, name: "GraphQL request"))
        } catch let error as GraphQLError {
            return .json(["errors": [GraphQLErrorShape(document: nil).validation(error)]], headers: headers)
        } catch {
            return .json(["errors": [["message": .string("\(error)")]]], headers: headers)
        }
        let shape = GraphQLErrorShape(document: document)
        let validationErrors = validate(schema: schema, ast: document)
        guard validationErrors.isEmpty else {
            return .json(["errors": .array(validationErrors.map(shape.validation))], headers: headers)
        }
        guard let operation = Self.operation(in: document, named: operationName) else {
            let message = operationName.map { "No operation named \"\($0)\"" } ?? "An operation name is required"
            return .json(["errors": [["message": .string(message)]]], headers: headers)
        }

        // Cost and the leaky bucket.
        let options = platform.options
        let cost = QueryCost(schema: schema, document: document, variables: variables)
        let requested = cost.requested(operation)
        let maxCost = options.maxQueryCost ?? Int(options.bucketSize)
        if requested > maxCost {
            let message = """
                Query cost is \(requested), which exceeds the single query max cost limit (\(maxCost)).

                See https://shopify.dev/concepts/about-apis/rate-limits for more information on how the
                cost of a query is calculated.

                To query larger amounts of data with fewer limits, bulk operations should be used instead.
                See https://shopify.dev/tutorials/perform-bulk-operations-with-admin-api for usage details.

                """
            let status = platform.runtime.withStore(shop) {
                $0.bucket.refill(now: options.throttleClock.now()); return $0.bucket
            }
            return .json(
                [
                    "errors": [
                        [
                            "message": .string(message),
                            "extensions": [
                                "code": "MAX_COST_EXCEEDED", "cost": .int(requested), "maxCost": .int(maxCost),
                                "documentation": "https://shopify.dev/api/usage/rate-limits",
                            ],
                        ]
                    ],
                    "extensions": Self.costExtension(requested: requested, actual: nil, bucket: status),
                ], headers: headers)
        }
        let now = options.throttleClock.now()
        let (granted, bucketAfterTake) = platform.runtime.withStore(shop) { record in
            (record.bucket.take(Double(requested), now: now).granted, record.bucket)
        }
        guard granted else {
            return .json(
                [
                    "errors": [
                        [
                            "message": "Throttled",
                            "extensions": [
                                "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits",
                            ],
                        ]
                    ],
                    "extensions": Self.costExtension(requested: requested, actual: nil, bucket: bucketAfterTake),
                ], headers: headers)
        }

        let context = ResolveContext(shop: shop, platform: platform, fault: request.pagingFault, baseURL: baseURL)
        let outcome = await Self.execute(
            document: document, operationName: operationName, variables: variables, context: context, shape: shape)
        let actual = min(requested, cost.actual(operation, data: outcome.data))
        let bucket = platform.runtime.withStore(shop) { record in
            record.bucket.refund(Double(requested - actual))
            return record.bucket
        }
        var body = JSONObject()
        if !outcome.errors.isEmpty { body["errors"] = .array(outcome.errors) }
        body["data"] = outcome.data ?? .null
        body["extensions"] = Self.costExtension(requested: requested, actual: actual, bucket: bucket)
        return .json(.object(body), headers: headers)
    }

    /// Runs a parsed, validated document; shared with bulk operations.
    static func execute(
        document: Document, operationName: String?, variables: [String: JSONValue], context: ResolveContext, shape: GraphQLErrorShape
    ) async -> Outcome {
        do {
            let result = try await GraphQL.execute(
                schema: AdminSchema.shared, documentAST: document, rootValue: (), context: context,
                variableValues: variables.mapValues(MapJSON.map), operationName: operationName
            )
            let data = result.data.map(MapJSON.json).map(context.restoringNulls)
            return Outcome(data: data, errors: result.errors.map(shape.execution))
        } catch let error as GraphQLError {
            return Outcome(data: nil, errors: [shape.execution(error)])
        } catch {
            return Outcome(data: nil, errors: [["message": .string("\(error)")]])
        }
    }

    static func operation(in document: Document, named name: String?) -> OperationDefinition? {
        let operations = document.definitions.compactMap { $0 as? OperationDefinition }
        if let name { return operations.first { $0.name?.value == name } }
        return operations.count == 1 ? operations.first : nil
    }

    /// `extensions.cost` as Shopify reports it (`actualQueryCost` is null when nothing ran).
    static func costExtension(requested: Int, actual: Int?, bucket: LeakyBucket) -> JSONValue {
        [
            "cost": [
                "requestedQueryCost": .int(requested),
                "actualQueryCost": actual.map { .int($0) } ?? .null,
                "throttleStatus": [
                    "maximumAvailable": .number(Self.decimal(bucket.capacity)),
                    "currentlyAvailable": .int(Int(bucket.available.rounded(.down))),
                    "restoreRate": .number(Self.decimal(bucket.restoreRate)),
                ],
            ]
        ]
    }

    /// `1000.0`, as Shopify writes the bucket's size and rate.
    static func decimal(_ value: Double) -> String {
        value == value.rounded() ? String(Int64(value)) + ".0" : String(value)
    }
}
