import Foundation

/// A complete HTTP response, whatever its status.
///
/// The client returns non-2xx statuses rather than throwing them: a 404 or a 422 with
/// `userErrors` is data the storefront adapter interprets. When a retryable status (429, 502,
/// 503, 504) is still the answer after the last attempt, that last response is returned, with
/// ``attempts`` telling how many were made.
public struct HTTPResponse: Sendable {
    /// The status code of the final response (after redirects).
    public var status: Int
    /// The response headers of the final response.
    public var headers: HTTPHeaders
    /// The body, already decoded if the server sent it gzip- or deflate-encoded.
    public var body: [UInt8]
    /// The URL that produced this response, after redirects.
    public var url: String
    /// How many attempts the client made (1 when the first one was final).
    public var attempts: Int
    /// Wall-clock time of the whole `send`, including backoff and rate-governor waits.
    public var duration: Duration

    /// Creates a response (the client builds these; adapters' tests may too).
    public init(
        status: Int,
        headers: HTTPHeaders = [:],
        body: [UInt8] = [],
        url: String,
        attempts: Int = 1,
        duration: Duration = .zero
    ) {
        self.status = status
        self.headers = headers
        self.body = body
        self.url = url
        self.attempts = attempts
        self.duration = duration
    }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// The server's clock when it answered (the `Date` header), or nil when it sent none or an
    /// unreadable one. Incremental reads start from the store's own clock, never the local one:
    /// a skewed local clock is how "since" filters miss changes.
    public var serverDate: Date? { headers["Date"].flatMap(HTTPDate.parse) }

    /// The body as UTF-8 text (invalid bytes become U+FFFD).
    public var text: String { String(decoding: body, as: UTF8.self) }

    /// Decodes the body as JSON.
    ///
    /// - Throws: The decoder's `DecodingError` when the body does not match `type`.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type, decoder: JSONDecoder = JSONDecoder()) throws -> Value {
        try decoder.decode(type, from: Data(body))
    }
}

extension HTTPResponse: CustomStringConvertible {
    /// Status and size only: bodies may hold customer data or tokens.
    public var description: String { "HTTPResponse(status: \(status), \(body.count) bytes, attempts: \(attempts))" }
}
