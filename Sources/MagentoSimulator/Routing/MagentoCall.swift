import Foundation
import JSONValue
import SimulatorCore

/// One routed request: the request, the store, the path parameters the route captured, and the
/// platform's options.
struct MagentoCall: Sendable {
    var request: SimRequest
    var shop: SimulatedShop
    /// `:sku` → `MS-Champ`, percent-decoded.
    var parameters: [String: String]
    var options: MagentoPlatform.Options

    func parameter(_ name: String) -> String { parameters[name] ?? "" }

    /// The JSON body as an object, or a 400 as Magento answers a body it cannot read.
    func body() throws(MagentoError) -> JSONValue {
        do {
            guard let value = try request.jsonBody() else { return .object(JSONObject()) }
            return value
        } catch {
            throw MagentoError.decodingError
        }
    }

    /// A required top-level key of the body (`product`, `prices`, `sourceItems`).
    func bodyField(_ name: String) throws(MagentoError) -> JSONValue {
        guard let value = try body()[name], !value.isNull else { throw MagentoError.requiredField(name) }
        return value
    }

    func searchCriteria(required: Bool = true) throws(MagentoError) -> SearchCriteria {
        try SearchCriteria.parse(request.query, required: required)
    }
}

/// One REST route: method, path pattern under `/V1` (`products/:sku`), the ACL resource named in
/// a 401, and the handler.
struct MagentoRoute: Sendable {
    typealias Handler = @Sendable (MagentoPlatform) -> (MagentoCall) throws(MagentoError) -> JSONValue

    var method: String
    var pattern: [String]
    /// Nil for anonymous routes (the admin token endpoint).
    var resource: String?
    var handler: Handler

    init(_ method: String, _ path: String, resource: String?, _ handler: @escaping Handler) {
        self.method = method
        self.pattern = path.split(separator: "/").map(String.init)
        self.resource = resource
        self.handler = handler
    }

    /// The captured parameters when `segments` fit the pattern.
    func match(_ segments: [String]) -> [String: String]? {
        guard segments.count == pattern.count else { return nil }
        var parameters: [String: String] = [:]
        for (part, segment) in zip(pattern, segments) {
            if part.hasPrefix(":") {
                parameters[String(part.dropFirst())] = segment
            } else if part != segment {
                return nil
            }
        }
        return parameters
    }
}

extension MagentoCall {
    /// Runs a write on the store atomically: on a thrown error nothing of it lands.
    func mutate<T>(_ body: (inout ShopState) throws(MagentoError) -> T) throws(MagentoError) -> T {
        var failure: MagentoError?
        let result: T? = shop.mutate { state in
            var copy = state
            do throws(MagentoError) {
                let value = try body(&copy)
                state = copy
                return value
            } catch {
                failure = error
                return nil
            }
        }
        if let failure { throw failure }
        return result!
    }

    /// A consistent view of the catalog as it is now.
    var catalog: MagentoCatalog { shop.read { MagentoCatalog($0) } }
}
