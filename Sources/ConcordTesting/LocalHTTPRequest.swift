/// A request as ``LocalHTTPServer`` received it, for the handler to answer and tests to inspect.
public struct LocalHTTPRequest: Sendable {
    /// Position among all requests the server received, from 0: script responses by it.
    public var index: Int
    /// Which accepted TCP connection carried it, from 0.
    public var connection: Int
    public var method: String
    /// The request target as sent: path and query.
    public var target: String
    /// Header fields in the order received.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(index: Int, connection: Int, method: String, target: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.index = index
        self.connection = connection
        self.method = method
        self.target = target
        self.headers = headers
        self.body = body
    }

    /// The target without its query.
    public var path: String {
        String(target.prefix { $0 != "?" })
    }

    /// The first value of header `name`, compared without case.
    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}
