import Foundation

/// One HTTP request to a storefront API, with what the client needs to send it safely.
///
/// A request is a value: the client may send it several times (retries) and follows redirects
/// on a copy, so the caller's request is never changed.
public struct HTTPRequest: Sendable {
    /// The request method.
    public var method: HTTPMethod
    /// The absolute `http://` or `https://` URL. It may carry credentials in its query (WooCommerce
    /// over plain HTTP does); the client only ever logs it through the ``Redactor``.
    public var url: String
    /// Request headers. `User-Agent` defaults to the client's; `Accept-Encoding` is set by the client.
    public var headers: HTTPHeaders
    /// The request body, sent with its exact length, or nil for none.
    public var body: [UInt8]?
    /// Whether the request may be sent again after a failure whose outcome is unknown.
    ///
    /// `nil` derives it from the method (``HTTPMethod/isIdempotent``). Set `true` for a POST that
    /// is safe to repeat (a GraphQL query, a mutation guarded by an idempotency key or a
    /// compare-and-set), `false` to forbid retries of an idempotent method.
    public var retrySafe: Bool?
    /// Overrides the client's ``HTTPClient/Configuration/totalTimeout`` for each attempt of this request.
    public var timeout: Duration?
    /// Writes the response body to this file (created or truncated on each attempt) instead of
    /// keeping it in memory; the response's ``HTTPResponse/body`` is then empty. For downloads
    /// (Shopify's bulk operation files) too large to hold.
    public var bodyFile: String?
    /// Aborts the transfer once the response body grows past this many bytes, failing with
    /// ``HTTPClientError/Code/responseTooLarge``: for bodies from a URL Concord does not control
    /// (an image a catalog names), so a wrong link cannot fill memory.
    public var maxResponseBytes: Int?
    /// The store's rate governor: each attempt first takes ``cost`` tokens from it, and a 429
    /// pauses it so the store's other requests wait too.
    public var governor: RateGovernor?
    /// Tokens this request takes from ``governor`` (1 for a REST call; a GraphQL query's estimated cost).
    public var cost: Double
    /// The response body is a credential (a sign-in's token): recordings never hold it.
    public var responseIsSecret = false
    /// The URL came from outside (an image a catalog names, a download link a store returned):
    /// every hop must resolve to public addresses only, never this machine or a private network,
    /// and the connection is pinned to the address checked. Loopback URLs are the caller's to
    /// allow (a store on this machine, the simulator).
    public var refusesPrivateAddresses = false

    /// Creates a request.
    public init(
        method: HTTPMethod = .get,
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        retrySafe: Bool? = nil,
        timeout: Duration? = nil,
        governor: RateGovernor? = nil,
        cost: Double = 1
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.retrySafe = retrySafe
        self.timeout = timeout
        self.governor = governor
        self.cost = cost
    }

    /// Creates a request whose body is `json` encoded, with `Content-Type` and `Accept` set to
    /// `application/json` unless `headers` already names them.
    ///
    /// - Throws: The encoder's error when `json` cannot be encoded.
    public init(
        method: HTTPMethod = .post,
        url: String,
        headers: HTTPHeaders = [:],
        json: some Encodable,
        encoder: JSONEncoder = JSONEncoder(),
        retrySafe: Bool? = nil,
        timeout: Duration? = nil,
        governor: RateGovernor? = nil,
        cost: Double = 1
    ) throws {
        var headers = headers
        if !headers.contains("Content-Type") { headers.add(name: "Content-Type", value: "application/json") }
        if !headers.contains("Accept") { headers.add(name: "Accept", value: "application/json") }
        self.init(
            method: method, url: url, headers: headers, body: Array(try encoder.encode(json)),
            retrySafe: retrySafe, timeout: timeout, governor: governor, cost: cost
        )
    }

    /// Whether the client may retry this request after a failure whose outcome is unknown.
    public var isRetrySafe: Bool { retrySafe ?? method.isIdempotent }
}

extension HTTPRequest: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The method and the redacted URL: never a credential.
    public var description: String { "\(method.rawValue) \(Redactor().redact(url: url))" }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(
            self,
            children: [
                "method": method.rawValue,
                "url": Redactor().redact(url: url),
                "headers": headers,
                "bodyBytes": body?.count ?? 0,
            ],
            displayStyle: .struct
        )
    }
}
