/// What ``LocalHTTPServer`` does with a request: the scripted behaviour of a fake storefront.
public enum LocalHTTPAction: Sendable {
    /// Sends a complete response; the connection stays open for the next request (keep-alive)
    /// unless the response says `Connection: close`.
    case respond(LocalHTTPResponse)
    /// Sends the status line and headers announcing `declaredLength` body bytes, then only
    /// `sentBody`, then closes the connection: a transfer cut off mid-body.
    case closeMidBody(status: Int, declaredLength: Int, sentBody: [UInt8])
    /// Reads the request and never answers; the connection is held until the client gives up
    /// or the server stops.
    case neverRespond
    /// Closes the connection without answering.
    case closeConnection

    /// A response with a text body.
    public static func text(_ body: String, status: Int = 200, headers: [(String, String)] = []) -> LocalHTTPAction {
        .respond(LocalHTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    /// A response with a status and no body, e.g. `.status(503, headers: [("Retry-After", "1")])`.
    public static func status(_ status: Int, headers: [(String, String)] = []) -> LocalHTTPAction {
        .respond(LocalHTTPResponse(status: status, headers: headers))
    }

    /// A redirect to `location` (absolute, or a path on this server).
    public static func redirect(to location: String, status: Int = 302) -> LocalHTTPAction {
        .respond(LocalHTTPResponse(status: status, headers: [("Location", location)]))
    }
}

/// A complete response for ``LocalHTTPAction/respond(_:)``.
public struct LocalHTTPResponse: Sendable {
    public var status: Int
    /// Extra headers. `Content-Length` (and `Content-Encoding` when gzipped) are added by the server.
    public var headers: [(String, String)]
    public var body: [UInt8]
    /// Sends the body gzip-encoded (with `Content-Encoding: gzip`); see ``LocalHTTPGzip``.
    public var gzip: Bool

    public init(status: Int = 200, headers: [(String, String)] = [], body: [UInt8] = [], gzip: Bool = false) {
        self.status = status
        self.headers = headers
        self.body = body
        self.gzip = gzip
    }
}
