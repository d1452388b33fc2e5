import Foundation
import JSONValue

/// One request as a platform handler sees it: decoded path and query, lower-cased header names,
/// the raw body, and any paging fault the server decided to inject into this response.
public struct SimRequest: Sendable {
    public struct QueryItem: Hashable, Sendable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    public var method: String
    /// The path without the query string, as the client sent it (still percent-encoded: a
    /// handler decodes each segment it reads, so an encoded `/` inside a SKU stays one segment).
    public var path: String
    public var query: [QueryItem]
    /// Header names lower-cased; repeated headers joined with ", ".
    public var headers: [String: String]
    public var body: [UInt8]
    /// Set when a fault rule asked this page to repeat or skip items; apply it with `Paging`.
    public var pagingFault: PagingFault?
    /// The request's full URL as the client sent it (`http://127.0.0.1:PORT/path?query`), which
    /// OAuth 1.0a signatures cover.
    public var url: String

    public init(
        method: String, path: String, query: [QueryItem] = [], headers: [String: String] = [:],
        body: [UInt8] = [], pagingFault: PagingFault? = nil, url: String = ""
    ) {
        self.method = method.uppercased()
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { "\($0), \($1)" })
        self.body = body
        self.pagingFault = pagingFault
        self.url = url
    }

    /// The first value of a query parameter.
    public func queryValue(_ name: String) -> String? {
        query.first { $0.name == name }?.value
    }

    public func header(_ name: String) -> String? { headers[name.lowercased()] }

    /// The body parsed as JSON; nil when there is no body, an error when it is not JSON.
    public func jsonBody() throws(JSONParseError) -> JSONValue? {
        guard !body.isEmpty else { return nil }
        return try JSONValue.parse(body)
    }

    public var isWrite: Bool { !["GET", "HEAD", "OPTIONS"].contains(method) }
}

/// What a handler answers. The log details let the request log show the GraphQL document and
/// variables a Shopify call carried.
public struct SimResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public static func json(_ value: JSONValue, status: Int = 200, headers: [(name: String, value: String)] = []) -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")] + headers, body: value.bytes)
    }

    public static func text(_ text: String, status: Int, contentType: String = "text/plain; charset=utf-8") -> SimResponse {
        SimResponse(status: status, headers: [("Content-Type", contentType)], body: Array(text.utf8))
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// A platform's API on a simulated store. The server handles `/_sim/`, faults, logging and live
/// activity; the platform handles everything else, auth included.
public protocol PlatformAPI: Sendable {
    func respond(to request: SimRequest, shop: SimulatedShop) async -> SimResponse
    /// What the banner says about reaching this store (base URL, credentials in native form).
    func banner(baseURL: String, shop: SimulatedShop) -> [String]
}
