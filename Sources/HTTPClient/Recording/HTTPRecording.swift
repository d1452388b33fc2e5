/// One recorded request/response pair, as ``HTTPRecorder`` writes it: everything already redacted.
///
/// Public and `Codable` so fixtures captured from a real store can be read back (by the simulator
/// or by adapter tests) with the same type that wrote them.
public struct HTTPRecording: Codable, Sendable, Hashable {
    /// A header field.
    public struct Header: Codable, Sendable, Hashable {
        public var name: String
        public var value: String

        public init(name: String, value: String) {
            self.name = name
            self.value = value
        }
    }

    /// Position in the recording session, from 1; also the file name's prefix.
    public var sequence: Int
    /// Which attempt of the request this was, from 1.
    public var attempt: Int
    public var method: String
    /// The request URL, redacted.
    public var url: String
    /// The request headers, redacted.
    public var requestHeaders: [Header]
    /// The request body as text, redacted; nil when there was none.
    public var requestBody: String?
    /// The response status; nil when the attempt failed without a response.
    public var status: Int?
    /// The response headers, redacted.
    public var responseHeaders: [Header]
    /// The decoded response body as text, redacted.
    public var responseBody: String?
    /// The failure, for attempts that got no response (already redacted, as all client errors are).
    public var error: String?

    public init(
        sequence: Int, attempt: Int, method: String, url: String, requestHeaders: [Header],
        requestBody: String?, status: Int?, responseHeaders: [Header], responseBody: String?, error: String?
    ) {
        self.sequence = sequence
        self.attempt = attempt
        self.method = method
        self.url = url
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.status = status
        self.responseHeaders = responseHeaders
        self.responseBody = responseBody
        self.error = error
    }
}
