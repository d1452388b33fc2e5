import FlyingFox
import FlyingSocks
import Foundation
import JSONValue
import LoopbackHTTP
import Synchronization

/// How a simulated store's server behaves beyond its platform's API.
public struct ServerOptions: Sendable {
    /// 0 picks a free port.
    public var port: UInt16
    /// Seeds the fault dice and the live activity.
    public var seed: UInt64
    public var faults: [FaultRule]
    public var activity: ActivitySettings
    /// A per-store request limit answered with 429 + `Retry-After` (REST platforms); nil for none.
    public var requestLimit: LeakyBucket?

    public init(
        port: UInt16 = 0, seed: UInt64 = 42, faults: [FaultRule] = [], activity: ActivitySettings = .off, requestLimit: LeakyBucket? = nil
    ) {
        self.port = port
        self.seed = seed
        self.faults = faults
        self.activity = activity
        self.requestLimit = requestLimit
    }
}

/// One simulated store on its own loopback port: the platform's API, plus `/_sim/` for control
/// and inspection, fault injection, live activity and a log of every request served.
///
/// The HTTP server is FlyingFox with the `.poll()` socket pool: on Linux its default pool stalls
/// when several connections are open at once (8 parallel requests took 6 s, against 7 ms).
public final class SimulatorServer: Sendable {
    public let shop: SimulatedShop
    let api: any PlatformAPI
    let control: Mutex<ControlState>
    private let server: LoopbackHTTPServer
    private let stateObservers = Mutex<[@Sendable (StateNotice) -> Void]>([])

    /// Why an observer of the store's state is called.
    public enum StateNotice: Sendable {
        /// Something may have changed: a write through the API, the live activity, `/_sim/orders`
        /// or `/_sim/edits`.
        case changed
        /// `/_sim/reset` put the store back to its seed: a new starting point, not news.
        case reset
    }

    public init(shop: SimulatedShop, api: any PlatformAPI, options: ServerOptions = ServerOptions()) throws {
        self.shop = shop
        self.api = api
        self.control = Mutex(ControlState(options: options))
        let router = Router()
        self.server = try LoopbackHTTPServer(port: options.port, timeout: 120, handler: router)
        router.server.withLock { $0 = Weak(self) }
    }

    /// Starts listening and returns once the port is open.
    ///
    /// Starts are serialised within the process: FlyingFox sets `SO_REUSEADDR` before binding, and
    /// on Linux two sockets bound to port 0 at the same moment with that option can be given the
    /// same port, so two stores started by parallel tests could answer each other's requests.
    /// One start at a time (each waits until the previous server listens) rules that out.
    @discardableResult
    public func start() async throws -> String {
        try await server.start()
        return baseURL
    }

    /// Stops serving and returns once the server's socket pool has let go of the socket (see
    /// ``LoopbackHTTPServer/stop()`` for why the order matters).
    public func stop() async { await server.stop() }

    public var port: UInt16 { server.port }

    /// `http://127.0.0.1:PORT`
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// The banner lines for this store: platform, URL, credentials.
    public var banner: [String] { api.banner(baseURL: baseURL, shop: shop) }

    // MARK: Inspection from inside the process (the same data as /_sim/)

    public var log: [RequestLogEntry] { control.withLock { $0.log } }
    public var counters: RequestCounters { control.withLock { $0.counters } }
    public var activityEvents: [ActivityEvent] { control.withLock { $0.events } }

    public func setFaults(_ rules: [FaultRule]) {
        control.withLock { $0.setFaults(rules) }
    }

    public func setActivity(_ settings: ActivitySettings) {
        control.withLock { $0.activitySettings = settings }
    }

    public func clearLog() {
        control.withLock { $0.clearLog() }
    }

    /// Calls `observer` (on the request's task; keep it quick) whenever the store's state may
    /// have changed by anything but a read: what a webhook publisher watches.
    public func observeStateChanges(_ observer: @escaping @Sendable (StateNotice) -> Void) {
        stateObservers.withLock { $0.append(observer) }
    }

    func notifyStateChange(_ notice: StateNotice) {
        for observer in stateObservers.withLock({ $0 }) { observer(notice) }
    }

    /// Records a webhook delivery attempt for `GET /_sim/webhooks`.
    public func recordWebhookAttempt(_ attempt: WebhookAttempt) {
        control.withLock { state in
            var attempt = attempt
            attempt.sequence = state.webhookAttempts.count + 1
            state.webhookAttempts.append(attempt)
        }
    }

    /// Every webhook delivery attempt so far, oldest first.
    public var webhookAttempts: [WebhookAttempt] { control.withLock { $0.webhookAttempts } }

    /// Suspends until the server has answered a request matching `predicate` (one already in the
    /// log counts), and returns its log entry: how a test acts "between two pages" of a client's
    /// read without sleeping.
    @discardableResult
    public func waitForRequest(matching predicate: @escaping @Sendable (RequestLogEntry) -> Bool) async -> RequestLogEntry {
        await withCheckedContinuation { continuation in
            let earlier = control.withLock { state -> RequestLogEntry? in
                if let entry = state.log.first(where: predicate) { return entry }
                state.arrivalWaiters.append((predicate, continuation))
                return nil
            }
            if let earlier { continuation.resume(returning: earlier) }
        }
    }

    // MARK: Serving

    func handle(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        let body = try await request.bodyData
        let target =
            request.path + (request.query.isEmpty ? "" : "?" + request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        var headers: [String: String] = [:]
        for (name, value) in request.headers {
            headers[name.rawValue.lowercased(), default: ""] += headers[name.rawValue.lowercased()] == nil ? value : ", " + value
        }
        var simRequest = SimRequest(
            method: request.method.rawValue, path: request.path,
            query: request.query.map { .init(name: $0.name, value: $0.value) },
            headers: headers, body: Array(body), url: baseURL + target
        )
        if simRequest.method == "GET", simRequest.path.hasPrefix(SimImageRoute.prefix) {
            return Self.encode(SimImageRoute.respond(path: simRequest.path))
        }
        if simRequest.path.hasPrefix("/_sim/") || simRequest.path == "/_sim" {
            guard Self.isLoopback(request.remoteAddress) else {
                return Self.encode(.json(["error": "/_sim/ answers on loopback only"], status: 403))
            }
            return Self.encode(await respondToControl(simRequest))
        }

        let parsedBody = try? simRequest.jsonBody()
        let document = parsedBody?["query"]?.stringValue
        let now = shop.now
        let decision = control.withLock { state in
            state.beforeRequest(method: simRequest.method, path: simRequest.path, document: document, shop: shop, now: now)
        }

        var response: SimResponse
        var fault = decision.fault
        switch fault?.kind {
        case .rateLimit(let seconds)?:
            response = .json(["errors": "Too Many Requests (simulated)"], status: 429, headers: [("Retry-After", String(seconds))])
        case .status(let status)?:
            response = .json(["errors": .string("Simulated server error \(status)")], status: status)
        default:
            if case .slow(let milliseconds)? = fault?.kind {
                try? await Task.sleep(for: .milliseconds(milliseconds))
            }
            if case .duplicateItems(let count)? = fault?.kind { simRequest.pagingFault = .duplicate(count) }
            if case .shiftItems(let count)? = fault?.kind { simRequest.pagingFault = .shift(count) }
            if let retryAfter = decision.rateLimitedFor {
                response = .json(["errors": "Too Many Requests"], status: 429, headers: [("Retry-After", String(retryAfter))])
                fault = nil
            } else {
                response = await api.respond(to: simRequest, shop: shop)
            }
        }

        if !response.headers.contains(where: { $0.name.lowercased() == "date" }) {
            response.headers.append(("Date", IMFDate.format(now)))
        }
        var dropAt: Int?
        switch fault?.kind {
        case .truncateBody?:
            response.body = Array(response.body.prefix(max(1, response.body.count / 2)))
        case .malformedJSON?:
            response.body = Array("{\"data\": {\"products\": [ {\"id\": 1,, }".utf8)
        case .dropMidBody?:
            dropAt = max(1, response.body.count / 2)
        default:
            break
        }

        var entry = RequestLogEntry(
            sequence: 0, time: now, method: simRequest.method, path: simRequest.path, params: simRequest.query,
            status: response.status, query: document,
            variables: document == nil ? nil : (parsedBody?["variables"] ?? .null),
            body: simRequest.isWrite
                ? (parsedBody ?? (simRequest.body.isEmpty ? .null : .string(String(decoding: simRequest.body, as: UTF8.self)))) : .null,
            fault: fault.map { $0.json.serialized }
        )
        // A GraphQL call writes only when it is a mutation, whatever its HTTP method, and not when
        // the mutation only starts or cancels a bulk read, which changes nothing in the store.
        let isWrite =
            document.map { document in
                document.trimmingCharacters(in: .whitespacesAndNewlines).hasPrefix("mutation")
                    && !document.contains("bulkOperationRunQuery") && !document.contains("bulkOperationCancel")
            } ?? simRequest.isWrite
        entry.isWrite = isWrite
        entry.userAgent = simRequest.header("user-agent")
        for (waiter, logged) in control.withLock({ $0.record(entry, isWrite: isWrite) }) { waiter.resume(returning: logged) }
        if isWrite || decision.activityChangedState { notifyStateChange(.changed) }
        return Self.encode(response, dropAt: dropAt)
    }

    static func encode(_ response: SimResponse, dropAt: Int? = nil) -> FlyingFox.HTTPResponse {
        var headers = HTTPHeaders()
        for (name, value) in response.headers { headers.addValue(value, for: HTTPHeader(name)) }
        let status = HTTPStatusCode(response.status, phrase: Self.phrase(response.status))
        if let dropAt {
            let body = HTTPBodySequence(from: DroppingBody(bytes: response.body, cutAt: dropAt), count: response.body.count)
            headers[.connection] = "close"
            return HTTPResponse(statusCode: status, headers: headers, body: body)
        }
        // Sent from the response's own bytes, not a `Data` copy of them: a bulk operation's result
        // file for a big store is hundreds of megabytes.
        let body = HTTPBodySequence(from: ByteArrayBody(bytes: response.body), count: response.body.count)
        return HTTPResponse(statusCode: status, headers: headers, body: body)
    }

    static func phrase(_ status: Int) -> String {
        switch status {
        case 200: "OK"
        case 201: "Created"
        case 204: "No Content"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 413: "Payload Too Large"
        case 422: "Unprocessable Entity"
        case 429: "Too Many Requests"
        case 500: "Internal Server Error"
        case 502: "Bad Gateway"
        case 503: "Service Unavailable"
        case 504: "Gateway Timeout"
        default: "Status \(status)"
        }
    }

    static func isLoopback(_ address: FlyingFox.HTTPRequest.Address?) -> Bool {
        switch address {
        case .ip4(let ip, _)?: ip.hasPrefix("127.")
        case .ip6(let ip, _)?: ip == "::1" || ip.hasPrefix("::ffff:127.")
        case .unix?: true
        default: false
        }
    }
}

/// Routes every request to the server; held weakly so the server can be released.
private final class Router: FlyingFox.HTTPHandler {
    let server = Mutex<Weak>(Weak(nil))

    func handleRequest(_ request: FlyingFox.HTTPRequest) async throws -> FlyingFox.HTTPResponse {
        guard let server = server.withLock({ $0.value }) else {
            return HTTPResponse(statusCode: .serviceUnavailable)
        }
        return try await server.handle(request)
    }
}

private struct Weak: @unchecked Sendable {
    weak var value: SimulatorServer?
    init(_ value: SimulatorServer?) { self.value = value }
}

/// A body sent from a byte array in the chunks the server asks for.
private struct ByteArrayBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]

    func makeAsyncIterator() -> Iterator { Iterator(bytes: bytes) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        let bytes: [UInt8]
        var offset = 0

        mutating func next() async throws -> UInt8? {
            guard offset < bytes.count else { return nil }
            defer { offset += 1 }
            return bytes[offset]
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard offset < bytes.count else { return nil }
            let end = Swift.min(bytes.count, offset + Swift.max(1, count))
            defer { offset = end }
            return Array(bytes[offset..<end])
        }
    }
}

/// A body that sends its first `cutAt` bytes and then fails, so the server closes the connection
/// while the client still waits for the rest of `Content-Length`.
private struct DroppingBody: AsyncBufferedSequence, Sendable {
    typealias Element = UInt8
    let bytes: [UInt8]
    let cutAt: Int

    struct Dropped: Error {}

    func makeAsyncIterator() -> Iterator { Iterator(head: Array(bytes.prefix(cutAt))) }

    struct Iterator: AsyncBufferedIteratorProtocol {
        var head: [UInt8]
        var sent = false

        mutating func next() async throws -> UInt8? {
            guard !head.isEmpty else { throw Dropped() }
            return head.removeFirst()
        }

        mutating func nextBuffer(suggested count: Int) async throws -> [UInt8]? {
            guard !sent else { throw Dropped() }
            sent = true
            return head
        }
    }
}
