import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A small, real HTTP/1.1 server on 127.0.0.1 for testing the HTTP client through libcurl.
///
/// Raw POSIX sockets, one thread accepting and one thread per connection, so a handler that
/// holds a connection open (``LocalHTTPAction/neverRespond``) never blocks Swift's cooperative
/// pool. Connections are kept alive between requests, so tests can count how many TCP
/// connections the client opened (``acceptedConnections``). Request bodies are read by
/// `Content-Length` (chunked request bodies are not supported; the client always sends a length).
///
/// The handler is called on the connection's thread with each request, and scripts the reply;
/// ``LocalHTTPRequest/index`` numbers requests across connections, so "first a 503, then a 200"
/// is `request.index == 0 ? .status(503) : .text("ok")`, or `init(script:)`.
///
/// Call ``stop()`` when done (a `defer` right after creating it): the threads keep the server
/// alive until then. Stopping shuts every socket down, so it returns promptly even while a
/// connection is being held open.
public final class LocalHTTPServer: @unchecked Sendable {
    public typealias Handler = @Sendable (LocalHTTPRequest) -> LocalHTTPAction

    /// The port the kernel assigned.
    public let port: UInt16
    private let listener: Int32
    private let handler: Handler
    private let threads = DispatchGroup()

    private let lock = NSLock()
    private var received: [LocalHTTPRequest] = []
    private var accepted = 0
    private var openConnections: [Int: Int32] = [:]
    private var isStopped = false

    /// Starts a server on 127.0.0.1 with a kernel-assigned port.
    ///
    /// - Throws: ``LocalHTTPServerError`` if the socket cannot be created, bound or listened on.
    public init(handler: @escaping Handler) throws {
        self.handler = handler
        #if os(Linux)
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
            let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw LocalHTTPServerError(operation: "socket", code: errno) }
        do {
            var yes: Int32 = 1
            guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
                throw LocalHTTPServerError(operation: "setsockopt(SO_REUSEADDR)", code: errno)
            }
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = 0
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw LocalHTTPServerError(operation: "bind", code: errno) }
            guard listen(fd, 128) == 0 else { throw LocalHTTPServerError(operation: "listen", code: errno) }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let named = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            guard named == 0 else { throw LocalHTTPServerError(operation: "getsockname", code: errno) }
            port = UInt16(bigEndian: address.sin_port)
        } catch {
            close(fd)
            throw error
        }
        listener = fd
        threads.enter()
        let thread = Thread { [self] in
            acceptLoop()
            threads.leave()
        }
        thread.name = "LocalHTTPServer.accept"
        thread.start()
    }

    /// Starts a server that answers the n-th request (from 0) with `script[n]`, repeating the last action.
    public convenience init(script: [LocalHTTPAction]) throws {
        precondition(!script.isEmpty, "a script needs at least one action")
        try self.init { request in script[min(request.index, script.count - 1)] }
    }

    /// `http://127.0.0.1:PORT`, without a trailing slash.
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every request received so far, in order.
    public var requests: [LocalHTTPRequest] { locked { received } }

    /// TCP connections accepted so far: with keep-alive, fewer than the requests.
    public var acceptedConnections: Int { locked { accepted } }

    /// Stops accepting, shuts down every open connection (held ones included) and waits for the
    /// server's threads to finish. Idempotent.
    public func stop() {
        let wasRunning = locked { () -> Bool in
            guard !isStopped else { return false }
            isStopped = true
            // Shut down while holding the lock: a connection thread closes its descriptor only
            // after leaving `openConnections` under the same lock, so no reused descriptor is hit.
            for fd in openConnections.values { _ = shutdown(fd, Int32(SHUT_RDWR)) }
            _ = shutdown(listener, Int32(SHUT_RDWR))
            return true
        }
        guard wasRunning else { return }
        if threads.wait(timeout: .now() + 10) == .success {
            close(listener)
        }
    }

    private func locked<Value>(_ body: () throws -> Value) rethrows -> Value {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    // MARK: Accepting

    private func acceptLoop() {
        while !locked({ isStopped }) {
            // Poll with a timeout so a stop is noticed even where shutdown() does not wake accept().
            var descriptor = pollfd(fd: listener, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 100) > 0 else { continue }
            let client = accept(listener, nil, nil)
            guard client >= 0 else { continue }
            var yes: Int32 = 1
            _ = setsockopt(client, Int32(IPPROTO_TCP), TCP_NODELAY, &yes, socklen_t(MemoryLayout<Int32>.size))
            #if canImport(Darwin)
                _ = setsockopt(client, SOL_SOCKET, SO_NOSIGPIPE, &yes, socklen_t(MemoryLayout<Int32>.size))
            #endif
            let connection = locked { () -> Int? in
                guard !isStopped else { return nil }
                let id = accepted
                accepted += 1
                openConnections[id] = client
                return id
            }
            guard let connection else {
                close(client)
                return
            }
            threads.enter()
            let thread = Thread { [self] in
                serve(client, connection: connection)
                threads.leave()
            }
            thread.name = "LocalHTTPServer.connection.\(connection)"
            thread.start()
        }
    }

    // MARK: One connection

    private func serve(_ fd: Int32, connection: Int) {
        defer {
            locked { openConnections[connection] = nil }
            close(fd)
        }
        var buffer: [UInt8] = []
        while let head = readHead(fd, buffer: &buffer) {
            guard let parsed = Self.parseHead(head) else {
                _ = write(fd, Self.encode(LocalHTTPResponse(status: 400), omitBody: false))
                return
            }
            let header = { (name: String) in parsed.headers.first { $0.name.lowercased() == name }?.value }
            if header("expect")?.lowercased() == "100-continue" {
                guard write(fd, Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)) else { return }
            }
            let length = header("content-length").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) } ?? 0
            guard let body = readBody(fd, buffer: &buffer, length: length) else { return }
            let request = locked { () -> LocalHTTPRequest in
                let request = LocalHTTPRequest(
                    index: received.count, connection: connection, method: parsed.method,
                    target: parsed.target, headers: parsed.headers, body: body
                )
                received.append(request)
                return request
            }
            switch handler(request) {
            case .respond(let response):
                guard write(fd, Self.encode(response, omitBody: parsed.method == "HEAD")) else { return }
                let closing = response.headers.contains { $0.0.lowercased() == "connection" && $0.1.lowercased() == "close" }
                if closing || header("connection")?.lowercased() == "close" {
                    _ = shutdown(fd, Int32(SHUT_WR))
                    return
                }
            case .closeMidBody(let status, let declaredLength, let sentBody):
                let head = "HTTP/1.1 \(status) \(Self.reason(status))\r\nContent-Length: \(declaredLength)\r\n\r\n"
                _ = write(fd, Array(head.utf8) + sentBody)
                // FIN, not RST: the client must see a clean close with bytes still owed.
                _ = shutdown(fd, Int32(SHUT_WR))
                return
            case .neverRespond:
                // Keep reading: this blocks until the client gives up or the server stops.
                continue
            case .closeConnection:
                return
            }
        }
    }

    /// Reads until the blank line ending the request head; nil when the peer closes first.
    private func readHead(_ fd: Int32, buffer: inout [UInt8]) -> [UInt8]? {
        let terminator: [UInt8] = [13, 10, 13, 10]
        var searchFrom = 0
        while true {
            if buffer.count >= 4 {
                for start in searchFrom...(buffer.count - 4) where buffer[start..<start + 4].elementsEqual(terminator) {
                    let head = Array(buffer[..<start])
                    buffer.removeFirst(start + 4)
                    return head
                }
                searchFrom = buffer.count - 3
            }
            guard buffer.count < 1 << 16, receive(fd, into: &buffer) else { return nil }
        }
    }

    private func readBody(_ fd: Int32, buffer: inout [UInt8], length: Int) -> [UInt8]? {
        while buffer.count < length {
            guard receive(fd, into: &buffer) else { return nil }
        }
        let body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return body
    }

    /// Appends what one `recv` returns; false on end of stream or error.
    private func receive(_ fd: Int32, into buffer: inout [UInt8]) -> Bool {
        var chunk = [UInt8](repeating: 0, count: 16_384)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: chunk[..<count])
                return true
            }
            if count < 0, errno == EINTR { continue }
            return false
        }
    }

    private func write(_ fd: Int32, _ bytes: [UInt8]) -> Bool {
        #if os(Linux)
            let flags = Int32(MSG_NOSIGNAL)
        #else
            let flags: Int32 = 0
        #endif
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, flags) }
            if sent < 0, errno == EINTR { continue }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    // MARK: HTTP text

    private struct Head {
        var method: String
        var target: String
        var headers: [(name: String, value: String)]
    }

    private static func parseHead(_ bytes: [UInt8]) -> Head? {
        let lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        guard requestLine.count == 3, requestLine[2].hasPrefix("HTTP/1.") else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() where !line.isEmpty {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)))
        }
        return Head(method: String(requestLine[0]), target: String(requestLine[1]), headers: headers)
    }

    private static func encode(_ response: LocalHTTPResponse, omitBody: Bool) -> [UInt8] {
        let body = response.gzip ? LocalHTTPGzip.encode(response.body) : response.body
        var head = "HTTP/1.1 \(response.status) \(reason(response.status))\r\n"
        for (name, value) in response.headers { head += "\(name): \(value)\r\n" }
        if !response.headers.contains(where: { $0.0.lowercased() == "content-length" }) {
            head += "Content-Length: \(body.count)\r\n"
        }
        if response.gzip { head += "Content-Encoding: gzip\r\n" }
        head += "\r\n"
        return Array(head.utf8) + (omitBody ? [] : body)
    }

    private static func reason(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 303: "See Other"
        case 307: "Temporary Redirect"
        case 308: "Permanent Redirect"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 404: "Not Found"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status"
        }
    }
}

/// A socket call failed while starting a ``LocalHTTPServer``.
public struct LocalHTTPServerError: Error, CustomStringConvertible {
    /// The failing call.
    public var operation: String
    /// `errno` after it.
    public var code: Int32

    public var description: String {
        "\(operation) failed: \(String(cString: strerror(code))) (errno \(code))"
    }
}
