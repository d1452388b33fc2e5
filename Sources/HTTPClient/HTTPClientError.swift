/// Why a request produced no response, with what to do about it.
///
/// A struct with an extensible ``Code`` (as NIO's `FileSystemError`): callers branch on the code,
/// people read the ``message``. Only redacted text ever goes in: the ``url`` is passed through the
/// client's ``Redactor`` and curl's own error text is scrubbed too, so logging or printing the
/// error cannot leak a token.
///
/// A response with a 4xx or 5xx status is not an error; see ``HTTPResponse``.
public struct HTTPClientError: Error, Sendable, Hashable {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: String, Hashable, Sendable {
            case timeout, connectionFailed, connectionReset, connectionClosedMidBody
            case tooManyRedirects, tls, invalidURL, invalidRequest, invalidResponse
            case clientShutdown, transferFailed, responseTooLarge, forbiddenAddress
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// No complete response within the connect or total timeout, or the transfer stalled
        /// below the low-speed limit.
        public static let timeout = Code(.timeout)
        /// The connection could not be made (DNS failure, refused, unreachable, proxy failure).
        public static let connectionFailed = Code(.connectionFailed)
        /// The connection broke while sending or before any response arrived.
        public static let connectionReset = Code(.connectionReset)
        /// The server closed the connection before sending the whole body (a partial transfer).
        public static let connectionClosedMidBody = Code(.connectionClosedMidBody)
        /// More redirects than ``HTTPClient/Configuration/maxRedirects``.
        public static let tooManyRedirects = Code(.tooManyRedirects)
        /// The TLS handshake or certificate verification failed.
        public static let tls = Code(.tls)
        /// The URL is not an absolute `http://` or `https://` URL curl accepts.
        public static let invalidURL = Code(.invalidURL)
        /// The request cannot be sent as built (for example a header containing a line break).
        public static let invalidRequest = Code(.invalidRequest)
        /// The server's reply was not valid HTTP or its content encoding could not be decoded.
        public static let invalidResponse = Code(.invalidResponse)
        /// ``HTTPClient/shutdown()`` was called before the request finished.
        public static let clientShutdown = Code(.clientShutdown)
        /// The body was larger than the request's ``HTTPRequest/maxResponseBytes``; the transfer
        /// was stopped.
        public static let responseTooLarge = Code(.responseTooLarge)
        /// The URL leads to this machine or a private network and the request does not allow
        /// that (``HTTPRequest/refusesPrivateAddresses``); nothing was sent.
        public static let forbiddenAddress = Code(.forbiddenAddress)
        /// Any other transfer failure; the message carries curl's explanation.
        public static let transferFailed = Code(.transferFailed)

        public var description: String { base.rawValue }

        /// Failures worth another attempt for a request that is safe to repeat.
        var isTransient: Bool {
            switch base {
            case .timeout, .connectionFailed, .connectionReset, .connectionClosedMidBody: true
            default: false
            }
        }
    }

    /// The kind of failure.
    public var code: Code
    /// What went wrong and what to do next, in a sentence or two.
    public var message: String
    /// The request method.
    public var method: HTTPMethod
    /// The request URL with credentials replaced by `<redacted>`.
    public var url: String
    /// Attempts made before giving up.
    public var attempts: Int
    /// The status of the last response seen, if any: the 503 of an earlier attempt before a final
    /// timeout, or the last 3xx when redirects ran out.
    public var lastStatus: Int?

    /// Creates an error. `url` must already be redacted.
    public init(code: Code, message: String, method: HTTPMethod, url: String, attempts: Int = 1, lastStatus: Int? = nil) {
        self.code = code
        self.message = message
        self.method = method
        self.url = url
        self.attempts = attempts
        self.lastStatus = lastStatus
    }
}

extension HTTPClientError: CustomStringConvertible {
    public var description: String {
        var text = "\(method.rawValue) \(url) failed (\(code)) after \(attempts) attempt\(attempts == 1 ? "" : "s")"
        if let lastStatus { text += ", last status \(lastStatus)" }
        return text + ": " + message
    }
}
